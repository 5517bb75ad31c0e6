"""The authoring CLI end to end: new -> update -> resolve -> postmortem, and validate."""
from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.read.config import load_config
from generator.validate.project import load_project
from generator.core.timeutil import parse_time

from sample import INCIDENT, write_project


@pytest.fixture
def project(tmp_path, monkeypatch):
    write_project(tmp_path, {})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args, ok=True):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    if ok:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1, result.output
        assert isinstance(result.exception, SystemExit)
    return result


def load(root, now):
    return load_project(load_config(root / "mkdocs.yml"), parse_time(now))


def test_full_incident_lifecycle_keeps_author_comments(project):
    result = run("new", "-t", "Elevated API errors", "-s", "P2", "-c", "api=partial_outage", "-c",
                 "web=degraded_performance", "--now", "2026-03-04T09:10:00Z")
    assert "created incidents/2026-03-04-elevated-api-errors.md" in result.output
    path = project / "incidents" / "2026-03-04-elevated-api-errors.md"
    text = path.read_text()
    assert "started: 2026-03-04T09:10:00Z" in text
    assert "We are investigating reports of problems with Public API and Website." in text
    assert "We will post an update within 30 minutes." in text

    # An author edits by hand: comments, a reordered key and odd spacing must all survive.
    text = text.replace("title: Elevated API errors", "title: Elevated API errors   # customer-facing wording")
    text = text.replace("updates:", "# keep updates oldest first\nupdates:")
    path.write_text(text)

    run("update", "2026-03-04-elevated-api-errors", "-s", "identified", "-m",
        "A faulty deploy.\n\nWe are rolling it back.", "--now", "2026-03-04T09:35:00Z")
    run("resolve", "2026-03-04-elevated-api-errors", "--now", "2026-03-04T10:00:00Z")
    run("postmortem", "2026-03-04-elevated-api-errors", "--now", "2026-03-04T12:00:00Z")

    final = path.read_text()
    assert final.startswith(text.split("---\n", 2)[1].join(["---\n", ""])[:0] + "---\n")
    assert "title: Elevated API errors   # customer-facing wording" in final
    assert "# keep updates oldest first\nupdates:" in final
    # Unchanged lines are byte-identical: the original front matter is a prefix of the edited one.
    before_updates_end = text.split("internal:")[0]
    assert final.startswith(before_updates_end)
    assert "| 2026-03-04 09:35 | Identified: A faulty deploy. |" in final
    assert "## Root Cause" in final and "## Action Items" in final

    project_state = load(project, "2026-03-04T12:00:00Z")
    assert project_state.diagnostics == []
    incident = project_state.incidents[0]
    assert [u.status for u in incident.updates] == ["investigating", "identified", "resolved"]
    assert incident.resolved_at == parse_time("2026-03-04T10:00:00Z")
    assert not incident.has_report  # the skeleton is the author's draft until published
    assert "A post-incident report will be published within 48 hours." in incident.updates[-1].message


def test_update_refuses_a_status_that_cannot_follow(project):
    (project / "incidents" / "2026-03-04-api.md").write_text(INCIDENT)
    before = (project / "incidents" / "2026-03-04-api.md").read_text()
    result = run("update", "2026-03-04-api", "-s", "monitoring", "-m", "x", "--now", "2026-03-04T11:00:00Z", ok=False)
    assert 'incidents/2026-03-04-api.md:14: "monitoring" cannot follow "resolved"' in result.output
    assert (project / "incidents" / "2026-03-04-api.md").read_text() == before


def test_update_refuses_unknown_status_and_id(project):
    (project / "incidents" / "2026-03-04-api.md").write_text(INCIDENT.replace(
        "  - at: 2026-03-04T10:05:00Z\n    status: resolved\n    message: Error rates are back to normal.\n", ""))
    result = run("update", "2026-03-04-api", "-s", "fixed", "-m", "x", "--now", "2026-03-04T10:00:00Z", ok=False)
    assert '"fixed" is not a status for an incident' in result.output
    result = run("update", "2026-03-04-apii", "-s", "monitoring", "-m", "x", ok=False)
    assert 'no incident with id "2026-03-04-apii" (did you mean "2026-03-04-api"?)' in result.output
    result = run("update", "2026-03-04-api", "-s", "monitoring", "-m", "x", "--now", "2026-03-04T09:00:00Z", ok=False)
    assert "after now" in result.output


