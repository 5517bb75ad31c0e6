"""Impact that changes during an incident (issue 10), read back from real outputs.

The sample incident goes partial -> major -> degraded -> operational while it
is still being monitored, then is resolved; its report is published two days later.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import feedparser
import pytest

from generator.write.build import build_site
from generator.core.model import Impact
from generator.outputs import render_outputs
from sample import load_state, write_project

UTC = timezone.utc
INCIDENT = """\
---
title: Elevated API errors
severity: P2
components:
  api: partial_outage
started: 2026-03-04T09:00:00Z
report_published: 2026-03-06T12:00:00Z
updates:
  - at: 2026-03-04T09:05:00Z
    status: investigating
    message: Some requests fail.
  - at: 2026-03-04T09:20:00Z
    status: identified
    message: Most requests fail now; a database replica is down.
    components:
      api: major_outage
  - at: 2026-03-04T09:50:00Z
    status: monitoring
    message: A fix is rolling out; responses are slow.
    components:
      api: degraded_performance
  - at: 2026-03-04T10:10:00Z
    status: monitoring
    message: Response times are normal; we keep watching.
    components:
      api: operational
  - at: 2026-03-04T10:40:00Z
    status: resolved
    message: Resolved.
---
## Summary

REPORT-TEXT: a replica failed.
"""


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture
def project(tmp_path):
    return write_project(tmp_path, {"2026-03-04-api.md": INCIDENT})


@pytest.mark.parametrize("moment, expected, open_", [
    ("2026-03-04T09:08:00Z", "partial_outage", True),  # the 09:20 update is more than CLOCK_SKEW away
    ("2026-03-04T09:30:00Z", "major_outage", True),
    ("2026-03-04T09:58:00Z", "degraded_performance", True),
    ("2026-03-04T10:20:00Z", "operational", True),  # still monitoring, but the API works
    ("2026-03-04T11:00:00Z", "operational", False),
])
def test_component_status_follows_the_updates(project, moment, expected, open_):
    state = load_state(project, at(moment))
    assert state.component_status["api"] == expected
    assert bool(state.active) is open_
    summary = json.loads(render_outputs(state)["api/v2/summary.json"])
    assert {c["id"]: c["status"] for c in summary["components"]}["api"] == expected


def test_the_status_page_at_a_moment_in_between(project):
    build_site(project.mkdocs, now=at("2026-03-04T09:30:00Z"))
    page = (project.site / "index.html").read_text()
    row = re.search(r'<li[^>]*>(?:(?!</li>).)*Public API(?:(?!</li>).)*</li>', page, re.S)
    assert row and "Major outage" in row.group(0), row and row.group(0)
    assert "Most requests fail now" in page and "A fix is rolling out" not in page  # not posted yet then


def test_uptime_counts_each_impact_for_as_long_as_it_lasted(project):
    state = load_state(project, at("2026-03-10T12:00:00Z"))
    day = next(d for d in state.uptime["api"].days if str(d.date) == "2026-03-04")
    # partial outage 09:00-09:20 weighs 0.3, major 09:20-09:50 counts fully, degraded counts nothing,
    # and the 30 minutes of monitoring after the API was operational again count nothing.
    assert day.downtime == pytest.approx(20 * 60 * 0.3 + 30 * 60)
    assert day.worst == Impact.MAJOR_OUTAGE and day.incidents == ("2026-03-04-api",)


def test_json_reports_what_each_update_changed(project):
    state = load_state(project, at("2026-03-10T12:00:00Z"))
    incident = json.loads(render_outputs(state)["api/v2/incidents.json"])["incidents"][0]
    changes = [[(c["code"], c["old_status"], c["new_status"]) for c in u["affected_components"] or []]
               for u in reversed(incident["incident_updates"])]
    assert changes == [
        [("api", "operational", "partial_outage")],
        [("api", "partial_outage", "major_outage")],
        [("api", "major_outage", "degraded_performance")],
        [("api", "degraded_performance", "operational")],
        [],  # resolving: the API was already operational
    ]


def test_one_duration_on_page_feed_and_json(project):
    build_site(project.mkdocs, now=at("2026-03-10T12:00:00Z"))
    page = (project.site / "incidents" / "2026-03-04-api" / "index.html").read_text()
    assert re.search(r"Duration</dt>\s*<dd>1 h 40 min</dd>", page), re.findall(r"Duration.{0,80}", page)
    assert re.search(r"Public API: degraded performance → <span[^>]*>Operational</span>", page)
    # The published report comes before the updates posted during the incident, and points to them.
    assert page.index('id="post-incident-report"') < page.index('href="#updates"') < page.index('id="updates"')
    assert re.search(r"Public API: partial outage → <span[^>]*>Major outage</span>", page)
    feed = feedparser.parse((project.site / "history.atom").read_bytes())
    assert "Duration:</strong> 1 h 40 min" in feed.entries[0].content[0].value
    incident = json.loads((project.site / "api/v2/incidents.json").read_text())["incidents"][0]
    assert at(incident["resolved_at"]) - at(incident["started_at"]) == timedelta(hours=1, minutes=40)


def test_a_report_published_later_is_news(project):
    before = load_state(project, at("2026-03-05T12:00:00Z"))
    out = render_outputs(before)
    incident = json.loads(out["api/v2/incidents.json"])["incidents"][0]
    assert incident["postmortem_body"] is None and incident["postmortem_published_at"] is None
    entry = feedparser.parse(out["history.atom"]).entries[0]
    assert entry.updated == "2026-03-04T10:40:00+00:00" and "REPORT-TEXT" not in entry.content[0].value

    after = load_state(project, at("2026-03-07T12:00:00Z"))
    out = render_outputs(after)
    incident = json.loads(out["api/v2/incidents.json"])["incidents"][0]
    assert incident["postmortem_published_at"] == "2026-03-06T12:00:00Z"
    assert "REPORT-TEXT: a replica failed." in incident["postmortem_body"]
    assert incident["updated_at"] == "2026-03-06T12:00:00Z"
    entry = feedparser.parse(out["history.atom"]).entries[0]
    assert entry.updated == "2026-03-06T12:00:00+00:00"
    assert "#post-incident-report" in entry.content[0].value


@pytest.mark.parametrize("built, shown, status", [
    ("2026-03-04T09:15:00Z", "Most requests fail now", "Major outage"),  # 09:20 update, 5 min ahead
    ("2026-03-04T10:05:00Z", "Response times are normal", "Operational"),  # 10:10 update, 5 min ahead
])
def test_an_update_stamped_after_the_build_is_shown_with_the_state_it_says(project, built, shown, status):
    # statusgen build --now T shows an update stamped up to CLOCK_SKEW after T (a fast laptop clock must
    # not hide it until the next build); the component states it sets hold on the same page, in the
    # incident's own "Affected" and in the API, never the state the update replaced.
    build_site(project.mkdocs, now=at(built))
    page = (project.site / "index.html").read_text()
    assert shown in page
    row = re.search(r'<li class="sg-component">(?:(?!</li>).)*Public API(?:(?!</li>).)*</li>', page, re.S)
    assert row and f">{status}<" in row.group(0), row and row.group(0)
    incident = (project.site / "incidents" / "2026-03-04-api" / "index.html").read_text()
    affected = incident[incident.index("<dt>Affected</dt>"):incident.index("</dl>")]
    assert f">{status}<" in affected, affected
    summary = json.loads((project.site / "api/v2/summary.json").read_text())
    assert {c["id"]: c["status"] for c in summary["components"]}["api"] == status.lower().replace(" ", "_")
