"""Uptime is not claimed before data exists: a component (or the whole site) says since when it is measured,
and the page, the /reliability/ page and `statusgen report` show "no data" before that, never 100 %."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from sample import COMPONENTS, NOW, incident, load_state, write_project

from generator.cli import main
from generator.core.diagnostics import UserError
from generator.outputs import render_outputs
from generator.read.config import load_config
from generator.render import Renderer, plan_pages
from generator.render.bars import uptime_bar
from generator.render.renderer import TONE

H = 3600
# Measured from 1 March; NOW is 10 March 12:00 UTC, so nine and a half days are measured.
SINCE = [{**c, "measured_since": "2026-03-01"} if c["id"] == "api" else c for c in COMPONENTS]
# A major outage before measuring began (it happened, but nothing was measured then) and one after.
BEFORE = incident(severity="P1", components={"api": "major_outage"}, started="2026-02-20T10:00:00Z",
                  updates=[("2026-02-20T10:00:00Z", "investigating", "Down."),
                           ("2026-02-20T12:00:00Z", "resolved", "Up.")])
AFTER = incident(severity="P1", components={"api": "major_outage"}, started="2026-03-04T10:00:00Z",
                 updates=[("2026-03-04T10:00:00Z", "investigating", "Down."),
                          ("2026-03-04T11:00:00Z", "resolved", "Up.")])


def page(state, path: str) -> str:
    [spec] = [p for p in plan_pages(state) if p.path == path]
    return Renderer(state).render(spec)


def test_only_the_time_since_measuring_began_counts(tmp_path):
    state = load_state(write_project(tmp_path, {"2026-02-20-before.md": BEFORE, "2026-03-04-after.md": AFTER},
                                     components=SINCE))
    api = state.uptime["api"]
    assert api.since == date(2026, 3, 1)
    assert api.measured == 9 * 24 * H + 12 * H and api.downtime == H
    assert api.ratio == pytest.approx(1 - H / (9.5 * 24 * H))
    unmeasured = [d for d in api.days if d.date < date(2026, 3, 1)]
    assert len(unmeasured) == 80 and all(d.before_measuring and d.measured == 0 and d.uptime is None
                                         for d in unmeasured)
    # The outage before measuring leaves no downtime, and the other components are measured over all 90 days.
    assert state.uptime["web"].since is None and state.uptime["web"].measured == 89 * 24 * H + 12 * H


def test_the_bar_says_no_data_before_measuring_began_and_the_figure_says_since_when(tmp_path):
    state = load_state(write_project(tmp_path, {"2026-03-04-after.md": AFTER}, components=SINCE))
    titles = [r["title"] for r in uptime_bar(state.uptime["api"], TONE, 30)["wide"]["runs"]]
    assert titles[0] == "11\xa0Dec\xa02025 to 28\xa0Feb\xa02026: no data"
    assert titles[1] == "1\xa0Mar to 3\xa0Mar\xa02026: no incidents"
    status = page(state, "")
    assert "99.56% uptime since 1\xa0Mar\xa02026" in status
    assert "Public API: 99.56% uptime since 1\xa0Mar\xa02026, when measuring began, 1 day with incidents" in status
    assert "Website: 100.00% uptime over the last 90 days, no incidents" in status  # unchanged elsewhere
    assert "99.56% uptime since 1\xa0Mar\xa02026</span>" in page(state, "components/api/")
    from generator.render.share import share

    [spec] = [p for p in plan_pages(state) if p.path == "components/api/"]
    assert share(Renderer(state), spec)["description"] == (
        "Public API: Operational. 99.56% uptime since 1 Mar 2026.")  # shared text: plain spaces


def test_a_component_not_yet_measured_claims_nothing(tmp_path):
    future = [{**c, "measured_since": "2026-03-11"} if c["id"] == "api" else c for c in COMPONENTS]
    state = load_state(write_project(tmp_path, {}, components=future))
    api = state.uptime["api"]
    assert not api.has_data and api.ratio is None and api.percent_text == "no data"
    status = page(state, "")
    assert "Public API: no uptime data yet, measured from 11\xa0Mar\xa02026, no incidents" in status
    assert "No data yet" in status
    component = page(state, "components/api/")
    assert "100.00%" not in component and "No data yet" in component


def test_the_site_wide_day_applies_to_components_without_their_own(tmp_path):
    own = [{**c, "measured_since": "2026-02-01"} if c["id"] == "web" else c for c in COMPONENTS]
    config = load_config(write_project(tmp_path, {}, components=own, options={"measured_since": "2026-03-01"}).mkdocs)
    assert {c.id: c.measured_since for c in config.components} == {
        "api": date(2026, 3, 1), "web": date(2026, 2, 1), "webhooks": date(2026, 3, 1), "exports": date(2026, 3, 1)}


def test_the_json_api_gives_it_as_statuspage_start_date(tmp_path):
    state = load_state(write_project(tmp_path, {}, components=SINCE))
    components = json.loads(render_outputs(state)["api/v2/components.json"])["components"]
    assert {c["id"]: c["start_date"] for c in components if not c["group"]} == {
        "api": "2026-03-01", "web": None, "webhooks": None, "exports": None}


REPORT_OPTIONS = {"sla_tiers": [{"name": "Enterprise", "uptime": 99.9}]}


def test_the_report_says_no_data_for_months_before_measuring_and_judges_no_tier(tmp_path):
    since = [{**c, "measured_since": "2026-02-15"} if c["id"] == "api" else c for c in COMPONENTS]
    project = write_project(tmp_path, {"2026-02-20-before.md": BEFORE}, components=since, options=REPORT_OPTIONS)
    result = CliRunner().invoke(main, ["report", "-f", str(project.mkdocs), "--now", "2026-04-10T00:00:00Z",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    uptime = {(u["component"], u["month"]): u for u in data["uptime"]}
    assert uptime["api", "2026-01"]["uptime_percent"] is None
    assert uptime["api", "2026-01"]["tiers"] == [{"tier": "Enterprise", "target_percent": 99.9, "met": None}]
    # February counts from the 15th: two hours down out of 14 days.
    assert uptime["api", "2026-02"]["uptime_percent"] == 99.4047  # 99.404761..., truncated
    # The website gives no day, so it is measured from the site's first record (the 20 February outage):
    # January is no data, not 100 % met; from 20 February on it is measured.
    assert uptime["web", "2026-01"]["uptime_percent"] is None
    assert uptime["web", "2026-01"]["tiers"] == [{"tier": "Enterprise", "target_percent": 99.9, "met": None}]
    assert uptime["web", "2026-02"]["uptime_percent"] == 100 and uptime["web", "2026-03"]["uptime_percent"] == 100
    assert [b["month"] for b in data["breaches"]] == ["2026-02"]
    text = CliRunner().invoke(main, ["report", "-f", str(project.mkdocs), "--now", "2026-04-10T00:00:00Z"]).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Public API 2026-01 no data Enterprise 99.9% not measured" in lines
    assert "Public API 2026-02 99.40% (from 2026-02-15) Enterprise 99.9% BREACHED" in lines
    assert "Website 2026-01 no data Enterprise 99.9% not measured" in lines
    assert "Website 2026-02 100.00% (from 2026-02-20) Enterprise 99.9% met" in lines


def test_the_reliability_page_shows_no_data_not_100_percent(tmp_path):
    since = [{**c, "measured_since": "2026-02-15"} if c["id"] == "api" else c for c in COMPONENTS]
    state = load_state(write_project(tmp_path, {}, components=since,
                                     options={**REPORT_OPTIONS, "reliability_page": {"months": 3}}))
    html = page(state, "reliability/")
    api = html[html.index('id="uptime-api"'):html.index('id="uptime-web"')]
    assert "Jan 2026 no data, Feb 2026 100.00% (from 15 Feb), Mar 2026 (to date) 100.00%</title>" in api
    # (Each value cell carries its column's heading, data-label, for phones.)
    assert len(re.findall(r"<td[^>]*>No data</td>", api)) == 1 and len(re.findall(r"<td[^>]*>no data</td>", api)) == 1
    assert api.count('class="sg-chart__bar') == 2


@pytest.mark.parametrize("value, message", [
    ("2026-13-01", '"2026-13-01" is not a day that exists; write it like 2025-01-31'),
    ("soon", 'expected a day like 2025-01-31, got "soon"'),
])
def test_a_wrong_day_names_the_component_and_its_line(tmp_path, monkeypatch, value, message):
    broken = [{**c, "measured_since": value} if c["id"] == "web" else c for c in COMPONENTS]
    write_project(tmp_path, {}, components=broken)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError) as caught:
        load_config("mkdocs.yml")
    assert [d.format() for d in caught.value.diagnostics] == [
        f"mkdocs.yml:16: plugins.statusgen.components[1].measured_since: {message}"]


def test_without_it_nothing_changes(tmp_path):
    state = load_state(write_project(tmp_path, {"2026-03-04-after.md": AFTER}))
    api = state.uptime["api"]
    assert api.since is None and not any(d.before_measuring for d in api.days)
    assert api.measured == 89 * 24 * H + 12 * H
    assert NOW - timedelta(days=1)  # the sample's moment
