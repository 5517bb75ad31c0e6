"""`statusgen report` on a sample quarter whose every figure is worked out by hand, in all four formats."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.reliability.figures import percentile

from sample import write_project

NOW = "2026-04-10T12:00:00Z"
OPTIONS = """\
sla_tiers:
  - name: Gold
    uptime: 99.9
    components: [api]
  - name: Basic
    uptime: 99
"""


def incident(severity, component, impact, started, updates, facts="", report=""):
    lines = ["---", f"title: Incident on {component}", f"severity: {severity}", "components:",
             f"  {component}: {impact}", f"started: {started}", "updates:"]
    for at, status in updates:
        lines += [f"  - at: {at}", f"    status: {status}", "    message: An update."]
    return "\n".join(lines) + "\n" + facts + "---\n" + report


REPORT = "## Summary\n\nWhat happened.\n"
FILES = {
    # P1 on the API, January: 60 min of major outage; a 40-minute gap; resolved over 45 min.
    "2026-01-10-a1": incident("P1", "api", "major_outage", "2026-01-10T10:00:00Z",
                              [("2026-01-10T10:10:00Z", "investigating"), ("2026-01-10T10:20:00Z", "identified"),
                               ("2026-01-10T11:00:00Z", "resolved")],
                              "detected: 2026-01-10T10:02:00Z\nacknowledged: 2026-01-10T10:06:00Z\n"
                              "report_published: 2026-01-11T10:00:00Z\naction_items:\n"
                              "  - {action: Tune the alert, owner: Sam, due: 2026-01-20, status: done}\n"
                              "  - {action: Add a failover test, owner: SRE team, due: 2026-04-01}\n", REPORT),
    # P1 on the website, February: detected late, first update late, report 72.5 h after resolution.
    "2026-02-03-b1": incident("P1", "web", "partial_outage", "2026-02-03T08:00:00Z",
                              [("2026-02-03T08:20:00Z", "investigating"), ("2026-02-03T08:30:00Z", "resolved")],
                              "detected: 2026-02-03T08:05:00Z\nacknowledged: 2026-02-03T08:08:00Z\n"
                              "report_published: 2026-02-06T09:00:00Z\naction_items:\n"
                              "  - {action: Page on error budget, owner: Ana, due: 2026-04-30, status: in_progress}\n",
                              REPORT),
    # P1 on the API, March: on every target, but no report 36 days on.
    "2026-03-05-c1": incident("P1", "api", "degraded_performance", "2026-03-05T12:00:00Z",
                              [("2026-03-05T12:05:00Z", "investigating"), ("2026-03-05T12:15:00Z", "identified"),
                               ("2026-03-05T12:25:00Z", "monitoring"), ("2026-03-05T12:35:00Z", "resolved")],
                              "detected: 2026-03-05T12:01:00Z\nacknowledged: 2026-03-05T12:03:00Z\n"),
    # P2 on webhooks, March: within every target, without detection times.
    "2026-03-20-d2": incident("P2", "webhooks", "partial_outage", "2026-03-20T09:00:00Z",
                              [("2026-03-20T09:10:00Z", "investigating"), ("2026-03-20T09:35:00Z", "identified"),
                               ("2026-03-20T10:00:00Z", "resolved")],
                              "report_published: 2026-03-21T09:00:00Z\n", REPORT),
    # Outside the period on both sides: not among its incidents.
    "2025-12-31-before": incident("P1", "api", "major_outage", "2025-12-31T23:00:00Z",
                                  [("2026-01-01T01:00:00Z", "resolved")]),
    "2026-04-02-after": incident("P3", "web", "major_outage", "2026-04-02T10:00:00Z",
                                 [("2026-04-02T10:30:00Z", "resolved")]),
    # Maintenance counts neither as an incident nor (weight 0) against uptime.
    "2026-03-10-maint": "---\ntype: maintenance\ntitle: Upgrade\ncomponents:\n  api: under_maintenance\n"
                        "window:\n  start: 2026-03-10T02:00:00Z\n  end: 2026-03-10T04:00:00Z\nupdates:\n"
                        "  - at: 2026-03-01T10:00:00Z\n    status: scheduled\n    message: Planned.\n---\n",
}
MIN = 60


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("report"), FILES, options=OPTIONS)


def run(project, *args):
    result = CliRunner().invoke(main, ["report", "-f", str(project.mkdocs), "--now", NOW, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_percentile_is_the_nearest_rank():
    assert percentile([3, 1, 2]) == 3 and percentile(list(range(1, 11))) == 9 and percentile([5]) == 5
    assert percentile(list(range(1, 21))) == 18 and percentile([]) is None


def test_json_figures(project):
    data = json.loads(run(project, "--format", "json"))  # the last full quarter before 10 April: Q1
    assert data["period"] == {"from": "2026-01-01", "to": "2026-03-31", "label": "Q1 2026", "time_zone": "UTC",
                              "start": "2026-01-01T00:00:00Z", "end": "2026-04-01T00:00:00Z"}
    severities = {s["id"]: s for s in data["severities"]}
    assert [s["id"] for s in data["severities"]] == ["P1", "P2", "P3", "P4"]
    assert {k: s["incidents"] for k, s in severities.items()} == {"P1": 3, "P2": 1, "P3": 0, "P4": 0}
    p1 = severities["P1"]["measures"]
    # detect 2, 5, 1 min (from started); acknowledge 4, 3, 2 and first update 8, 15, 4 (from detected);
    # resolve 60, 30, 35 (from started).
    assert p1["detect"] == {"measured": 3, "mean_seconds": 160, "p90_seconds": 5 * MIN, "target_seconds": 3 * MIN,
                            "within_target": 2, "judged": 3, "from_declaration": 0}
    assert p1["acknowledge"] == {"measured": 3, "mean_seconds": 180, "p90_seconds": 4 * MIN,
                                 "target_seconds": 5 * MIN, "within_target": 3, "judged": 3, "from_declaration": 0}
    # b1's first update came 20 min after impact began but 15 min after detection: within P1's 15 minutes.
    assert p1["first_update"] == {"measured": 3, "mean_seconds": 540, "p90_seconds": 15 * MIN,
                                  "target_seconds": 15 * MIN, "within_target": 3, "judged": 3, "from_declaration": 0}
    assert p1["resolve"] == {"measured": 3, "mean_seconds": 2500, "p90_seconds": 60 * MIN,
                             "target_seconds": 45 * MIN, "within_target": 2, "judged": 3, "from_declaration": 0}
    p2 = severities["P2"]["measures"]
    assert p2["detect"] == {"measured": 0, "mean_seconds": None, "p90_seconds": None, "target_seconds": None,
                            "within_target": None, "judged": None, "from_declaration": 0}
    # d2 has no `detected`: its clock starts at the declaration, which is its first update.
    assert (p2["first_update"]["mean_seconds"], p2["first_update"]["from_declaration"], p2["resolve"]["mean_seconds"],
            p2["resolve"]["within_target"]) == (0, 1, 60 * MIN, 1)
    # Every severity together (MTTD, MTTA, MTTR), each incident judged against its own severity's target.
    overall = data["overall"]
    assert overall["incidents"] == 4
    assert overall["measures"]["detect"] == {"measured": 3, "mean_seconds": 160, "p90_seconds": 5 * MIN,
                                             "target_seconds": None, "within_target": 2, "judged": 3,
                                             "from_declaration": 0}
    assert overall["measures"]["acknowledge"]["mean_seconds"] == 180
    assert overall["measures"]["first_update"] == {"measured": 4, "mean_seconds": (8 + 15 + 4 + 0) * MIN // 4,
                                                   "p90_seconds": 15 * MIN, "target_seconds": None,
                                                   "within_target": 4, "judged": 4, "from_declaration": 1}
    assert overall["measures"]["resolve"] == {"measured": 4, "mean_seconds": (60 + 30 + 35 + 60) * MIN // 4,
                                              "p90_seconds": 60 * MIN, "target_seconds": None, "within_target": 3,
                                              "judged": 4, "from_declaration": 0}
    assert [(f["incident"], f["known_from"], f["known_at"], f["written_seconds"], f["live_at"])
            for f in data["first_updates"]] == [
        ("2026-01-10-a1", "detected", "2026-01-10T10:02:00Z", 8 * MIN, None),
        ("2026-02-03-b1", "detected", "2026-02-03T08:05:00Z", 15 * MIN, None),
        ("2026-03-05-c1", "detected", "2026-03-05T12:01:00Z", 4 * MIN, None),
        ("2026-03-20-d2", "declared", "2026-03-20T09:10:00Z", 0, None)]
    assert data["went_live_known"] is False and "first_update_live" not in p1
    assert [(m["incident"], m["missed"], m["actual_seconds"], m["target_seconds"]) for m in data["misses"]] == [
        ("2026-01-10-a1", "cadence", 40 * MIN, 15 * MIN),
        ("2026-01-10-a1", "resolve", 60 * MIN, 45 * MIN),
        ("2026-02-03-b1", "detect", 5 * MIN, 3 * MIN),
        ("2026-02-03-b1", "report_late", 72 * 3600 + 30 * MIN, 48 * 3600),
        ("2026-03-05-c1", "report_missing", None, 48 * 3600),
    ]
    uptime = {(u["component"], u["month"]): u for u in data["uptime"]}
    assert len(uptime) == 12
    # The January P1's hour, and the first hour of the year from the incident that began in December: it
    # is not in the period's incidents, but its downtime in January is January's.
    assert uptime["api", "2026-01"]["downtime_seconds"] == 7200
    assert uptime["api", "2026-01"]["uptime_percent"] == 99.7311  # 99.731182..., truncated as the page reads it
    assert uptime["api", "2026-01"]["tiers"] == [{"tier": "Gold", "target_percent": 99.9, "met": False},
                                                 {"tier": "Basic", "target_percent": 99.0, "met": True}]
    assert uptime["web", "2026-02"]["downtime_seconds"] == 0.3 * 30 * MIN
    assert uptime["web", "2026-02"]["uptime_percent"] == 99.9776  # 99.977678..., truncated
    assert uptime["web", "2026-02"]["tiers"] == [{"tier": "Basic", "target_percent": 99.0, "met": True}]
    assert uptime["webhooks", "2026-03"]["downtime_seconds"] == 1080
    assert uptime["api", "2026-03"]["uptime_percent"] == 100  # degraded and maintenance weigh nothing
    assert [(b["component"], b["month"], b["tier"]) for b in data["breaches"]] == [("api", "2026-01", "Gold")]
    assert data["action_items"] == [
        {"incident": "2026-01-10-a1", "action": "Add a failover test", "owner": "SRE team", "due": "2026-04-01",
         "status": "open", "days_overdue": 9},
        {"incident": "2026-02-03-b1", "action": "Page on error budget", "owner": "Ana", "due": "2026-04-30",
         "status": "in_progress", "days_overdue": 0}]


def test_csv_carries_the_same_figures(project):
    rows = list(csv.DictReader(io.StringIO(run(project, "--format", "csv"))))
    response = {(r["severity"], r["measure"]): r for r in rows if r["section"] == "response"}
    assert len(response) == 16
    overall = {r["measure"]: r for r in rows if r["section"] == "response_overall"}
    assert set(overall) == {"detect", "acknowledge", "first_update", "resolve"}
    assert (overall["resolve"]["severity"], overall["resolve"]["incidents"], overall["resolve"]["mean_seconds"],
            overall["resolve"]["within_target"], overall["resolve"]["judged"]) == ("", "4", "2775", "3", "4")
    firsts = [(r["incident"], r["known_from"], r["written_seconds"]) for r in rows if r["section"] == "first_update"]
    assert firsts == [("2026-01-10-a1", "detected", "480"), ("2026-02-03-b1", "detected", "900"),
                      ("2026-03-05-c1", "detected", "240"), ("2026-03-20-d2", "declared", "0")]
    assert {k: response["P1", "detect"][k] for k in ("incidents", "measured", "mean_seconds", "p90_seconds",
                                                     "target_seconds", "within_target")} == {
        "incidents": "3", "measured": "3", "mean_seconds": "160", "p90_seconds": "300", "target_seconds": "180",
        "within_target": "2"}
    assert response["P1", "resolve"]["mean_seconds"] == "2500" and response["P2", "detect"]["mean_seconds"] == ""
    assert [(r["incident"], r["missed"]) for r in rows if r["section"] == "miss"] == [
        ("2026-01-10-a1", "cadence"), ("2026-01-10-a1", "resolve"), ("2026-02-03-b1", "detect"),
        ("2026-02-03-b1", "report_late"), ("2026-03-05-c1", "report_missing")]
    uptime = [r for r in rows if r["section"] == "uptime"]
    assert len(uptime) == 3 * 2 + 9  # api is in both tiers, the other three components in Basic only
    assert [(r["component"], r["month"], r["tier"]) for r in uptime if r["met"] == "false"] == [
        ("api", "2026-01", "Gold")]
    assert next(r for r in uptime if r["component"] == "api" and r["month"] == "2026-01")["uptime_percent"] == "99.7311"
    items = [(r["owner"], r["due"], r["status"], r["days_overdue"]) for r in rows if r["section"] == "action_item"]
    assert items == [("SRE team", "2026-04-01", "open", "9"), ("Ana", "2026-04-30", "in_progress", "0")]


def test_text_for_a_terminal(project):
    text = run(project)
    assert text.startswith("Reliability report: Q1 2026 (2026-01-01 to 2026-03-31, UTC), as of 2026-04-10T12:00:00Z\n"
                           "4 incident(s); 5 missed target(s); 1 SLA breach(es); 2 open action item(s), 1 overdue.\n")
    lines = text.splitlines()
    row = lambda *cells: any(re.fullmatch(r"\s*" + r"\s+".join(map(re.escape, cells)) + r"\s*", line)
                             for line in lines)
    assert row("P1", "Time to detect", "3", "3", "2 min", "5 min", "3 min", "2/3")
    assert row("P1", "Time to resolve", "3", "3", "41 min", "1 h", "45 min", "2/3")
    # The overall rows: MTTD, MTTA, MTTR over every incident, each against its own severity's target.
    assert row("All", "Time to detect", "4", "3", "2 min", "5 min", "own severity's", "2/3")
    assert row("All", "Time to acknowledge", "4", "3", "3 min", "4 min", "own severity's", "3/3")
    assert row("All", "Time to resolve", "4", "4", "46 min", "1 h", "own severity's", "3/4")
    assert "1 incident(s) have no `detected`" in text
    assert row("2026-02-03-b1", "P1", "detected 2026-02-03T08:05:00Z", "2026-02-03T08:20:00Z (+15 min)", "15 min")
    assert row("2026-03-20-d2", "P2", "declared 2026-03-20T09:10:00Z", "2026-03-20T09:10:00Z (+0 min)", "30 min")
    assert "Went live" not in text  # no record was read
    assert row("2026-02-03-b1", "P1", "report late", "3 d (target 2 d)")
    assert row("2026-03-05-c1", "P1", "report missing", "no report; due within 2 d")
    assert row("Public API", "2026-01", "99.73%", "Gold", "99.9%")  # the breaches
    assert row("Public API", "2026-01", "99.73%", "Gold 99.9% BREACHED, Basic 99% met")
    assert row("2026-04-01", "SRE team", "Add a failover test", "Open", "2026-01-10-a1", "9 d")


def test_markdown(project):
    text = run(project, "--format", "markdown", "--from", "2026-02-01", "--to", "2026-02-28")
    assert text.startswith("# Reliability report: 2026-02-01 to 2026-02-28\n")
    # 20 min after impact began, 15 min after detection: the procedures' clock, so within P1's 15 minutes.
    assert "| P1 | Time to first public update | 1 | 1 | 15 min | 15 min | 15 min | 1/1 |" in text
    assert "| All | Time to first public update | 1 | 1 | 15 min | 15 min | own severity's | 1/1 |" in text
    assert "first update late" not in text
    assert "| Website | 2026-02 | 99.97% | Basic 99% met |" in text
    assert "## SLA breaches\n\nNone.\n" in text
    assert "2026-01-10-a1 | P1" not in text  # January is outside this period


def test_written_to_a_file_and_deterministic(project, tmp_path):
    out = tmp_path / "q1.json"
    result = CliRunner().invoke(main, ["report", "-f", str(project.mkdocs), "--now", NOW, "--format", "json",
                                       "-o", str(out)])
    assert result.exit_code == 0 and "wrote the Q1 2026 report" in result.output
    assert out.read_text() == run(project, "--format", "json")


def test_an_existing_file_is_never_replaced(project, tmp_path):
    out = tmp_path / "notes.csv"
    out.write_text("someone's own notes\n")
    result = CliRunner().invoke(main, ["report", "-f", str(project.mkdocs), "--now", NOW, "--format", "csv",
                                       "-o", str(out)])
    assert result.exit_code == 1 and "already exists and was not replaced" in result.output
    assert "Traceback" not in result.output
    assert out.read_text() == "someone's own notes\n"


@pytest.mark.parametrize("args,message", [
    (["--from", "2026-13-01"], 'statusgen: --from: "2026-13-01" is not a day; write it like 2026-07-01'),
    (["--from", "2026-03-01", "--to", "2026-02-01"], "--to: 2026-02-01 is before --from 2026-03-01"),
])
def test_a_wrong_period_is_a_message_not_a_traceback(project, args, message):
    result = CliRunner().invoke(main, ["report", "-f", str(project.mkdocs), "--now", NOW, *args])
    assert result.exit_code == 1 and message.removeprefix("statusgen: ") in result.output
    assert "Traceback" not in result.output


def test_broken_incident_files_stop_the_report_with_every_problem(tmp_path):
    broken = write_project(tmp_path, {"x": FILES["2026-03-05-c1"].replace("detected:", "detectd:")}, options=OPTIONS)
    result = CliRunner().invoke(main, ["report", "-f", str(broken.mkdocs), "--now", NOW])
    assert result.exit_code == 1
    assert 'incidents/x.md:20: unknown field "detectd" (did you mean "detected"?)' in result.output


def test_without_detected_acknowledgement_counts_from_the_declaration(tmp_path):
    files = {
        # Acknowledged 5 min after its first update (the declaration): 5 min.
        "2026-05-04-late-ack": incident("P2", "api", "partial_outage", "2026-05-04T09:00:00Z",
                                        [("2026-05-04T09:30:00Z", "investigating"),
                                         ("2026-05-04T10:00:00Z", "resolved")],
                                        "acknowledged: 2026-05-04T09:35:00Z\n"),
        # Acknowledged before it was declared: it was acknowledged by then, 0 (never a negative time).
        "2026-05-06-early-ack": incident("P2", "api", "partial_outage", "2026-05-06T09:00:00Z",
                                         [("2026-05-06T09:30:00Z", "investigating"),
                                          ("2026-05-06T10:00:00Z", "resolved")],
                                         "acknowledged: 2026-05-06T09:10:00Z\n"),
    }
    project = write_project(tmp_path, files, options=OPTIONS)
    result = CliRunner().invoke(main, ["report", "-f", str(project.mkdocs), "--now", "2026-07-10T12:00:00Z",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    p2 = next(s for s in json.loads(result.stdout)["severities"] if s["id"] == "P2")["measures"]
    assert (p2["acknowledge"]["measured"], p2["acknowledge"]["mean_seconds"], p2["acknowledge"]["p90_seconds"],
            p2["acknowledge"]["from_declaration"]) == (2, 150, 5 * MIN, 2)
