"""PagerDuty's v3 webhook: {"event": {id, event_type, resource_type, occurred_at, agent, client, data}}.

The incident (event.data, type "incident") is the unit: its id is the key, one per occurrence, the same
through triggered, acknowledged and resolved. Which events are which state:

    incident.triggered, incident.reopened, incident.unacknowledged   firing
    incident.acknowledged                                            acknowledged
    incident.resolved                                                resolved

Every other event (escalated, reassigned, delegated, priority_updated, annotated, responder.*,
status_update_published, service.*, and PagerDuty's pagey.ping test) changes no state statusgen keeps:
NotAnAlert. PagerDuty cannot template its body or add the headers a repository_dispatch needs, so it
reaches statusgen through a small relay (docs/alerts.md); the relay passes the body on unchanged.

started is the incident's created_at; at is event.occurred_at for an acknowledgement or a resolution
(when a person acknowledged, when it resolved) and the start for a firing.
"""
from __future__ import annotations

from ..alert import ACKNOWLEDGED, FIRING, RESOLVED, AlertEvent
from . import common
from .common import NotAnAlert, PayloadError

SENDER = "pagerduty"
EVENT_STATES = {
    "incident.triggered": FIRING,
    "incident.reopened": FIRING,
    "incident.unacknowledged": FIRING,
    "incident.acknowledged": ACKNOWLEDGED,
    "incident.resolved": RESOLVED,
}


def looks_like(payload: dict) -> bool:
    event = payload.get("event")
    return isinstance(event, dict) and "event_type" in event and ("resource_type" in event or "data" in event)


def read(payload: dict) -> AlertEvent:
    event = common.field(payload, "event", "", dict)
    event_type = common.text(event, "event_type", "event")
    if event_type not in EVENT_STATES:
        raise NotAnAlert(f"PagerDuty's {common.title(event_type, 60)} event changes no state statusgen records "
                         "(it records triggered, acknowledged, unacknowledged, reopened and resolved)")
    data = common.field(event, "data", "event", dict)
    kind = common.text(data, "type", "event.data")
    if kind != "incident":
        raise PayloadError(f"event.data.type is {common.title(kind, 40)!r}; a {event_type} event carries an "
                           "incident")
    incident_id = common.text(data, "id", "event.data")
    state = EVENT_STATES[event_type]
    started = common.time(data, "created_at", "event.data")
    at = started if state == FIRING else common.time(event, "occurred_at", "event")
    service = common.field(data, "service", "event.data", dict, required=False) or {}
    return AlertEvent(
        sender=SENDER,
        key=common.key(incident_id),
        state=state,
        title=common.title(common.text(data, "title", "event.data")),
        started=started,
        at=at,
        labels=_labels(data, service, incident_id),
        annotations={},
        links=common.links(data.get("html_url"), service.get("html_url")),
    )


def _summary(value) -> str | None:
    """A PagerDuty reference's summary (its display name)."""
    if isinstance(value, dict) and isinstance(value.get("summary"), str) and value["summary"].strip():
        return value["summary"]
    return None


def _labels(data: dict, service: dict, incident_id: str) -> dict[str, str]:
    """service (its name), service_id, urgency, priority (P1...), teams (names, comma-separated),
    escalation_policy, incident_number, incident_key (the deduplication key of the alert that opened it)."""
    teams = data.get("teams")
    team_names = [_summary(t) for t in teams] if isinstance(teams, list) else []
    labels = {
        "service": _summary(service),
        "service_id": service.get("id"),
        "urgency": data.get("urgency"),
        "priority": _summary(data.get("priority")),
        "teams": ", ".join(n for n in team_names if n) or None,
        "escalation_policy": _summary(data.get("escalation_policy")),
        "incident_id": incident_id,
        "incident_number": data.get("number"),
        "incident_key": data.get("incident_key"),
    }
    return common.string_map({k: v for k, v in labels.items() if v is not None}, "event.data",
                             common.LABEL_VALUE_LENGTH)
