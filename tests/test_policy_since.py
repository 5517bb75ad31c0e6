"""policy_since: the communication targets' warnings only for incidents that began on or after a day, so
`validate --strict` is usable on a history imported from elsewhere (written to no such targets)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from sample import incident, write_project

from generator.cli import main
from generator.core.diagnostics import UserError
from generator.read.config import load_config

# A P1 whose first update came 47 minutes after it began (the target is 15), long before the page existed,
# and one from after the move that misses its cadence: only the second is the team's to answer for.
OLD = incident(severity="P1", started="2024-05-01T08:00:00Z",
               updates=[("2024-05-01T08:47:00Z", "investigating", "Looking."),
                        ("2024-05-01T10:00:00Z", "resolved", "Fixed.")])
NEW = incident(severity="P1", started="2026-03-01T08:00:00Z",
               updates=[("2026-03-01T08:05:00Z", "investigating", "Looking."),
                        ("2026-03-01T08:50:00Z", "resolved", "Fixed.")],
               report="## Summary\n\nDone.\n")


def validate(project, *args):
    return CliRunner().invoke(main, ["validate", "-f", str(project.mkdocs), "--now", "2026-03-10T12:00:00Z", *args])


def test_without_it_an_imported_history_fails_strict_validation(tmp_path):
    project = write_project(tmp_path, {"2024-05-01-old.md": OLD, "2026-03-01-new.md": NEW})
    result = validate(project, "--strict")
    assert result.exit_code == 1
    assert "2024-05-01-old.md" in result.output and "2026-03-01-new.md" in result.output


def test_with_it_only_incidents_from_that_day_on_are_held_to_the_targets(tmp_path):
    project = write_project(tmp_path, {"2024-05-01-old.md": OLD, "2026-03-01-new.md": NEW},
                            options={"policy_since": "2026-03-01"})
    result = validate(project, "--strict")
    assert result.exit_code == 1
    assert "2024-05-01-old.md" not in result.output
    assert ("incidents/2026-03-01-new.md:11: warning: 45 min passed without an update while the incident was "
            "open; P1 asks for one every 15 min") in result.output


def test_the_day_begins_at_midnight_in_the_sites_time_zone(tmp_path):
    # 2026-02-28T23:30Z is already 1 March in Berlin, so the incident falls under the targets.
    late = NEW.replace("started: 2026-03-01T08:00:00Z", "started: 2026-02-28T23:30:00Z\ndetected: 2026-02-28T23:30:00Z")
    project = write_project(tmp_path, {"2026-02-28-late.md": late},
                            options={"policy_since": "2026-03-01", "time_zone": "Europe/Berlin"})
    assert "first public update came 8 h 35 min after detected" in validate(project).output
    project = write_project(tmp_path, {"2026-02-28-late.md": late},
                            options={"policy_since": "2026-03-01", "time_zone": "UTC"})
    result = validate(project, "--strict")
    assert result.exit_code == 0, result.output


def test_a_time_in_the_future_is_still_reported_for_every_incident(tmp_path):
    future = OLD.replace("2024-05-01T10:00:00Z", "2027-01-01T10:00:00Z")
    project = write_project(tmp_path, {"2024-05-01-old.md": future}, options={"policy_since": "2026-03-01"})
    assert "is in the future" in validate(project).output


@pytest.mark.parametrize("value, message", [
    ("2026-02-30", '"2026-02-30" is not a day that exists; write it like 2025-01-31'),
    ("yesterday", 'expected a day like 2025-01-31, got "yesterday"'),
    ("2026-03-01T00:00:00Z", 'expected a day like 2025-01-31, got "2026-03-01T00:00:00Z"'),
    (20260301, "expected a day like 2025-01-31, got a number"),
])
def test_a_wrong_day_names_the_option_and_its_line(tmp_path, monkeypatch, value, message):
    project = write_project(tmp_path, {}, options={"policy_since": value})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError) as caught:
        load_config("mkdocs.yml")
    assert [d.format() for d in caught.value.diagnostics] == [f"mkdocs.yml:8: plugins.statusgen.policy_since: {message}"]
    assert project
