"""Authoring at 3 a.m., through the real commands: times on `new` (absolute or counted back from now),
--security, --now in every help, update/resolve/postmortem by id start, by path or by default."""
from __future__ import annotations

import click
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.core.timeutil import parse_time
from generator.read.reader import split_source

from test_cli import project, run  # noqa: F401  (project is a fixture: the same CLI project and runner)

NOW = "2026-03-04T09:30:00Z"


def front_matter(path):
    source, _ = split_source(path.read_text(), path, path.name)
    return yaml.safe_load(source.front_matter)


def new(*args, ok=True):
    return run("new", "-t", "API down", "-s", "P1", "-c", "api=major_outage", "--now", NOW, *args, ok=ok)


def test_new_takes_times_counted_back_from_now(project):
    new("--started", "-1h30m", "--detected=-20m", "--acknowledged", "-15m")
    facts = front_matter(project / "incidents" / "2026-03-04-api-down.md")
    assert facts["started"] == parse_time("2026-03-04T08:00:00Z")
    assert facts["detected"] == parse_time("2026-03-04T09:10:00Z")
    assert facts["acknowledged"] == parse_time("2026-03-04T09:15:00Z")
    assert facts["updates"][0]["at"] == parse_time(NOW)
    assert run("validate", "--now", NOW).exit_code == 0


def test_new_takes_absolute_times_in_any_zone_and_now(project):
    new("--detected", "2026-03-04T10:05:00+01:00", "--acknowledged", "now")
    facts = front_matter(project / "incidents" / "2026-03-04-api-down.md")
    assert facts["detected"] == facts["started"] == parse_time("2026-03-04T09:05:00Z")  # started: the earliest
    assert facts["acknowledged"] == parse_time(NOW)


@pytest.mark.parametrize("value, words", [
    ("+15m", '"+15m" is in the future; relative times count back from now: write -15m for that long ago'),
    ("15m", '"15m" is a duration, not a time; write -15m for that long ago'),
    ("-15x", '"-15x" is not a time relative to now; write it like -15m, -2h, -1h30m or -1d'),
    ("2026-03-04T09:00:00", '"2026-03-04T09:00:00" has no time zone; add Z for UTC or an offset like +01:00'),
])
def test_new_refuses_a_time_it_cannot_read(project, value, words):
    result = CliRunner().invoke(main, ["new", "-t", "x", "-s", "P1", "-c", "api=major_outage", "--detected", value])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert words in result.output
    assert list((project / "incidents").iterdir()) == []


def test_new_checks_the_times_against_each_other_all_at_once(project):
    result = new("--started", "-5m", "--detected", "-10m", "--acknowledged", "-20m", ok=False)
    assert ("statusgen new: --detected (2026-03-04 09:20:00 UTC) is before --started (2026-03-04 09:25:00 UTC); a "
            "problem cannot be noticed before it began") in result.output
    assert ("statusgen new: --acknowledged (2026-03-04 09:10:00 UTC) is before --detected (2026-03-04 09:20:00 "
            "UTC); nobody can take on a problem before it is noticed") in result.output
    result = new("--started", "2026-03-04T09:31:00Z", ok=False)
    assert "--started (2026-03-04 09:31:00 UTC) is after now (2026-03-04 09:30:00 UTC)" in result.output
    assert list((project / "incidents").iterdir()) == []


def test_new_security_incident(project):
    new("--security", "--id", "plain")
    assert front_matter(project / "incidents" / "plain.md")["security"] is True
    new("--security-data", "E-mail addresses of some accounts.", "--id", "detailed")
    assert front_matter(project / "incidents" / "detailed.md")["security"] == {
        "data": "E-mail addresses of some accounts.\n"}
    result = run("new", "--maintenance", "-t", "Upgrade", "-c", "api=under_maintenance", "--security",
                 "--start", "2026-03-05T02:00:00Z", "--end", "2026-03-05T04:00:00Z", "--now", NOW, ok=False)
    assert "--security applies to incidents only" in result.output
    assert run("validate", "--now", NOW).exit_code == 0


