"""Which incident a command's ID argument means: the pure choice, every case without files."""
from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from generator.core.diagnostics import UserError
from generator.write.authoring.target import OPEN, REPORT, Candidate, pick

ROOT = PurePosixPath("/srv/status")
INCIDENTS = ROOT / "incidents"


def candidate(id_, folder="2026", **facts):
    path = INCIDENTS / folder / f"{id_}.md"
    return Candidate(id_, path, f"incidents/{folder}/{id_}.md", title=id_.split("-", 3)[-1], **facts)


API = candidate("2026-03-04-api-errors", status="identified", open=True)
WEB = candidate("2026-03-04-web-slow", status="monitoring", open=True)
OLD = candidate("2026-02-01-api-outage", status="resolved", awaiting_report=True)
DRAFT = candidate("2026-03-04-alert-disk-full", status="investigating", open=True, draft=True)
BROKEN = candidate("2026-03-05-half-written")
ALL = [API, WEB, OLD, DRAFT, BROKEN]


def choose(argument, candidates=ALL, want=OPEN, cwd=ROOT):
    return pick(argument, candidates, want=want, cwd=cwd, incidents_dir=INCIDENTS, shown_dir="incidents",
                command="statusgen update")


def refusal(argument, candidates=ALL, want=OPEN, cwd=ROOT):
    with pytest.raises(UserError) as raised:
        choose(argument, candidates, want, cwd)
    return [d.format() for d in raised.value.diagnostics]


def test_an_exact_id_wins_over_longer_ids_it_starts():
    longer = candidate("2026-03-04-api-errors-again", status="investigating", open=True)
    assert choose("2026-03-04-api-errors", [*ALL, longer]) is API
    assert choose("2026-03-04-api-errors.md", [*ALL, longer]) is API


def test_a_unique_start_of_the_id_with_or_without_its_date():
    assert choose("2026-03-04-api") is API
    assert choose("web") is WEB
    assert choose("api-o") is OLD  # closed incidents are named like any other
    assert choose("half") is BROKEN  # and so is a file that does not validate: the command says what is wrong


def test_an_ambiguous_start_lists_its_matches_one_line_each():
    assert refusal("api") == [
        'incidents: "api" is the start of 2 incident ids; give more of the id, or the file\'s path:',
        "incidents/2026/2026-02-01-api-outage.md: 2026-02-01-api-outage (resolved): api-outage",
        "incidents/2026/2026-03-04-api-errors.md: 2026-03-04-api-errors (identified): api-errors",
    ]


def test_an_unknown_id_suggests_a_near_one():
    assert refusal("2026-03-04-web-slwo") == [
        'incidents: no incident with id "2026-03-04-web-slwo" (did you mean "2026-03-04-web-slow"?); the id is '
        "the file name without .md (the start of it is enough when only one id starts that way), or give the "
        "file's path"]


def test_a_path_relative_to_where_the_command_runs_or_absolute():
    assert choose("incidents/2026/2026-03-04-web-slow.md") is WEB
    assert choose("2026/2026-03-04-web-slow.md", cwd=INCIDENTS) is WEB
    assert choose("2026-03-04-web-slow.md", cwd=INCIDENTS / "2026") is WEB
    assert choose("../2026/./2026-03-04-api-errors.md", cwd=INCIDENTS / "2026") is API
    assert choose(str(INCIDENTS / "2026" / "2026-03-04-api-errors.md"), cwd=PurePosixPath("/tmp")) is API


def test_a_path_outside_the_incidents_folder_is_refused():
    assert refusal("../../etc/passwd", cwd=INCIDENTS) == [
        "../../etc/passwd: is outside the incidents folder (incidents/); statusgen edits only the incident files "
        "of this project (give the right --config-file, or the file's id)"]
    assert refusal("site_src/index.md")[0].startswith("site_src/index.md: is outside the incidents folder")
    assert refusal("incidents/2026/nothing.md") == [
        "incidents/2026/nothing.md: is not an incident file of this project; incident files are the .md files "
        "under incidents/"]


def test_without_an_id_the_only_open_published_incident():
    assert choose(None, [API, OLD, DRAFT, BROKEN]) is API
    assert choose("  ", [WEB, OLD]) is WEB


def test_without_an_id_several_open_incidents_are_listed():
    assert refusal(None) == [
        "incidents: 2 open incidents; say which: statusgen update ID (or the start of the id, or the file's path):",
        "incidents/2026/2026-03-04-api-errors.md: 2026-03-04-api-errors (identified): api-errors",
        "incidents/2026/2026-03-04-web-slow.md: 2026-03-04-web-slow (monitoring): web-slow",
    ]


def test_without_an_id_and_nothing_open_drafts_are_named_not_chosen():
    assert refusal(None, [OLD, DRAFT]) == [
        "incidents: no open incident, so there is nothing to default to; give the incident's id or its file's "
        "path; open drafts (draft: true, not yet published) are named only by their id:",
        "incidents/2026/2026-03-04-alert-disk-full.md: 2026-03-04-alert-disk-full (investigating, draft): "
        "alert-disk-full",
    ]
    assert refusal(None, [OLD]) == ["incidents: no open incident, so there is nothing to default to; give the "
                                    "incident's id or its file's path"]


def test_postmortem_defaults_to_the_one_report_due():
    assert choose(None, want=REPORT) is OLD
    second = candidate("2026-02-20-login-failures", status="resolved", awaiting_report=True)
    assert refusal(None, [*ALL, second], want=REPORT)[0] == (
        "incidents: 2 resolved incidents awaiting their post-incident report; say which: statusgen update ID (or "
        "the start of the id, or the file's path):")


def test_a_duplicate_id_is_refused_naming_both_files():
    twin = candidate("2026-03-04-api-errors", folder="2025", status="resolved")
    assert refusal("2026-03-04-api-errors", [API, twin]) == [
        'incidents/2025/2026-03-04-api-errors.md: the id "2026-03-04-api-errors" is used by '
        "incidents/2026/2026-03-04-api-errors.md, incidents/2025/2026-03-04-api-errors.md; rename one before editing"]
