"""Change detection (shared by `changes` and `notify`) and the `statusgen changes` command."""
from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace

from generator.core.model import Incident, Update
from generator.changes.detect import (COMPONENTS, EDITED, NEW, REMOVED, REPORT, SEVERITY, STATUS, UPDATE,
                                      detect_changes)
from generator.core.timeutil import parse_time
from gitrepo import GIT_ENV, GitProject
from test_notify import API_ERRORS, API_ERRORS_IDENTIFIED, DRAFT, NOW, OUTAGE

T = parse_time


def incident(id="a", *updates, **fields) -> Incident:
    updates = updates or (Update(T("2026-03-04T09:12:00Z"), "investigating", "Looking."),)
    base = dict(id=id, source=f"incidents/{id}.md", kind="incident", title="Errors", severity="P2",
                components={"api": "partial_outage"}, updates=tuple(updates), started_at=T("2026-03-04T09:00:00Z"))
    base.update(fields)
    return Incident(**base)


FIRST = Update(T("2026-03-04T09:12:00Z"), "investigating", "Looking.")
SECOND = Update(T("2026-03-04T09:40:00Z"), "identified", "Found it.")
THIRD = Update(T("2026-03-04T10:00:00Z"), "identified", "Rolling back.")


def kinds(before, after):
    return {c.id: c.kinds for c in detect_changes(before, after)}


def test_new_updated_and_unchanged():
    old = {"a": incident("a", FIRST), "b": incident("b", FIRST)}
    new = {"a": incident("a", FIRST, SECOND), "b": incident("b", FIRST), "c": incident("c", FIRST)}
    changes = detect_changes(old, new)
    assert [(c.id, c.kinds) for c in changes] == [("a", (UPDATE, STATUS)), ("c", (NEW,))]
    assert changes[0].new_updates == (SECOND,)
    assert changes[0].previous_status == "investigating"
    assert changes[1].new_updates == (FIRST,) and changes[1].previous_status is None
    assert all(c.announced for c in changes)


def test_an_update_with_the_same_status_is_still_news():
    change = detect_changes({"a": incident("a", FIRST, SECOND)}, {"a": incident("a", FIRST, SECOND, THIRD)})
    assert [(c.kinds, c.new_updates) for c in change] == [((UPDATE,), (THIRD,))]


def test_quiet_changes_are_listed_but_not_announced():
    before = incident("a", FIRST, SECOND)
    cases = {
        "title": replace(before, title="API errors"),
        "older update reworded": replace(before, updates=(replace(FIRST, message="Looking hard."), SECOND)),
        "back-filled update": replace(before, updates=(FIRST, replace(THIRD, at=T("2026-03-04T09:30:00Z")),
                                                       SECOND)),
        "components": replace(before, components={"api": "major_outage"}),
        "older update's impact corrected": replace(before, updates=(FIRST, replace(SECOND, components={
            "api": "major_outage"}))),
        "report edited": (replace(before, report="## Summary\nIt broke."),
                          replace(before, report="## Summary\nIt broke badly.")),
    }
    expected = {"title": (EDITED,), "older update reworded": (EDITED,), "back-filled update": (EDITED,),
                "components": (COMPONENTS,), "older update's impact corrected": (EDITED,),
                "report edited": (REPORT,)}
    for name, after in cases.items():
        old, after = after if isinstance(after, tuple) else (before, after)
        [change] = detect_changes({"a": old}, {"a": after})
        assert change.kinds == expected[name], name
        assert not change.announced, name


def test_severity_change_is_announced():
    [change] = detect_changes({"a": incident("a")}, {"a": incident("a", severity="P1")})
    assert change.kinds == (SEVERITY,) and change.announced


def test_removed_incidents_come_last_and_are_not_announced():
    changes = detect_changes({"z": incident("z"), "a": incident("a")}, {"a": incident("a", FIRST, SECOND)})
    assert [(c.id, c.kinds, c.announced) for c in changes] == [("a", (UPDATE, STATUS), True),
                                                               ("z", (REMOVED,), False)]


def test_order_is_newest_activity_first_then_id():
    late = incident("b", FIRST, SECOND)
    same_time = [incident("c", FIRST), incident("a", FIRST)]
    changes = detect_changes({}, {i.id: i for i in [late, *same_time]})
    assert [c.id for c in changes] == ["b", "c", "a"]


# The command --------------------------------------------------------------------


