"""Grafana Alerting's webhook contact point: Alertmanager's group notification with Grafana's additions.

Grafana sends the shape Alertmanager does (receiver, status, alerts, groupLabels, commonLabels,
commonAnnotations, externalURL, groupKey, truncatedAlerts) plus orgId, state, title, message and
version "1", and per alert values/valueString, dashboardURL, panelURL, silenceURL. The group is read as
alertmanager.read_group reads it; the key is the groupKey prefixed with the organisation (two Grafana
organisations can route identical groups to one webhook). Each alert's dashboard and panel are its links
beside its rule (generatorURL); the silence link is an action, not a page about the alert, and is left out.

Grafana's own `title` ("[FIRING:2] ...") and `message` are rendered from its notification templates and
change with the count of alerts: they are not the title, which comes from the summary annotations.
"""
from __future__ import annotations

from dataclasses import replace

from ..alert import AlertEvent
from . import common
from .alertmanager import read_group
from .common import PayloadError

SENDER = "grafana"
ALERT_LINKS = ("generatorURL", "dashboardURL", "panelURL")


def looks_like(payload: dict) -> bool:
    """A Grafana group notification: alerts and a groupKey with Grafana's orgId (or its version "1" with
    its rendered title and state), which Alertmanager never sends."""
    if not isinstance(payload.get("alerts"), list) or "groupKey" not in payload:
        return False
    return "orgId" in payload or (payload.get("version") == "1" and "state" in payload and "title" in payload)


def read(payload: dict) -> AlertEvent:
    version = payload.get("version")
    if version is not None and version != "1":
        raise PayloadError(f"version is {common.title(str(version), 20)!r}; statusgen reads Grafana's webhook "
                           "payload version 1")
    org = common.field(payload, "orgId", "", (int, str), required=False)
    event = read_group(payload, SENDER, ALERT_LINKS)
    if org is not None:
        event = replace(event, key=common.key(f"org {org}: {common.text(payload, 'groupKey', '')}"))
    return event
