"""The report for the team, in four formats: text (a terminal), Markdown, CSV and JSON.

Every format prints the same figures (generator.reliability.figures); none computes anything.
Durations are whole seconds in CSV and JSON and rounded to the minute in text and Markdown;
uptime is truncated (never rounded up) to two decimals in text and Markdown, as on the status page,
and to four in CSV and JSON (generator.core.percent), so every format agrees to the digit.

The project's words (action items, owners, severity, tier and component names) are untrusted: anyone
who can open a pull request writes them. CSV and Markdown keep them inert (spreadsheet_text,
markdown_cell); JSON and text carry them as they are, as values.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from ..core.text import one_line
from ..core.percent import percent_figure, percent_text
from ..core.timeutil import format_duration, iso_z
from .facts import MEASURE_LABELS
from .figures import MISS_LABELS, Measure, Report, SeverityFigures

FORMATS = ("text", "markdown", "csv", "json")


def _duration(seconds: float | None) -> str:
    return "-" if seconds is None else format_duration(timedelta(seconds=round(seconds)))


def _secs(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds)


def _within(m: Measure) -> str:
    if not m.judged or not m.measured:
        return "-"
    return f"{m.within}/{m.judged}"


def _miss_detail(miss) -> str:
    if miss.what == "report_missing":
        return f"no report; due within {_duration(miss.target)}"
    return f"{_duration(miss.actual)} (target {_duration(miss.target)})"


# -- rows, shared by the formats -------------------------------------------------------------------------
def _figure_rows(figures: SeverityFigures) -> list[list[str]]:
    # The overall row has no one target: each incident is judged against its own severity's.
    return [[figures.label, MEASURE_LABELS[name], str(figures.incidents), str(m.measured), _duration(m.mean),
             _duration(m.p90), "own severity's" if figures.severity is None and m.judged else _duration(m.target),
             _within(m)] for name, m in figures.measures.items()]


def response_rows(report: Report) -> list[list[str]]:
    """Per severity, then "All": MTTD, MTTA, MTTR over every incident of the period."""
    rows = [row for figures in report.severities for row in _figure_rows(figures)]
    return rows + (_figure_rows(report.overall) if report.overall is not None else [])


def response_notes(report: Report) -> list[str]:
    """What the clocks measure from, and how many incidents had no `detected` to start them."""
    notes = ["Detect: from started to detected. Acknowledge and first public update: from detected (without it, "
             "from the declaration, the first update) to acknowledged, and to the first update as written. "
             "Resolve: from started to the resolving update."]
    if report.went_live_known:
        notes.append("First update live: from detected (or the declaration) to when the first update went live, "
                     "as the communications record has it (the run after the deploy that published it): review, "
                     "CI and deploy included.")
    declared = report.overall.measures["first_update"].from_declaration if report.overall is not None else 0
    if declared:
        notes.append(f"{declared} incident(s) have no `detected`: their clocks start at the declaration, so their "
                     "first update counts 0; record `detected` to measure them.")
    return notes


def _at(moment) -> str:
    return iso_z(moment) if moment is not None else "-"


def first_update_rows(report: Report) -> list[list[str]]:
    rows = []
    for f in report.first_updates:
        live = "not in the record" if f.live is None else f"{_at(f.live.at)} (+{_duration(f.live_after)})"
        rows.append([f.incident.id, f.severity, f"{'declared' if f.declared else 'detected'} {_at(f.known_at)}",
                     f"{_at(f.written_at)} (+{_duration(f.written_after)})",
                     *([live] if report.went_live_known else []), _duration(f.target)])
    return rows


def first_update_head(report: Report) -> list[str]:
    return ["Incident", "Severity", "Known", "Written", *(["Went live"] if report.went_live_known else []),
            "Target"]


RESPONSE_HEAD = ["Severity", "Measure", "Incidents", "Measured", "Mean", "P90", "Target", "Within target"]
MISS_HEAD = ["Incident", "Severity", "Missed", "Detail"]
UPTIME_HEAD = ["Component", "Month", "Uptime", "Tiers"]
ITEM_HEAD = ["Due", "Owner", "Action", "Status", "Incident", "Overdue"]


NOTICE_HEAD = ["Incident", "Severity", "Discovered", "Due", "First notice", "In time"]


def notice_rows(report: Report) -> list[list[str]]:
    """Each security incident's first notice against its deadline (security_notice_within)."""
    return [[item.id, severity, f"{d.counted_from} {_at(d.discovered)}", _at(d.due),
             "not sent (a draft)" if d.noticed is None else f"{_at(d.noticed)} (+{_duration(d.took.total_seconds())})",
             _in_time(d, report.now)] for item, severity, d in report.security_notices]


