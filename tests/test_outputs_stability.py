"""Ids and bytes that must not change, and text that must never be published."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import feedparser
import icalendar
import pytest

from generator.outputs import render_outputs
from sample import ACME, ALL, MAINT_FUTURE, RESOLVED, append_update

A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def layout():
    return ACME


def test_two_renders_are_byte_identical(make_state):
    first = render_outputs(make_state(ALL))
    second = render_outputs(make_state(ALL))
    assert list(first) == sorted(first)
    assert first == second


def test_ids_survive_an_added_update(make_state):
    open_incident = RESOLVED.split("  - at: 2026-03-04T10:40:00Z")[0] + "---\n"
    before_files = {"2026-03-04-api-errors": open_incident, "2026-03-20-network": MAINT_FUTURE}
    after_files = {
        "2026-03-04-api-errors": append_update(open_incident, "2026-03-07T11:00:00Z", "resolved", "All fixed."),
        "2026-03-20-network": append_update(MAINT_FUTURE, "2026-03-06T09:00:00Z", "scheduled",
                                            "The window moved by an hour."),
    }
    before = render_outputs(make_state(before_files))
    after = render_outputs(make_state(after_files))

    for path in ("history.atom", "components/api/history.atom", "history.rss"):
        old = {e.link: e for e in feedparser.parse(before[path]).entries}
        new = {e.link: e for e in feedparser.parse(after[path]).entries}
        link = "https://status.acme.example/incidents/2026-03-04-api-errors/"
        assert old[link].id == new[link].id == "tag:status.acme.example,2024:incident:2026-03-04-api-errors"
        field = "published" if path.endswith("rss") else "updated"  # RSS pubDate follows the latest update
        assert old[link][field] != new[link][field]
    atom = ET.fromstring(after["history.atom"])
    assert atom.find(f"{A}entry/{A}id").text.endswith("2026-03-04-api-errors")  # moved to the top

    old_json = json.loads(before["api/v2/incidents.json"])["incidents"][0]
    new_json = json.loads(after["api/v2/incidents.json"])["incidents"][0]
    assert old_json["id"] == new_json["id"] == "2026-03-04-api-errors"
    old_updates = {u["id"]: u for u in old_json["incident_updates"]}
    new_updates = {u["id"]: u for u in new_json["incident_updates"]}
    assert set(old_updates) < set(new_updates)
    for uid, update in old_updates.items():
        assert new_updates[uid]["body"] == update["body"]
    assert json.loads(before["api/v2/summary.json"])["page"]["id"] == json.loads(after["api/v2/summary.json"])[
        "page"]["id"]

    [old_event] = icalendar.Calendar.from_ical(before["maintenance.ics"]).walk("VEVENT")
    [new_event] = icalendar.Calendar.from_ical(after["maintenance.ics"]).walk("VEVENT")
    assert str(old_event["UID"]) == str(new_event["UID"]) == "2026-03-20-network@status.acme.example"
    assert int(new_event["SEQUENCE"]) > int(old_event["SEQUENCE"])


def test_drafts_and_internal_notes_appear_nowhere(make_state):
    out = render_outputs(make_state(ALL))
    assert out
    for path, data in out.items():
        text = data.decode("utf-8")
        for secret in ("DRAFTSECRET", "2026-03-09-draft", "inc-secret-channel", "internal:", "slack"):
            assert secret not in text, (path, secret)