def test_update_refuses_to_edit_an_invalid_file(project):
    path = project / "incidents" / "2026-03-04-api.md"
    path.write_text(INCIDENT.replace("severity: P2", "severity: P9"))
    result = run("update", "2026-03-04-api", "-s", "monitoring", "-m", "x", ok=False)
    assert 'incidents/2026-03-04-api.md:3: severity: "P9" is not a configured severity' in result.output


def test_new_maintenance_and_completion(project):
    run("new", "--maintenance", "-t", "Database upgrade", "-c", "api=under_maintenance", "--start",
        "2026-03-10T02:00:00Z", "--end", "2026-03-10T04:00:00Z", "--id", "2026-03-10-db-upgrade",
        "--now", "2026-03-05T10:00:00Z")
    text = (project / "incidents" / "2026-03-10-db-upgrade.md").read_text()
    assert "type: maintenance" in text and "status: scheduled" in text
    assert "Tuesday 10 March 2026 from 02:00 to 04:00 UTC" in text
    run("update", "2026-03-10-db-upgrade", "-s", "in_progress", "-m", "Started.", "--now", "2026-03-10T02:00:00Z")
    result = run("update", "2026-03-10-db-upgrade", "-s", "scheduled", "-m", "x", "--now", "2026-03-10T02:10:00Z",
                 ok=False)
    assert "cannot go back to scheduled" in result.output
    run("resolve", "2026-03-10-db-upgrade", "--now", "2026-03-10T03:10:00Z")
    item = load(project, "2026-03-11T00:00:00Z").incidents[0]
    assert item.status == "completed" and item.window_end == parse_time("2026-03-10T04:00:00Z")


def test_new_rejects_bad_input_all_at_once(project):
    result = run("new", "-t", "x", "-s", "P9", "-c", "apx=broken", "--now", "2026-03-04T09:00:00Z", ok=False)
    assert 'unknown component "apx" (did you mean "api"?)' in result.output
    assert '"broken" is not an impact for apx' in result.output
    assert '--severity "P9" is not configured' in result.output
    assert not any((project / "incidents").iterdir())


def test_new_refuses_an_existing_id(project):
    args = ["new", "-t", "API errors", "-s", "P3", "-c", "api=degraded_performance", "--now", "2026-03-04T09:00:00Z"]
    run(*args)
    result = run(*args, ok=False)
    assert 'an incident with id "2026-03-04-api-errors" already exists' in result.output


def test_new_files_by_year_when_the_project_does(project):
    (project / "incidents" / "2025").mkdir()
    run("new", "-t", "API errors", "-s", "P3", "-c", "api=degraded_performance", "--now", "2026-03-04T09:00:00Z")
    assert (project / "incidents" / "2026" / "2026-03-04-api-errors.md").is_file()


def test_postmortem_needs_a_resolved_incident_without_report(project):
    run("new", "-t", "API errors", "-s", "P1", "-c", "api=major_outage", "--now", "2026-03-04T09:00:00Z")
    result = run("postmortem", "2026-03-04-api-errors", ok=False)
    assert "is still open; resolve it first" in result.output
    run("resolve", "2026-03-04-api-errors", "--now", "2026-03-04T09:10:00Z")
    run("postmortem", "2026-03-04-api-errors")
    result = run("postmortem", "2026-03-04-api-errors", ok=False)
    assert "already has a post-incident report" in result.output


def test_every_command_help_shows_an_example():
    runner = CliRunner()
    names = main.list_commands(None)  # every command, each imported when first asked for
    assert len(names) >= 19 and "build" in names
    for name in names:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"statusgen {name} --help has no example"


def test_validate_cli_exit_codes_and_summary(project):
    (project / "incidents" / "2026-03-04-api.md").write_text(INCIDENT)
    result = run("validate", "--now", "2026-03-05T00:00:00Z")
    assert "1 file(s) valid (1 published, 0 draft(s)), 0 warning(s)." in result.output
    (project / "incidents" / "2026-03-05-bad.md").write_text(INCIDENT.replace("api:", "apii:"))
    result = run("validate", "--now", "2026-03-05T00:00:00Z", ok=False)
    assert 'incidents/2026-03-05-bad.md:5: components: unknown component "apii"' in result.output
    assert "2 file(s): 1 error(s), 0 warning(s)" in result.output


def test_validate_strict_fails_on_policy_warnings(project):
    (project / "incidents" / "2026-03-04-api.md").write_text(INCIDENT)
    run("validate", "--now", "2026-03-10T00:00:00Z")
    result = run("validate", "--strict", "--now", "2026-03-10T00:00:00Z", ok=False)
    assert "warning: P2 incident resolved" in result.output


