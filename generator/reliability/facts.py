"""Facts: the period asked about, and what one incident's files say about how it was handled."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from ..read.config import Severity
from ..core.diagnostics import Diagnostic, UserError
from ..core.model import Incident, InternalFacts

# The four response times, in the order they happen; each is measured against one target of the severity.
#   detect        MTTD: impact start (`started`) -> detection (`detected`)
#   acknowledge   MTTA: detection -> `acknowledged`; without `detected`, from the declaration (the first update)
#   first_update  detection -> the first public update as written; without `detected`, from the declaration,
#                 which is the first update itself (0): the procedures count "within 15 minutes of detection or
#                 declaration" (seeds 000 step 2, 003 "of incident declaration"), never from impact start
#   resolve       MTTR (time to resolution): impact start -> the resolving update, the incident's duration
MEASURES = ("detect", "acknowledge", "first_update", "resolve")
# The measures whose clock starts when the team knew: at `detected`, else at the declaration.
FROM_KNOWN = ("acknowledge", "first_update")
# With a communications record: the same clock as first_update, stopped when the first update went live
# (the notify run after the deploy that first published it), so review, CI and deploy are counted.
LIVE = "first_update_live"
MEASURE_LABELS = {"detect": "Time to detect", "acknowledge": "Time to acknowledge",
                  "first_update": "Time to first public update", "resolve": "Time to resolve",
                  LIVE: "Time to first update live"}
TARGET_OF = {"detect": "detect_within", "acknowledge": "acknowledge_within", "first_update": "response_time",
             "resolve": "resolve_within", LIVE: "response_time"}


@dataclass(frozen=True)
class Live:
    """When an update went live: the deploy that first published it (from the communications record)."""

    at: datetime
    commit: str = ""


@dataclass(frozen=True)
class Period:
    """Whole days from `first` to `last` (both included), in the configured time zone."""

    first: date
    last: date
    zone: tzinfo

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(0), self.zone)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(0), self.zone)

    def covers(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    @property
    def label(self) -> str:
        quarter = (self.first.month - 1) // 3
        if (self.first.day == 1 and self.first.month == quarter * 3 + 1 and self.last.year == self.first.year
                and self.last == _month_end(self.first.year, quarter * 3 + 3)):
            return f"Q{quarter + 1} {self.first.year}"
        return f"{self.first.isoformat()} to {self.last.isoformat()}"

    def months(self) -> list[tuple[str, datetime, datetime]]:
        """Each calendar month the period touches, as ("YYYY-MM", start, end) clipped to the period."""
        out = []
        year, month = self.first.year, self.first.month
        while date(year, month, 1) <= self.last:
            start = max(self.start, datetime.combine(date(year, month, 1), time(0), self.zone))
            nxt = (year + month // 12, month % 12 + 1)
            end = min(self.end, datetime.combine(date(*nxt, 1), time(0), self.zone))
            out.append((f"{year:04d}-{month:02d}", start, end))
            year, month = nxt
        return out


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def default_period(now: datetime, zone: tzinfo) -> Period:
    """The last full calendar quarter before `now` (in `zone`)."""
    today = now.astimezone(zone).date()
    quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    last = quarter_start - timedelta(days=1)
    first = date(last.year, (last.month - 1) // 3 * 3 + 1, 1)
    return Period(first, last, zone)


def parse_period(first: str | None, last: str | None, now: datetime, zone: tzinfo) -> Period:
    """--from and --to as days (YYYY-MM-DD, both included); either missing: the last full quarter's."""
    default = default_period(now, zone)
    problems = []
    days = {}
    for option, text, fallback in (("--from", first, default.first), ("--to", last, default.last)):
        if text is None:
            days[option] = fallback
            continue
        try:
            days[option] = date.fromisoformat(text.strip())
        except ValueError:
            problems.append(Diagnostic(option, None, f'"{text}" is not a day; write it like 2026-07-01'))
    if not problems and days["--to"] < days["--from"]:
        problems.append(Diagnostic("--to", None, f"{days['--to']} is before --from {days['--from']}; the period "
                                                 "must end on or after the day it starts"))
    if problems:
        raise UserError(problems)
    return Period(days["--from"], days["--to"], zone)


@dataclass(frozen=True)
class IncidentFacts:
    """One incident's handling, measured. Times are seconds; None where the files do not say."""

    incident: Incident
    severity: Severity
    times: dict[str, float | None]  # MEASURES -> seconds
    longest_gap: float | None  # the longest wait between updates while it was open (until now if still open)
    report_delay: float | None  # resolution to the report's publication
    report_missing: bool  # closed, no report, and its deadline has passed
    known_at: datetime | None = None  # when the team knew: `detected`, else the declaration (the first update)
    declared: bool = False  # True: the file has no `detected`; known_at is the declaration
    live: Live | None = None  # when the incident's first update went live, where the record says


def known_at(incident: Incident, internal: InternalFacts | None) -> tuple[datetime, bool]:
    """When the team knew of it: `detected`, or where the file has none, the declaration (its first update).

    Returns the moment and whether it is the declaration. The first-update target and the time to
    acknowledge count from here (validation keeps `started` <= `detected` <= the first update).
    """
    detected = internal.detected_at if internal else None
    if detected is not None:
        return detected, False
    return incident.updates[0].at, True


def _seconds(delta: timedelta | None) -> float | None:
    return None if delta is None else delta.total_seconds()


def incident_facts(incident: Incident, internal: InternalFacts | None, severity: Severity,
                   now: datetime, live: Live | None = None) -> IncidentFacts:
    detected = internal.detected_at if internal else None
    acknowledged = internal.acknowledged_at if internal else None
    started = incident.started_at
    known, declared = known_at(incident, internal)
    times = {
        "detect": _seconds(detected - started) if detected else None,
        # Acknowledged before it was declared (no `detected`): it was acknowledged by then, 0.
        "acknowledge": max(0.0, _seconds(acknowledged - known)) if acknowledged else None,
        "first_update": _seconds(incident.updates[0].at - known),
        "resolve": _seconds(incident.duration),
        LIVE: _seconds(live.at - known) if live else None,
    }
    moments = [u.at for u in incident.updates] + ([] if incident.is_closed else [now])
    gaps = [(b - a).total_seconds() for a, b in zip(moments, moments[1:])]
    published = incident.report_published
    resolved = incident.resolved_at
    delay = _seconds(published - resolved) if published and resolved else None
    missing = (resolved is not None and not incident.has_report and severity.postmortem_within is not None
               and now - resolved > severity.postmortem_within)
    return IncidentFacts(incident, severity, times, max(gaps, default=None), delay, missing, known, declared, live)
