"""The shipped demo, not statusgen: its content (mkdocs.yml + incidents/) shows every feature at the
demo's pinned moment.

The README's demo build passes --now 2026-11-22T15:00:00Z; at that moment the
examples must hold one open incident, an upcoming maintenance, reports for
every P1/P2 that needs one, and pass strict validation. These tests read the
real files, so an edit to the examples that breaks the demo fails here. Skipped
where the demo's incidents are gone (tests/demo/conftest.py).
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.read.config import load_config
from generator.validate.project import load_project
from generator.read.reader import discover, read_source
from generator.model.state import build_state
from demo_support import DEMO_CONFIG as CONFIG_FILE, DEMO_NOW as NOW, DEMO_NOW_TEXT as NOW_TEXT

FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")
REPORT_SECTIONS = ("## Summary", "## Timeline", "## Root Cause", "## Impact", "## Response Assessment",
                   "## Action Items", "## Lessons Learned")


@pytest.fixture(scope="module")
def config():
    return load_config(CONFIG_FILE)


@pytest.fixture(scope="module")
def project(config):
    return load_project(config, NOW)


@pytest.fixture(scope="module")
def state(config, project):
    return build_state(config, project.incidents, NOW)


@pytest.fixture(scope="module")
def sources(config):
    """Every example file as (SourceFile, front matter as plain YAML)."""
    out = []
    for path in discover(config.incidents_dir):
        source, problems = read_source(path, config.base_dir)
        assert source is not None, problems
        out.append((source, yaml.safe_load(source.front_matter)))
    return out


def by_id(project, incident_id):
    return next(i for i in project.incidents if i.id == incident_id)


def published_text(incident) -> str:
    return "\n".join([incident.title, incident.report, *(u.message for u in incident.updates)])


def test_examples_validate_cleanly_at_the_demo_moment(project):
    assert project.errors == []
    assert project.warnings == []
    assert project.files >= 12
    assert len(project.incidents) + project.drafts == project.files


def test_strict_validation_passes_on_the_command_line():
    result = CliRunner().invoke(main, ["validate", "--strict", "--now", NOW_TEXT, "-f", str(CONFIG_FILE)])
    assert result.exit_code == 0, result.output
    assert "0 warning(s)" in result.output


def test_every_severity_and_both_types_are_shown(config, project):
    used = {i.severity for i in project.incidents if not i.is_maintenance}
    assert used == {s.id for s in config.severities}
    assert {i.kind for i in project.incidents} == {"incident", "maintenance"}


def test_history_spans_july_to_november(project):
    months = {(i.window_start or i.started_at).month for i in project.incidents}
    assert {7, 8, 9, 10, 11} <= months


def test_file_names_start_with_the_day_the_incident_began(project):
    for incident in project.incidents:
        match = FILE_NAME.match(incident.id)
        assert match, incident.id
        begins = incident.window_start if incident.is_maintenance else incident.started_at
        assert match.group(1) == begins.strftime("%Y-%m-%d"), incident.id


def test_exactly_one_open_incident_keeping_to_its_cadence(config, state):
    assert len(state.active) == 1
    (open_incident,) = state.active
    assert open_incident.severity == "P2"
    assert open_incident.status == "identified"
    assert open_incident.components == {"webhooks": "partial_outage", "api": "degraded_performance"}
    cadence = config.severity_map["P2"].update_every
    assert open_incident.updates[0].at - open_incident.started_at <= config.severity_map["P2"].response_time
    assert NOW - open_incident.updated_at <= cadence
    assert state.component_status["webhooks"] == "partial_outage"
    # The demo's impact evolves: the API was slowed by the retries until the rollback's first region.
    assert state.component_status["api"] == "operational"
    assert [(s.component, s.impact, s.end) for s in open_incident.spans if s.component == "api"] == [
        ("api", "degraded_performance", datetime(2026, 11, 22, 14, 50, tzinfo=timezone.utc))]
    assert state.indicator == "major"


def test_upcoming_maintenance_was_announced_days_ahead(state):
    assert [m.id for m in state.maintenance_upcoming] == ["2026-11-29-load-balancer-upgrade"]
    (upcoming,) = state.maintenance_upcoming
    assert upcoming.window_start == datetime(2026, 11, 29, 2, 0, tzinfo=timezone.utc)
    assert upcoming.window_end == datetime(2026, 11, 29, 4, 0, tzinfo=timezone.utc)
    assert state.phase(upcoming) == "scheduled"
    assert upcoming.window_start - upcoming.created_at >= timedelta(days=3)
    assert state.maintenance_active == []


def test_past_maintenance_completed_and_cancelled(project, state):
    phases = {state.phase(i) for i in project.incidents if i.is_maintenance}
    assert {"scheduled", "completed", "cancelled"} <= phases
    cancelled = [i for i in project.incidents if i.is_maintenance and i.status == "cancelled"]
    # Cancelled before its window: it never counted against uptime.
    assert all(i.resolved_at < i.window_start for i in cancelled)


def test_reports_exist_where_policy_requires_them(config, project):
    reported = [i for i in project.incidents if i.has_report]
    assert len(reported) >= 2
    for incident in project.incidents:
        severity = config.severity_map.get(incident.severity) if incident.severity else None
        if severity is None or severity.postmortem_within is None or not incident.is_closed:
            continue
        if NOW - incident.resolved_at > severity.postmortem_within:
            assert incident.has_report, incident.id


def test_a_recent_p2_shows_a_report_not_yet_due(config, project):
    recent = [i for i in project.incidents if i.severity in ("P1", "P2") and i.is_closed
              and NOW - i.resolved_at < config.severity_map[i.severity].postmortem_within]
    assert [i.id for i in recent] == ["2026-11-21-slow-sign-in"]
    assert not recent[0].has_report


def test_reports_follow_the_post_mortem_structure(project):
    for incident in (i for i in project.incidents if i.has_report):
        lines = incident.report.splitlines()
        # The page supplies the h1.
        assert not any(line.startswith("# ") for line in lines), incident.id
        positions = [incident.report.find(section) for section in REPORT_SECTIONS]
        assert -1 not in positions, incident.id
        assert positions == sorted(positions), incident.id
        assert "| Time (UTC) | Event |" in incident.report
        assert "| Action | Owner | Due Date | Status |" in incident.report


def test_an_exports_incident_exists_although_exports_is_hidden_when_healthy(config, project, state):
    exports = next(c for c in config.components if c.id == "exports")
    assert exports.only_show_if_degraded
    assert state.component_incidents["exports"]
    assert state.component_status["exports"] == "operational"


def test_the_draft_is_validated_but_never_published(project, state, sources):
    drafts = [source for source, data in sources if data.get("draft") is True]
    assert len(drafts) == 1 and project.drafts == 1
    (draft,) = drafts
    assert "DRAFT-ONLY" in draft.front_matter
    published_ids = {i.id for i in project.incidents}
    assert draft.id not in published_ids
    assert draft.id not in {m.id for m in state.maintenance_upcoming}
    assert all("DRAFT-ONLY" not in published_text(i) for i in project.incidents)


def test_internal_notes_are_marked_and_kept_out_of_the_model(project, sources):
    internal = [(source, data["internal"]) for source, data in sources if "internal" in data]
    assert len(internal) >= 3
    for source, notes in internal:
        assert "INTERNAL-ONLY" in yaml.safe_dump(notes), source.shown
    assert all("INTERNAL-ONLY" not in published_text(i) for i in project.incidents)


def test_every_time_carries_a_zone_and_one_uses_an_offset(sources):
    stamps = []
    for _, data in sources:
        stamps += [u["at"] for u in data["updates"]]
        stamps += [data[k] for k in ("started",) if k in data]
        stamps += list(data.get("window", {}).values())
    # PyYAML turns zoned timestamps into aware datetimes and naive ones into naive.
    assert all(isinstance(s, datetime) and s.tzinfo is not None for s in stamps)
    assert any(s.utcoffset() == timedelta(hours=2) for s in stamps)


def test_updates_name_no_real_people_or_addresses(project):
    for incident in project.incidents:
        text = published_text(incident)
        for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text):
            assert address.endswith(".acme.example") or address.endswith("@acme.example"), address
        for host in re.findall(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io)\b", text):
            pytest.fail(f"{incident.id} mentions {host}")


def test_the_about_page_states_the_configured_update_cadence():
    from generator.write.plugin import substitute_site

    config = load_config(CONFIG_FILE)
    about = substitute_site((CONFIG_FILE.parent / "site_src" / "about.md").read_text(encoding="utf-8"), config)
    assert "30 to 60 minutes" not in about and "{{" not in about
    assert ("post updates here at least every 15 minutes for P1 (Critical), every 30 minutes for P2 (High) and "
            "every 2 hours for P3 (Medium), until it is resolved") in " ".join(about.split())


def test_the_german_pages_show_a_translated_incident_a_translated_report_and_the_fallback(config, project, state):
    """mkdocs.yml builds the site in German too (/de/): the open incident is translated (title, every
    update) and so is a resolved one with its report; the others are not, so /de/ shows the fallback."""
    assert config.languages == ("de",)
    (open_incident,) = state.active

    def translated(incident) -> bool:
        return not incident.title_in("de").fallback and not any(u.message_in("de").fallback
                                                                for u in incident.updates)

    assert translated(open_incident)
    reported = [i for i in project.incidents if i.has_report and translated(i) and not i.report_in("de").fallback]
    assert [i.id for i in reported] == ["2026-11-05-api-rate-limit-errors"]
    untranslated = [i for i in project.incidents if i.title_in("de").fallback]
    assert len(untranslated) == len(project.incidents) - 2
    assert state.maintenance_upcoming[0] in untranslated  # on the German status page, in English, with its note
