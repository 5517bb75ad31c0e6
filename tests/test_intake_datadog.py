"""Datadog's webhook, with the body docs/alerts.md documents, read into an AlertEvent per alert cycle."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from generator.intake.alert import FIRING, RESOLVED, AlertEvent
from generator.intake.senders import NotAnAlert, PayloadError, read_payload
from generator.intake.senders.datadog import BODY

PAYLOADS = Path(__file__).resolve().parent / "intake" / "payloads" / "datadog"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "alerts.md"
UTC = timezone.utc


def payload(name: str) -> bytes:
    return (PAYLOADS / f"{name}.json").read_bytes()


def edited(name: str, change) -> bytes:
    data = json.loads(payload(name))
    change(data)
    return json.dumps(data).encode()


@pytest.mark.parametrize("sender", ["datadog", None])
def test_triggered_is_firing_keyed_by_the_alert_cycle(sender):
    assert read_payload(payload("firing"), sender) == AlertEvent(
        sender="datadog", key="cycle 7394022817263511902", state=FIRING,
        title="Payments API error rate is high",  # "[Triggered on {...}]" taken off
        started=datetime(2026, 6, 10, 12, 10, 10, tzinfo=UTC), at=datetime(2026, 6, 10, 12, 10, 10, tzinfo=UTC),
        labels={"env": "prod", "monitor": "true", "service": "payments-api", "team": "payments",
                "monitor_id": "48213377", "priority": "P2", "metric": "trace.http.request.errors",
                "alert_type": "error"},
        annotations={"status": "trace.http.request.errors over env:prod,service:payments-api was > 0.05 on "
                               "average during the last 5m."},
        links=("https://app.datadoghq.eu/event/event?id=7394022817264001234",),
    )


def test_retriggered_is_the_same_alert_without_claiming_its_start():
    firing, again = read_payload(payload("firing"), None), read_payload(payload("repeated"), None)
    assert (again.key, again.state, again.title, again.labels) == (firing.key, FIRING, firing.title, firing.labels)
    assert again.started is None and again.at == datetime(2026, 6, 10, 12, 40, 10, tzinfo=UTC)


def test_recovered_is_resolved_at_its_date():
    event = read_payload(payload("resolved"), None)
    assert (event.state, event.key, event.title) == (RESOLVED, "cycle 7394022817263511902",
                                                     "Payments API error rate is high")
    assert event.started is None and event.at == datetime(2026, 6, 10, 13, 7, 10, tzinfo=UTC)


def test_a_warning_is_no_alert():
    with pytest.raises(NotAnAlert, match="'Warn'"):
        read_payload(payload("warn"), None)


def test_without_a_cycle_key_the_monitor_and_scope_are_the_key():
    def change(data):
        del data["alert_cycle_key"]
        data["alert_scope"] = "service:payments-api, env:prod"
    assert read_payload(edited("firing", change), None).key == "monitor 48213377 {env:prod,service:payments-api}"


def test_a_date_in_seconds_is_read_too():
    assert read_payload(edited("firing", lambda d: d.update(date="1781093410")), None).at == \
        datetime(2026, 6, 10, 12, 10, 10, tzinfo=UTC)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(alert_transition="$ALERT_TRANSITION"), "alert_transition is an unfilled variable"),
    (lambda d: d.update(alert_transition="Exploded"), "alert_transition is 'Exploded'; expected one of"),
    (lambda d: d.pop("date"), "date is missing"),
    (lambda d: d.update(date="soon"), "date is not a Unix time"),
    (lambda d: d.update(alert_cycle_key="", alert_id="$ALERT_ID"), "alert_cycle_key is missing, and alert_id too"),
])
def test_malformed(change, message):
    with pytest.raises(PayloadError) as error:
        read_payload(edited("firing", change), "datadog")
    assert message in str(error.value)


def test_the_documented_body_is_the_one_read():
    """docs/alerts.md shows BODY as JSON, and the fixtures send each of its fields."""
    shown = re.search(r"```json\n(\{\n  \"id\": \"\$ID\".*?\n\})\n```", DOCS.read_text(encoding="utf-8"), re.S)
    assert shown and json.loads(shown.group(1)) == BODY
    assert set(json.loads(payload("firing"))) == set(BODY)
