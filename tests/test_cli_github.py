"""`statusgen validate --format github`: problems become annotations on the changed lines."""
from __future__ import annotations

from click.testing import CliRunner

from sample import INCIDENT, write_project
from generator.cli import main

BROKEN = INCIDENT.replace("severity: P2", "severity: P7").replace("status: identified", "status: fixed")


def run(config, *args):
    return CliRunner().invoke(main, ["validate", "-f", str(config), "--format", "github", *args])


def test_errors_become_annotations_with_file_and_line(tmp_path):
    config = write_project(tmp_path, {"2026-03-04-api-errors.md": BROKEN, "2026-03-05-fine.md": INCIDENT}).mkdocs
    result = run(config, "--now", "2026-03-05T12:00:00Z")
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        '::error file=incidents/2026-03-04-api-errors.md,line=3::severity: "P7" is not a configured severity; '
        "use one of P1, P2, P3, P4",
        '::error file=incidents/2026-03-04-api-errors.md,line=12::updates[2].status: "fixed" is not allowed for an '
        "incident; use one of investigating, identified, monitoring, resolved",
    ]
    lines = sorted(int(a.split("line=")[1].split("::")[0]) for a in annotations)
    source = BROKEN.splitlines()
    assert [source[n - 1].strip() for n in lines] == ["severity: P7", "status: fixed"]
    # The human summary goes to stderr, so stdout holds only workflow commands.
    assert all(line.startswith("::") for line in result.stdout.splitlines())
    assert "Fix the problems above" in result.stderr


def test_warnings_are_annotated_but_do_not_fail(tmp_path):
    late = INCIDENT.replace("2026-03-04T09:40:00Z", "2026-03-04T11:40:00Z").replace(
        "2026-03-04T10:05:00Z", "2026-03-04T11:45:00Z")
    config = write_project(tmp_path, {"2026-03-04-api-errors.md": late}).mkdocs
    result = run(config, "--now", "2026-03-05T12:00:00Z")
    assert result.exit_code == 0, result.output
    [annotation] = [line for line in result.stdout.splitlines() if line.startswith("::")]
    line = int(annotation.split("line=")[1].split("::")[0])
    assert annotation.startswith("::warning file=incidents/2026-03-04-api-errors.md,line=")
    assert "without an update" in annotation
    assert late.splitlines()[line - 1].strip() == "- at: 2026-03-04T11:40:00Z"
    strict = run(config, "--now", "2026-03-05T12:00:00Z", "--strict")
    assert strict.exit_code == 1


def test_a_multi_line_message_cannot_inject_a_second_command(tmp_path):
    evil = INCIDENT.replace("severity: P2", 'severity: "P2\\n::error file=x::injected"')
    config = write_project(tmp_path, {"2026-03-04-api-errors.md": evil}).mkdocs
    result = run(config, "--now", "2026-03-05T12:00:00Z")
    assert result.exit_code == 1
    assert not any(line.startswith("::error file=x") for line in result.stdout.splitlines())
    # One annotation of one line: the newline shows as \n, as everywhere diagnostics are printed.
    assert result.stdout.splitlines() == ['::error file=incidents/2026-03-04-api-errors.md,line=3::severity: '
                                          '"P2\\n::error file=x::injected" is not a configured severity; '
                                          'use one of P1, P2, P3, P4']
