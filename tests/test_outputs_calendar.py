"""maintenance.ics, read back with icalendar (every property's value decoded)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import icalendar
import pytest

from generator.outputs import render_outputs
from sample import ACME, ALL, MAINT_FUTURE, append_update, load_state, write_project

UTC = timezone.utc


@pytest.fixture
def layout():
    return ACME


def read_calendar(data: bytes) -> tuple[icalendar.Calendar, list]:
    cal = icalendar.Calendar.from_ical(data)
    # icalendar parses leniently: decode every property so a malformed value surfaces.
    for component in cal.walk():
        for name, value in component.property_items(recursive=False):
            if name in ("BEGIN", "END"):
                continue
            decoded = value.dt if hasattr(value, "dt") else component.decoded(name)
            assert decoded is not None, name
        assert not getattr(component, "errors", []), component.errors
    return cal, list(cal.walk("VEVENT"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    state = load_state(write_project(tmp_path_factory.mktemp("ics"), ALL, **ACME))
    return state, render_outputs(state)["maintenance.ics"]


def test_calendar_headers_for_subscription(site):
    _, data = site
    cal, _ = read_calendar(data)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]).startswith("-//statusgen//")
    assert str(cal["X-WR-CALNAME"]) == "Acme <Test> Status: maintenance"
    assert cal["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert icalendar.vDuration.from_ical(str(cal["X-PUBLISHED-TTL"])) == timedelta(hours=1)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in data
    assert data.endswith(b"END:VCALENDAR\r\n")


def test_one_event_per_maintenance_in_utc(site):
    state, data = site
    _, events = read_calendar(data)
    maintenance = sorted((i for i in state.incidents if i.is_maintenance), key=lambda i: i.window_start)
    assert [str(e["UID"]) for e in events] == [f"{m.id}@status.acme.example" for m in maintenance]
    for event, item in zip(events, maintenance):
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert start == item.window_start and end == item.window_end
        assert start.utcoffset() == timedelta(0)
        assert event["DTSTAMP"].dt == item.updates[-1].at
        assert int(event["SEQUENCE"]) == len(item.updates) - 1
        assert str(event["URL"]) == f"https://status.acme.example/incidents/{item.id}/"
        assert str(event["SUMMARY"]) == f"Maintenance: {item.title}"
        assert str(event["STATUS"]) == "CONFIRMED"
    assert b"DTSTART:20260320T020000Z" in data and b"DTEND:20260320T030000Z" in data
    network = events[-1]
    description = str(network["DESCRIPTION"])
    assert description.startswith("Scheduled: Webhook deliveries may be delayed during this window.")
    assert "Affected: Webhooks" in description


def test_cancelled_maintenance_is_cancelled_and_sequence_rises(make_state):
    base = make_state({"2026-03-20-network": MAINT_FUTURE})
    cancelled_text = append_update(MAINT_FUTURE, "2026-03-11T09:00:00Z", "cancelled",
                                   "This maintenance is cancelled.")
    later = make_state({"2026-03-20-network": cancelled_text},
                  now=datetime(2026, 3, 12, tzinfo=UTC))
    _, [before] = read_calendar(render_outputs(base)["maintenance.ics"])
    _, [after] = read_calendar(render_outputs(later)["maintenance.ics"])
    assert str(before["UID"]) == str(after["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert str(before["STATUS"]) == "CONFIRMED" and str(after["STATUS"]) == "CANCELLED"
    assert after["DTSTAMP"].dt == datetime(2026, 3, 11, 9, 0, tzinfo=UTC) > before["DTSTAMP"].dt


def test_no_maintenance_gives_an_empty_valid_calendar(make_state):
    state = make_state({"2026-03-10-sign-in": ALL["2026-03-10-sign-in"]})
    cal, events = read_calendar(render_outputs(state)["maintenance.ics"])
    assert events == [] and str(cal["VERSION"]) == "2.0"


def test_each_maintenance_has_its_own_file_with_the_same_event_as_the_whole_calendar(tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp("ics-own"), ALL, **ACME)
    state = load_state(project)
    outputs = render_outputs(state)
    _, whole = read_calendar(outputs["maintenance.ics"])
    own = {path: data for path, data in outputs.items() if path.endswith("/calendar.ics")}
    maintenance = sorted(i.id for i in state.incidents if i.is_maintenance)
    assert sorted(own) == [f"incidents/{i}/calendar.ics" for i in maintenance]
    by_uid = {str(e["uid"]): e for e in whole}
    for path, data in own.items():
        cal, [event] = read_calendar(data)
        assert str(cal["version"]) == "2.0" and str(cal["method"]) == "PUBLISH"
        assert str(event["uid"]) == f"{path.split('/')[1]}@status.acme.example"
        assert event.to_ical() == by_uid[str(event["uid"])].to_ical()  # the very same event, byte for byte
    # Deterministic: another build of the same state writes the same bytes.
    again = render_outputs(load_state(project))
    assert all(again[path] == data for path, data in own.items())
