"""The incident model: plain, immutable data that every output is rendered from.

Nothing here knows about files, YAML or HTML. Derived facts (current status,
when it was resolved) are properties computed from the updates, so no two
fields can ever disagree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

class Word(str, Enum):
    """A word of the incident vocabulary that checks itself.

    Members compare, hash, print and serialise (JSON, templates) exactly as
    their text, so `Status.RESOLVED == "resolved"` and a dict keyed by either
    finds the other; what a word means (its label, its rank) lives on it.
    """

    __str__ = str.__str__
    __format__ = str.__format__
    __hash__ = str.__hash__

    @classmethod
    def parse(cls, value):
        """The member spelled `value`, or None."""
        return cls._value2member_map_.get(value) if isinstance(value, str) else None

    @property
    def label(self) -> str:
        return _LABELS[self]


class Kind(Word):
    INCIDENT = "incident"
    MAINTENANCE = "maintenance"


class Status(Word):
    """What the authors posted. Incidents and maintenance have their own."""

    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    VERIFYING = "verifying"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def kind(self) -> Kind:
        return Kind.MAINTENANCE if self in _MAINTENANCE_STATUSES else Kind.INCIDENT

    @property
    def terminal(self) -> bool:
        """Resolving: nothing may follow it."""
        return self in (Status.RESOLVED, Status.COMPLETED, Status.CANCELLED)

    @classmethod
    def of(cls, kind: str) -> tuple[Status, ...]:
        """The statuses a file of this kind may post, in their usual order."""
        return _MAINTENANCE_STATUSES if kind == Kind.MAINTENANCE else _INCIDENT_STATUSES

    def may_follow(self, previous: Status | None, kind: str) -> bool:
        """Whether this status may be posted after an update with status `previous`.

        Incidents may move freely among open statuses (a fix can fail and send
        the team back to investigating); nothing follows a resolving update. A
        maintenance that has begun cannot return to "scheduled".
        """
        if self not in Status.of(kind):
            return False
        if previous is None:
            return True
        if Status(previous).terminal:
            return False
        return not (kind == Kind.MAINTENANCE and self is Status.SCHEDULED and previous != Status.SCHEDULED)


class Impact(Word):
    """A component's state; the vocabulary of Atlassian Statuspage, so the JSON API can expose it unchanged."""

    OPERATIONAL = "operational"
    UNDER_MAINTENANCE = "under_maintenance"
    DEGRADED_PERFORMANCE = "degraded_performance"
    PARTIAL_OUTAGE = "partial_outage"
    MAJOR_OUTAGE = "major_outage"

    @property
    def rank(self) -> int:
        """Worse is higher; the worst impact at any moment is the one shown."""
        return list(Impact).index(self)

    @classmethod
    def of(cls, kind: str) -> tuple[Impact, ...]:
        """The impacts a file of this kind may give a component."""
        if kind == Kind.MAINTENANCE:
            return (Impact.UNDER_MAINTENANCE, Impact.DEGRADED_PERFORMANCE, Impact.PARTIAL_OUTAGE, Impact.MAJOR_OUTAGE)
        return (Impact.DEGRADED_PERFORMANCE, Impact.PARTIAL_OUTAGE, Impact.MAJOR_OUTAGE)


_INCIDENT_STATUSES = (Status.INVESTIGATING, Status.IDENTIFIED, Status.MONITORING, Status.RESOLVED)
_MAINTENANCE_STATUSES = (Status.SCHEDULED, Status.IN_PROGRESS, Status.VERIFYING, Status.COMPLETED, Status.CANCELLED)
_LABELS = {
    Kind.INCIDENT: "Incident",
    Kind.MAINTENANCE: "Maintenance",
    Status.INVESTIGATING: "Investigating",
    Status.IDENTIFIED: "Identified",
    Status.MONITORING: "Monitoring",
    Status.RESOLVED: "Resolved",
    Status.SCHEDULED: "Scheduled",
    Status.IN_PROGRESS: "In progress",
    Status.VERIFYING: "Verifying",
    Status.COMPLETED: "Completed",
    Status.CANCELLED: "Cancelled",
    Impact.OPERATIONAL: "Operational",
    Impact.UNDER_MAINTENANCE: "Under maintenance",
    Impact.DEGRADED_PERFORMANCE: "Degraded performance",
    Impact.PARTIAL_OUTAGE: "Partial outage",
    Impact.MAJOR_OUTAGE: "Major outage",
}

# Shorter names for the words most code needs.
INCIDENT, MAINTENANCE = Kind.INCIDENT, Kind.MAINTENANCE
TYPES = tuple(Kind)
INCIDENT_STATUSES, MAINTENANCE_STATUSES = _INCIDENT_STATUSES, _MAINTENANCE_STATUSES
STATUSES = {INCIDENT: INCIDENT_STATUSES, MAINTENANCE: MAINTENANCE_STATUSES}
TERMINAL = frozenset(s for s in Status if s.terminal)
OPERATIONAL = Impact.OPERATIONAL
IMPACTS = Impact.of(MAINTENANCE)
INCIDENT_IMPACTS = Impact.of(INCIDENT)
COMPONENT_STATUS_RANK = {impact: impact.rank for impact in Impact}
STATUS_LABELS = {status: status.label for status in Status}
IMPACT_LABELS = {impact: impact.label for impact in Impact}


def can_follow(previous: str | None, status: str, kind: str) -> bool:
    """Whether `status` may be posted after an update with status `previous` (see Status.may_follow)."""
    parsed = Status.parse(status)
    return parsed is not None and parsed.may_follow(previous, kind)


@dataclass(frozen=True)
class Update:
    at: datetime
    status: Status
    message: str  # Markdown, untrusted
    line: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "status", Status(self.status))  # a word outside the vocabulary raises here


@dataclass(frozen=True)
class Incident:
    """One incident or maintenance, as published. Never holds internal notes."""

    id: str
    source: str  # path relative to the project, for messages
    kind: Kind
    title: str
    severity: str | None
    components: dict[str, Impact]  # component id -> impact, in file order
    updates: tuple[Update, ...]  # oldest first
    started_at: datetime
    window_start: datetime | None = None
    window_end: datetime | None = None
    report: str = ""  # Markdown post-incident report, untrusted
    meta_lines: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "components", {cid: Impact(impact) for cid, impact in self.components.items()})

    @property
    def is_maintenance(self) -> bool:
        return self.kind == MAINTENANCE

    @property
    def status(self) -> Status:
        """The status the authors last posted."""
        return self.updates[-1].status

    @property
    def created_at(self) -> datetime:
        return self.updates[0].at

    @property
    def updated_at(self) -> datetime:
        return self.updates[-1].at

    @property
    def resolved_at(self) -> datetime | None:
        """Time of the resolving update (resolved, completed or cancelled)."""
        last = self.updates[-1]
        return last.at if last.status.terminal else None

    @property
    def is_closed(self) -> bool:
        return self.updates[-1].status.terminal

    @property
    def duration(self) -> timedelta | None:
        if self.resolved_at is None:
            return None
        return self.resolved_at - self.started_at

    def first_at(self, status: str) -> datetime | None:
        for update in self.updates:
            if update.status == status:
                return update.at
        return None

    @property
    def has_report(self) -> bool:
        return bool(self.report.strip())
