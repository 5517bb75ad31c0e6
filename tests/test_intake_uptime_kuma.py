"""Uptime Kuma's webhook notification read into an AlertEvent per monitor."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from generator.intake.alert import FIRING, RESOLVED, AlertEvent
from generator.intake.senders import NotAnAlert, PayloadError, read_payload

PAYLOADS = Path(__file__).resolve().parent / "intake" / "payloads" / "uptime-kuma"
UTC = timezone.utc
LABELS = {"service": "checkout", "customer-facing": "true", "monitor": "Checkout API", "monitor_id": "14",
          "type": "http", "url": "https://shop.example.com/api/checkout/health", "path": "Shop / Checkout API"}


def payload(name: str) -> bytes:
    return (PAYLOADS / f"{name}.json").read_bytes()


def edited(name: str, change) -> bytes:
    data = json.loads(payload(name))
    change(data)
    return json.dumps(data).encode()


@pytest.mark.parametrize("sender", ["uptime-kuma", None])
def test_down_is_firing_from_the_heartbeat_read_as_utc(sender):
    assert read_payload(payload("firing"), sender) == AlertEvent(
        sender="uptime-kuma", key="14", state=FIRING, title="Checkout API is down",
        # "2026-06-09 07:41:03.118" is UTC; localDateTime (09:41:03 Berlin) is for people
        started=datetime(2026, 6, 9, 7, 41, 3, 118000, tzinfo=UTC),
        at=datetime(2026, 6, 9, 7, 41, 3, 118000, tzinfo=UTC),
        labels=LABELS,
        annotations={"message": "Request failed with status code 503",
                     "description": "Public checkout endpoint, probed from the Frankfurt node."},
        links=(),
    )


def test_a_resent_down_does_not_claim_to_be_the_start():
    event = read_payload(payload("repeated"), None)
    assert (event.state, event.key, event.title) == (FIRING, "14", "Checkout API is down")
    assert event.started is None and event.at == datetime(2026, 6, 9, 7, 51, 4, 530000, tzinfo=UTC)


def test_up_is_resolved_and_knows_its_outages_start_where_sent():
    event = read_payload(payload("resolved"), None)
    assert (event.state, event.key) == (RESOLVED, "14")
    assert event.started == datetime(2026, 6, 9, 7, 41, 3, 118000, tzinfo=UTC)
    assert event.at == datetime(2026, 6, 9, 8, 6, 33, 902000, tzinfo=UTC)
    older = read_payload(edited("resolved", lambda d: d["heartbeat"].pop("lastDownTime")), None)
    assert older.started is None and older.at == event.at


@pytest.mark.parametrize("name, change, reason", [
    ("pending", None, "pending"),
    ("firing", lambda d: d["heartbeat"].update(status=3), "maintenance"),
    ("test", None, "test notification"),
])
def test_pending_maintenance_and_tests_are_no_alert(name, change, reason):
    data = edited(name, change) if change else payload(name)
    with pytest.raises(NotAnAlert, match=reason):
        read_payload(data, None)


@pytest.mark.parametrize("change, message", [
    (lambda d: d["heartbeat"].update(status=7), "heartbeat.status is 7; expected 0 (down), 1 (up)"),
    (lambda d: d["heartbeat"].update(status="0"), "heartbeat.status is text; expected a number"),
    (lambda d: d["heartbeat"].pop("time"), "heartbeat.time is missing"),
    (lambda d: d["heartbeat"].update(time="yesterday"), "heartbeat.time is not a time"),
    (lambda d: d["monitor"].pop("id"), "monitor.id is missing"),
    (lambda d: d["monitor"].update(name=""), "monitor.name is empty"),
    (lambda d: d.update(monitor=None), "monitor is missing"),
])
def test_malformed(change, message):
    with pytest.raises(PayloadError) as error:
        read_payload(edited("firing", change), "uptime-kuma")
    assert message in str(error.value) and not isinstance(error.value, NotAnAlert)


def test_a_monitor_label_is_not_hidden_by_a_tag_of_the_same_name():
    def change(data):
        data["monitor"]["tags"].append({"name": "monitor", "value": "forged"})
    assert read_payload(edited("firing", change), None).labels["monitor"] == "Checkout API"
