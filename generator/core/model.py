"""The incident model: plain, immutable data that every output is rendered from.

Nothing here knows about files, YAML or HTML. Derived facts (current status,
when it was resolved) are properties computed from the updates, so no two
fields can ever disagree.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import Enum
from functools import cached_property

from .text import N_
from .translations import InLanguage, Translation, pick

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
# Marked for the catalogs (generator/languages); English here, translated where a page shows them.
_LABELS = {
    Kind.INCIDENT: N_("Incident"),
    Kind.MAINTENANCE: N_("Maintenance"),
    Status.INVESTIGATING: N_("Investigating"),
    Status.IDENTIFIED: N_("Identified"),
    Status.MONITORING: N_("Monitoring"),
    Status.RESOLVED: N_("Resolved"),
    Status.SCHEDULED: N_("Scheduled"),
    Status.IN_PROGRESS: N_("In progress"),
    Status.VERIFYING: N_("Verifying"),
    Status.COMPLETED: N_("Completed"),
    Status.CANCELLED: N_("Cancelled"),
    Impact.OPERATIONAL: N_("Operational"),
    Impact.UNDER_MAINTENANCE: N_("Under maintenance"),
    Impact.DEGRADED_PERFORMANCE: N_("Degraded performance"),
    Impact.PARTIAL_OUTAGE: N_("Partial outage"),
    Impact.MAJOR_OUTAGE: N_("Major outage"),
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
    # Components whose impact changes from this update's time on (operational: over for it).
    components: dict[str, Impact] = field(default_factory=dict)
    # The message in other languages than the site's: language code (Material's) -> Markdown, untrusted.
    translations: dict[str, str] = field(default_factory=dict)
    language: str = ""  # the language `message` is written in (the site's theme.language); "" when unknown

    def message_in(self, language: str | None) -> InLanguage:
        """The message for readers of `language` (None: the message's own), saying when it fell back."""
        return pick(self.message, self.translations, language, self.language)

    def __post_init__(self):
        object.__setattr__(self, "status", Status(self.status))  # a word outside the vocabulary raises here
        object.__setattr__(self, "components", {cid: Impact(i) for cid, i in self.components.items()})


@dataclass(frozen=True)
class Span:
    """One component under one impact, from `start` until `end` (None: still going on)."""

    component: str
    impact: Impact
    start: datetime
    end: datetime | None

    def covers(self, moment: datetime) -> bool:
        return self.start <= moment and (self.end is None or moment < self.end)


@dataclass(frozen=True)
class Security:
    """What a security incident or data breach tells the people affected (seed 004's customer notice).

    Both are Markdown, untrusted, and may be empty while they are not yet known.
    """

    data: str = ""  # what information was involved
    actions: str = ""  # what readers should do


@dataclass(frozen=True)
class Origin:
    """Where an imported incident came from (its `source:`): the importer finds the file again by it, and
    an imported incident is history, not news, when it first appears."""

    system: str  # e.g. statuspage
    id: str  # its id there
    url: str = ""  # its address there


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
    report_published_at: datetime | None = None  # as written; see report_published
    security: Security | None = None  # a security incident or data breach (its messages follow the breach notice)
    origin: Origin | None = None  # imported from another system (source:)
    # The title and report in other languages than the site's (core.translations), by Material's code.
    translations: dict[str, Translation] = field(default_factory=dict)
    language: str = ""  # the language the file's own text is in (the site's theme.language); "" when unknown
    meta_lines: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "components", {cid: Impact(impact) for cid, impact in self.components.items()})

    def title_in(self, language: str | None) -> InLanguage:
        """The title for readers of `language` (None, or the file's own: as written), saying when it fell back."""
        return pick(self.title, {code: t.title for code, t in self.translations.items()}, language, self.language)

    def report_in(self, language: str | None) -> InLanguage:
        """The published report for readers of `language`; empty while there is none."""
        return pick(self.report, {code: t.report for code, t in self.translations.items()}, language, self.language)

    @property
    def languages(self) -> frozenset[str]:
        """Every language some of this incident's text is translated into."""
        return frozenset(self.translations).union(*(u.translations for u in self.updates))

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
        """How long it lasted: impact_start to impact_end (for an incident, `started` to its resolving
        update). The one figure the page, history, feeds, JSON and the report skeleton all show."""
        end = self.impact_end
        return None if end is None else end - self.impact_start

    # -- the times of an incident, defined once ---------------------------------------------------------
    @property
    def impact_start(self) -> datetime:
        """When impact began: `started` for an incident, the window's start for maintenance."""
        return self.window_start if self.is_maintenance else self.started_at

    @property
    def impact_end(self) -> datetime | None:
        """When all impact ended at the latest, ignoring the clock; None while it goes on.

        An incident's impact ends with its resolving update; a maintenance's with
        its window, or earlier with a completed or cancelled update.
        """
        if not self.is_maintenance:
            return self.resolved_at
        last = self.updates[-1]
        return min(last.at, self.window_end) if last.status.terminal else self.window_end

    @cached_property  # derived once per incident; pages, feeds and the API all read it
    def spans(self) -> tuple[Span, ...]:
        """The impact timeline: per component, from when and which impact (the single source of impact).

        The top-level components hold from impact_start; an update's components
        change those components from the update's time on (operational ends
        one early); the end of the incident ends them all.
        """
        start, end = self.impact_start, self.impact_end
        if self.is_maintenance and self.status is Status.CANCELLED and self.updates[-1].at <= start:
            return ()  # called off before it began: it never touched anything
        current = dict(self.components)
        since = dict.fromkeys(current, start)
        out: list[Span] = []
        for update in self.updates:
            at = max(update.at, start)
            if end is not None and at >= end:
                break
            for cid, impact in update.components.items():
                if current.get(cid) == impact:
                    continue
                if cid in current:
                    out.append(Span(cid, current.pop(cid), since[cid], at))
                if impact is not Impact.OPERATIONAL:
                    current[cid] = impact
                    since[cid] = at
        out += [Span(cid, impact, since[cid], end) for cid, impact in current.items()]
        order = {cid: n for n, cid in enumerate(self.affected)}
        return tuple(sorted((s for s in out if s.end is None or s.end > s.start),
                            key=lambda s: (order[s.component], s.start)))

    @property
    def is_notice(self) -> bool:
        """It names no component (components: {}): it touches no component's status or uptime, and the
        page shows it as a notice."""
        return not self.affected

    @cached_property  # derived once per incident; pages, feeds and the API all read it
    def affected(self) -> tuple[str, ...]:
        """Every component the incident touched, in the order they were named."""
        seen = dict.fromkeys(self.components)
        for update in self.updates:
            seen.update(dict.fromkeys(c for c, i in update.components.items()))
        return tuple(seen)

    def impacts_at(self, moment: datetime) -> dict[str, Impact]:
        """Each component's impact at `moment` (components it did not touch then are left out)."""
        return {s.component: s.impact for s in self.spans if s.covers(moment)}

    @cached_property  # derived once per incident; pages, feeds and the API all read it
    def peak_impacts(self) -> dict[str, Impact]:
        """The worst impact each affected component had, for lists and summaries."""
        out: dict[str, Impact] = {}
        for span in self.spans:
            if span.component not in out or span.impact.rank > out[span.component].rank:
                out[span.component] = span.impact
        if not out:  # e.g. cancelled before it began: what was planned
            return dict(self.components)
        return {cid: out[cid] for cid in self.affected if cid in out}

    def impact_changes(self) -> tuple[dict[str, tuple[Impact, Impact]], ...]:
        """Per update, the components it changed: id -> (old, new), operational meaning not affected.

        The top-level impacts are announced by the first update (for maintenance,
        by the one that begins it); the resolving update returns the rest to operational.
        """
        current: dict[str, Impact] = {}
        out = []
        begun_at = None
        for index, update in enumerate(self.updates):
            changes: dict[str, tuple[Impact, Impact]] = {}
            begins = (index == 0 and not self.is_maintenance) or (
                self.is_maintenance and begun_at is None and update.status in (Status.IN_PROGRESS, Status.VERIFYING))
            if begins:
                begun_at = update.at
                for cid, impact in self.components.items():
                    current[cid] = impact
                    if not update.status.terminal:  # posted resolved at once: only the way back is news
                        changes[cid] = (Impact.OPERATIONAL, impact)
            if begun_at is not None or not self.is_maintenance:
                for cid, impact in update.components.items():
                    old = current.get(cid, Impact.OPERATIONAL)
                    if old != impact:
                        changes[cid] = (old, impact)
                    current[cid] = impact
            if update.status.terminal:
                for cid, impact in current.items():
                    if impact is not Impact.OPERATIONAL:
                        changes[cid] = (changes.get(cid, (impact, impact))[0], Impact.OPERATIONAL)
                current = {}
            out.append({cid: change for cid, change in changes.items() if change[0] != change[1]})
        return tuple(out)

    @property
    def report_published(self) -> datetime | None:
        """When the post-incident report was published: as written. A file's report is public only with
        report_published (validate drops it otherwise); the fallback to the resolution is for an Incident
        made in code."""
        if not self.has_report:
            return None
        return self.report_published_at or self.resolved_at or self.updated_at

    def as_of(self, moment: datetime) -> Incident | None:
        """The incident as it stood at `moment`: the updates posted by then (None if none was),
        and its report only once published. The page of any moment is built from this."""
        updates = tuple(u for u in self.updates if u.at <= moment)
        if not updates:
            return None
        report = self.report if self.report_published_at is None or self.report_published_at <= moment else ""
        if len(updates) == len(self.updates) and report == self.report:
            return self
        return replace(self, updates=updates, report=report)

    @property
    def last_activity(self) -> datetime:
        """The latest news: the last update, or the report's publication if that came later."""
        published = self.report_published
        return max(self.updated_at, published) if published else self.updated_at

    def first_at(self, status: str) -> datetime | None:
        for update in self.updates:
            if update.status == status:
                return update.at
        return None

    @property
    def has_report(self) -> bool:
        return bool(self.report.strip())


