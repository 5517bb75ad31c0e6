"""Alertmanager's webhook (payload version 4) read into one AlertEvent per notification group."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from generator.intake.alert import FIRING, RESOLVED, AlertEvent
from generator.intake.senders import PayloadError, read_payload

PAYLOADS = Path(__file__).resolve().parent / "intake" / "payloads" / "alertmanager"
GROUP_KEY = '{}/{team="payments"}:{alertname="CheckoutErrorRate", service="checkout"}'
UTC = timezone.utc


def payload(name: str) -> bytes:
    return (PAYLOADS / f"{name}.json").read_bytes()


def edited(name: str, change) -> bytes:
    data = json.loads(payload(name))
    change(data)
    return json.dumps(data).encode()


LABELS = {"alertname": "CheckoutErrorRate", "service": "checkout", "severity": "critical", "team": "payments"}
LINKS = ("http://prometheus.internal.example:9090/graph?g0.expr=job%3Acheckout_5xx%3Aratio5m+%3E+0.05&g0.tab=1",
         "http://alertmanager.internal.example:9093")


@pytest.mark.parametrize("sender", ["alertmanager", None])
def test_firing_group_is_one_event_from_its_earliest_start(sender):
    event = read_payload(payload("firing"), sender)
    assert event == AlertEvent(
        sender="alertmanager", key=GROUP_KEY, state=FIRING, title="Checkout requests are failing",
        # 11:12:30+02:00 is 09:12:30 UTC, earlier than the second alert's 09:13:00Z; nanoseconds cut to µs
        started=datetime(2026, 3, 4, 9, 12, 30, 481927, tzinfo=UTC),
        at=datetime(2026, 3, 4, 9, 12, 30, 481927, tzinfo=UTC),
        labels=LABELS,
        annotations={"summary": "Checkout requests are failing",
                     "runbook_url": "https://runbooks.internal.example/checkout-errors"},
        links=LINKS,
    )
    assert event.started.utcoffset().total_seconds() == 0


def test_repeated_notification_reads_to_the_same_event():
    assert read_payload(payload("repeated"), None) == read_payload(payload("firing"), None)


def test_resolved_group_ends_at_its_latest_end_with_the_same_key():
    firing, resolved = read_payload(payload("firing"), None), read_payload(payload("resolved"), None)
    assert resolved.state == RESOLVED
    assert resolved.key == firing.key == GROUP_KEY
    assert resolved.started == firing.started
    assert resolved.at == datetime(2026, 3, 4, 9, 41, 45, 391, tzinfo=UTC)  # 11:41:45.000391204+02:00
    assert resolved.title == firing.title and resolved.labels == firing.labels


def test_title_falls_back_to_the_first_alerts_summary():
    def change(data):
        del data["commonAnnotations"]["summary"]
        data["alerts"][0]["annotations"]["summary"] = "Checkout pod 7f9c fails requests"
    assert read_payload(edited("firing", change), None).title == "Checkout pod 7f9c fails requests"


def test_title_without_any_summary_is_the_alert_name_and_group_labels():
    def change(data):
        del data["commonAnnotations"]["summary"]
        for alert in data["alerts"]:
            del alert["annotations"]["summary"]
    assert read_payload(edited("firing", change), None).title == "CheckoutErrorRate (service=checkout) (2 alerts)"


def test_group_labels_hold_over_common_labels_and_values_are_text():
    def change(data):
        data["commonLabels"] = {"alertname": "X", "port": 8080, "canary": True, "nested": {"a": "b"},
                                "nothing": None}
        data["groupLabels"] = {"alertname": "CheckoutErrorRate"}
    labels = read_payload(edited("firing", change), None).labels
    assert labels == {"alertname": "CheckoutErrorRate", "port": "8080", "canary": "true"}


def test_untrusted_text_is_one_clean_line_and_bounded():
    def change(data):
        data["commonAnnotations"]["summary"] = "Checkout\n::error::forged\x1b[31m " + "x" * 500
        data["commonAnnotations"]["description"] = "line one\nline two\x07\x00"
        data["commonLabels"]["team"] = "pay\nments"
        data["externalURL"] = "javascript:alert(1)"
    event = read_payload(edited("firing", change), None)
    assert "\n" not in event.title and "\x1b" not in event.title
    assert event.title.startswith("Checkout ::error::forged [31m x")
    assert len(event.title) == 200 and event.title.endswith("…")
    assert event.annotations["description"] == "line one\nline two"
    assert event.labels["team"] == "pay ments"
    assert event.links == LINKS[:1]  # the javascript: URL is no link


def test_a_very_long_group_key_is_kept_as_its_digest():
    long_key = "{}:{" + ", ".join(f'label{i}="{"v" * 20}"' for i in range(40)) + "}"
    key = read_payload(edited("firing", lambda d: d.update(groupKey=long_key)), None).key
    assert key.startswith("sha256:") and len(key) == 71
    assert key == read_payload(edited("resolved", lambda d: d.update(groupKey=long_key)), None).key


@pytest.mark.parametrize("change, message", [
    (lambda d: d.pop("groupKey"), "groupKey is missing"),
    (lambda d: d.update(status="pending"), 'status is \'pending\'; expected "firing" or "resolved"'),
    (lambda d: d.update(alerts=[]), "alerts is empty"),
    (lambda d: d.update(alerts={}), "alerts is an object; expected a list"),
    (lambda d: d["alerts"][1].pop("startsAt"), "alerts[1].startsAt is missing"),
    (lambda d: d["alerts"][0].update(startsAt="2026-03-04T09:12:30"), "alerts[0].startsAt has no time zone"),
    (lambda d: d["alerts"][0].update(startsAt=17), "alerts[0].startsAt is a number; expected a time"),
    (lambda d: d.update(commonLabels=["a"]), "commonLabels is a list; expected an object"),
])
def test_malformed_group_names_the_field(change, message):
    with pytest.raises(PayloadError) as error:
        read_payload(edited("firing", change), "alertmanager")
    assert message in str(error.value)


def test_resolved_group_without_ends_is_refused():
    def change(data):
        for alert in data["alerts"]:
            alert["endsAt"] = "0001-01-01T00:00:00Z"
    with pytest.raises(PayloadError, match=r"alerts\[0\]\.endsAt is missing"):
        read_payload(edited("resolved", change), "alertmanager")


def test_another_payload_version_is_refused_rather_than_misread():
    with pytest.raises(PayloadError, match="statusgen reads Alertmanager's webhook payload version 4"):
        read_payload(edited("firing", lambda d: d.update(version="5")), "alertmanager")


def test_a_value_is_never_echoed_in_a_message():
    secret = "https://hooks.internal.example/?token=s3cr3t"
    with pytest.raises(PayloadError) as error:
        read_payload(edited("firing", lambda d: d["alerts"][0].update(startsAt=secret)), "alertmanager")
    assert "s3cr3t" not in str(error.value)
