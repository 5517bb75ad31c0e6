"""The write layer's incident facts: `create` writes started, detected, acknowledged, security and the
team's internal data (loading back exactly), and `set_fact` adds one time to an existing file in place."""
from __future__ import annotations

from datetime import timedelta

import pytest
import yaml

from generator.core.diagnostics import UserError
from generator.core.timeutil import parse_time
from generator.read.config import load_config
from generator.read.reader import split_source
from generator.validate.project import load_project
from generator.write.authoring import create, set_fact

from sample import write_project

NOW = parse_time("2026-03-04T09:30:00Z")


@pytest.fixture
def config(tmp_path):
    write_project(tmp_path, {})
    return load_config(tmp_path / "mkdocs.yml")


def front_matter(path):
    source, _ = split_source(path.read_text(), path, path.name)
    return yaml.safe_load(source.front_matter)


def new(config, **extra):
    values = dict(title="API errors", severity="P2", components={"api": "partial_outage"}, now=NOW)
    return create(config, **{**values, **extra})


def errors(config):
    return [d.format() for d in load_project(config, NOW).errors]


def test_create_writes_the_incident_times(config):
    path, _ = new(config, started=NOW - timedelta(minutes=20), detected=NOW - timedelta(minutes=15),
                  acknowledged=NOW - timedelta(minutes=12) + timedelta(microseconds=5))
    facts = front_matter(path)
    assert facts["started"] == parse_time("2026-03-04T09:10:00Z")
    assert facts["detected"] == parse_time("2026-03-04T09:15:00Z")
    assert facts["acknowledged"] == parse_time("2026-03-04T09:18:00Z")
    assert facts["updates"][0]["at"] == NOW
    assert errors(config) == []


def test_started_defaults_to_the_earliest_time_known(config):
    path, _ = new(config, detected=NOW - timedelta(minutes=15), acknowledged=NOW - timedelta(minutes=5))
    assert front_matter(path)["started"] == NOW - timedelta(minutes=15)
    assert errors(config) == []


def test_times_are_checked_against_each_other_before_writing(config):
    with pytest.raises(UserError) as raised:
        new(config, started=NOW - timedelta(minutes=5), detected=NOW - timedelta(minutes=10),
            acknowledged=NOW - timedelta(minutes=20))
    messages = [d.message for d in raised.value.diagnostics]
    assert any(m.startswith("--detected (2026-03-04 09:20:00 UTC) is before --started (2026-03-04 09:25:00 UTC)")
               for m in messages), messages
    assert any(m.startswith("--acknowledged (2026-03-04 09:10:00 UTC) is before --detected") for m in messages)
    with pytest.raises(UserError) as raised:
        new(config, detected=NOW + timedelta(minutes=1))
    assert "--detected (2026-03-04 09:31:00 UTC) is after now" in raised.value.diagnostics[0].message
    with pytest.raises(UserError) as raised:
        new(config, title="Window", maintenance=True, severity=None, components={"api": "under_maintenance"},
            start=NOW, end=NOW + timedelta(hours=1), detected=NOW)
    assert "--detected applies to incidents only" in raised.value.diagnostics[0].message
    assert list(config.incidents_dir.iterdir()) == []


def test_security_true_or_its_details(config):
    path, _ = new(config, security=True, incident_id="one")
    assert front_matter(path)["security"] is True
    path, _ = new(config, security={"data": "E-mail addresses of some accounts.", "actions": "- Reset your password"},
                  incident_id="two")
    assert front_matter(path)["security"] == {"data": "E-mail addresses of some accounts.\n",
                                              "actions": "- Reset your password\n"}
    assert errors(config) == []
    with pytest.raises(UserError) as raised:
        new(config, security={"what": "x"}, incident_id="three")
    assert "security: give true, or {data: ..., actions: ...}" in raised.value.diagnostics[0].message


AWKWARD = {
    "alert": {
        "sender": "alertmanager",
        "key": "fp:1f2e3d",
        "labels": {"alertname": "ApiErrors", "severity": "critical", "yes": "no", "on": "10:45",
                   "when": "2026-03-04", "empty": "", "quote's": 'say "hi"', "# not a comment": "a #b",
                   "multi": "line one\nline two\n", "no-final-break": "one\n two", "crlf": "a\r\nb",
                   "unicode": "caf\u00e9 \u2028 next", "123": "0x1F", "null": "~", "star": "*alias"},
        "annotations": {"description": "  leading spaces\nand more", "runbook_url": "https://wiki/x?a=1&b=2"},
        "links": ["https://grafana/x", "", "- dash", {"nested": ["a", {"b": "c"}]}, []],
        "count": 3, "flag": False, "missing": None, "ratio": 0.5, "none": {},
    }
}


def test_internal_data_loads_back_exactly(config):
    path, _ = new(config, internal=AWKWARD, draft=True)
    facts = front_matter(path)
    assert facts["internal"] == AWKWARD
    assert facts["draft"] is True
    assert errors(config) == []


def test_internal_refuses_what_yaml_would_not_give_back(config):
    with pytest.raises(UserError) as raised:
        new(config, internal={"when": NOW})
    assert "internal: statusgen does not write datetime values" in raised.value.diagnostics[0].message
    assert list(config.incidents_dir.iterdir()) == []


def test_default_internal_is_the_notes_placeholder(config):
    path, _ = new(config)
    assert "internal:\n  notes: |\n    Never published: contacts, chat links, hypotheses.\n" in path.read_text()


def test_set_fact_adds_a_time_and_keeps_the_rest(config):
    path, _ = new(config, detected=NOW - timedelta(minutes=10))
    path.write_text(path.read_text().replace("title: API errors", "title: API errors   # the customers' words"))
    before = path.read_text()
    changed_path, warnings, changed = set_fact(config, "2026-03-04-api-errors", "acknowledged",
                                               NOW - timedelta(minutes=8), now=NOW)
    assert changed and changed_path == path and warnings == []
    after = path.read_text()
    assert after.replace("acknowledged: 2026-03-04T09:22:00Z\n", "") == before
    assert front_matter(path)["acknowledged"] == parse_time("2026-03-04T09:22:00Z")
    # The same instant again (another way of writing it) changes nothing; a different one is refused.
    assert set_fact(config, path, "acknowledged", parse_time("2026-03-04T10:22:00+01:00"), now=NOW)[2] is False
    with pytest.raises(UserError) as raised:
        set_fact(config, path, "acknowledged", NOW, now=NOW)
    problem = raised.value.diagnostics[0]
    assert problem.message.startswith("acknowledged is already 2026-03-04T09:22:00Z, not 2026-03-04T09:30:00Z")
    assert problem.line == after.splitlines().index("acknowledged: 2026-03-04T09:22:00Z") + 1
    assert path.read_text() == after


def test_set_fact_refuses_a_time_the_validator_refuses(config):
    path, _ = new(config)
    before = path.read_text()
    with pytest.raises(UserError) as raised:
        set_fact(config, path, "detected", NOW + timedelta(minutes=5), now=NOW)
    assert "detected (2026-03-04 09:35 UTC) is after the first update" in raised.value.diagnostics[0].message
    assert path.read_text() == before


def test_set_fact_works_on_a_draft_found_by_its_path(config):
    path, _ = new(config, draft=True, internal={"alert": {"sender": "grafana", "key": "k"}},
                  detected=NOW - timedelta(minutes=3))
    assert set_fact(config, path, "acknowledged", NOW, now=NOW)[2] is True
    assert front_matter(path)["acknowledged"] == NOW and front_matter(path)["draft"] is True
