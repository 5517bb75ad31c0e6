"""Where notifications go, and which incidents go where.

Targets come from environment variables (fed by repository secrets in CI), so
no URL is ever committed. Which target hears about an incident follows the
severity scheme's channels: "chat" for the Slack-compatible message,
"webhook" for the JSON webhook; maintenance uses maintenance_channels.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from ..config import Config
from ..model import Incident

CHAT = "chat"
WEBHOOK = "webhook"


@dataclass(frozen=True)
class Target:
    channel: str  # CHAT or WEBHOOK
    variable: str  # the environment variable it came from
    url: str


VARIABLES = {WEBHOOK: "STATUSGEN_WEBHOOK_URL", CHAT: "STATUSGEN_SLACK_WEBHOOK_URL"}


def configured_targets(environ: Mapping[str, str] | None = None) -> list[Target]:
    """Targets whose variable is set and not blank (an unset secret arrives as '')."""
    environ = os.environ if environ is None else environ
    out = []
    for channel, variable in VARIABLES.items():
        url = (environ.get(variable) or "").strip()
        if url:
            out.append(Target(channel=channel, variable=variable, url=url))
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
