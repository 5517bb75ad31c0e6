"""Built-in severity schemes, taken from the incident-communication procedures.

`p1-p4` follows the four-level procedure (critical/high/medium/low with 15 min,
30 min and 2 h cadences, and at least 10 min of monitoring before "resolved"
for P1-P3), with the incident-management procedure's targets to detect,
acknowledge and resolve; `p0-p3` follows the SOP that counts from P0 (which
sets no such targets). Each entry may be overridden or replaced in mkdocs.yml.

Channels say where an incident of that severity is announced:
  status_page  the public site (always, once a file is committed)
  in_app       the in-app banner (/embed/banner.json)
  email        customer e-mail, sent by whatever listens to the webhook
  social       public social accounts, likewise via the webhook
  chat         the team chat (the Slack-compatible notification)
  webhook      the generic JSON webhook
"""
from __future__ import annotations

from .text import N_

CHANNELS = ("status_page", "in_app", "email", "social", "chat", "webhook")
# Statuspage's incident impact levels; each severity maps onto one.
IMPACT_LEVELS = ("none", "minor", "major", "critical")

PRESETS: dict[str, list[dict]] = {
    "p1-p4": [
        {
            "id": "P1",
            "name": N_("Critical"),
            "definition": "Complete service outage or data breach.",
            "response_time": "15m",
            "update_every": "15m",
            "channels": ["status_page", "email", "in_app", "social", "chat", "webhook"],
            "impact": "critical",
            "postmortem_within": "48h",
            # Seed 003: detect within 3 min (MTTD), acknowledge within 5 min, resolve within 45 min.
            "detect_within": "3m",
            "acknowledge_within": "5m",
            "resolve_within": "45m",
            # Seed 000's workflow: the fix is confirmed stable after at least 10 min of monitoring (P1-P3).
            "monitor_for": "10m",
        },
        {
            "id": "P2",
            "name": N_("High"),
            "definition": "Major feature unavailable, or significant performance degradation.",
            "response_time": "30m",
            "update_every": "30m",
            "channels": ["status_page", "in_app", "chat", "webhook"],
            "impact": "major",
            "postmortem_within": "48h",
            "acknowledge_within": "15m",
            "monitor_for": "10m",
            "resolve_within": "2h",
        },
        {
            "id": "P3",
            "name": N_("Medium"),
            "definition": "Minor feature degradation, or a non-critical component failing.",
            "response_time": "2h",
            "update_every": "2h",
            "channels": ["status_page", "chat", "webhook"],
            "impact": "minor",
            "postmortem_within": None,
            # Resolution "within 8 business hours": business hours are no fixed clock, so none is checked.
            "acknowledge_within": "1h",
            "monitor_for": "10m",
        },
        {
            "id": "P4",
            "name": N_("Low"),
            "definition": "Cosmetic issues, or minor bugs with a workaround.",
            # "Next business day": no fixed clock to check against.
            "response_time": None,
            "update_every": None,
            "channels": ["status_page"],
            "impact": "none",
            "postmortem_within": None,
            "acknowledge_within": "24h",
            # No monitor_for: like the workflow's 5-15 min first update, its 10 min watch before "resolved"
            # belongs to the levels with a clock; a cosmetic fix waits for the next business day.
        },
    ],
    "p0-p3": [
        {
            "id": "P0",
            "name": N_("Critical"),
            "definition": "Service completely unavailable.",
            "response_time": "15m",
            "update_every": "15m",
            "channels": ["status_page", "email", "social", "in_app", "chat", "webhook"],
            "impact": "critical",
            "postmortem_within": "48h",
        },
        {
            "id": "P1",
            "name": N_("High"),
            "definition": "Service degraded, or major features unavailable.",
            "response_time": "1h",
            "update_every": "1h",
            "channels": ["status_page", "email", "in_app", "chat", "webhook"],
            "impact": "major",
            "postmortem_within": "48h",
        },
        {
            "id": "P2",
            "name": N_("Medium"),
            "definition": "Minor service degradation; some features affected.",
            "response_time": "4h",
            "update_every": None,
            "channels": ["status_page", "chat", "webhook"],
            "impact": "minor",
            "postmortem_within": None,
        },
        {
            "id": "P3",
            "name": N_("Low"),
            "definition": "Minimal impact, minor issues.",
            "response_time": "24h",
            "update_every": None,
            "channels": ["status_page"],
            "impact": "none",
            "postmortem_within": None,
        },
    ],
}
DEFAULT_PRESET = "p1-p4"
DEFAULT_MAINTENANCE_CHANNELS = ["status_page", "in_app", "chat", "webhook"]


def preset_name(severity_id: str, name: str) -> bool:
    """Whether `name` is a preset's own name for `severity_id` (English, marked for the catalogs): the pages
    show it in the site's language; a name the project wrote itself is shown as written."""
    return any(level["id"] == severity_id and level["name"] == name for levels in PRESETS.values() for level in levels)
