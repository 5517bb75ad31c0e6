"""The plugin options in mkdocs.yml: every option checked, errors naming option and line."""
from __future__ import annotations

import pytest

from generator.read.config import load_config
from generator.core.diagnostics import UserError

from sample import COMPONENTS, write_project


@pytest.fixture(autouse=True)
def in_project(tmp_path, monkeypatch):
    # Messages name the config file as the user gave it: run where mkdocs.yml is.
    monkeypatch.chdir(tmp_path)


def problems(tmp_path, options="", components=None, text=None):
    path = write_project(tmp_path, {}, options=options,
                         **({"components": components} if components is not None else {})).mkdocs
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_config("mkdocs.yml")
    return [d.format() for d in caught.value.diagnostics]


def test_defaults(tmp_path):
    config = load_config(write_project(tmp_path, components=[c for c in COMPONENTS if c["id"] != "webhooks"]).mkdocs)
    assert [s.id for s in config.severities] == ["P1", "P2", "P3", "P4"]
    p1 = config.severity_map["P1"]
    assert p1.response_time.total_seconds() == 15 * 60 and p1.update_every.total_seconds() == 15 * 60
    assert "email" in p1.channels and "in_app" in p1.channels
    assert config.severity_map["P3"].update_every.total_seconds() == 2 * 3600
    assert config.time_zone == "UTC" and config.history_per_page == 20 and config.uptime_days == 90
    assert [c.id for c in config.components] == ["api", "web", "exports"]
    assert config.component_map["exports"].only_show_if_degraded is True
    assert config.incidents_dir == tmp_path / "incidents"


def test_unknown_option_with_suggestion_and_line(tmp_path):
    found = problems(tmp_path, options="time_zon: UTC\n")
    assert found[0].startswith("mkdocs.yml:8: plugins.statusgen.time_zon: unknown option (did you mean \"time_zone\"?)")


@pytest.mark.parametrize("options,expected", [
    ("time_zone: Mars/Olympus\n", 'plugins.statusgen.time_zone: "Mars/Olympus" is not an IANA time zone'),
    ("severities: p1-p5\n", 'plugins.statusgen.severities: unknown scheme "p1-p5" (did you mean "p1-p4"?)'),
    ("history_per_page: 0\n", "plugins.statusgen.history_per_page: must be between 1 and 500, got 0"),
    ("feed_entries: lots\n", "plugins.statusgen.feed_entries: expected a whole number, got text"),
    ("uptime_days: true\n", "plugins.statusgen.uptime_days: expected a whole number, got true/false"),
    ("maintenance_channels: [status_page, pager]\n",
     'plugins.statusgen.maintenance_channels[1]: unknown channel "pager"'),
    ("uptime_weights: {partial_outage: 2}\n", "plugins.statusgen.uptime_weights.partial_outage: expected a number from 0 to 1"),
    ("severities:\n  - id: SEV1\n    name: Sev 1\n    response_time: soon\n",
     'plugins.statusgen.severities[0].response_time: "soon" is not a duration'),
    ("severities:\n  - id: SEV1\n    name: Sev 1\n    impact: huge\n",
     'plugins.statusgen.severities[0].impact: "huge" is not an impact level'),
    ("severities:\n  - id: SEV1\n    nme: Sev 1\n", 'plugins.statusgen.severities[0].nme: unknown option (did you mean "name"?)'),
])
def test_each_option_is_checked(tmp_path, options, expected):
    found = problems(tmp_path, options=options)
    assert any(expected in line for line in found), found
    assert all(line.startswith("mkdocs.yml:") for line in found)


def test_component_problems_name_the_entry(tmp_path):
    found = problems(tmp_path, components=[{"id": "API Gateway"}, {"id": "web", "name": "Web"},
                                           {"id": "web", "name": "Again", "shown": "yes"}])
    assert any('components[0].id: "API Gateway" is not a valid id' in f for f in found)
    assert any("components[0].name: is required" in f for f in found)
    assert any('components[2].id: duplicate component id "web"' in f for f in found)
    assert any('components[2].shown: unknown option' in f for f in found)


def test_missing_components_and_site_url(tmp_path):
    text = "site_name: X\nplugins:\n  - statusgen\n"
    found = problems(tmp_path, text=text)
    assert any("site_url: is required" in f for f in found)
    assert any("plugins.statusgen.components: is required" in f for f in found)


def test_plugin_not_enabled(tmp_path):
    found = problems(tmp_path, text="site_name: X\nsite_url: https://x.example/\nplugins:\n  - search\n")
    assert found == ["mkdocs.yml:3: the statusgen plugin is not enabled; add it under plugins:"]


