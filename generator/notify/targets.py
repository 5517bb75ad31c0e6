"""Where notifications go, and which incidents go where.

Targets come from environment variables (fed by repository secrets in CI), so
no URL is ever committed. Which target hears about an incident follows the
severity scheme's channels: "chat" for the Slack-compatible message,
"webhook" for the JSON webhook, "email" for the e-mail (SMTP); maintenance
uses maintenance_channels.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from ..read.config import Config
from ..core.model import Incident

CHAT = "chat"
WEBHOOK = "webhook"
EMAIL = "email"


@dataclass(frozen=True)
class Target:
    channel: str  # CHAT, WEBHOOK or EMAIL
    variable: str  # the environment variable it came from
    url: str
    sender: str = ""  # EMAIL: STATUSGEN_EMAIL_FROM
    recipient: str = ""  # EMAIL: STATUSGEN_EMAIL_TO (one address, e.g. a mailing list)


VARIABLES = {WEBHOOK: "STATUSGEN_WEBHOOK_URL", CHAT: "STATUSGEN_SLACK_WEBHOOK_URL", EMAIL: "STATUSGEN_SMTP_URL"}
EMAIL_FROM, EMAIL_TO = "STATUSGEN_EMAIL_FROM", "STATUSGEN_EMAIL_TO"


def configured_targets(environ: Mapping[str, str] | None = None) -> list[Target]:
    """Targets whose variable is set and not blank (an unset secret arrives as '')."""
    environ = os.environ if environ is None else environ
    out = []
    for channel, variable in VARIABLES.items():
        url = (environ.get(variable) or "").strip()
        if url:
            extra = {}
            if channel == EMAIL:
                extra = {"sender": (environ.get(EMAIL_FROM) or "").strip(),
                         "recipient": (environ.get(EMAIL_TO) or "").strip()}
            out.append(Target(channel=channel, variable=variable, url=url, **extra))
    return out


def channels_for(item: Incident, config: Config) -> tuple[str, ...]:
    if item.is_maintenance:
        return tuple(config.maintenance_channels)
    severity = config.severity_map.get(item.severity or "")
    return tuple(severity.channels) if severity else ()


def routing_note(item: Incident, config: Config) -> str:
    """Why an incident reaches no target, e.g. 'P4 is announced on status_page only'."""
    channels = channels_for(item, config)
    who = "maintenance" if item.is_maintenance else (item.severity or "this incident")
    listed = ", ".join(channels) if channels else "no channel"
    return f"{who} is announced on {listed} only"