def _in_time(notice, now) -> str:
    if notice.noticed is not None:
        return "yes" if notice.met else "no"
    return "no (overdue)" if notice.overdue(now) else "pending"


def miss_rows(report: Report) -> list[list[str]]:
    return [[m.incident.id, m.severity, MISS_LABELS[m.what], _miss_detail(m)] for m in report.misses]


def uptime_text(u) -> str:
    """A month's uptime as read: truncated to two decimals; no data before the component's measured_since."""
    if u.percent is None:
        return "no data"
    return percent_text(u.percent) + (f" (from {u.since.isoformat()})" if u.since else "")


_VERDICT = {True: "met", False: "BREACHED", None: "not measured"}


def uptime_rows(report: Report) -> list[list[str]]:
    return [[u.name, u.month, uptime_text(u),
             ", ".join(f"{t.tier} {t.target:g}% {_VERDICT[t.met]}" for t in u.tiers) or "-"]
            for u in report.uptime]


def item_rows(report: Report) -> list[list[str]]:
    return [[o.item.due.isoformat(), o.item.owner, o.item.action, o.item.status.label, o.incident.id,
             f"{o.days_overdue} d" if o.days_overdue else "-"] for o in report.open_items]


def _summary(report: Report) -> list[str]:
    count = sum(s.incidents for s in report.severities)
    return [f"{count} incident(s); {len(report.misses)} missed target(s); {len(report.breaches)} SLA breach(es); "
            f"{len(report.open_items)} open action item(s), {len(report.overdue_items)} overdue."]


# -- text -------------------------------------------------------------------------------------------------
def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    if not rows:
        return ["  (none)"]
    # The project's words reach a terminal: an escape sequence or a line break in them stays inert.
    rows = [[one_line(cell) for cell in row] for row in rows]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    line = lambda r: "  " + "  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip()
    return [line(head), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def as_text(report: Report) -> str:
    p = report.period
    out = [f"Reliability report: {p.label} ({p.first} to {p.last}, {p.zone}), as of {iso_z(report.now)}",
           *_summary(report), "", "Response times per severity and overall",
           *_table(RESPONSE_HEAD, response_rows(report)), *("  " + note for note in response_notes(report)),
           "", "First public update per incident", *_table(first_update_head(report), first_update_rows(report)),
           "", "Missed targets", *_table(MISS_HEAD, miss_rows(report)),
           "", "Security notices (due within security_notice_within of discovery)",
           *_table(NOTICE_HEAD, notice_rows(report)),
           "", "Uptime per component and month", *_table(UPTIME_HEAD, uptime_rows(report)),
           "", "SLA breaches", *_table(["Component", "Month", "Uptime", "Tier", "Target"],
                                        [[u.name, u.month, percent_text(u.percent), t.tier, f"{t.target:g}%"]
                                         for u, t in report.breaches]),
           "", "Open action items", *_table(ITEM_HEAD, item_rows(report))]
    return "\n".join(out) + "\n"


# -- Markdown ---------------------------------------------------------------------------------------------
# Backslash escapes that CommonMark and Python-Markdown both honour: a link or image needs [ ], emphasis
# * or _, a code span `; \ itself first, and | so a cell never splits the table's columns.
_MARKDOWN_ESCAPED = str.maketrans({c: "\\" + c for c in "\\`*_[]|"})


def markdown_cell(text: str) -> str:
    """Project text as a table cell every Markdown renderer shows as written, with no element in it.

    & < > become entities (no raw HTML, no <autolink>, no entity the text did not spell out), and every
    line break is a space: a cell is one line, or the table ends there.
    """
    text = text.translate(_MARKDOWN_ESCAPED)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.splitlines())


