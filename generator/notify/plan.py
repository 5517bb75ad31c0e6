"""Which change goes to which target: pure planning, nothing is sent or printed."""
from __future__ import annotations

from dataclasses import dataclass

from ..read.config import Config
from ..changes.detect import Change
from ..comms.routing import EMAIL, channels_for, routing_note
from .lists.campaign import by_smtp, reached
from .lists.deliver import LIST
from .targets import VARIABLES, Target


def follows(target: Target) -> str:
    """The severity channel a target serves: the mailing-list provider is e-mail, as SMTP is."""
    return EMAIL if target.channel == LIST else target.channel


def reaches(target: Target, change: Change, config: Config) -> bool:
    """Whether the message's audiences (the policy's) are this target's: SMTP is everyone's, the provider has
    the lists the configured audiences name."""
    if target.channel == LIST:
        return bool(reached(change, config)[0])
    return target.channel != EMAIL or by_smtp(change, config)


@dataclass(frozen=True)
class Announcement:
    change: Change
    channels: tuple[str, ...]  # the severity's (or maintenance's) channels
    targets: tuple[Target, ...]  # the configured targets those channels allow
    not_sent: str = ""  # why no target gets it, when none does

    @property
    def routed(self) -> bool:
        """Its channels name a target statusgen can send to (chat, webhook or email)."""
        return any(c in VARIABLES for c in self.channels)


@dataclass(frozen=True)
class Plan:
    announcements: tuple[Announcement, ...]  # oldest activity first: a chat channel reads in order
    quiet: int  # changes that are not announced (wording edits, removals...)


def plan(changes: list[Change], targets: list[Target], config: Config) -> Plan:
    announced = [c for c in reversed(changes) if c.announced]
    out = []
    for change in announced:
        channels = channels_for(change.incident, config)
        # E-mail follows updates: a post-incident report published alone is news for chat and webhook only.
        wanted = tuple(t for t in targets if follows(t) in channels and (follows(t) != EMAIL or change.per_update)
                       and reaches(t, change, config))
        routable = [c for c in channels if c in VARIABLES]
        if not routable:
            reason = routing_note(change.incident, config)
        elif not wanted:
            reason = " or ".join(VARIABLES[c] for c in routable) + " is not set"
        else:
            reason = ""
        out.append(Announcement(change, channels, wanted, reason))
    return Plan(tuple(out), len(changes) - len(announced))


def unserved(planned: Plan, targets: list[Target], used: set[str]) -> dict[str, list[Change]]:
    """Channels that announcements ask for and that were used before, but have no target now: a secret gone
    missing, not a channel never set up. By channel, the changes that would have gone there."""
    configured = {t.channel for t in targets}
    out: dict[str, list[Change]] = {}
    for item in planned.announcements:
        for channel in item.channels:
            if (channel in VARIABLES and channel not in configured and channel in used
                    and (channel != EMAIL or item.change.per_update)):
                out.setdefault(channel, []).append(item.change)
    return out
