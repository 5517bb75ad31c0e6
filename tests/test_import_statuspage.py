"""A Statuspage history of over a thousand incidents imports, validates without errors (and under --strict),
builds, and every imported incident lasts exactly what it lasted at Statuspage. The export is made up
deterministically in the API's own shape (tests/statuspage_export.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sample import write_project
from statuspage_export import NOW, write_export

from generator.cli import main
from generator.importers.statuspage.times import parse
from generator.read.config import load_config
from generator.validate.project import load_project

NOW_TEXT = NOW.isoformat().replace("+00:00", "Z")


def run(*args, ok=True):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    assert (result.exit_code == 0) == ok, result.output
    return result


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    root = tmp_path_factory.mktemp("history")
    records = write_export(root / "export")
    project = write_project(root / "status", {})
    result = run("import", "statuspage", "-f", project.mkdocs, root / "export", "--write-config")
    return {"root": root, "records": records, "project": project, "result": result}


def imported(project) -> dict:
    loaded = load_project(load_config(project.mkdocs), NOW)
    return {i.origin.id: i for i in loaded.incidents}, loaded


def test_every_incident_and_maintenance_is_imported(history):
    records = history["records"]
    assert len(records["incidents"]) == 1100 and len(records["maintenances"]) == 60
    by_origin, loaded = imported(history["project"])
    assert loaded.errors == []
    assert set(by_origin) == {r["id"] for r in records["incidents"] + records["maintenances"]}
    assert history["result"].stderr.count("not imported") == 0
    assert "1100 incident(s) and 60 maintenance(s) imported" in history["result"].stderr


def test_every_imported_incident_lasts_what_it_lasted_at_statuspage(history):
    by_origin, _ = imported(history["project"])
    checked = 0
    for record in history["records"]["incidents"]:
        incident = by_origin[record["id"]]
        began = parse(record.get("started_at") or record["created_at"])
        if record["resolved_at"] is None:
            assert incident.duration is None and not incident.is_closed
            continue
        assert incident.duration == parse(record["resolved_at"]) - began, record["id"]
        assert incident.started_at == began and incident.resolved_at == parse(record["resolved_at"])
        checked += 1
    assert checked == 1098
    for record in history["records"]["maintenances"]:
        item = by_origin[record["id"]]
        assert (item.window_start, item.window_end) == (parse(record["scheduled_for"]),
                                                        parse(record["scheduled_until"]))


def test_the_imported_history_validates_strictly_and_builds(history):
    project = history["project"]
    strict = run("validate", "-f", project.mkdocs, "--strict", "--now", NOW_TEXT)
    assert "1160 file(s) valid (1160 published, 0 draft(s)), 0 warning(s)" in strict.output
    # Without policy_since, the history is held to targets it was never written to.
    unbounded = project.root / "mkdocs-unbounded.yml"
    unbounded.write_text(project.mkdocs.read_text().replace("      policy_since:", "      # policy_since:"))
    assert "warning" in run("validate", "-f", unbounded, "--now", NOW_TEXT).output
    run("build", "-f", project.mkdocs, "--now", NOW_TEXT)
    site = project.root / "site"
    assert len(list((site / "incidents").iterdir())) == 1160
    status = (site / "index.html").read_text()
    active = status[status.index('id="sg-active"'):status.index("</section>", status.index('id="sg-active"'))]
    assert active.count('class="sg-card ') == 2  # the two incidents still open at Statuspage
    api = json.loads((site / "api" / "v2" / "incidents" / "unresolved.json").read_text())
    assert len(api["incidents"]) == 2


def test_notes_name_every_item_changed_with_its_statuspage_id(history):
    notes = [line for line in history["result"].stderr.splitlines() if ": warning: " in line]
    records = {r["id"]: r for r in history["records"]["incidents"]}
    deleted = [r for r in records.values() if any(c["name"] == "Legacy reports" for c in r["components"])]
    assert deleted and all(any(f"incident {r['id']} " in n and "Legacy reports" in n for n in notes) for r in deleted)
    late = [r for r in records.values() if sum(u["status"] == "resolved" for u in r["incident_updates"]) > 1]
    assert late and all(any(f"incident {r['id']} " in n for n in notes) for r in late)
    # Each note points at the line of the export where the item is.
    first = notes[0]
    path, line = first.split(":")[:2]
    text = Path(path).read_text()  # the export is outside the project: its path is shown whole
    assert first.split(": warning: ")[1].split()[1] in text.splitlines()[int(line) - 1]


def test_titles_that_repeat_get_distinct_names_and_keep_their_source(history):
    files = sorted((history["project"].incidents).rglob("*.md"))
    assert len(files) == len({f.stem for f in files}) == 1160
    by_origin, _ = imported(history["project"])
    repeated = [i for i in by_origin.values() if i.title == "Elevated error rates"]
    assert len(repeated) > 20 and len({i.id for i in repeated}) == len(repeated)


def test_imports_are_deterministic_and_a_second_run_changes_nothing(history, tmp_path):
    again = write_project(tmp_path / "again", {})
    run("import", "statuspage", "-f", again.mkdocs, history["root"] / "export", "--write-config")
    first = {p.relative_to(history["project"].incidents): p.read_bytes()
             for p in history["project"].incidents.rglob("*.md")}
    second = {p.relative_to(again.incidents): p.read_bytes() for p in again.incidents.rglob("*.md")}
    assert first == second
    assert history["project"].mkdocs.read_bytes() == again.mkdocs.read_bytes()
    rerun = run("import", "statuspage", "-f", again.mkdocs, history["root"] / "export", "--write-config")
    assert "wrote 0 new file(s), 1160 unchanged since the last import" in rerun.stderr
    assert {p.relative_to(again.incidents): p.read_bytes() for p in again.incidents.rglob("*.md")} == second


def test_display_at_dates_a_backfilled_history(history):
    by_origin, _ = imported(history["project"])
    backfilled = [r for r in history["records"]["incidents"]
                  if r["incident_updates"][-1]["display_at"] != r["incident_updates"][-1]["created_at"]]
    assert len(backfilled) > 20
    for record in backfilled:
        first = record["incident_updates"][-1]  # the API lists the newest first
        assert by_origin[record["id"]].updates[0].at == parse(first["display_at"]) != parse(first["created_at"])


def test_the_times_keep_their_milliseconds(history):
    # Every file, not the first one a folder listing happens to give (its order differs between file systems).
    lines = [line for path in sorted(history["project"].incidents.rglob("*.md"))
             for line in path.read_text().splitlines()]
    assert any(line.strip().startswith("- at: ") and "." in line and line.endswith("Z") for line in lines)
