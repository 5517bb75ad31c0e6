"""Figures: what the facts add up to over a period. Plain data; formats and the page only print it."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from ..read.config import Config, Severity
from ..core.model import ActionItem, Incident, InternalFacts
from ..model.state import as_of, downtime_between, impact_windows
from .facts import MEASURES, TARGET_OF, IncidentFacts, Period, incident_facts


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
    target: float | None  # seconds; None: the severity sets none
    within: int | None  # how many of the measured met the target

    @classmethod
    def of(cls, values: list[float], target: float | None) -> Measure:
        within = None if target is None else sum(1 for v in values if v <= target)
        return cls(len(values), mean(values), percentile(values), target, within)


@dataclass(frozen=True)
class SeverityFigures:
    severity: Severity
    incidents: int
    measures: dict[str, Measure]


@dataclass(frozen=True)
class Miss:
    incident: Incident
    severity: str
    what: str  # detect, acknowledge, first_update, cadence, resolve, report_late, report_missing
    actual: float | None  # seconds (None for a missing report)
    target: float


MISS_LABELS = {"detect": "detection late", "acknowledge": "acknowledgement late", "first_update": "first update late",
               "cadence": "cadence broken", "resolve": "resolution over target", "report_late": "report late",
               "report_missing": "report missing"}


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
class OpenItem:
    incident: Incident
    item: ActionItem
    days_overdue: int  # 0 when not overdue


@dataclass
class Report:
    period: Period
    now: datetime
    severities: list[SeverityFigures] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    uptime: list[MonthUptime] = field(default_factory=list)
    open_items: list[OpenItem] = field(default_factory=list)

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
    check("cadence", facts.longest_gap, _target(severity, "update_every"))
    check("resolve", facts.times["resolve"], _target(severity, "resolve_within"))
    check("report_late", facts.report_delay, _target(severity, "postmortem_within"))
    if facts.report_missing:
        out.append(Miss(incident, severity.id, "report_missing", None, _target(severity, "postmortem_within")))
    return out


def month_uptime(config: Config, incidents: list[Incident], period: Period, now: datetime) -> list[MonthUptime]:
    """Per component and month of the period, uptime as the status page measures it, against each tier."""
    windows = impact_windows(config, incidents, now)
    out = []
    for component in config.components:
        since = config.measured_from(component.id)
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
                                   component.measured_since if partly else None))
    return out


def build_report(config: Config, incidents: list[Incident], internal: dict[str, InternalFacts], period: Period,
                 now: datetime) -> Report:
    """The figures for `period`, from the incidents as known at `now` and the team's facts."""
    known = as_of(incidents, now)
    report = Report(period, now)
    chosen = sorted((i for i in known if not i.is_maintenance and i.severity in config.severity_map
                     and period.covers(i.started_at)), key=lambda i: (i.started_at, i.id))
    facts = [incident_facts(i, internal.get(i.id), config.severity_map[i.severity], now) for i in chosen]
    for severity in config.severities:
        mine = [f for f in facts if f.severity.id == severity.id]
        measures = {m: Measure.of([f.times[m] for f in mine if f.times[m] is not None],
                                  _target(severity, TARGET_OF[m])) for m in MEASURES}
        report.severities.append(SeverityFigures(severity, len(mine), measures))
    for f in facts:
        report.misses += _misses(f)
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


