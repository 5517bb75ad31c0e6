"""Grafana's webhook contact point read into one AlertEvent per notification group."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from generator.intake.alert import FIRING, RESOLVED, AlertEvent
from generator.intake.senders import PayloadError, read_payload

PAYLOADS = Path(__file__).resolve().parent / "intake" / "payloads" / "grafana"
UTC = timezone.utc
KEY = 'org 1: {}/{__grafana_receiver__="statusgen"}:{alertname="Search latency", grafana_folder="Search"}'


def payload(name: str) -> bytes:
    return (PAYLOADS / f"{name}.json").read_bytes()


def edited(name: str, change) -> bytes:
    data = json.loads(payload(name))
    change(data)
    return json.dumps(data).encode()


@pytest.mark.parametrize("sender", ["grafana", None])
def test_firing_group(sender):
    assert read_payload(payload("firing"), sender) == AlertEvent(
        sender="grafana", key=KEY, state=FIRING, title="Search is slow",
        started=datetime(2026, 5, 18, 12, 2, 10, tzinfo=UTC), at=datetime(2026, 5, 18, 12, 2, 10, tzinfo=UTC),
        labels={"alertname": "Search latency", "grafana_folder": "Search", "service": "search", "team": "discovery"},
        annotations={"summary": "Search is slow",
                     "runbook_url": "https://wiki.internal.example/runbooks/search-latency"},
        # the rule, the dashboard and the panel (each once), then Grafana itself; never the silence link
        links=("https://grafana.internal.example/alerting/grafana/c5ud1v7q2kz0gd/view?orgId=1",
               "https://grafana.internal.example/d/search-overview?orgId=1",
               "https://grafana.internal.example/d/search-overview?orgId=1&viewPanel=4",
               "https://grafana.internal.example/"),
    )


def test_repeated_notification_with_new_values_reads_to_the_same_event():
    assert read_payload(payload("repeated"), None) == read_payload(payload("firing"), None)


def test_resolved_group_ends_at_its_latest_end():
    event = read_payload(payload("resolved"), None)
    assert (event.state, event.key) == (RESOLVED, KEY)
    assert event.at == datetime(2026, 5, 18, 12, 31, 40, tzinfo=UTC)


def test_grafanas_rendered_title_is_not_the_title():
    def change(data):
        del data["commonAnnotations"]["summary"]
        for alert in data["alerts"]:
            del alert["annotations"]["summary"]
    assert read_payload(edited("firing", change), None).title == \
        "Search latency (grafana_folder=Search) (2 alerts)"


def test_another_organisation_is_another_key():
    assert read_payload(edited("firing", lambda d: d.update(orgId=2)), None).key == KEY.replace("org 1", "org 2")


def test_recognised_without_org_id_by_grafanas_own_fields():
    assert read_payload(edited("firing", lambda d: d.pop("orgId")), None).sender == "grafana"


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(version="2"), "statusgen reads Grafana's webhook payload version 1"),
    (lambda d: d.update(orgId=[1]), "orgId is a list; expected a number or text"),
    (lambda d: d["alerts"][0].update(startsAt=None), "alerts[0].startsAt is missing"),
    (lambda d: d.update(status=None), "status is missing"),
])
def test_malformed(change, message):
    with pytest.raises(PayloadError) as error:
        read_payload(edited("firing", change), "grafana")
    assert message in str(error.value)
