"""What changed on the public page between two sets of published incidents.

Shared by `statusgen changes` (the pull request summary) and `statusgen
notify`, so what reviewers are told a merge will do is what gets announced.

An update counts as new when it is later than every update the incident had
before; editing or back-filling an older update is an edit, not news.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..core.model import Incident, Update

NEW = "new"  # published for the first time (or a draft made public)
IMPORTED = "imported"  # first appears, imported from another system (source:): history, not news
UPDATE = "update"  # one or more updates posted
STATUS = "status"  # the current status changed
SEVERITY = "severity"  # escalated or downgraded
COMPONENTS = "components"  # affected components or their impact changed
REPORT = "report"  # post-incident report added or changed
REPORT_PUBLISHED = "report_published"  # a post-incident report appeared where there was none
SECURITY = "security"  # became a security incident, or its security facts (data, actions) changed
EDITED = "edited"  # title, times or older updates corrected
REMOVED = "removed"  # deleted, or turned back into a draft

# Changes people are told about; the others only show in the summary.
ANNOUNCED = (NEW, UPDATE, STATUS, SEVERITY, REPORT_PUBLISHED, SECURITY)
# Changes that carry an update's news: e-mail, social posts and the banner follow these; a post-incident
# report published alone is news for the chat and the webhook only. What is learned about a breach (the
# data involved, what to do) is news for everyone who got the notice, whether or not an update came with it.
PER_UPDATE = (NEW, UPDATE, STATUS, SEVERITY, SECURITY)


@dataclass(frozen=True)
class Change:
    incident: Incident  # as it is now; as it was, for REMOVED
    before: Incident | None
    kinds: tuple[str, ...]
    new_updates: tuple[Update, ...] = ()  # oldest first

    @property
    def id(self) -> str:
        return self.incident.id

    @property
    def announced(self) -> bool:
        return any(kind in ANNOUNCED for kind in self.kinds)

    @property
    def per_update(self) -> bool:
        return any(kind in PER_UPDATE for kind in self.kinds)

    @property
    def security_followup(self) -> bool:
        """Its security facts changed with no new update to carry them: a notice of its own (a follow-up)."""
        return SECURITY in self.kinds and not self.new_updates and NEW not in self.kinds

    @property
    def previous_status(self) -> str | None:
        return self.before.status if self.before else None


def _spaced(text: str) -> str:
    return " ".join(text.split())


def security_facts(item: Incident | None) -> dict | None:
    """What a security incident tells readers, as they read it: re-wrapping a paragraph in the YAML is no news."""
    if item is None or item.security is None:
        return None
    return {"data": _spaced(item.security.data), "actions": _spaced(item.security.actions)}


def _compare(before: Incident, after: Incident) -> Change | None:
    new_updates = tuple(u for u in after.updates if u.at > before.updated_at)
    kinds = []
    if new_updates:
        kinds.append(UPDATE)
    if after.status != before.status:
        kinds.append(STATUS)
    if after.severity != before.severity:
        kinds.append(SEVERITY)
    if after.components != before.components:
        kinds.append(COMPONENTS)
    facts = security_facts(after)
    if facts is not None and facts != security_facts(before):
        kinds.append(SECURITY)
    if after.report != before.report:
        kinds.append(REPORT)
        if after.has_report and not before.has_report:
            kinds.append(REPORT_PUBLISHED)
    # An older update's impacts count too: correcting one changes the page's timeline and uptime.
    old_updates = [(u.at, u.status, u.message, u.components) for u in after.updates if u not in new_updates]
    if (after.title != before.title or after.kind != before.kind or (facts is None and before.security is not None) or after.started_at != before.started_at
            or after.window_start != before.window_start or after.window_end != before.window_end
            or old_updates != [(u.at, u.status, u.message, u.components) for u in before.updates]):
        kinds.append(EDITED)
    if not kinds:
        return None
    return Change(incident=after, before=before, kinds=tuple(kinds), new_updates=new_updates)


def detect_changes(before: Mapping[str, Incident], after: Mapping[str, Incident]) -> list[Change]:
    """Every published incident that differs, newest activity first, then removals by id."""
    changes = []
    for item in sorted(after.values(), key=lambda i: (i.updated_at, i.id), reverse=True):
        old = before.get(item.id)
        if old is None:
            kind = IMPORTED if item.origin is not None else NEW
            changes.append(Change(incident=item, before=None, kinds=(kind,), new_updates=item.updates))
            continue
        found = _compare(old, item)
        if found is not None:
            changes.append(found)
    for key in sorted(set(before) - set(after)):
        changes.append(Change(incident=before[key], before=before[key], kinds=(REMOVED,)))
    return changes