def test_markdown_summary_for_a_pull_request(tmp_path):
    repo = GitProject(tmp_path / "status", {"2026-03-04-api-errors.md": API_ERRORS})
    repo.write("2026-03-04-api-errors.md", API_ERRORS_IDENTIFIED)
    repo.write("2026-03-04-sign-in.md", OUTAGE.replace("title: Sign-in unavailable",
                                                       'title: "Sign-in [down](https://evil.example) <img src=x>"'))
    repo.write("2026-03-04-draft.md", DRAFT)
    result = repo.run("changes", "--since", "HEAD", "--format", "markdown", "--now", NOW)
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("### Changes to the public status page\n")
    assert ("- **1 new update; Status: Investigating → Identified** · P2 High · Elevated API errors "
            "(`2026-03-04-api-errors`) · _update: announced to chat and webhook \\(everyone\\)_") in text
    assert "  - Latest update: A faulty deploy caused the errors; we are rolling it back." in text
    assert "**New incident** · P1 Critical · Sign-in \\[down\\]\\(https://evil.example\\) \\<img src=x\\>" in text
    assert "  - Now: Investigating · Website \\(major outage\\), Public API \\(degraded performance\\)" in text
    assert "DRAFT" not in text and "SECRET" not in text
    assert "](" not in text.replace("\\](", "")  # no live link from the title


def test_text_and_json_formats(tmp_path):
    repo = GitProject(tmp_path / "status", {"2026-03-04-api-errors.md": API_ERRORS})
    repo.remove("2026-03-04-api-errors.md")
    repo.write("2026-03-04-sign-in.md", OUTAGE)
    text = repo.run("changes", "--since", "HEAD", "--now", NOW)
    assert text.exit_code == 0, text.output
    head = repo.git("rev-parse", "HEAD")
    assert text.output.splitlines()[0] == f"2 change(s) to the public page since HEAD ({head[:12]}):"
    assert "- 2026-03-04-sign-in [P1 Critical] Sign-in unavailable" in text.output
    assert "    Removed from the page (deleted or made a draft) (not announced)" in text.output
    data = json.loads(repo.run("changes", "--since", "HEAD", "--format", "json", "--now", NOW).output)
    assert data["since"] == repo.git("rev-parse", "HEAD")
    assert [(c["id"], c["kinds"], c["announced"], c["event"]) for c in data["changes"]] == [
        ("2026-03-04-sign-in", ["new"], True, "incident.created"),
        ("2026-03-04-api-errors", ["removed"], False, "incident.removed"),
    ]


def test_a_title_with_a_newline_stays_on_its_line(tmp_path):
    repo = GitProject(tmp_path / "status")
    repo.write("2026-03-04-sign-in.md", OUTAGE.replace("title: Sign-in unavailable",
                                                       'title: "Sign-in\\n- 2026-03-04-forged [P1 Critical] Forged"'))
    text = repo.run("changes", "--since", "HEAD", "--now", NOW)
    assert text.exit_code == 0, text.output
    assert "- 2026-03-04-sign-in [P1 Critical] Sign-in - 2026-03-04-forged [P1 Critical] Forged\n" in text.output
    assert not [line for line in text.output.splitlines() if line.startswith("- 2026-03-04-forged")]
    markdown = repo.run("changes", "--since", "HEAD", "--format", "markdown", "--now", NOW)
    assert "· Sign-in - 2026-03-04-forged \\[P1 Critical\\] Forged (`2026-03-04-sign-in`)" in markdown.output


def test_now_shows_the_impacts_as_of_the_latest_update(tmp_path):
    repo = GitProject(tmp_path / "status", {"2026-03-04-api-errors.md": API_ERRORS})
    worse = API_ERRORS_IDENTIFIED.replace("internal:", """\
    components:
      api: major_outage
      web: degraded_performance
internal:""")
    repo.write("2026-03-04-api-errors.md", worse)
    markdown = repo.run("changes", "--since", "HEAD", "--format", "markdown", "--now", NOW)
    assert markdown.exit_code == 0, markdown.output
    # Not the partial outage it began with: the latest update made it major and added the website.
    now = "  - Now: Identified · Public API \\(major outage\\), Website \\(degraded performance\\)\n"
    assert now in markdown.output
    text = repo.run("changes", "--since", "HEAD", "--now", NOW).output
    assert "    now: Identified; Public API (major outage), Website (degraded performance)\n" in text
    repo.commit("worse")
    repo.write("2026-03-04-api-errors.md", worse.replace("internal:", """\
  - at: 2026-03-04T10:30:00Z
    status: resolved
    message: Fixed.
internal:"""))
    text = repo.run("changes", "--since", "HEAD", "--now", NOW).output
    assert "    now: Resolved; Public API (operational), Website (operational)\n" in text


def test_nothing_changed(tmp_path):
    repo = GitProject(tmp_path / "status", {"2026-03-04-api-errors.md": API_ERRORS})
    repo.write("2026-03-04-draft.md", DRAFT)  # a new draft changes nothing public
    result = repo.run("changes", "--since", "HEAD", "--format", "markdown", "--now", NOW)
    assert result.exit_code == 0
    head = repo.git("rev-parse", "--short=12", "HEAD")
    assert f"Nothing on the public page changes compared with `HEAD ({head})`." in result.output