def test_schema_describes_the_front_matter(project):
    import json

    import jsonschema
    import yaml

    schema = json.loads(run("schema").output)
    front = yaml.safe_load(INCIDENT.split("---")[1])
    front = json.loads(json.dumps(front, default=lambda v: v.isoformat().replace("+00:00", "Z")))
    jsonschema.validate(front, schema)
    front["components"] = {"nope": "partial_outage"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(front, schema)


def test_real_process_reports_without_traceback(tmp_path):
    write_project(tmp_path, {"2026-03-04-api.md": "---\ntitle: [broken\n---\n"})
    done = subprocess.run([sys.executable, "-m", "generator", "validate"], cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.startswith("incidents/2026-03-04-api.md:3: front matter is not valid YAML: did not find "
                                  "expected ',' or ']' (while parsing a flow sequence that began on line 2)")


def test_missing_config_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("validate", ok=False)
    assert "mkdocs.yml: no such file" in result.output


def test_edits_keep_crlf_line_endings_byte_order_mark_and_mode(project):
    path = project / "incidents" / "2026-03-04-api.md"
    open_incident = INCIDENT.replace(
        "  - at: 2026-03-04T10:05:00Z\n    status: resolved\n    message: Error rates are back to normal.\n", "")
    path.write_bytes(("\ufeff" + open_incident).replace("\n", "\r\n").encode("utf-8"))
    path.chmod(0o664)
    run("update", "2026-03-04-api", "-s", "monitoring", "-m", "Watching.", "--now", "2026-03-04T10:00:00Z")
    run("resolve", "2026-03-04-api", "--now", "2026-03-04T10:10:00Z")
    run("postmortem", "2026-03-04-api", "--now", "2026-03-04T12:00:00Z")
    raw = path.read_bytes()
    assert raw.startswith("\ufeff---\r\n".encode("utf-8"))
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert raw.decode("utf-8").startswith(("\ufeff" + open_incident.split("  - at: 2026-03-04T09:40:00Z")[0])
                                          .replace("\n", "\r\n"))
    assert path.stat().st_mode & 0o777 == 0o664
    assert load(project, "2026-03-04T12:00:00Z").incidents[0].status == "resolved"


def test_new_files_are_readable_by_others(project):
    run("new", "-t", "API errors", "-s", "P3", "-c", "api=degraded_performance", "--now", "2026-03-04T09:00:00Z")
    mode = (project / "incidents" / "2026-03-04-api-errors.md").stat().st_mode & 0o777
    assert mode & 0o044 == 0o044  # not mkstemp's 0600


def test_update_refuses_an_ambiguous_id(project):
    for folder in ("2025", "2026"):
        (project / "incidents" / folder).mkdir()
        (project / "incidents" / folder / "2026-03-04-api.md").write_text(INCIDENT)
    result = run("update", "2026-03-04-api", "-s", "monitoring", "-m", "x", ok=False)
    assert 'the id "2026-03-04-api" is used by incidents/2025/2026-03-04-api.md, incidents/2026/2026-03-04-api.md' \
        in result.output


def test_new_incident_without_severity_says_so(project):
    result = run("new", "-t", "API errors", "-c", "api=degraded_performance", ok=False)
    assert "--severity is required for an incident; one of P1, P2, P3, P4" in result.output


@pytest.mark.parametrize("style", ["  - at: ", "- at: ", "-   at: ", "    - at: "])
def test_update_keeps_the_authors_list_style(project, style):
    dash = style.index("-")
    item_indent = " " * (len(style) - len("at: "))
    lines = ["---", "title: API errors  # keep", "severity: P3", "components:", "  api: degraded_performance",
             "updates:",
             f"{style}2026-03-04T09:10:00Z",
             f"{item_indent}status: investigating  # first",
             f"{item_indent}message: Looking into it.",
             "---", ""]
    original = "\n".join(lines).replace(f"{style}2026", f"{style[:dash]}-{style[dash + 1:]}2026")
    path = project / "incidents" / "2026-03-04-api.md"
    path.write_text(original)
    run("update", "2026-03-04-api", "-s", "identified", "-m", "Found it.", "--now", "2026-03-04T09:30:00Z")
    edited = path.read_text()
    assert edited.startswith(original.rsplit("---", 1)[0])  # every existing line unchanged
    assert f"{style}2026-03-04T09:30:00Z\n{item_indent}status: identified\n" in edited
