"""The one shape every sender's webhook payload is read into.

A sender's payload is untrusted text from outside: every field here is plain str (no markup is
interpreted), and nothing in it reaches the public page except the title, and only after a person
merged the draft. Labels, annotations and links carry internal host names and runbooks: they are
kept under the incident's `internal:` only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

FIRING, ACKNOWLEDGED, RESOLVED = "firing", "acknowledged", "resolved"
STATES = (FIRING, ACKNOWLEDGED, RESOLVED)


@dataclass(frozen=True)
class AlertEvent:
    """One notification from a monitoring system about one alert (or one Alertmanager/Grafana group).

    `key` identifies the alert across its firing, acknowledgement and resolution (the same key for the
    same problem, a new key for a new occurrence where the sender tells them apart); with `sender` it
    names the draft incident the event belongs to.
    """

    sender: str  # "alertmanager", "grafana", "uptime-kuma", "datadog", "pagerduty"
    key: str  # stable id of the alert at the sender: a group key, an incident id, a monitor id
    state: str  # FIRING, ACKNOWLEDGED or RESOLVED
    title: str  # one line, the alert's summary
    started: datetime | None  # when the alert began (becomes `detected`), timezone-aware
    at: datetime | None  # when this event happened (the acknowledgement or the resolution), timezone-aware
    labels: dict[str, str] = field(default_factory=dict)  # what mapping rules match on
    annotations: dict[str, str] = field(default_factory=dict)  # description, runbook, ...
    links: tuple[str, ...] = ()  # the sender's own pages about the alert (generator, dashboard, incident)
