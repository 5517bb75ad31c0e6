"""Status and uptime arithmetic of generator/model/state.py, on hand-built incidents.

Every expected figure is worked out by hand in the test from the times given,
so the tests pin the rules (worst impact wins, overlap counted once, weights
from config, days in config.time_zone), not the implementation.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from generator.read.config import validate_options
from generator.core.model import Incident, Update
from generator.model.state import build_state
from sample import NOW

UTC = timezone.utc
H = 3600.0


def t(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def config(**options):
    options.setdefault("components", [
        {"id": "api", "name": "API", "group": "Core"},
        {"id": "web", "name": "Web", "group": "Core"},
        {"id": "exports", "name": "Exports", "only_show_if_degraded": True},
    ])
    cfg, problems = validate_options(options, site_name="Test", site_url="https://s.example/", base_dir=Path("."))
    assert not problems, problems
    return cfg


def inc(iid, start, end=None, components=None, severity="P3", statuses=None):
    """An incident from `start`, resolved at `end` (None: still open)."""
    updates = [Update(t(start), "investigating", "Looking.")]
    if end:
        updates.append(Update(t(end), "resolved", "Fixed."))
    return Incident(id=iid, source=f"incidents/{iid}.md", kind="incident", title=iid, severity=severity,
                    components=components or {"api": "major_outage"}, updates=tuple(updates), started_at=t(start))


def maint(iid, start, end, updates=None, components=None):
    updates = updates or [("2026-03-01T00:00:00Z", "scheduled")]
    return Incident(id=iid, source=f"incidents/{iid}.md", kind="maintenance", title=iid, severity=None,
                    components=components or {"api": "under_maintenance"},
                    updates=tuple(Update(t(at), status, "m") for at, status in updates),
                    started_at=t(start), window_start=t(start), window_end=t(end))


def day(state, component, when: date):
    return next(d for d in state.uptime[component].days if d.date == when)


def test_overlapping_incidents_count_each_instant_once_with_the_worst_weight():
    cfg = config()
    partial = inc("a-partial", "2026-03-08T10:00:00Z", "2026-03-08T12:00:00Z", {"api": "partial_outage"})
    major = inc("b-major", "2026-03-08T11:00:00Z", "2026-03-08T11:30:00Z", {"api": "major_outage"})
    state = build_state(cfg, [major, partial], NOW)
    d = day(state, "api", date(2026, 3, 8))
    # 1.5 h of partial outage alone at 30 %, 0.5 h where the major outage wins at 100 %.
    assert d.downtime == pytest.approx(1.5 * H * 0.3 + 0.5 * H)
    assert d.worst == "major_outage"
    assert d.incidents == ("a-partial", "b-major")
    assert state.uptime["api"].downtime == pytest.approx(0.95 * H)
    assert state.uptime["web"].downtime == 0
    assert all(x.worst == "operational" for x in state.uptime["web"].days)


def test_uptime_weights_come_from_config():
    cfg = config(uptime_weights={"partial_outage": 0.5, "degraded_performance": 0.1})
    items = [inc("p", "2026-03-08T10:00:00Z", "2026-03-08T12:00:00Z", {"api": "partial_outage", "web":
                                                                      "degraded_performance"})]
    state = build_state(cfg, items, NOW)
    assert state.uptime["api"].downtime == pytest.approx(2 * H * 0.5)
    assert state.uptime["web"].downtime == pytest.approx(2 * H * 0.1)


def test_incident_spanning_midnight_is_split_between_days_in_utc():
    state = build_state(config(), [inc("x", "2026-03-05T23:00:00Z", "2026-03-06T01:30:00Z")], NOW)
    assert day(state, "api", date(2026, 3, 5)).downtime == pytest.approx(1 * H)
    assert day(state, "api", date(2026, 3, 6)).downtime == pytest.approx(1.5 * H)
    assert day(state, "api", date(2026, 3, 5)).incidents == ("x",)
    assert day(state, "api", date(2026, 3, 6)).incidents == ("x",)


def test_days_follow_the_configured_time_zone():
    # Berlin is UTC+1 in early March: 23:00-01:30 UTC is 00:00-02:30 on the 6th there.
    state = build_state(config(time_zone="Europe/Berlin"), [inc("x", "2026-03-05T23:00:00Z", "2026-03-06T01:30:00Z")],
                        NOW)
    assert day(state, "api", date(2026, 3, 5)).downtime == 0
    assert day(state, "api", date(2026, 3, 6)).downtime == pytest.approx(2.5 * H)


def test_the_period_is_exactly_uptime_days_ending_now():
    cfg = config()
    first = NOW.date() - timedelta(days=89)  # 2025-12-11
    # Starts 2 h before the first day of the period, ends 2 h into it: only 2 h count.
    edge = inc("edge", "2025-12-10T22:00:00Z", "2025-12-11T02:00:00Z")
    older = inc("older", "2025-12-01T00:00:00Z", "2025-12-02T00:00:00Z")
    state = build_state(cfg, [edge, older], NOW)
    uptime = state.uptime["api"]
    assert len(uptime.days) == 90
    assert uptime.days[0].date == first and uptime.days[-1].date == NOW.date()
    assert uptime.downtime == pytest.approx(2 * H)
    # 89 whole days plus today until noon.
    assert uptime.measured == pytest.approx(89 * 24 * H + 12 * H)
    assert uptime.ratio == pytest.approx(1 - 2 * H / (89 * 24 * H + 12 * H))
    assert "older" not in {i for d in uptime.days for i in d.incidents}


def test_uptime_days_option_changes_the_period():
    state = build_state(config(uptime_days=30), [], NOW)
    assert len(state.uptime["api"].days) == 30
    assert state.uptime["api"].percent_text == "100.00%"


def test_open_incident_counts_until_now_and_sets_status_and_banner():
    open_one = inc("open", "2026-03-10T10:00:00Z", None, {"api": "major_outage", "web": "degraded_performance"},
                   severity="P1")
    state = build_state(config(), [open_one], NOW)
    assert state.component_status == {"api": "major_outage", "web": "degraded_performance", "exports": "operational"}
    assert state.active == [open_one]
    assert state.indicator == "critical"
    assert state.description == "Major Service Outage"
    assert day(state, "api", NOW.date()).downtime == pytest.approx(2 * H)
    # Today is measured only up to now, so 2 h of 12 h are down today.
    assert day(state, "api", NOW.date()).uptime == pytest.approx(1 - 2 / 12)


def test_resolved_incidents_leave_components_operational():
    state = build_state(config(), [inc("done", "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z")], NOW)
    assert set(state.component_status.values()) == {"operational"}
    assert state.active == []
    assert state.indicator == "none"
    assert state.description == "All Systems Operational"


def test_component_status_is_the_worst_among_active_incidents():
    a = inc("a", "2026-03-10T09:00:00Z", None, {"api": "degraded_performance"}, severity="P4")
    b = inc("b", "2026-03-10T10:00:00Z", None, {"api": "partial_outage"}, severity="P4")
    c = inc("c", "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z", {"api": "major_outage"}, severity="P1")
    state = build_state(config(), [b, a, c], NOW)
    assert state.component_status["api"] == "partial_outage"
    # The banner is the worse of the incidents' severity (P4: none) and the component statuses.
    assert state.indicator == "major"
    assert state.description == "Partial System Outage"


def test_severity_sets_the_banner_even_when_components_are_only_degraded():
    a = inc("a", "2026-03-10T09:00:00Z", None, {"api": "degraded_performance"}, severity="P1")
    assert build_state(config(), [a], NOW).indicator == "critical"


@pytest.mark.parametrize("now, phase, status, upcoming, active", [
    (t("2026-03-12T01:59:00Z"), "scheduled", "operational", True, False),
    (t("2026-03-12T02:00:00Z"), "in_progress", "under_maintenance", False, True),
    (t("2026-03-12T03:59:00Z"), "in_progress", "under_maintenance", False, True),
    (t("2026-03-12T04:00:00Z"), "completed", "operational", False, False),
    (t("2026-03-13T00:00:00Z"), "completed", "operational", False, False),
])
def test_maintenance_follows_its_window(now, phase, status, upcoming, active):
    item = maint("m", "2026-03-12T02:00:00Z", "2026-03-12T04:00:00Z")
    state = build_state(config(), [item], now)
    assert state.phase(item) == phase
    assert state.component_status["api"] == status
    assert (item in state.maintenance_upcoming) is upcoming
    assert (item in state.maintenance_active) is active
    assert state.indicator == ("maintenance" if active else "none")
    assert state.active == []  # maintenance is never an "active incident"


def test_maintenance_does_not_count_as_downtime_by_default():
    item = maint("m", "2026-03-09T02:00:00Z", "2026-03-09T04:00:00Z")
    state = build_state(config(), [item], NOW)
    d = day(state, "api", date(2026, 3, 9))
    assert d.downtime == 0
    assert d.worst == "under_maintenance"
    assert d.incidents == ("m",)
    assert state.uptime["api"].percent_text == "100.00%"


def test_maintenance_completed_early_ends_at_the_completing_update():
    item = maint("m", "2026-03-09T02:00:00Z", "2026-03-09T04:00:00Z",
                 [("2026-03-01T00:00:00Z", "scheduled"), ("2026-03-09T02:00:00Z", "in_progress"),
                  ("2026-03-09T02:30:00Z", "completed")])
    state = build_state(config(uptime_weights={"under_maintenance": 1}), [item], NOW)
    assert day(state, "api", date(2026, 3, 9)).downtime == pytest.approx(0.5 * H)


def test_cancelled_maintenance_before_its_window_has_no_effect():
    item = maint("m", "2026-03-12T02:00:00Z", "2026-03-12T04:00:00Z",
                 [("2026-03-01T00:00:00Z", "scheduled"), ("2026-03-11T00:00:00Z", "cancelled")])
    for now in (t("2026-03-11T12:00:00Z"), t("2026-03-12T03:00:00Z"), t("2026-03-13T00:00:00Z")):
        state = build_state(config(uptime_weights={"under_maintenance": 1}), [item], now)
        assert state.phase(item) == "cancelled"
        assert state.maintenance_upcoming == [] and state.maintenance_active == []
        assert state.component_status["api"] == "operational"
        assert state.uptime["api"].downtime == 0
        assert all(d.incidents == () for d in state.uptime["api"].days)


def test_maintenance_cancelled_mid_window_counts_until_cancelled():
    item = maint("m", "2026-03-09T02:00:00Z", "2026-03-09T04:00:00Z",
                 [("2026-03-01T00:00:00Z", "scheduled"), ("2026-03-09T03:00:00Z", "cancelled")])
    state = build_state(config(uptime_weights={"under_maintenance": 1}), [item], NOW)
    assert day(state, "api", date(2026, 3, 9)).downtime == pytest.approx(1 * H)


def test_upcoming_maintenance_is_sorted_soonest_first():
    later = maint("later", "2026-03-20T02:00:00Z", "2026-03-20T04:00:00Z")
    sooner = maint("sooner", "2026-03-15T02:00:00Z", "2026-03-15T04:00:00Z")
    state = build_state(config(), [later, sooner], NOW)
    assert [m.id for m in state.maintenance_upcoming] == ["sooner", "later"]


def test_incident_during_maintenance_wins_when_worse():
    m = maint("m", "2026-03-10T10:00:00Z", "2026-03-10T14:00:00Z")
    i = inc("i", "2026-03-10T11:00:00Z", None, {"api": "partial_outage"}, severity="P3")
    state = build_state(config(), [i, m], NOW)
    assert state.component_status["api"] == "partial_outage"
    assert state.indicator == "major"
    assert state.maintenance_active == [m]


def test_only_show_if_degraded_component_still_gets_status_and_uptime():
    i = inc("i", "2026-03-10T11:00:00Z", None, {"exports": "partial_outage"}, severity="P4")
    state = build_state(config(), [i], NOW)
    assert state.component_status["exports"] == "partial_outage"
    assert state.uptime["exports"].downtime == pytest.approx(1 * H * 0.3)


def test_percent_is_truncated_never_rounded_up():
    # 30 s of full outage in one day of measurement: 99.965 % -> 99.96 %, never 99.97 or 100.00.
    cfg = config(uptime_days=1)
    item = inc("i", "2026-03-10T12:00:00Z", "2026-03-10T12:00:30Z")
    state = build_state(cfg, [item], t("2026-03-10T23:59:59Z"))
    ratio = 1 - 30 / 86399
    assert state.uptime["api"].ratio == pytest.approx(ratio)
    assert state.uptime["api"].percent_text == "99.96%"


@pytest.mark.parametrize("downtime, shown", [
    (0, "100.00%"),
    (864, "99.90%"),      # 0.1 % of 10 days
    (163296, "81.10%"),   # 81.1 % exactly, which plain truncation of the float read as 81.09 %
    (86.4, "99.99%"),     # 0.01 %
    (34.56, "99.99%"),    # 99.996 %: truncated, never rounded up to 100.00 %
    (8640, "99.00%"),
    (864000, "0.00%"),
])
def test_uptime_percent_is_truncated_to_two_decimals_without_float_noise(downtime, shown):
    from generator.model.state import Uptime

    assert Uptime((), downtime, 864000).percent_text == shown
