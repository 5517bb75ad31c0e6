"""Which change goes to which target: pure planning, nothing is sent or printed."""
from __future__ import annotations

from dataclasses import dataclass

from ..read.config import Config
from ..changes.detect import Change
from ..comms.policy import EVERYONE, audiences_for, kinds_of
from ..comms.routing import EMAIL, channels_for, routing_note
from .targets import VARIABLES, Target


@dataclass(frozen=True)
class Announcement:
    change: Change
    channels: tuple[str, ...]  # the severity's (or maintenance's) channels
    targets: tuple[Target, ...]  # the configured targets those channels allow
    not_sent: str = ""  # why no target gets it, when none does
    carried_by: tuple[str, ...] = ()  # the channels statusgen sends it on, when their target is set

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
        carried = tuple(c for c in VARIABLES if _wants(c, change, channels, config))
        wanted = tuple(t for t in targets if t.channel in carried)
        routable = [c for c in channels if c in VARIABLES] or list(carried)
        if not routable:
            reason = routing_note(change.incident, config)
        elif not wanted:
            reason = " or ".join(VARIABLES[c] for c in routable) + " is not set"
        else:
            reason = ""
        out.append(Announcement(change, channels, wanted, reason, carried))
    return Plan(tuple(out), len(changes) - len(announced))


def unserved(planned: Plan, targets: list[Target], used: set[str]) -> dict[str, list[Change]]:
    """Channels that announcements ask for and that were used before, but have no target now: a secret gone
    missing, not a channel never set up. By channel, the changes that would have gone there."""
    configured = {t.channel for t in targets}
    out: dict[str, list[Change]] = {}
    for item in planned.announcements:
        for channel in item.carried_by:
            if channel not in configured and channel in used:
                out.setdefault(channel, []).append(item.change)
    return out


def report_by_email(change: Change, config: Config) -> bool:
    """A post-incident report published alone goes by e-mail when the notification policy sends it to everyone
    there (the plain SMTP target's one address, STATUSGEN_EMAIL_TO, is everyone's); other audiences are the
    mailing-list provider's."""
    kinds = kinds_of(change)
    return bool(kinds) and EVERYONE in audiences_for(config, change.incident, kinds[0], EMAIL)


def _wants(channel: str, change: Change, channels: tuple[str, ...], config: Config) -> bool:
    """Whether `channel` carries `change`: its severity's channels; for e-mail, every update's news there, and a
    report published alone as the policy says (comms.policy: kind `report`)."""
    if channel != EMAIL:
        return channel in channels
    return EMAIL in channels if change.per_update else report_by_email(change, config)