def test_mkdocs_tags_are_tolerated(tmp_path):
    path = write_project(tmp_path, {}).mkdocs
    text = path.read_text().replace("theme:", "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: "
                                              "!!python/name:material.extensions.emoji.twemoji\n"
                                              "extra:\n  analytics: !ENV [ANALYTICS, none]\ntheme:")
    path.write_text(text)
    assert load_config(path).site_name == "Test Status"


def test_p0_p3_preset_and_custom_list(tmp_path):
    config = load_config(write_project(tmp_path, {}, options="severities: p0-p3\n").mkdocs)
    assert [(s.id, s.name, s.impact) for s in config.severities] == [
        ("P0", "Critical", "critical"), ("P1", "High", "major"), ("P2", "Medium", "minor"), ("P3", "Low", "none")]
    custom = load_config(write_project(tmp_path / "c", {}, options=(
        "severities:\n  - id: SEV1\n    name: Outage\n    response_time: 10m\n    update_every: 20m\n"
        "    channels: [status_page, chat]\n    impact: critical\n")).mkdocs)
    sev = custom.severities[0]
    assert (sev.id, sev.response_time.total_seconds(), sev.channels) == ("SEV1", 600, ("status_page", "chat"))


def test_incidents_inside_docs_dir_is_refused(tmp_path):
    found = problems(tmp_path, options="incidents_dir: site_src/incidents\n")
    assert found == ["mkdocs.yml:8: plugins.statusgen.incidents_dir: must not be inside docs_dir (site_src): MkDocs "
                     "would publish the raw files, drafts included; keep incidents beside it"]


def test_time_zone_that_is_a_folder(tmp_path):
    found = problems(tmp_path, options="time_zone: America\n")
    assert any('time_zone: "America" is not an IANA time zone' in line for line in found)


def test_env_tags_are_resolved(tmp_path, monkeypatch):
    path = write_project(tmp_path, {}).mkdocs
    text = path.read_text().replace("site_url: https://status.example.com/", "site_url: !ENV [STATUS_URL, 'https://fallback.example/']")
    path.write_text(text)
    assert load_config("mkdocs.yml").site_url == "https://fallback.example/"
    monkeypatch.setenv("STATUS_URL", "https://from-env.example/")
    assert load_config("mkdocs.yml").site_url == "https://from-env.example/"


@pytest.mark.parametrize("options", ["feed_entries: !!int lots\n", "time_zone: &a [*a]\n",
                                     "severities:\n  - id: P1\n    name: x\n    response_time: 99999999999d\n"])
def test_hostile_option_values_are_reported_not_raised(tmp_path, options):
    found = problems(tmp_path, options=options)
    assert found and all(line.startswith("mkdocs.yml:") for line in found)


def test_contact_must_be_a_followable_link(tmp_path):
    assert load_config(write_project(tmp_path / "a", {}, options="contact: help@acme.example\n").mkdocs).contact == \
        "mailto:help@acme.example"
    with pytest.raises(UserError) as caught:
        load_config(write_project(tmp_path / "b", {}, options="contact: 'javascript:alert(1)'\n").mkdocs)
    assert 'plugins.statusgen.contact: "javascript:alert(1)" is not a link readers can follow' in str(caught.value)


def test_group_and_component_ids_cannot_clash(tmp_path):
    found = problems(tmp_path, components=[{"id": "a", "name": "A", "group": "Back-end"},
                                           {"id": "b", "name": "B", "group": "Back end"},
                                           {"id": "group-back-end", "name": "C"}])
    assert any('components[1].group: "Back end" and "Back-end" would share the id "group-back-end"' in f for f in found)
    assert any('components[2].id: "group-back-end" is also the id of the group "Back-end"' in f for f in found)


@pytest.mark.parametrize("url, expected", [
    ("'https://[::1/'", "is not a valid URL (Invalid IPv6 URL)"),
    ("'https://status.example.com/\"><script>alert(1)</script>'", "contains a character a URL cannot hold raw"),
    ("'https://a.example:99999/'", "is not a valid URL"),
    ("ftp://files.example.com/", "must be an absolute http(s) URL"),
    ("https://status.example.com/?x=1", "must not carry a user, ?query or #fragment"),
    ("12", "must be text"),
])
def test_site_url_is_checked_before_it_reaches_a_page(tmp_path, url, expected):
    path = write_project(tmp_path, {}).mkdocs
    path.write_text(path.read_text().replace("site_url: https://status.example.com/", f"site_url: {url}"))
    found = problems(tmp_path, text=path.read_text())
    assert any(f.startswith("mkdocs.yml:2: site_url: ") and expected in f for f in found), found


def test_site_name_must_be_one_line(tmp_path):
    path = write_project(tmp_path, {}).mkdocs
    found = problems(tmp_path, text=path.read_text().replace("site_name: Test Status", 'site_name: "A\\u0007B"'))
    assert found == ["mkdocs.yml:1: site_name: must be one line of text without control characters"]
