"""What the page says at a given moment: component statuses, the overall
indicator and uptime, all derived from the incidents and the build time.

Maintenance follows its window unless the authors posted otherwise: it is
upcoming before window.start, in progress until window.end, and done after
it. A completed or cancelled update ends it early; to extend an overrunning
maintenance, move window.end.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from ..read.config import Config
from ..core.model import COMPONENT_STATUS_RANK, OPERATIONAL, Impact, Incident, Status
from ..core.percent import percent_text
from ..core.text import N_
from ..core.timeutil import CLOCK_SKEW

INDICATOR_RANK = {"none": 0, "maintenance": 1, "minor": 2, "major": 3, "critical": 4}
# Statuspage's words, which the JSON API keeps in English; the pages show them translated (render.renderer).
INDICATOR_DESCRIPTIONS = {
    "none": N_("All Systems Operational"),
    "maintenance": N_("Service Under Maintenance"),
    "minor": N_("Minor Service Outage"),
    "major": N_("Partial System Outage"),
    "critical": N_("Major Service Outage"),
}
_COMPONENT_TO_INDICATOR = {Impact.DEGRADED_PERFORMANCE: "minor", Impact.PARTIAL_OUTAGE: "major",
                           Impact.MAJOR_OUTAGE: "critical", Impact.UNDER_MAINTENANCE: "maintenance",
                           Impact.OPERATIONAL: "none"}

UPCOMING, IN_PROGRESS, VERIFYING, COMPLETED, CANCELLED = (
    Status.SCHEDULED, Status.IN_PROGRESS, Status.VERIFYING, Status.COMPLETED, Status.CANCELLED)


def maintenance_phase(item: Incident, now: datetime) -> Status:
    """scheduled, in_progress, verifying, completed or cancelled, as of `now`."""
    status = item.status
    if status in (COMPLETED, CANCELLED):
        return status
    if now < item.window_start:
        return status  # scheduled, or an early in_progress/verifying the authors posted
    if now >= item.window_end:
        return COMPLETED
    return VERIFYING if status == VERIFYING else IN_PROGRESS


def is_active(item: Incident, now: datetime) -> bool:
    """Unresolved incident, or maintenance whose window is running now."""
    if item.is_maintenance:
        return maintenance_phase(item, now) in (IN_PROGRESS, VERIFYING)
    return not item.is_closed


def current_impacts(item: Incident, now: datetime) -> dict:
    """Each component's impact as the page shows it at `now`: with every update the page shows in effect.

    An update stamped a little after the build (within CLOCK_SKEW, see as_of) is on the page, so
    what it says about the components holds on the page too: the component list, the banner and the
    incident's own "Affected" never contradict an update printed beside them."""
    return item.impacts_at(max(now, item.updated_at))


def effective_end(item: Incident) -> datetime | None:
    """When impact ended, ignoring the clock: None while it goes on (Incident.impact_end)."""
    return item.impact_end


def as_of(incidents: list[Incident], now: datetime) -> list[Incident]:
    """The incidents as readers could know them at `now`: updates posted by then, reports once published.

    Updates stamped a little ahead of the build (CLOCK_SKEW) count as posted,
    so a laptop clock running fast does not hide an update until the next build.
    """
    horizon = now + CLOCK_SKEW
    known = [item for item in (incident.as_of(horizon) for incident in incidents) if item is not None]
    known.sort(key=lambda i: (i.last_activity, i.id), reverse=True)  # newest activity first, as then
    return known


@dataclass(frozen=True)
class Day:
    date: date
    downtime: float  # weighted seconds
    worst: str  # worst impact seen that day, or operational
    incidents: tuple[str, ...]  # ids, in order of start
    measured: float  # seconds of the day inside the period (0 for the future)
    before_measuring: bool = False  # before the component's measured_since: no data, never "no incidents"

    @property
    def uptime(self) -> float | None:
        return None if self.measured <= 0 else 1 - self.downtime / self.measured


