"""The notification policy: which kind of message goes on which channel, to which audiences. Pure.

For a severity (or maintenance), a channel and a kind, the first of these that speaks decides:

  1. mkdocs.yml, plugins.statusgen.notifications (read/notification_options.py);
  2. the preset's rules (core/notifications.py: each follows one of the procedures);
  3. the severity's `channels` (maintenance: maintenance_channels): a channel listed there carries the
     kinds it carried before the policy existed (core.notifications.CHANNEL_KINDS), to everyone.

A change asks for one message; `kinds_of` names its kinds, and the message goes to every audience any
of them names on a channel. A security incident's notices are `security` and their phase (first, update,
resolved), so a breach notice goes where the security rule says even when the policy sends no ordinary
update there, and its resolution where resolutions go.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..changes.detect import NEW, Change
from ..core.model import Incident, Status
from ..core.notifications import (
    CHANNEL_KINDS,
    EVERYONE,
    FIRST,
    INCIDENT_KINDS,
    KIND_LABELS,
    MAINTENANCE_ENDED,
    MAINTENANCE_KINDS,
    MAINTENANCE_SCHEDULED,
    MAINTENANCE_SCOPE,
    MAINTENANCE_STARTED,
    POLICY_CHANNELS,
    POLICY_PRESETS,
    REPORT,
    RESOLVED,
    SECURITY,
    UPDATE,
)
from ..read.config import Config

__all__ = ["EVERYONE", "POLICY_CHANNELS", "Rule", "audiences_for", "kinds_of", "routes", "rules", "scope_of",
           "kind_label"]


def scope_of(incident: Incident) -> str | None:
    """The policy's key for an incident: its severity id, or "maintenance"; None for an unknown severity."""
    if incident.is_maintenance:
        return MAINTENANCE_SCOPE
    return incident.severity or None


def _base(config: Config, scope: str, channel: str, kind: str) -> tuple[str, ...]:
    if scope == MAINTENANCE_SCOPE:
        return (EVERYONE,) if kind in MAINTENANCE_KINDS and channel in config.maintenance_channels else ()
    severity = config.severity_map.get(scope)
    if severity is None or channel not in severity.channels or kind not in CHANNEL_KINDS.get(channel, ()):
        return ()
    return (EVERYONE,)


def decide(config: Config, scope: str | None, kind: str, channel: str) -> tuple[tuple[str, ...], str]:
    """(audiences, where that was decided: "mkdocs.yml", "preset NAME" or "channels")."""
    if scope is None or channel not in POLICY_CHANNELS:
        return (), "channels"
    if (scope == MAINTENANCE_SCOPE) != (kind in MAINTENANCE_KINDS):
        return (), "channels"  # an incident kind for maintenance, or the reverse: never sent
    policy = config.notifications
    key = (scope, channel, kind)
    if key in policy.overrides:
        return tuple(policy.overrides[key]), "mkdocs.yml"
    preset = POLICY_PRESETS.get(policy.preset)
    ruled = (preset.rules.get(scope) or {}).get(channel) or {} if preset else {}
    if kind in ruled:
        return tuple(ruled[kind]), f"preset {policy.preset}"
    return _base(config, scope, channel, kind), "channels"


def audiences_for(config: Config, incident: Incident, kind: str, channel: str) -> tuple[str, ...]:
    """The audiences a message of `kind` about `incident` goes to on `channel`; empty: not sent there."""
    return decide(config, scope_of(incident), kind, channel)[0]


def kinds_of(change: Change) -> tuple[str, ...]:
    """The kinds of the message a change asks for, the main one first; () when nothing is announced.

    Maintenance: scheduled, started (in progress or verifying) or ended (completed or cancelled), by status.
    An incident: a post-incident report published alone is `report`; otherwise the update's phase (its first
    notice, an update, the resolution; as comms.kinds.Moment.phase). Either is preceded by `security` for a
    security incident or breach; a security follow-up (its facts changed with no new update) is `security`
    alone. A report published in the same change as an update rides on the update's
    message, which is not a report: it is the update's kind only.
    """
    if not change.announced:
        return ()
    item = change.incident
    if item.is_maintenance:
        status = item.status
        if status in (Status.COMPLETED, Status.CANCELLED):
            return (MAINTENANCE_ENDED,)
        if status in (Status.IN_PROGRESS, Status.VERIFYING):
            return (MAINTENANCE_STARTED,)
        return (MAINTENANCE_SCHEDULED,)
    if change.security_followup:
        return (SECURITY,)  # what was learned about a breach since its last notice: a security notice alone
    if not change.per_update:
        return (SECURITY, REPORT) if item.security is not None else (REPORT,)
    phase = RESOLVED if item.is_closed else FIRST if NEW in change.kinds else UPDATE
    return ((SECURITY,) if item.security is not None else ()) + (phase,)


def routes(config: Config, change: Change) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(channel, audiences) for every channel the policy sends the change's message on, in POLICY_CHANNELS order:
    every audience any of its kinds names there, each once."""
    kinds = kinds_of(change)
    out = []
    for channel in POLICY_CHANNELS:
        named = [a for kind in kinds for a in audiences_for(config, change.incident, kind, channel)]
        if named:
            out.append((channel, tuple(dict.fromkeys(named))))
    return tuple(out)


def kind_label(kinds: tuple[str, ...]) -> str:
    """'update', 'security notice (first notice)'."""
    if not kinds:
        return "not announced"
    head, rest = kinds[0], kinds[1:]
    return KIND_LABELS[head] + (f" ({', '.join(KIND_LABELS[k] for k in rest)})" if rest else "")


@dataclass(frozen=True)
class Rule:
    scope: str  # a severity id or "maintenance"
    channel: str
    kind: str
    audiences: tuple[str, ...]  # () : not sent
    source: str  # "mkdocs.yml", "preset NAME" or "channels"


def rules(config: Config) -> list[Rule]:
    """The whole policy as a table: every severity and maintenance, every channel and kind."""
    out = []
    scopes = [(s.id, INCIDENT_KINDS) for s in config.severities] + [(MAINTENANCE_SCOPE, MAINTENANCE_KINDS)]
    for scope, kinds in scopes:
        for channel in POLICY_CHANNELS:
            for kind in kinds:
                audiences, source = decide(config, scope, kind, channel)
                out.append(Rule(scope, channel, kind, audiences, source))
    return out
