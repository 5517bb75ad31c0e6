"""The words of the notification policy, and its presets (data only; generator.comms.policy applies them).

A policy says, for each severity (and for maintenance), channel and kind of
message, whether the message is sent and to which audiences. Where neither a
preset nor mkdocs.yml says otherwise, a channel the severity lists (see
core/severities.py) carries every kind of message it carried before the
policy existed, to everyone: that is the `channels` preset, and the base of
the others.

Presets follow the procedures in the seeds (see docs/notifications.md):

  p1-p4   seed 000 (Incident Communication Procedures, P1-P4): resolution
          e-mail for P1 and P2 (its step 4), the post-incident report to
          Enterprise customers (its step 5); the rest as the severities' channels.
  p0-p3   seed 001 (Incident Communication SOP, P0-P3): e-mail for P0 and P1
          only the first notice and the resolution, social for P0 likewise
          ("initial announcement, resolution announcement"); the incident
          report e-mailed to affected users for P0 and P1 (within 48 hours).
  channels  each severity's channels, every kind, to everyone.
"""
from __future__ import annotations

from dataclasses import dataclass, field

EVERYONE = "everyone"  # the default audience: always there, whatever mkdocs.yml declares

# Kinds of message (contract 1 of issue #23).
FIRST, UPDATE, RESOLVED, REPORT = "first", "update", "resolved", "report"
MAINTENANCE_SCHEDULED = "maintenance_scheduled"
MAINTENANCE_STARTED = "maintenance_started"
MAINTENANCE_ENDED = "maintenance_ended"
SECURITY = "security"
INCIDENT_KINDS = (FIRST, UPDATE, RESOLVED, REPORT, SECURITY)
MAINTENANCE_KINDS = (MAINTENANCE_SCHEDULED, MAINTENANCE_STARTED, MAINTENANCE_ENDED)
POLICY_KINDS = (FIRST, UPDATE, RESOLVED, REPORT, MAINTENANCE_SCHEDULED, MAINTENANCE_STARTED, MAINTENANCE_ENDED,
                SECURITY)
KIND_LABELS = {FIRST: "first notice", UPDATE: "update", RESOLVED: "resolution", REPORT: "report published",
               MAINTENANCE_SCHEDULED: "maintenance scheduled", MAINTENANCE_STARTED: "maintenance started",
               MAINTENANCE_ENDED: "maintenance ended", SECURITY: "security notice"}

# Channels that carry a message to people. status_page and in_app are the page and its banner: they show
# every published update, so the policy does not choose messages for them.
POLICY_CHANNELS = ("email", "chat", "webhook", "social")
MAINTENANCE_SCOPE = "maintenance"  # the policy's key for maintenance, next to the severity ids

# What a channel a severity lists carried before the policy (and still does by default): every update's
# news; a post-incident report published alone reached the chat and the webhook only.
CHANNEL_KINDS = {
    "email": (FIRST, UPDATE, RESOLVED, SECURITY),
    "social": (FIRST, UPDATE, RESOLVED, SECURITY),
    "chat": INCIDENT_KINDS,
    "webhook": INCIDENT_KINDS,
}


@dataclass(frozen=True)
class Preset:
    follows: str  # which procedure it follows, for the docs and `statusgen comms --policy`
    # scope (severity id or "maintenance") -> channel -> kind -> audiences (() : not sent)
    rules: dict = field(default_factory=dict)
    audiences: tuple[tuple[str, str], ...] = ()  # (name, description) the preset's rules name


ENTERPRISE = "enterprise"
POLICY_PRESETS: dict[str, Preset] = {
    "p1-p4": Preset(
        follows="seed 000, Incident Communication Procedures (P1-P4)",
        rules={
            # Step 4: "Send resolution email to affected customers (P1/P2)"; P2's channels have no e-mail.
            # Step 5: "Send post-incident report to requesting Enterprise customers".
            "P1": {"email": {REPORT: (ENTERPRISE,)}},
            "P2": {"email": {RESOLVED: (EVERYONE,), REPORT: (ENTERPRISE,)}},
        },
        audiences=((ENTERPRISE, "Enterprise customers (seed 000 sends them the post-incident report)"),),
    ),
    "p0-p3": Preset(
        follows="seed 001, Incident Communication SOP (P0-P3)",
        rules={
            # E-mail: "Initial notification, resolution notification" for critical and high; social: "initial
            # announcement, resolution announcement" for critical; the incident report by e-mail within 48 hours
            # to affected users "if critical/high severity".
            "P0": {"email": {UPDATE: (), REPORT: (EVERYONE,)}, "social": {UPDATE: ()}},
            "P1": {"email": {UPDATE: (), REPORT: (EVERYONE,)}},
        },
    ),
    "channels": Preset(follows="each severity's channels: every kind of message, to everyone"),
}


def default_preset(severities_option) -> str:
    """The policy preset that goes with the severity scheme: the same procedure, or `channels` for a scheme of
    one's own (whose ids the presets do not know)."""
    if isinstance(severities_option, str) and severities_option in POLICY_PRESETS:
        return severities_option
    return "channels"
