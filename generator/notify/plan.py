"""Which change goes to which target and audience: pure planning, nothing is sent or printed.

The notification policy (comms.policy) names, for the kind of message a change
asks for, the audiences on each channel; a target carries the message to the
audiences it reaches. An audience no target reaches is said, never sent to
everyone instead.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..changes.detect import Change
from ..comms.audience_languages import language_of
from ..comms.find import not_drafted
from ..comms.policy import EVERYONE, kind_label, kinds_of
from ..comms.policy import routes as policy_routes
from ..comms.routing import channels_for, routing_note
from ..read.config import Config
from .targets import PLATFORM_VARIABLES, SERVES, SOCIAL, VARIABLES, Target


@dataclass(frozen=True)
class Send:
    """One delivery: the change's message to one audience through one target."""

    target: Target
    audience: str = EVERYONE  # the first audience this send reaches: its delivery's id (`.to-AUDIENCE`)
    language: str = ""  # the language its audiences read: "" the site's, else their own (comms.audience_languages)


@dataclass(frozen=True)
class Unreached:
    """An audience the policy names on a channel that no configured target reaches."""

    channel: str
    audience: str
    reason: str


@dataclass(frozen=True)
class Announcement:
    change: Change
    channels: tuple[str, ...]  # the channels the policy sends this message on (to any audience)
    targets: tuple[Target, ...]  # the configured targets that carry it, each once
    not_sent: str = ""  # why no target gets it, when none does
    kinds: tuple[str, ...] = ()  # comms.policy.kinds_of: the deciding kind first
    audiences: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (channel, audiences) as the policy names them
    sends: tuple[Send, ...] = ()
    unreached: tuple[Unreached, ...] = ()

    @property
    def routed(self) -> bool:
        """The policy sends it on a channel statusgen sends to itself (chat, webhook, email or social)."""
        return (any(c in VARIABLES and c != SOCIAL for c in self.channels)
                or any(s.target.serves == SOCIAL for s in self.sends))


@dataclass(frozen=True)
class Plan:
    announcements: tuple[Announcement, ...]  # oldest activity first: a chat channel reads in order
    quiet: int  # changes that are not announced (wording edits, removals...)


def _reason(channel: str, audience: str, change: Change, offered: list[Target]) -> str:
    missing = not_drafted(change, channel)
    if missing:
        return missing
    if not offered:
        return f"{VARIABLES[channel]} is not set"
    if audience == EVERYONE:
        return f"no {channel} target reaches everyone"
    reach = ", ".join(sorted({a for t in offered for a in t.audiences}))
    how = (" (an audience is reached by e-mail through a mailing-list provider)" if channel == "email"
           else f" ({channel} has one target, {VARIABLES[channel]})")
    return f"no {channel} target reaches the audience {audience}: the configured one reaches {reach}{how}; " \
           "it is not sent to anyone else instead"


def announce(change: Change, targets: list[Target], config: Config) -> Announcement:
    routes = policy_routes(config, change)
    sends, unreached = [], []
    for channel, audiences in routes:
        offered = [t for t in targets if t.serves == channel]
        if channel not in VARIABLES or (channel == SOCIAL and not offered):
            continue  # social without an account configured: drafted for whoever posts it, as X always is
        for audience in audiences:
            reaching = [] if not_drafted(change, channel) else [t for t in offered if audience in t.audiences]
            # The channel's own target (one URL or address) carries it to each audience it reaches.
            sends.extend(Send(t, audience) for t in [t for t in reaching if t.channel == channel][:1])
            # A target serving the channel under a name of its own carries the message once: every social
            # account configured (Mastodon and Bluesky) posts it, X stays a draft; a mailing-list provider sends
            # one campaign to the lists of every audience it reaches (a subscriber on two of them gets one
            # copy), named by the first of them; once per language those audiences read, each its own message.
            language = language_of(config, audience)
            for target in (t for t in reaching if t.channel != channel):
                if not any(s.target is target and s.language == language for s in sends):
                    sends.append(Send(target, audience, language))
            if reaching:
                continue
            if audience == EVERYONE and not offered and not not_drafted(change, channel):
                continue  # a channel never set up, as before audiences: said only when nothing is sent at all
            unreached.append(Unreached(channel, audience, _reason(channel, audience, change, offered)))
    # Sends follow the configured targets' order (webhook, chat, e-mail), as they did before audiences.
    order = {id(t): n for n, t in enumerate(targets)}
    sends.sort(key=lambda s: order.get(id(s.target), len(order)))
    channels = tuple(c for c, _ in routes)
    used = tuple(dict.fromkeys(s.target for s in sends))
    routable = [c for c in channels if c in VARIABLES and (c != SOCIAL or any(t.serves == c for t in targets))]
    if not routable:
        if any(c in VARIABLES and c != SOCIAL for c in channels_for(change.incident, config)):
            who = "maintenance" if change.incident.is_maintenance else (change.incident.severity or "this incident")
            reason = f"the notification policy sends no {kind_label(kinds_of(change))} of {who} on chat, " \
                     "webhook or email"
        else:
            reason = routing_note(change.incident, config)
    elif not sends:
        missing = [c for c in routable if not any(t.serves == c for t in targets)]
        if len(missing) == len(routable):
            reason = " or ".join(VARIABLES[c] for c in routable) + " is not set"
        else:
            reason = "; ".join(dict.fromkeys(u.reason for u in unreached))
    else:
        reason = ""
    return Announcement(change, channels, used, reason, kinds_of(change), routes, tuple(sends), tuple(unreached))


def plan(changes: list[Change], targets: list[Target], config: Config) -> Plan:
    announced = [c for c in reversed(changes) if c.announced]
    return Plan(tuple(announce(c, targets, config) for c in announced), len(changes) - len(announced))


def unserved(planned: Plan, targets: list[Target], used: set[str]) -> dict[str, list[Change]]:
    """Channels whose messages to everyone have no target now but were sent before: a secret gone missing,
    not a channel never set up. By channel, the changes that would have gone there."""
    configured = {t.channel for t in targets}
    out: dict[str, list[Change]] = {}
    for item in planned.announcements:
        for wanted, audiences in item.audiences:
            # A target that comes from a secret alone is missed on its own: each social platform used before.
            # (A mailing-list provider is named in mkdocs.yml; its secrets missing stop the run before this.)
            platforms = [p for p, serves in SERVES.items() if serves == wanted and p in PLATFORM_VARIABLES]
            for channel in [wanted, *platforms]:
                if (wanted in VARIABLES and channel not in configured and channel in used and EVERYONE in audiences
                        and not not_drafted(item.change, wanted)):
                    out.setdefault(channel, []).append(item.change)
    return out
