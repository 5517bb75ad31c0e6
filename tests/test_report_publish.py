"""A post-incident report is published when its author marks it ready (`statusgen postmortem --publish`), not
when the skeleton is written; a published report that still holds the skeleton's placeholders is refused."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from generator.read.config import load_config
from generator.reliability.facts import incident_facts
from generator.validate.placeholders import PLACEHOLDERS, unfilled
from generator.validate.project import load_project
from generator.write.build import build_site
from sample import incident, write_project
from test_cli import project, run  # noqa: F401  (project is a fixture)

ID = "2026-03-04-api"
RESOLVED = incident(severity="P2", updates=[("2026-03-04T09:12:00Z", "investigating", "Looking into it."),
                                            ("2026-03-04T09:40:00Z", "identified", "An expired certificate."),
                                            ("2026-03-04T10:05:00Z", "resolved", "Error rates are back to normal.")])
NOW = datetime(2026, 3, 5, 12, tzinfo=timezone.utc)
# What the author writes in place of each placeholder of the skeleton.
FILLED = {
    re.compile(r"- \*\*Impact\*\*: Describe what customers of .+ experienced\."):
        "- **Impact**: One API request in five failed for 53 minutes.",
    re.compile(re.escape("Describe what caused the incident, in terms customers can follow.")):
        "A certificate on one load balancer expired.",
    re.compile(re.escape("- Users affected: describe who and how many.")): "- Users affected: every API client.",
    re.compile(r"- …"): "- We found the expired certificate quickly.",
    re.compile(r"\| Describe a preventive measure \| Team \| YYYY-MM-DD \| Open \|"):
        "| Alert 30 days before a certificate expires | Platform | 2026-04-01 | Open |",
    re.compile(re.escape("Key takeaways for preventing similar incidents.")): "Certificates need an owner.",
}


def _path(root):
    return root / "incidents" / f"{ID}.md"


def _fill(text: str) -> str:
    for pattern, replacement in FILLED.items():
        text = pattern.sub(lambda _: replacement, text)
    return text


def _state(root, now=NOW):
    return load_project(load_config(root / "mkdocs.yml"), now)


def _site_text(root) -> str:
    """Everything the built site holds that a reader or a machine can fetch: pages, feeds, JSON."""
    build_site(root / "mkdocs.yml", now=NOW)
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in (root / "site").rglob("*")
                     if p.is_file() and p.suffix in (".html", ".xml", ".json", ".ics", ".txt", ".svg"))


def test_the_skeleton_is_written_unpublished_and_nothing_of_it_is_public(project):  # noqa: F811
    _path(project).write_text(RESOLVED)
    result = run("postmortem", ID, "--now", "2026-03-04T12:00:00Z")
    assert "added an unpublished post-incident report to incidents/2026-03-04-api.md" in result.output
    assert f"publish it with: statusgen postmortem --publish {ID}" in result.output
    text = _path(project).read_text()
    assert "report_published" not in text and "## Root Cause" in text
    found = _state(project)
    assert found.errors == [] and not found.incidents[0].has_report
    assert found.incidents[0].report_published is None
    site = _site_text(project)
    assert "Elevated API errors" in site  # the incident itself is public
    assert "Root Cause" not in site and "Lessons Learned" not in site and "Describe what caused" not in site
    # validate --strict passes it (a draft report is no fault) while the report is not yet due.
    assert run("validate", "--strict", "--now", "2026-03-04T12:00:00Z").exit_code == 0


def test_publish_is_refused_while_placeholders_remain_naming_each_with_its_line(project):  # noqa: F811
    _path(project).write_text(RESOLVED)
    run("postmortem", ID, "--now", "2026-03-04T12:00:00Z")
    text = _path(project).read_text()
    lines = text.split("\n")
    partly = text.replace("Key takeaways for preventing similar incidents.", "Certificates need an owner.")
    _path(project).write_text(partly)
    result = run("postmortem", "--publish", ID, "--now", "2026-03-04T13:00:00Z", ok=False)
    refused = [line for line in result.output.splitlines() if "not published: the report still has" in line]
    expected = [(number, line.strip()) for number, line in enumerate(lines, start=1)
                if line.strip() in ("- …", "Describe what caused the incident, in terms customers can follow.",
                                    "- Users affected: describe who and how many.")
                or line.startswith(("- **Impact**: Describe", "| Describe a preventive"))]
    assert len(expected) == 6 and len(refused) == 6  # two "- …", and the lessons are filled in
    for (number, line), message in zip(expected, refused):
        assert message.startswith(f"incidents/2026-03-04-api.md:{number}: not published: "), message
        assert line[:40] in message
    assert any("the root cause" in m for m in refused) and not any("lessons" in m for m in refused)
    assert _path(project).read_text() == partly  # nothing written


def test_publish_stamps_report_published_and_then_the_report_is_public(project):  # noqa: F811
    _path(project).write_text(RESOLVED)
    run("postmortem", ID, "--now", "2026-03-04T12:00:00Z")
    filled = _fill(_path(project).read_text())
    _path(project).write_text(filled)
    result = run("postmortem", "--publish", "--now", "2026-03-05T09:00:00Z")  # the only one unpublished
    assert "published the post-incident report of incidents/2026-03-04-api.md" in result.output
    text = _path(project).read_text()
    assert "\nreport_published: 2026-03-05T09:00:00Z\n---\n" in text
    assert text.replace("report_published: 2026-03-05T09:00:00Z\n", "", 1) == filled  # one line added
    found = _state(project)
    assert found.errors == [] and found.incidents[0].has_report
    assert found.incidents[0].report_published == datetime(2026, 3, 5, 9, tzinfo=timezone.utc)
    site = _site_text(project)
    assert "A certificate on one load balancer expired." in site and "Root Cause" in site
    again = run("postmortem", "--publish", ID, "--now", "2026-03-05T10:00:00Z", ok=False)
    assert "already published (2026-03-05T09:00:00Z)" in again.output


def test_publish_without_a_report_says_to_write_it_first(project):  # noqa: F811
    _path(project).write_text(RESOLVED)
    result = run("postmortem", "--publish", ID, ok=False)
    assert "has no post-incident report to publish; write it first (statusgen postmortem 2026-03-04-api" \
        in result.output


def test_validate_refuses_a_published_report_with_placeholders_as_errors_with_lines(tmp_path):
    body = ("## Root Cause\n\nDescribe what caused the incident, in terms customers can follow.\n\n"
            "## Action Items\n\n| Action | Owner | Due Date | Status |\n|---|---|---|---|\n"
            "|  Describe a preventive measure|Team  | YYYY-MM-DD | Open |\n")
    text = incident(updates=[("2026-03-04T09:12:00Z", "investigating", "Looking."),
                             ("2026-03-04T10:05:00Z", "resolved", "Fixed.")], report=body)
    root = write_project(tmp_path, {f"{ID}.md": text}).root
    errors = [(d.level, d.format()) for d in _state(root).diagnostics]
    first = text.split("\n").index("Describe what caused the incident, in terms customers can follow.") + 1
    row = next(n for n, line in enumerate(text.split("\n"), 1) if "preventive" in line)
    assert errors == [
        ("error", f"incidents/{ID}.md:{first}: report_published is set but the report still has the skeleton's "
                  'placeholder for the root cause ("Describe what caused the incident, in terms customers can '
                  'follow."): write it, or delete the line; or remove report_published until the report is ready '
                  "(statusgen postmortem --publish sets it then)"),
        ("error", f"incidents/{ID}.md:{row}: report_published is set but the report still has the skeleton's "
                  'placeholder for the action items ("|  Describe a preventive measure|Team  | YYYY-MM-DD | Open |")'
                  ": write it, or delete the line; or remove report_published until the report is ready "
                  "(statusgen postmortem --publish sets it then)")]
    assert _state(root).incidents == []  # never published


def test_an_authors_own_words_like_a_placeholder_are_not_refused(tmp_path):
    body = ("## Root Cause\n\nDescribe what caused the incident, in terms customers can follow. We did: DNS.\n\n"
            "We were asked to describe who and how many users were affected: 12 customers.\n\n"
            "> Key takeaways for preventing similar incidents.\n\n"
            "```\n- …\nDescribe what caused the incident, in terms customers can follow.\n```\n")
    text = incident(report=body)
    root = write_project(tmp_path, {f"{ID}.md": text}).root
    found = _state(root)
    assert [d for d in found.diagnostics if d.level == "error"] == [] and found.incidents[0].has_report


def test_the_placeholders_are_exactly_the_skeletons(project):  # noqa: F811
    _path(project).write_text(RESOLVED)
    run("postmortem", ID, "--now", "2026-03-04T12:00:00Z")
    text = _path(project).read_text()
    body = text.split("\n---\n", 1)[1]
    found = unfilled(body, 1)
    # Each one is in the skeleton; the data exposed only in a security incident's (test_security_notices).
    assert {f.what for f in found} == {p.what for p in PLACEHOLDERS} - {"the data exposed"}
    assert unfilled(_fill(body), 1) == []  # and filling them in leaves none


def test_the_on_time_figures_count_from_report_published(project):  # noqa: F811
    _path(project).write_text(RESOLVED)
    run("postmortem", ID, "--now", "2026-03-04T12:00:00Z")
    _path(project).write_text(_fill(_path(project).read_text()))
    later = datetime(2026, 3, 8, 12, tzinfo=timezone.utc)
    config = load_config(project / "mkdocs.yml")
    severity = config.severity_map["P2"]
    written = incident_facts(_state(project, later).incidents[0], None, severity, later)
    assert written.report_delay is None and written.report_missing  # written on time, never published: missing
    run("postmortem", "--publish", ID, "--now", "2026-03-07T10:05:00Z")  # 72 h after the resolution
    published = incident_facts(_state(project, later).incidents[0], None, severity, later)
    assert published.report_delay == 72 * 3600 and not published.report_missing


def test_validate_lists_reports_written_and_not_published(project):  # noqa: F811
    _path(project).write_text(RESOLVED)
    run("postmortem", ID, "--now", "2026-03-04T12:00:00Z")
    result = run("validate", "--now", "2026-03-04T12:00:00Z")
    assert ("1 post-incident report(s) written and not published; nothing of them is public until you publish "
            "each with statusgen postmortem --publish ID:\n  incidents/2026-03-04-api.md: 2026-03-04-api\n"
            in result.output)
    _path(project).write_text(_fill(_path(project).read_text()))
    run("postmortem", "--publish", ID, "--now", "2026-03-04T13:00:00Z")
    assert "not published" not in run("validate", "--now", "2026-03-04T13:00:00Z").output