# -- what only the team knows: never part of an Incident, never published ------------------------------
class ActionStatus(Word):
    """Where a post-incident action item stands (seed 004's table: action, owner, due date, status)."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.CANCELLED)


_LABELS.update({ActionStatus.OPEN: "Open", ActionStatus.IN_PROGRESS: "In progress", ActionStatus.DONE: "Done",
                ActionStatus.CANCELLED: "Cancelled"})


@dataclass(frozen=True)
class ActionItem:
    action: str
    owner: str
    due: date
    status: ActionStatus = ActionStatus.OPEN
    line: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "status", ActionStatus(self.status))

    def overdue(self, today: date) -> bool:
        """Still to do after its due date (due today is not overdue yet)."""
        return not self.status.finished and today > self.due


@dataclass(frozen=True)
class InternalFacts:
    """The team's own facts about one incident: when it was detected and acknowledged, and its action items.

    They are kept apart from Incident on purpose: the site, the feeds and the API are built from
    Incident alone, so nothing here can reach them. Only `statusgen report` and validation read them.
    """

    incident_id: str
    source: str
    detected_at: datetime | None = None
    acknowledged_at: datetime | None = None
    action_items: tuple[ActionItem, ...] = ()
    lines: dict = field(default_factory=dict, compare=False, repr=False)
    # internal.alert.withdrawn: the alert intake withdrew this draft (its alert resolved within the flap
    # window). It stays a draft forever and is no longer an open incident for anyone to act on.
    withdrawn_at: datetime | None = None

    @property
    def empty(self) -> bool:
        return self.detected_at is None and self.acknowledged_at is None and not self.action_items
