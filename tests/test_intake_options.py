"""plugins.statusgen.intake in mkdocs.yml: its defaults, a full configuration, and every mistake reported
at once with its option path and line."""
from __future__ import annotations

from datetime import timedelta

import pytest

from generator.core.diagnostics import UserError
from generator.read.config import load_config
from generator.read.intake_options import Intake, Rule

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


def test_without_intake_options_the_defaults_apply(tmp_path):
    intake = load(tmp_path).intake
    assert intake == Intake(flap_window=timedelta(minutes=5), unmapped="draft", rules=())


def test_a_full_intake_configuration(tmp_path):
    intake = load(tmp_path, """\
        intake:
          flap_window: 10m
          unmapped: ignore
          rules:
            - match: {service: api, alertname: "Api*"}
              severity: P2
              components: {api: partial_outage, webhooks: degraded_performance}
            - match: {team: billing}
              severity: P4
              components: {}
            - match: {}
              severity: P3
              components: {web: degraded_performance}
        """).intake
    assert intake.flap_window == timedelta(minutes=10)
    assert intake.unmapped == "ignore"
    assert intake.rules == (
        Rule((("service", "api"), ("alertname", "Api*")), "P2",
             (("api", "partial_outage"), ("webhooks", "degraded_performance"))),
        Rule((("team", "billing"),), "P4", ()),
        Rule((), "P3", (("web", "degraded_performance"),)),
    )


@pytest.mark.parametrize("written", ["0", "0m"])
def test_a_flap_window_of_zero_turns_it_off(tmp_path, written):
    assert load(tmp_path, f"intake:\n  flap_window: {written}\n").intake.flap_window == timedelta(0)


def test_every_mistake_is_reported_at_once_with_its_path_and_line(tmp_path):
    found = problems(tmp_path, """\
        intake:
          flap_windw: 5m
          unmapped: drafts
          rules:
            - match: {service: api}
              severity: P7
              components: {apii: partial_outage, web: under_maintenance}
            - severity: P2
              components: {api: partial_outage}
              mach: {service: api}
            - match: [service]
              components: api
            - "not a rule"
        """)
    # The options start on mkdocs.yml's line 8 (sample.mkdocs_yml: plugins at line 6, - statusgen: at 7).
    assert found == [
        'mkdocs.yml:9: plugins.statusgen.intake.flap_windw: unknown option (did you mean "flap_window"?); '
        "allowed: flap_window, unmapped, rules",
        'mkdocs.yml:10: plugins.statusgen.intake.unmapped: "drafts" is not a policy (did you mean "draft"?); use '
        "draft (a draft with no components and the least severe level, for a person to complete) or ignore "
        "(write nothing)",
        'mkdocs.yml:13: plugins.statusgen.intake.rules[0].severity: "P7" is not a configured severity; use one '
        "of P1, P2, P3, P4",
        'mkdocs.yml:14: plugins.statusgen.intake.rules[0].components.apii: unknown component "apii" (did you mean '
        '"api"?); configured: api, web, webhooks, exports',
        'mkdocs.yml:14: plugins.statusgen.intake.rules[0].components.web: "under_maintenance" is not an incident '
        "impact; use one of degraded_performance, partial_outage, major_outage",
        'mkdocs.yml:17: plugins.statusgen.intake.rules[1].mach: unknown option (did you mean "match"?); allowed: '
        "match, severity, components",
        'mkdocs.yml:15: plugins.statusgen.intake.rules[1].match: is required: the labels an alert must carry, '
        'e.g. {service: api, alertname: "Api*"}',
        "mkdocs.yml:18: plugins.statusgen.intake.rules[2].match: expected a mapping of label to pattern, e.g. "
        "{service: api}, got a list",
        "mkdocs.yml:18: plugins.statusgen.intake.rules[2].severity: is required: one of the configured severities "
        "(P1, P2, P3, P4)",
        "mkdocs.yml:19: plugins.statusgen.intake.rules[2].components: expected a mapping of component id to "
        "impact, e.g. {api: partial_outage}, got text",
        "mkdocs.yml:20: plugins.statusgen.intake.rules[3]: expected a mapping with match, severity and "
        "components, got text",
    ]


def test_a_bad_flap_window_and_a_non_mapping(tmp_path):
    assert problems(tmp_path, "intake:\n  flap_window: soon\n") == [
        'mkdocs.yml:9: plugins.statusgen.intake.flap_window: "soon" is not a duration; write it like 15m, 2h, '
        "1h30m or 1d"]
    assert problems(tmp_path, "intake: yes\n") == [
        "mkdocs.yml:8: plugins.statusgen.intake: expected a mapping with flap_window, unmapped, rules, got "
        "true/false"]


def test_a_rule_may_use_an_own_severity_scheme(tmp_path):
    intake = load(tmp_path, """\
        severities: p0-p3
        intake:
          rules:
            - match: {severity: critical}
              severity: P0
              components: {api: major_outage}
        """).intake
    assert intake.rules[0].severity == "P0"


def test_the_scaffolds_commented_intake_example_works_once_uncommented(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    folder = tmp_path / "status"
    result = CliRunner().invoke(main, ["init", str(folder), "--yes", "--name", "Example Corp", "--url",
                                       "https://status.example.com/", "-c", "website=Website", "-c", "Public API"])
    assert result.exit_code == 0, result.output
    mkdocs = folder / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8")
    block = [line for line in text.split("\n") if line.startswith("      # intake:") or line.startswith("      #   ")]
    assert len(block) == 7
    for line in block:
        text = text.replace(line, line.replace("# ", "", 1), 1)
    mkdocs.write_text(text, encoding="utf-8")
    intake = load_config(mkdocs).intake
    assert intake.rules == (Rule((("service", "website"),), "P2", (("website", "partial_outage"),)),)
    assert (intake.flap_window, intake.unmapped) == (timedelta(minutes=5), "draft")
