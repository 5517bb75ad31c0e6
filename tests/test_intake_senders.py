"""Reading any sender's payload: the bounded parse, recognition by shape, and the refusals people see."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.intake.senders import SENDERS, NotAnAlert, PayloadError, read_payload
from generator.intake.senders.common import MAX_BYTES

PAYLOADS = Path(__file__).resolve().parent / "intake" / "payloads"


def fixture(sender: str, name: str) -> bytes:
    return (PAYLOADS / sender / f"{name}.json").read_bytes()


def test_every_sender_the_contract_names_is_read():
    assert set(SENDERS) <= {"alertmanager", "grafana", "uptime-kuma", "datadog", "pagerduty"}


def test_not_an_alert_is_a_payload_error():
    assert issubclass(NotAnAlert, PayloadError) and issubclass(PayloadError, ValueError)


@pytest.mark.parametrize("data, message", [
    (b"", "the payload is empty"),
    (b"  \n", "the payload is empty"),
    (b"<html>502 Bad Gateway</html>", "the payload is not JSON (line 1, column 1"),
    (b'{"status": "firing",\n "alerts": [}', "the payload is not JSON (line 2"),
    (b"[1, 2]", "the payload is a list, not a JSON object"),
    (b'"firing"', "the payload is text, not a JSON object"),
    (b"\xff\xfe{}", "the payload is not UTF-8 text (byte 0)"),
    (b'{"a": NaN}', "NaN is not a JSON number"),
    (b'{"a": ' + b"9" * 5000 + b"}", "a number thousands of digits long"),  # not Python's advice to itself
    (b'{"a": ' + b"[" * 40 + b"]" * 40 + b"}", "nests deeper than 32 levels"),
    (b"[" * 100000 + b"]" * 100000, "nests deeper than 32 levels"),
    (b'{"a": "' + b"x" * MAX_BYTES + b'"}', "statusgen reads at most 1048576 (1 MiB)"),
])
def test_unreadable_payloads_are_refused_with_a_reason(data, message):
    with pytest.raises(PayloadError) as error:
        read_payload(data, None)
    assert message in str(error.value)
    assert not isinstance(error.value, NotAnAlert)


def test_a_byte_order_mark_is_accepted():
    assert read_payload(b"\xef\xbb\xbf" + fixture("alertmanager", "firing"), None).sender == "alertmanager"


def test_an_unknown_shape_is_refused_naming_the_senders():
    with pytest.raises(PayloadError) as error:
        read_payload(json.dumps({"text": "disk full on db-1"}).encode(), None)
    message = str(error.value)
    assert "not one statusgen knows" in message and "--sender" in message
    for name in SENDERS:
        assert name in message


def test_an_unknown_sender_name_is_refused_naming_the_senders():
    with pytest.raises(PayloadError, match="unknown sender 'nagios'; statusgen reads alertmanager"):
        read_payload(fixture("alertmanager", "firing"), "nagios")


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("name", ["firing", "repeated", "resolved"])
def test_each_fixture_is_recognised_as_its_sender(sender, name):
    assert read_payload(fixture(sender, name), None).sender == sender


@pytest.mark.parametrize("sender", SENDERS)
def test_one_occurrence_keeps_one_key(sender):
    keys = {read_payload(path.read_bytes(), sender).key for path in sorted((PAYLOADS / sender).glob("*.json"))
            if path.stem in ("firing", "repeated", "resolved", "acknowledged")}
    assert len(keys) == 1


@pytest.mark.parametrize("sender", SENDERS)
def test_times_are_utc(sender):
    for name in ("firing", "resolved"):
        event = read_payload(fixture(sender, name), sender)
        for moment in (event.started, event.at):
            assert moment is None or moment.utcoffset().total_seconds() == 0 and moment.tzinfo is not None


def test_a_payload_that_fits_two_senders_is_refused_naming_both():
    both = {"heartbeat": {"status": 0}, "monitor": {"id": 1}, "msg": "",
            "event": {"event_type": "incident.triggered", "data": {}}}
    with pytest.raises(PayloadError, match="could be from uptime-kuma or pagerduty; name the sender with --sender"):
        read_payload(json.dumps(both).encode(), None)


@pytest.mark.parametrize("sender", SENDERS)
def test_a_named_sender_reads_even_a_shape_it_would_not_recognise(sender):
    """--sender skips recognition: the reader then says which of its fields is missing."""
    with pytest.raises(PayloadError) as error:
        read_payload(b'{"text": "disk full"}', sender)
    assert "is missing" in str(error.value) and not isinstance(error.value, NotAnAlert)


def test_labels_annotations_and_links_are_bounded():
    data = json.loads(fixture("alertmanager", "firing"))
    data["commonLabels"] = {f"l{i}": "v" * 1000 for i in range(500)}
    data["groupLabels"] = {}
    data["commonAnnotations"] = {"description": "line\n" * 3000}
    for index in range(60):
        data["alerts"].append(dict(data["alerts"][0], generatorURL=f"https://prom.internal.example/g{index}"))
    event = read_payload(json.dumps(data).encode(), None)
    assert len(event.labels) == 100 and all(len(v) == 300 for v in event.labels.values())
    assert len(event.annotations["description"]) == 4000
    assert len(event.links) == 20