NO_DATA = "no data"


@dataclass(frozen=True)
class Uptime:
    days: tuple[Day, ...]
    downtime: float
    measured: float
    since: date | None = None  # the component's measured_since, when it falls inside the period

    @property
    def has_data(self) -> bool:
        return self.measured > 0

    @property
    def ratio(self) -> float | None:
        """The share of the measured time that was up; None when nothing was measured (never claimed 100 %)."""
        return None if self.measured <= 0 else 1 - self.downtime / self.measured

    @property
    def percent_text(self) -> str:
        return NO_DATA if self.ratio is None else percent_text(self.ratio * 100)


def _weighted_measure(intervals: list[tuple[float, float, float]], lo: float, hi: float) -> float:
    """Integral over [lo, hi) of the largest weight active at each instant."""
    events = []
    for start, end, weight in intervals:
        s, e = max(start, lo), min(end, hi)
        if e > s and weight > 0:
            events.append((s, e, weight))
    if not events:
        return 0.0
    points = sorted({p for s, e, _ in events for p in (s, e)})
    total = 0.0
    for a, b in zip(points, points[1:]):
        top = max((w for s, e, w in events if s <= a and e >= b), default=0.0)
        total += top * (b - a)
    return total


def period_days(config: Config, now: datetime) -> list[tuple[date, datetime, datetime]]:
    """The uptime period's local days, oldest first, as (date, start, end) in UTC."""
    zone = config.zone
    today = now.astimezone(zone).date()
    out = []
    for offset in range(config.uptime_days - 1, -1, -1):
        day = today - timedelta(days=offset)
        start = datetime.combine(day, time(0), zone)
        end = datetime.combine(day + timedelta(days=1), time(0), zone)
        out.append((day, start, end))
    return out


def component_uptime(config: Config, windows: list[tuple[datetime, datetime, str, str]], now: datetime,
                     since: datetime | None = None) -> Uptime:
    """Uptime over the period from this component's impact windows.

    Each instant counts with the weight of the worst impact active then
    (uptime_weights: by default a major outage fully, a partial outage 30 %,
    degraded performance and maintenance not at all), so overlapping
    incidents are never counted twice. Nothing before `since` (the
    component's measured_since) is measured: those days have no data.
    """
    weights = config.uptime_weights
    spans = [(s.timestamp(), e.timestamp(), weights.get(impact, 0.0), impact, iid) for s, e, impact, iid in windows]
    nowts = now.timestamp()
    from_ts = since.timestamp() if since is not None else None
    days, total_down, total_measured = [], 0.0, 0.0
    period = period_days(config, now)
    for day, start, end in period:
        lo, hi = start.timestamp(), min(end.timestamp(), nowts)
        before = from_ts is not None and from_ts >= end.timestamp()
        if from_ts is not None:
            lo = max(lo, from_ts)
        measured = max(0.0, hi - lo)
        today = [sp for sp in spans if sp[0] < hi and sp[1] > lo] if measured else []
        down = _weighted_measure([(s, e, w) for s, e, w, _, _ in today], lo, hi)
        worst = max((sp[3] for sp in today), key=COMPONENT_STATUS_RANK.__getitem__, default=OPERATIONAL)
        ids = tuple(dict.fromkeys(sp[4] for sp in sorted(today)))
        days.append(Day(day, down, worst, ids, measured, before_measuring=before))
        total_down += down
        total_measured += measured
    inside = since is not None and period and since > period[0][1]
    return Uptime(tuple(days), total_down, total_measured, since.astimezone(config.zone).date() if inside else None)