def _md_table(head: list[str], rows: list[list[str]]) -> list[str]:
    if not rows:
        return ["None."]
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head),
            *("| " + " | ".join(markdown_cell(c) for c in r) + " |" for r in rows)]


def as_markdown(report: Report) -> str:
    p = report.period
    out = [f"# Reliability report: {p.label}", "",
           f"From {p.first} to {p.last} ({p.zone}), as of {iso_z(report.now)}. " + _summary(report)[0], "",
           "## Response times per severity and overall", "", *_md_table(RESPONSE_HEAD, response_rows(report)), "",
           *(note + "\n" for note in response_notes(report)),  # statusgen's own words: Markdown as written
           "## First public update per incident", "",
           *_md_table(first_update_head(report), first_update_rows(report)), "",
           "## Missed targets", "", *_md_table(MISS_HEAD, miss_rows(report)), "",
           "## Security notices", "", *_md_table(NOTICE_HEAD, notice_rows(report)), "",
           "## Uptime per component and month", "", *_md_table(UPTIME_HEAD, uptime_rows(report)), "",
           "## SLA breaches", "", *_md_table(["Component", "Month", "Uptime", "Tier", "Target"],
                                             [[u.name, u.month, percent_text(u.percent), t.tier, f"{t.target:g}%"]
                                              for u, t in report.breaches]), "",
           "## Open action items", "", *_md_table(ITEM_HEAD, item_rows(report))]
    return "\n".join(out) + "\n"


# -- JSON -------------------------------------------------------------------------------------------------
def as_data(report: Report) -> dict:
    p = report.period
    return {
        "period": {"from": p.first.isoformat(), "to": p.last.isoformat(), "label": p.label, "time_zone": str(p.zone),
                   "start": iso_z(p.start), "end": iso_z(p.end)},
        "as_of": iso_z(report.now),
        "severities": [{"id": s.severity.id, "name": s.severity.name, "incidents": s.incidents,
                        "measures": _measures(s)} for s in report.severities],
        # Every severity together; within_target counts each incident against its own severity's target.
        "overall": None if report.overall is None else {"incidents": report.overall.incidents,
                                                        "measures": _measures(report.overall)},
        "went_live_known": report.went_live_known,
        "first_updates": [{
            "incident": f.incident.id, "severity": f.severity, "known_from": "declared" if f.declared else "detected",
            "known_at": iso_z(f.known_at), "written_at": iso_z(f.written_at), "written_seconds": _secs(f.written_after),
            "live_at": None if f.live is None else iso_z(f.live.at), "live_seconds": _secs(f.live_after),
            "live_commit": None if f.live is None else f.live.commit, "target_seconds": _secs(f.target),
        } for f in report.first_updates],
        "misses": [{"incident": m.incident.id, "title": m.incident.title, "severity": m.severity, "missed": m.what,
                    "actual_seconds": _secs(m.actual), "target_seconds": _secs(m.target)} for m in report.misses],
        "security_notices": [{"incident": item.id, "severity": severity, "discovered_from": d.counted_from,
                              "discovered_at": iso_z(d.discovered), "due_at": iso_z(d.due),
                              "noticed_at": _at(d.noticed) if d.noticed else None, "draft": d.noticed is None,
                              "noticed_seconds": _secs(d.took.total_seconds()) if d.took is not None else None,
                              "within_seconds": _secs(d.within.total_seconds()),
                              "in_time": d.met if d.noticed is not None or d.overdue(report.now) else None}
                             for item, severity, d in report.security_notices],
        "uptime": [{"component": u.component, "month": u.month,
                    "uptime_percent": None if u.percent is None else percent_figure(u.percent),
                    "downtime_seconds": round(u.downtime, 1), "measured_seconds": round(u.measured),
                    "tiers": [{"tier": t.tier, "target_percent": t.target, "met": t.met} for t in u.tiers]}
                   for u in report.uptime],
        "breaches": [{"component": u.component, "month": u.month, "uptime_percent": percent_figure(u.percent),
                      "tier": t.tier, "target_percent": t.target} for u, t in report.breaches],
        "action_items": [{"incident": o.incident.id, "action": o.item.action, "owner": o.item.owner,
                          "due": o.item.due.isoformat(), "status": str(o.item.status),
                          "days_overdue": o.days_overdue} for o in report.open_items],
    }