def test_project_in_a_subfolder_with_nested_incidents(tmp_path):
    repo = GitProject(tmp_path / "repo" / "status", {"2026/2026-03-04-api-errors.md": API_ERRORS,
                                                      "README.md": "# notes for authors\n",
                                                      "_template.md": "not an incident"})
    # Make the repository's root the parent folder, so the project is at status/.
    subprocess.run(["rm", "-rf", str(repo.root / ".git")], check=True)
    top = tmp_path / "repo"
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "initial"]):
        subprocess.run(["git", *args], cwd=top, env=env, check=True, capture_output=True)
    repo.write("2026/2026-03-04-api-errors.md", API_ERRORS_IDENTIFIED)
    result = repo.run("changes", "--since", "HEAD", "--format", "json", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert [(c["id"], c["kinds"]) for c in json.loads(result.output)["changes"]] == [
        ("2026-03-04-api-errors", ["update", "status"])]


def test_a_broken_file_at_the_old_commit_is_reported_and_ignored(tmp_path):
    repo = GitProject(tmp_path / "status", {"2026-03-04-api-errors.md": API_ERRORS.replace("severity: P2",
                                                                                           "severity: P9")})
    repo.write("2026-03-04-api-errors.md", API_ERRORS)
    result = repo.run("changes", "--since", "HEAD", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert 'HEAD:incidents/2026-03-04-api-errors.md:3: severity: "P9" is not a configured severity' in result.output
    assert "treated as absent at HEAD" in result.output
    assert "New incident" in result.output


def test_errors_in_the_working_tree_stop_the_comparison(tmp_path):
    repo = GitProject(tmp_path / "status", {"2026-03-04-api-errors.md": API_ERRORS})
    repo.write("2026-03-04-api-errors.md", API_ERRORS.replace("status: investigating", "status: investigatin"))
    result = repo.run("changes", "--since", "HEAD", "--now", NOW)
    assert result.exit_code == 1
    assert 'incidents/2026-03-04-api-errors.md:9: updates[1].status: "investigatin"' in result.output
    assert "fix them (statusgen validate) before comparing" in result.output


def test_a_shallow_clone_says_how_to_fetch_history(tmp_path):
    origin = GitProject(tmp_path / "origin", {"2026-03-04-api-errors.md": API_ERRORS})
    origin.write("2026-03-04-sign-in.md", OUTAGE)
    origin.commit("second")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin.root}", str(clone)], check=True,
                   env={**os.environ, **GIT_ENV}, capture_output=True)
    shallow = GitProject.__new__(GitProject)
    shallow.root, shallow.config = clone, clone / "mkdocs.yml"
    result = shallow.run("changes", "--since", "HEAD~1", "--now", NOW)
    assert result.exit_code == 1
    assert '"HEAD~1" is not a commit in this repository; this clone is shallow' in result.output
    assert "fetch-depth: 0" in result.output


def test_outside_a_git_repository(tmp_path):
    from sample import write_project
    from click.testing import CliRunner
    from generator.cli import main

    config = write_project(tmp_path / "plain", {"2026-03-04-api-errors.md": API_ERRORS}).mkdocs
    result = CliRunner().invoke(main, ["changes", "-f", str(config), "--since", "HEAD", "--now", NOW],
                                env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert result.exit_code == 1
    assert "is not inside a git repository" in result.output


def test_a_newly_published_report_is_announced_as_a_postmortem():
    from generator.changes.detect import REPORT_PUBLISHED
    from generator.comms.payloads import event_name

    resolved = incident("a", FIRST, Update(T("2026-03-04T10:30:00Z"), "resolved", "Fixed."))
    [change] = detect_changes({"a": resolved}, {"a": replace(resolved, report="## Summary\nIt broke.")})
    assert change.kinds == (REPORT, REPORT_PUBLISHED) and change.announced
    assert event_name(change) == "incident.postmortem"


def test_the_chat_message_for_a_published_report_links_it(tmp_path):
    from generator.read.config import load_config
    from generator.comms.payloads import ChatRenderer
    from sample import NOW, load_state, write_project
    from sample import incident as incident_file

    project = write_project(tmp_path, {"2026-03-04-api.md": incident_file()})
    state = load_state(project, NOW)
    item = state.incidents[0]
    [change] = detect_changes({item.id: item}, {item.id: replace(item, report="## Summary\nIt broke.")})
    text = ChatRenderer.for_config(load_config(project.mkdocs)).render(change, state)
    assert text == ("[P2 High] Post-incident report: Elevated API errors "
                    "https://status.example.com/incidents/2026-03-04-api/#post-incident-report")