def impact_windows(config: Config, incidents: list[Incident], now: datetime) -> dict[str, list]:
    """Per configured component, its (start, end, impact, incident id) windows up to `now`, from Incident.spans:
    what the uptime bars count. `incidents` as readers know them at `now` (as_of)."""
    windows: dict[str, list] = {c.id: [] for c in config.components}
    for item in incidents:
        for span in item.spans:  # the impact timeline is the one source of component status and uptime
            end = now if span.end is None else min(span.end, now)
            if end > span.start and span.component in windows:
                windows[span.component].append((span.start, end, span.impact, item.id))
    return windows


def downtime_between(config: Config, windows: list, start: datetime, end: datetime,
                     since: datetime | None = None) -> tuple[float, float]:
    """(weighted downtime, time measured), in seconds, over [start, end): the uptime bars' measure over any period.
    Nothing before `since` (the component's measured_since) is measured."""
    weights = config.uptime_weights
    if since is not None:
        start = max(start, since)
    lo, hi = start.timestamp(), end.timestamp()
    spans = [(s.timestamp(), e.timestamp(), weights.get(impact, 0.0)) for s, e, impact, _ in windows]
    return _weighted_measure(spans, lo, hi), max(0.0, hi - lo)


@dataclass
class SiteState:
    """Everything the renderers need, computed once per build."""

    config: Config
    now: datetime
    incidents: list[Incident]  # newest activity first, no drafts
    component_status: dict[str, str] = field(default_factory=dict)
    component_incidents: dict[str, list[Incident]] = field(default_factory=dict)  # newest first
    active: list[Incident] = field(default_factory=list)  # unresolved incidents, newest first
    maintenance_active: list[Incident] = field(default_factory=list)
    maintenance_upcoming: list[Incident] = field(default_factory=list)  # soonest first
    uptime: dict[str, Uptime] = field(default_factory=dict)
    indicator: str = "none"
    commit: str | None = None  # the commit built from, when the caller knows it (build.json records it)

    @property
    def description(self) -> str:
        return INDICATOR_DESCRIPTIONS[self.indicator]

    def incident_impact(self, item: Incident) -> str:
        """Statuspage's impact: none|minor|major|critical, or maintenance."""
        if item.is_maintenance:
            return "maintenance"
        return self.config.severity_map[item.severity].impact

    def phase(self, item: Incident) -> Status:
        """The status to show now: the posted one, or a maintenance's phase."""
        return maintenance_phase(item, self.now) if item.is_maintenance else item.status


def build_state(config: Config, incidents: list[Incident], now: datetime, commit: str | None = None) -> SiteState:
    incidents = as_of(incidents, now)
    state = SiteState(config=config, now=now, incidents=incidents, commit=commit)
    status = {c.id: OPERATIONAL for c in config.components}
    windows = impact_windows(config, incidents, now)
    per_component: dict[str, list[Incident]] = {c.id: [] for c in config.components}
    indicator = "none"
    for item in incidents:
        active = is_active(item, now)
        for cid in item.affected:
            per_component[cid].append(item)
        if active:
            for cid, impact in current_impacts(item, now).items():
                if COMPONENT_STATUS_RANK[impact] > COMPONENT_STATUS_RANK[status[cid]]:
                    status[cid] = impact
        if item.is_maintenance:
            phase = maintenance_phase(item, now)
            if phase in (IN_PROGRESS, VERIFYING):
                state.maintenance_active.append(item)
            elif phase == UPCOMING:
                state.maintenance_upcoming.append(item)
        elif active:
            state.active.append(item)
            level = state.incident_impact(item)
            if INDICATOR_RANK[level] > INDICATOR_RANK[indicator]:
                indicator = level
    for value in status.values():
        level = _COMPONENT_TO_INDICATOR[value]
        if INDICATOR_RANK[level] > INDICATOR_RANK[indicator]:
            indicator = level
    state.indicator = indicator
    state.component_status = status
    state.component_incidents = per_component
    state.maintenance_upcoming.sort(key=lambda m: (m.window_start, m.id))
    state.uptime = {cid: component_uptime(config, windows[cid], now, config.measured_from(cid)) for cid in status}
    return state