def _measures(figures: SeverityFigures) -> dict:
    return {name: {"measured": m.measured, "mean_seconds": _secs(m.mean), "p90_seconds": _secs(m.p90),
                   "target_seconds": _secs(m.target), "within_target": m.within, "judged": m.judged,
                   "from_declaration": m.from_declaration}
            for name, m in figures.measures.items()}


def as_json(report: Report) -> str:
    return json.dumps(as_data(report), indent=2, ensure_ascii=False) + "\n"


# -- CSV: one table, one row per figure, its kind in the first column -----------------------------------------
CSV_COLUMNS = ["section", "severity", "measure", "incidents", "measured", "mean_seconds", "p90_seconds",
               "target_seconds", "within_target", "incident", "missed", "actual_seconds", "component", "month",
               "uptime_percent", "tier", "target_percent", "met", "action", "owner", "due", "status", "days_overdue",
               "judged", "from_declaration", "known_from", "known_at", "written_at", "written_seconds", "live_at",
               "live_seconds", "live_commit"]


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's CSV-injection list, with the
# line feed and NUL that other guides add).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def spreadsheet_text(value):
    """A CSV cell no spreadsheet evaluates: text that could start a formula gets a leading single quote.

    Only text is changed. The figures the report computes (ints and floats, all of them counts, seconds
    and percentages) stay numbers, so a spreadsheet can still add them up; text is never taken for a
    number, even one like "-5". Text that starts with spaces is judged by what follows them, since a
    spreadsheet that trims cells would see that first.
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _InertWriter(csv.DictWriter):
    def writerow(self, rowdict):
        return super().writerow({key: spreadsheet_text(value) for key, value in rowdict.items()})


def as_csv(report: Report) -> str:
    data = as_data(report)
    buffer = io.StringIO()
    # Every text cell is quoted, numbers are not: a separator inside text (a ";" where a spreadsheet
    # splits on that) cannot start a new cell whose first character would then be a formula's.
    writer = _InertWriter(buffer, CSV_COLUMNS, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    # The overall rows ("response_overall") have no severity: a severity may be called anything, even "all".
    for section, s in [*(("response", s) for s in data["severities"]),
                       *([("response_overall", data["overall"])] if data["overall"] else [])]:
        for name, m in s["measures"].items():
            writer.writerow({"section": section, "severity": s.get("id"), "measure": name,
                             "incidents": s["incidents"], "measured": m["measured"], "mean_seconds": m["mean_seconds"],
                             "p90_seconds": m["p90_seconds"], "target_seconds": m["target_seconds"],
                             "within_target": m["within_target"], "judged": m["judged"],
                             "from_declaration": m["from_declaration"]})
    for f in data["first_updates"]:
        writer.writerow({"section": "first_update", "incident": f["incident"], "severity": f["severity"],
                         "known_from": f["known_from"], "known_at": f["known_at"], "written_at": f["written_at"],
                         "written_seconds": f["written_seconds"], "live_at": f["live_at"],
                         "live_seconds": f["live_seconds"], "live_commit": f["live_commit"],
                         "target_seconds": f["target_seconds"]})
    for m in data["misses"]:
        writer.writerow({"section": "miss", "severity": m["severity"], "incident": m["incident"],
                         "missed": m["missed"], "actual_seconds": m["actual_seconds"],
                         "target_seconds": m["target_seconds"]})
    for u in data["uptime"]:
        for t in u["tiers"] or [{"tier": None, "target_percent": None, "met": None}]:
            writer.writerow({"section": "uptime", "component": u["component"], "month": u["month"],
                             "uptime_percent": u["uptime_percent"], "tier": t["tier"],
                             "target_percent": t["target_percent"],
                             "met": None if t["met"] is None else str(t["met"]).lower()})
    for item in data["action_items"]:
        writer.writerow({"section": "action_item", "incident": item["incident"], "action": item["action"],
                         "owner": item["owner"], "due": item["due"], "status": item["status"],
                         "days_overdue": item["days_overdue"]})
    return buffer.getvalue()


def render(report: Report, fmt: str) -> str:
    return {"text": as_text, "markdown": as_markdown, "csv": as_csv, "json": as_json}[fmt](report)
