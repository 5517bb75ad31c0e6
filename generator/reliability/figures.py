"""Figures: what the facts add up to over a period. Plain data; formats and the page only print it."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from ..read.config import Config, Severity
from ..core.model import ActionItem, Incident, InternalFacts
from ..model.state import as_of, downtime_between, impact_windows
from ..validate.notice_deadline import NoticeDeadline, notice_deadline
from .facts import FROM_KNOWN, LIVE, MEASURES, TARGET_OF, IncidentFacts, Live, Period, incident_facts


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def percentile(values: list[float], share: float = 0.9) -> float | None:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


@dataclass(frozen=True)
class Measure:
    measured: int  # incidents the files give this time for
    mean: float | None  # seconds
    p90: float | None
    target: float | None  # seconds; None: the severity sets none (overall: each severity its own)
    within: int | None  # how many of the judged met their target
    judged: int | None = None  # how many of the measured had a target to be judged against
    from_declaration: int = 0  # of the measured, how many count from the declaration (no `detected`)

    @classmethod
    def of(cls, values: list[float], target: float | None, from_declaration: int = 0) -> Measure:
        return cls.judging([(v, target) for v in values], target, from_declaration)

    @classmethod
    def judging(cls, judged: list[tuple[float, float | None]], target: float | None = None,
                from_declaration: int = 0) -> Measure:
        """Each value against its own target (one severity's, or across severities each its own)."""
        values = [v for v, _ in judged]
        with_target = [(v, t) for v, t in judged if t is not None]
        within = sum(1 for v, t in with_target if v <= t) if with_target else None
        if not with_target and target is not None:
            within = 0  # a target, nothing measured: 0 of 0
        return cls(len(values), mean(values), percentile(values), target, within,
                   len(with_target) if with_target or target is not None else None, from_declaration)


@dataclass(frozen=True)
class SeverityFigures:
    severity: Severity | None  # None: every severity together (the overall row)
    incidents: int
    measures: dict[str, Measure]

    @property
    def label(self) -> str:
        return "All" if self.severity is None else self.severity.id


@dataclass(frozen=True)
class Miss:
    incident: Incident
    severity: str
    what: str  # detect, acknowledge, first_update, cadence, resolve, report_late, report_missing, security_notice
    actual: float | None  # seconds (None for a missing report)
    target: float


MISS_LABELS = {"detect": "detection late", "acknowledge": "acknowledgement late", "first_update": "first update late",
               LIVE: "first update live late",
               "cadence": "cadence broken", "resolve": "resolution over target", "report_late": "report late",
               "report_missing": "report missing", "security_notice": "security notice late"}


@dataclass(frozen=True)
class TierResult:
    tier: str
    target: float  # percent
    met: bool | None  # None: the month was not measured (before the component's measured_since)


@dataclass(frozen=True)
class MonthUptime:
    component: str
    name: str
    month: str  # YYYY-MM
    measured: float  # seconds
    downtime: float  # weighted seconds
    tiers: tuple[TierResult, ...]
    since: date | None = None  # measured only from this day of the month on (the component's measured_since)

    @property
    def ratio(self) -> float | None:
        """None when nothing of the month was measured: no data, never 100 %."""
        return None if self.measured <= 0 else 1 - self.downtime / self.measured

    @property
    def percent(self) -> float | None:
        return None if self.ratio is None else self.ratio * 100


@dataclass(frozen=True)
class FirstUpdate:
    """One incident's first public update: written, and (with a record) when it went live."""

    incident: Incident
    severity: str
    known_at: datetime  # `detected`, else the declaration
    declared: bool  # True: no `detected`; known_at is the declaration
    written_at: datetime
    written_after: float  # seconds from known_at
    live: Live | None  # None: no record, or the record has no publication of it
    live_after: float | None  # seconds from known_at to going live
    target: float | None  # the severity's response_time, seconds


@dataclass(frozen=True)
class OpenItem:
    incident: Incident
    item: ActionItem
    days_overdue: int  # 0 when not overdue


@dataclass
class Report:
    period: Period
    now: datetime
    severities: list[SeverityFigures] = field(default_factory=list)
    overall: SeverityFigures | None = None  # every severity together (MTTD, MTTA, MTTR over all incidents)
    first_updates: list[FirstUpdate] = field(default_factory=list)  # per incident: written vs went live
    went_live_known: bool = False  # a communications record was read: "went live" times are known
    misses: list[Miss] = field(default_factory=list)
    uptime: list[MonthUptime] = field(default_factory=list)
    open_items: list[OpenItem] = field(default_factory=list)
    # Each security incident's notice against security_notice_within (validate.notice_deadline).
    security_notices: list[tuple[Incident, str, NoticeDeadline]] = field(default_factory=list)

    @property
    def breaches(self) -> list[tuple[MonthUptime, TierResult]]:
        return [(month, tier) for month in self.uptime for tier in month.tiers if tier.met is False]

    @property
    def overdue_items(self) -> list[OpenItem]:
        return [o for o in self.open_items if o.days_overdue > 0]


def _target(severity: Severity, name: str) -> float | None:
    value = getattr(severity, name)
    return None if value is None else value.total_seconds()


def _misses(facts: IncidentFacts) -> list[Miss]:
    out = []
    severity, incident = facts.severity, facts.incident

    def check(what: str, actual: float | None, target: float | None):
        if actual is not None and target is not None and actual > target:
            out.append(Miss(incident, severity.id, what, actual, target))

    for measure in MEASURES:
        if measure != "resolve":
            check(measure, facts.times[measure], _target(severity, TARGET_OF[measure]))
    check(LIVE, facts.times.get(LIVE), _target(severity, TARGET_OF[LIVE]))
    check("cadence", facts.longest_gap, _target(severity, "update_every"))
    check("resolve", facts.times["resolve"], _target(severity, "resolve_within"))
    check("report_late", facts.report_delay, _target(severity, "postmortem_within"))
    if facts.report_missing:
        out.append(Miss(incident, severity.id, "report_missing", None, _target(severity, "postmortem_within")))
    return out


def month_uptime(config: Config, incidents: list[Incident], period: Period, now: datetime) -> list[MonthUptime]:
    """Per component and month of the period, uptime as the status page measures it, against each tier."""
    windows = impact_windows(config, incidents, now)
    begun = records_begin(config, incidents, now)
    out = []
    for component in config.components:
        since = config.measured_from(component.id) or begun
        for month, start, end in period.months():
            end = min(end, now)
            if end <= start:
                continue  # not begun yet
            down, measured = downtime_between(config, windows[component.id], start, end, since)
            ratio = 1 - down / measured if measured > 0 else None
            tiers = tuple(TierResult(t.name, t.uptime, None if ratio is None else ratio * 100 >= t.uptime - 1e-9)
                          for t in config.sla_tiers if component.id in t.components)
            partly = since is not None and start < since < end
            out.append(MonthUptime(component.id, component.name, month, measured, down, tiers,
                                   since.astimezone(config.zone).date() if partly else None))
    return out


def records_begin(config: Config, incidents: list[Incident], now: datetime) -> datetime:
    """Where a component without measured_since is measured from: the first day of the site's records.

    Before the earliest incident or maintenance nothing was recorded, so a month there is "no data",
    never "100 % Met"; with no records at all every month is. measured_since says otherwise.
    """
    known = as_of(incidents, now)
    if not known:
        return now
    first = min(i.impact_start for i in known).astimezone(config.zone).date()
    return config.day_start(first)


def build_report(config: Config, incidents: list[Incident], internal: dict[str, InternalFacts], period: Period,
                 now: datetime, went_live: dict[str, Live] | None = None,
                 drafts: tuple[tuple[Incident, InternalFacts | None], ...] = ()) -> Report:
    """The figures for `period`, from the incidents as known at `now` and the team's facts.

    `went_live`: from the communications record, when each incident's first update went live (None: no
    record was read; then the report has no "went live" figures at all, rather than empty ones).
    `drafts`: unpublished incidents with their team facts: a draft security incident's notice is owed
    (security_notices, not yet sent) though the draft counts nowhere else.
    """
    known = as_of(incidents, now)
    report = Report(period, now, went_live_known=went_live is not None)
    chosen = sorted((i for i in known if not i.is_maintenance and i.severity in config.severity_map
                     and period.covers(i.started_at)), key=lambda i: (i.started_at, i.id))
    lives = went_live or {}
    facts = [incident_facts(i, internal.get(i.id), config.severity_map[i.severity], now, lives.get(i.id))
             for i in chosen]
    measures_shown = MEASURES + ((LIVE,) if went_live is not None else ())

    def declared(mine: list[IncidentFacts], m: str) -> int:
        return sum(1 for f in mine if f.declared and f.times[m] is not None) if m in (*FROM_KNOWN, LIVE) else 0

    for severity in config.severities:
        mine = [f for f in facts if f.severity.id == severity.id]
        measures = {m: Measure.of([f.times[m] for f in mine if f.times[m] is not None],
                                  _target(severity, TARGET_OF[m]), declared(mine, m)) for m in measures_shown}
        report.severities.append(SeverityFigures(severity, len(mine), measures))
    report.overall = SeverityFigures(None, len(facts), {
        m: Measure.judging([(f.times[m], _target(f.severity, TARGET_OF[m])) for f in facts
                            if f.times[m] is not None], None, declared(facts, m)) for m in measures_shown})
    for f in facts:
        first = f.incident.updates[0]
        report.first_updates.append(FirstUpdate(
            f.incident, f.severity.id, f.known_at, f.declared, first.at, f.times["first_update"], f.live,
            f.times[LIVE], _target(f.severity, TARGET_OF["first_update"])))
    for f in facts:
        report.misses += _misses(f)
        notice = notice_deadline(config, f.incident, internal.get(f.incident.id), published=True)
        if notice is not None:
            report.security_notices.append((f.incident, f.severity.id, notice))
            if not notice.met:
                report.misses.append(Miss(f.incident, f.severity.id, "security_notice", notice.took.total_seconds(),
                                          notice.within.total_seconds()))
    published = {i.id for i in incidents}
    for item, team in drafts:  # a draft whose id is also published is an old copy
        notice = notice_deadline(config, item, team, published=False)
        if (notice is not None and item.id not in published and item.severity in config.severity_map
                and period.covers(item.started_at) and (team is None or team.withdrawn_at is None)):
            report.security_notices.append((item, item.severity, notice))
    report.uptime = month_uptime(config, known, period, now)

    today = now.astimezone(config.zone).date()
    for incident in sorted(known, key=lambda i: (i.started_at, i.id)):
        for item in internal.get(incident.id, InternalFacts(incident.id, incident.source)).action_items:
            if not item.status.finished:
                report.open_items.append(OpenItem(incident, item, max(0, (today - item.due).days)))
    report.open_items.sort(key=lambda o: (o.item.due, o.incident.id, o.item.line or 0))
    return report


def incidents_per_month(config: Config, incidents: list[Incident], period: Period,
                        now: datetime) -> list[tuple[str, dict[str, int]]]:
    """How many incidents began in each month of the period, per severity (public: no internal facts)."""
    months = period.months()
    counts = {month: {s.id: 0 for s in config.severities} for month, _, _ in months}
    for incident in as_of(incidents, now):
        if incident.is_maintenance or incident.severity not in config.severity_map:
            continue
        for month, start, end in months:
            if start <= incident.started_at < end:
                counts[month][incident.severity] += 1
    return [(month, counts[month]) for month, _, _ in months]


