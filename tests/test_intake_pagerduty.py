"""PagerDuty's v3 webhook read into an AlertEvent per incident, acknowledgement included."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from generator.intake.alert import ACKNOWLEDGED, FIRING, RESOLVED, AlertEvent
from generator.intake.senders import NotAnAlert, PayloadError, read_payload

PAYLOADS = Path(__file__).resolve().parent / "intake" / "payloads" / "pagerduty"
UTC = timezone.utc
STARTED = datetime(2026, 7, 21, 2, 58, 41, tzinfo=UTC)
LABELS = {"service": "Orders", "service_id": "PZ3Q8RD", "urgency": "high", "priority": "P1",
          "teams": "Commerce platform", "escalation_policy": "Orders on-call", "incident_id": "Q2KX8VN4RT1ZPA",
          "incident_number": "4711", "incident_key": "5e2f7a9c0b3d4e1f8a6c2b7d9e0f1a3c"}


def payload(name: str) -> bytes:
    return (PAYLOADS / f"{name}.json").read_bytes()


def edited(name: str, change) -> bytes:
    data = json.loads(payload(name))
    change(data)
    return json.dumps(data).encode()


def expected(state, at) -> AlertEvent:
    return AlertEvent(
        sender="pagerduty", key="Q2KX8VN4RT1ZPA", state=state,
        title="Database primary unreachable from the order service", started=STARTED, at=at, labels=LABELS,
        annotations={}, links=("https://example-shop.pagerduty.com/incidents/Q2KX8VN4RT1ZPA",
                               "https://example-shop.pagerduty.com/service-directory/PZ3Q8RD"))


@pytest.mark.parametrize("sender", ["pagerduty", None])
def test_triggered(sender):
    assert read_payload(payload("firing"), sender) == expected(FIRING, STARTED)


def test_a_redelivered_trigger_is_the_same_event():
    assert read_payload(payload("repeated"), None) == read_payload(payload("firing"), None)


def test_acknowledged_at_the_moment_a_person_acknowledged():
    assert read_payload(payload("acknowledged"), None) == \
        expected(ACKNOWLEDGED, datetime(2026, 7, 21, 3, 2, 17, 355000, tzinfo=UTC))


def test_resolved():
    assert read_payload(payload("resolved"), None) == \
        expected(RESOLVED, datetime(2026, 7, 21, 3, 47, 9, 12000, tzinfo=UTC))


@pytest.mark.parametrize("event_type", ["incident.reopened", "incident.unacknowledged"])
def test_back_to_triggered_is_firing(event_type):
    def change(data):
        data["event"]["event_type"] = event_type
    assert read_payload(edited("acknowledged", change), None).state == FIRING


@pytest.mark.parametrize("name", ["escalated", "ping"])
def test_events_that_change_no_state_are_no_alert(name):
    with pytest.raises(NotAnAlert, match="changes no state statusgen records"):
        read_payload(payload(name), None)


@pytest.mark.parametrize("change, message", [
    (lambda d: d["event"].pop("data"), "event.data is missing"),
    (lambda d: d["event"]["data"].update(type="incident_note"), "event.data.type is 'incident_note'"),
    (lambda d: d["event"]["data"].pop("id"), "event.data.id is missing"),
    (lambda d: d["event"]["data"].pop("created_at"), "event.data.created_at is missing"),
    (lambda d: d["event"].pop("occurred_at"), "event.occurred_at is missing"),
    (lambda d: d["event"]["data"].update(title=["x"]), "event.data.title is a list"),
    (lambda d: d.update(event="incident.acknowledged"), "event is text; expected an object"),
])
def test_malformed(change, message):
    with pytest.raises(PayloadError) as error:
        read_payload(edited("acknowledged", change), "pagerduty")
    assert message in str(error.value) and not isinstance(error.value, NotAnAlert)
