"""Which channels hear about an incident: its severity's channels, or maintenance_channels.

"chat" is the Slack-compatible message, "webhook" the JSON webhook, "email"
the e-mail, "social" the posts to Mastodon and Bluesky (X stays a draft); any
other channel named in mkdocs.yml (status_page, in_app) is one statusgen does
not send to itself.
"""
from __future__ import annotations

from ..core.model import Incident
from ..read.config import Config

CHAT = "chat"
WEBHOOK = "webhook"
EMAIL = "email"
SOCIAL = "social"


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