def commands(group=main, prefix=()):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def test_no_command_hides_now():
    hidden = [" ".join(name) for name, command in commands()
              for param in command.params if "--now" in getattr(param, "opts", ()) and (param.hidden or not param.help)]
    assert hidden == []


@pytest.mark.parametrize("command", ["new", "update", "resolve", "postmortem"])
def test_now_is_explained_in_the_authoring_commands_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    text = " ".join(result.output[result.output.index("--now TIME"):].split())
    assert text.startswith("--now TIME Act as if it were this time instead of the clock (a time with a zone, e.g. "
                           "2026-03-04T09:12:00Z): to record something done a little earlier, or to rehearse.")


@pytest.fixture
def two_open(project):
    new("--id", "2026-03-04-api-errors")
    run("new", "-t", "Web slow", "-s", "P3", "-c", "web=degraded_performance", "--id", "2026-03-04-web-slow",
        "--now", NOW)
    return project


def test_update_by_the_start_of_an_id_with_or_without_its_date(two_open):
    run("update", "2026-03-04-api", "-s", "identified", "-m", "A bad deploy.", "--now", "2026-03-04T09:35:00Z")
    run("update", "web", "-s", "identified", "-m", "A slow query.", "--now", "2026-03-04T09:36:00Z")
    incidents = two_open / "incidents"
    assert front_matter(incidents / "2026-03-04-api-errors.md")["updates"][-1]["message"].strip() == "A bad deploy."
    assert front_matter(incidents / "2026-03-04-web-slow.md")["updates"][-1]["message"].strip() == "A slow query."
    result = run("update", "2026-03-04", "-s", "identified", "-m", "x", ok=False)
    assert 'incidents: "2026-03-04" is the start of 2 incident ids' in result.output
    assert "incidents/2026-03-04-web-slow.md: 2026-03-04-web-slow (identified): Web slow" in result.output


def test_resolve_by_path_relative_or_absolute(two_open, monkeypatch):
    path = two_open / "incidents" / "2026-03-04-web-slow.md"
    run("resolve", "incidents/2026-03-04-web-slow.md", "--now", "2026-03-04T09:40:00Z")
    assert front_matter(path)["updates"][-1]["status"] == "resolved"
    monkeypatch.chdir(two_open / "incidents")
    run("update", str(two_open / "incidents" / "2026-03-04-api-errors.md"), "-s", "identified", "-m", "Found it.",
        "-f", "../mkdocs.yml", "--now", "2026-03-04T09:41:00Z")
    result = run("resolve", "../mkdocs.yml", "-f", "../mkdocs.yml", ok=False)
    assert "../mkdocs.yml: is outside the incidents folder (incidents/)" in result.output


def test_without_an_id_the_only_open_incident(two_open):
    result = run("resolve", "--now", "2026-03-04T09:40:00Z", ok=False)
    assert "incidents: 2 open incidents; say which: statusgen resolve ID" in result.output
    assert "incidents/2026-03-04-api-errors.md: 2026-03-04-api-errors (investigating): API down" in result.output
    run("resolve", "web", "--now", "2026-03-04T09:40:00Z")
    result = run("update", "-s", "identified", "-m", "A bad deploy.", "--now", "2026-03-04T09:41:00Z")
    assert "updated incidents/2026-03-04-api-errors.md" in result.output
    result = run("resolve", "--now", "2026-03-04T09:50:00Z")
    assert "resolved incidents/2026-03-04-api-errors.md" in result.output
    result = run("update", "-s", "identified", "-m", "x", ok=False)
    assert "incidents: no open incident, so there is nothing to default to" in result.output
    # The P1 is due a report (P3 asks for none): postmortem defaults to it.
    result = run("postmortem", "--now", "2026-03-04T10:00:00Z")
    assert "added an unpublished post-incident report to incidents/2026-03-04-api-errors.md" in result.output
