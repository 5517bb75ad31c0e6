"""The reliability options in mkdocs.yml: severity targets, SLA tiers, the public page; each checked with its line."""
from __future__ import annotations

from datetime import timedelta

import pytest

from generator.read.config import load_config
from generator.read.reliability_options import SlaTier
from generator.core.diagnostics import UserError

from sample import write_project


@pytest.fixture(autouse=True)
def in_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def load(tmp_path, options=""):
    write_project(tmp_path, {}, options=options)
    return load_config("mkdocs.yml")


def problems(tmp_path, options):
    with pytest.raises(UserError) as caught:
        load(tmp_path, options)
    return [d.format() for d in caught.value.diagnostics]


def test_the_shipped_schemes_carry_the_procedures_targets(tmp_path):
    config = load(tmp_path)
    targets = {s.id: (s.detect_within, s.acknowledge_within, s.response_time, s.update_every, s.resolve_within,
                      s.postmortem_within) for s in config.severities}
    m, h = timedelta(minutes=1), timedelta(hours=1)
    assert targets == {
        "P1": (3 * m, 5 * m, 15 * m, 15 * m, 45 * m, 48 * h),
        "P2": (None, 15 * m, 30 * m, 30 * m, 2 * h, 48 * h),
        "P3": (None, 1 * h, 2 * h, 2 * h, None, None),
        "P4": (None, 24 * h, None, None, None, None),
    }
    p0 = load(tmp_path, "severities: p0-p3\n").severity_map["P0"]
    assert (p0.acknowledge_within, p0.resolve_within) == (None, None)


def test_default_tiers_cover_every_component_and_the_page_is_off(tmp_path):
    config = load(tmp_path)
    every = ("api", "web", "webhooks", "exports")
    assert config.sla_tiers == (SlaTier("Enterprise", 99.9, every), SlaTier("Professional", 99.5, every),
                                SlaTier("Starter", 99.0, every))
    assert config.reliability_page.enabled is False


def test_own_tiers_targets_and_page(tmp_path):
    config = load(tmp_path, """\
        sla_tiers:
          - name: Gold
            uptime: 99.95
            components: [api, webhooks]
          - name: Basic
            uptime: 99
        reliability_page: {months: 3}
        severities:
          - id: SEV1
            name: Critical
            resolve_within: 1h30m
            acknowledge_within: 10m
            detect_within: 2m
        """)
    assert config.sla_tiers == (SlaTier("Gold", 99.95, ("api", "webhooks")),
                                SlaTier("Basic", 99.0, ("api", "web", "webhooks", "exports")))
    assert (config.reliability_page.enabled, config.reliability_page.months) == (True, 3)
    sev = config.severity_map["SEV1"]
    assert (sev.resolve_within, sev.acknowledge_within, sev.detect_within) == (
        timedelta(minutes=90), timedelta(minutes=10), timedelta(minutes=2))
    assert load(tmp_path, "reliability_page: true\n").reliability_page.months == 6


def test_every_mistake_is_reported_with_its_line(tmp_path):
    found = problems(tmp_path, """\
        sla_tiers:
          - name: Gold
            uptime: 100.5
            components: [api, webhook]
          - name: Gold
            uptim: 99
          - Basic
        reliability_page: {month: 3}
        severities:
          - id: SEV1
            name: Critical
            resolve_within: soon
            acknowledge_in: 5m
        """)
    assert found == [  # in the order they are checked: severities, then tiers, then the page
        'mkdocs.yml:20: plugins.statusgen.severities[0].acknowledge_in: unknown option (did you mean '
        '"acknowledge_within"?); allowed: id, name, definition, response_time, update_every, channels, impact, '
        "postmortem_within, detect_within, acknowledge_within, resolve_within, monitor_for",
        'mkdocs.yml:19: plugins.statusgen.severities[0].resolve_within: "soon" is not a duration; write it like '
        "15m, 2h, 1h30m or 1d",
        "mkdocs.yml:10: plugins.statusgen.sla_tiers[0].uptime: expected a percentage above 0 and at most 100, "
        "e.g. 99.9, got 100.5",
        'mkdocs.yml:11: plugins.statusgen.sla_tiers[0].components[1]: unknown component "webhook" (did you mean '
        '"webhooks"?); configured: api, web, webhooks, exports',
        'mkdocs.yml:13: plugins.statusgen.sla_tiers[1].uptim: unknown option (did you mean "uptime"?); allowed: '
        "name, uptime, components",
        'mkdocs.yml:12: plugins.statusgen.sla_tiers[1].name: duplicate tier "Gold"',
        "mkdocs.yml:12: plugins.statusgen.sla_tiers[1].uptime: is required: the monthly uptime promised, in "
        "percent, e.g. 99.9",
        "mkdocs.yml:14: plugins.statusgen.sla_tiers[2]: expected a mapping with name and uptime, got text",
        'mkdocs.yml:15: plugins.statusgen.reliability_page.month: unknown option (did you mean "months"?); '
        "allowed: months",
    ]
