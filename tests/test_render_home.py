"""The status page's first part as data (generator.render.home): the banner's facts, the compact cards'
latest update as plain text, and the components at a glance."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from generator.render.home import banner_facts, card, glance, plain
from generator.render.renderer import Renderer
from sample import NOW, incident, load_state, write_project

T = datetime(2026, 3, 10, 10, 0, tzinfo=timezone.utc)


def test_a_message_becomes_one_line_of_plain_text_without_markup():
    html = "<p>Errors on <a href=\"x\">the API</a> &amp; the web.</p>\n<ul>\n<li>one</li><li>two</li></ul><p>Next &lt;b&gt;</p>"
    assert plain(html) == "Errors on the API & the web. one two Next <b>"


def _card(start, next_update, affected=True):
    impact = "major_outage" if affected else "operational"
    summary = {"start": start, "next_update": next_update,
               "components": [{"id": "api", "name": "API", "impact": impact}]}
    return card(summary, [])


def test_the_banner_says_since_the_earliest_start_still_affecting_and_the_soonest_update():
    items = [_card(T, T + timedelta(minutes=90)), _card(T - timedelta(hours=1), None, affected=False),
             _card(T + timedelta(minutes=30), T + timedelta(minutes=45))]
    facts = banner_facts(items, T + timedelta(hours=1))
    # The earlier incident has recovered everywhere (still open while watched): not "down since" then.
    assert facts == {"since": T, "next_update": T + timedelta(minutes=45)}
    assert banner_facts([_card(T, None, affected=False)], T) == {"since": None, "next_update": None}
    assert banner_facts([], T) == {"since": None, "next_update": None}


COMPONENTS = [{"id": "api", "name": "Public API", "group": "Core"}, {"id": "web", "name": "Website", "group": "Core"},
              {"id": "cdn", "name": "CDN", "group": "Edge"}, {"id": "dns", "name": "DNS", "group": "Edge"},
              {"id": "webhooks", "name": "Webhooks"}]


def test_a_quiet_group_is_one_line_and_any_other_lists_its_members(tmp_path):
    state = load_state(write_project(tmp_path, {"2026-03-10-api.md": incident(
        severity="P2", components={"api": "partial_outage"}, started="2026-03-10T10:00:00Z",
        updates=[("2026-03-10T10:05:00Z", "investigating", "FIRST"), ("2026-03-10T11:00:00Z", "identified",
                                                                       "**LATEST** words")])},
        components=COMPONENTS), NOW)
    renderer = Renderer(state)
    groups = glance(renderer.component_rows())
    assert [(g["name"], g["quiet"], [r["name"] for r in g["rows"]]) for g in groups] == [
        ("Core", False, ["Public API", "Website"]), ("Edge", True, ["CDN", "DNS"]), (None, False, ["Webhooks"])]
    item = state.active[0]
    found = card(renderer.summary(item), renderer.timeline(item))
    assert found["latest"]["text"] == "LATEST words" and found["updates_count"] == 2
    assert [c["id"] for c in found["still_affected"]] == ["api"] and found["recovered"] == []
