"""Which change goes to which target: pure planning, nothing is sent or printed."""
from __future__ import annotations

from dataclasses import dataclass

from ..read.config import Config
from ..changes.detect import Change
from ..comms.routing import EMAIL, channels_for, routing_note
from .targets import SERVES, VARIABLES, Target


@dataclass(frozen=True)
class Announcement:
    change: Change
    channels: tuple[str, ...]  # the severity's (or maintenance's) channels
    targets: tuple[Target, ...]  # the configured targets those channels allow ("social": Mastodon, Bluesky)
    not_sent: str = ""  # why no target gets it, when none does

    @property
    def routed(self) -> bool:
        """Its channels name a target statusgen can send to (chat, webhook, email or social)."""
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
        # E-mail and social posts follow updates: a post-incident report published alone is news for chat and
        # webhook only.
        wanted = tuple(t for t in targets if t.serves in channels
                       and ((t.channel != EMAIL and t.channel not in SERVES) or change.per_update))
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
        for wanted in item.channels:
            # "social" is served by a target per platform: each one that was used before is missed on its own.
            for channel in [p for p, serves in SERVES.items() if serves == wanted] or [wanted]:
                if (wanted in VARIABLES and channel not in configured and channel in used
                        and ((channel != EMAIL and channel not in SERVES) or item.change.per_update)):
                    out.setdefault(channel, []).append(item.change)
    return out
