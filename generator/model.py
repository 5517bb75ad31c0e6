"""The incident model: plain, immutable data that every output is rendered from.

Nothing here knows about files, YAML or HTML. Derived facts (current status,
when it was resolved) are properties computed from the updates, so no two
fields can ever disagree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

INCIDENT = "incident"
MAINTENANCE = "maintenance"
TYPES = (INCIDENT, MAINTENANCE)

INCIDENT_STATUSES = ("investigating", "identified", "monitoring", "resolved")
MAINTENANCE_STATUSES = ("scheduled", "in_progress", "verifying", "completed", "cancelled")
STATUSES = {INCIDENT: INCIDENT_STATUSES, MAINTENANCE: MAINTENANCE_STATUSES}
TERMINAL = {"resolved", "completed", "cancelled"}

# Component impacts use Atlassian Statuspage's vocabulary so the JSON API can
# expose them unchanged. Order is severity for the reader, worst last.
OPERATIONAL = "operational"
IMPACTS = ("under_maintenance", "degraded_performance", "partial_outage", "major_outage")
INCIDENT_IMPACTS = ("degraded_performance", "partial_outage", "major_outage")
COMPONENT_STATUS_RANK = {OPERATIONAL: 0, "under_maintenance": 1, "degraded_performance": 2,
                         "partial_outage": 3, "major_outage": 4}

STATUS_LABELS = {
    "investigating": "Investigating",
    "identified": "Identified",
    "monitoring": "Monitoring",
    "resolved": "Resolved",
    "scheduled": "Scheduled",
    "in_progress": "In progress",
    "verifying": "Verifying",
    "completed": "Completed",
    "cancelled": "Cancelled",
}
IMPACT_LABELS = {
    OPERATIONAL: "Operational",
    "under_maintenance": "Under maintenance",
    "degraded_performance": "Degraded performance",
    "partial_outage": "Partial outage",
    "major_outage": "Major outage",
}


def can_follow(previous: str | None, status: str, kind: str) -> bool:
    """Whether `status` may be posted after an update with status `previous`.

    Incidents may move freely among open statuses (a fix can fail and send
    the team back to investigating); nothing follows a resolving update. A
    maintenance that has begun cannot return to "scheduled".
    """
    if status not in STATUSES[kind]:
        return False
    if previous is None:
        return True
    if previous in TERMINAL:
        return False
    if kind == MAINTENANCE and status == "scheduled" and previous != "scheduled":
        return False
    return True


@dataclass(frozen=True)
class Update:
    at: datetime
    status: str
    message: str  # Markdown, untrusted
    line: int | None = None


@dataclass(frozen=True)
class Incident:
    """One incident or maintenance, as published. Never holds internal notes."""

    id: str
    source: str  # path relative to the project, for messages
    kind: str
    title: str
    severity: str | None
    components: dict[str, str]  # component id -> impact, in file order
    updates: tuple[Update, ...]  # oldest first
    started_at: datetime
    window_start: datetime | None = None
    window_end: datetime | None = None
    report: str = ""  # Markdown post-incident report, untrusted
    meta_lines: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_maintenance(self) -> bool:
        return self.kind == MAINTENANCE

    @property
    def status(self) -> str:
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
        return last.at if last.status in TERMINAL else None

    @property
    def is_closed(self) -> bool:
        return self.updates[-1].status in TERMINAL

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
