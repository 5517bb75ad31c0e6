"""`statusgen due`: the scheduled workflow rebuilds only when the live page would change.

The decision (generator.model.due) is checked moment by moment against a page built at BUILT: each
reason a page goes wrong without a commit makes it due just after that moment and not just before.
The command is then run end to end on a real build's build.json.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.model.due import BuildInfoError, clock_moments, parse_build_info, rebuild_due
from generator.read.config import load_config
from generator.validate.project import load_project
from generator.write.build import build_site

from sample import incident, maintenance, write_project

UTC = timezone.utc
BUILT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
HEAD = "a" * 40
OLD = "b" * 40
MINUTE = timedelta(minutes=1)
EVERY = timedelta(minutes=10)

FILES = {
    # P2 promises an update every 30 minutes: the one at 11:50 is overdue from 12:20.
    "2026-03-10-api.md": incident(severity="P2", started="2026-03-10T11:40:00Z",
                                  updates=[("2026-03-10T11:50:00Z", "investigating", "Looking.")]),
    # Posted ahead of time (a fast laptop): hidden until 13:30 - CLOCK_SKEW = 13:20.
    "2026-03-10-future.md": incident(title="Planned notice", severity="P4", started="2026-03-10T11:00:00Z",
                                     updates=[("2026-03-10T11:00:00Z", "investigating", "Seen."),
                                              ("2026-03-10T13:30:00Z", "resolved", "Fixed.")]),
    "2026-03-12-db.md": maintenance(start="2026-03-10T14:00:00Z", end="2026-03-10T15:00:00Z",
                                    updates=[("2026-03-09T10:00:00Z", "scheduled", "We will upgrade.")]),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("due"), FILES)


@pytest.fixture(scope="module")
def loaded(project):
    config = load_config(project.mkdocs)
    found = load_project(config, BUILT)
    assert not found.errors, [d.format() for d in found.errors]
    return config, found.incidents


def decide(loaded, now, *, built_at=BUILT, built_commit=HEAD, commit=HEAD, interval=EVERY):
    config, incidents = loaded
    return rebuild_due(config, incidents, built_at=built_at, built_commit=built_commit, commit=commit, now=now,
                       interval=interval)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_nothing_changes_right_after_a_build(loaded):
    verdict = decide(loaded, BUILT + 5 * MINUTE)
    assert not verdict.due
    # It says what comes next: here the P2 incident's update falls overdue at 12:20.
    assert "the next update of incident 2026-03-10-api becomes overdue at 2026-03-10T12:20:00Z" in verdict.reason


@pytest.mark.parametrize("moment, words", [
    ("2026-03-10T12:20:00Z", "the next update of incident 2026-03-10-api becomes overdue"),
    ("2026-03-10T13:20:00Z", "update 2 of incident 2026-03-10-future becomes visible"),
    ("2026-03-10T13:30:00Z", "update 2 of incident 2026-03-10-future takes effect"),
    ("2026-03-10T14:00:00Z", "the window of maintenance 2026-03-12-db starts"),
    ("2026-03-10T15:00:00Z", "the window of maintenance 2026-03-12-db ends"),
])
def test_a_clock_moment_makes_it_due_once_passed(loaded, moment, words):
    when = at(moment)
    built = when - 5 * MINUTE
    # Every other moment lies outside (built, now]: the page was built just before this one.
    assert not decide(loaded, when - timedelta(seconds=1), built_at=built).due
    verdict = decide(loaded, when, built_at=built)
    assert verdict.due and verdict.reason.startswith(words), verdict.reason


def test_a_published_report_becomes_visible_later(tmp_path):
    text = incident(started="2026-03-10T09:00:00Z", updates=[("2026-03-10T09:10:00Z", "resolved", "Done.")],
                    report="## What happened\n\nA bad deploy.\n", report_published="2026-03-10T16:00:00Z")
    project = write_project(tmp_path, {"2026-03-10-x.md": text})
    config = load_config(project.mkdocs)
    found = load_project(config, BUILT)
    assert not found.errors, [d.format() for d in found.errors]
    built = at("2026-03-10T15:45:00Z")
    assert not decide((config, found.incidents), at("2026-03-10T15:49:00Z"), built_at=built).due
    verdict = decide((config, found.incidents), at("2026-03-10T15:50:00Z"), built_at=built)
    assert verdict.due and verdict.reason.startswith("the report on incident 2026-03-10-x is published"), verdict


def test_a_new_commit_or_an_unknown_one_is_due(loaded):
    verdict = decide(loaded, BUILT + MINUTE, built_commit=OLD)
    assert verdict.due and verdict.reason == f"a newer commit: {HEAD[:12]} (the live page was built from {OLD[:12]})"
    verdict = decide(loaded, BUILT + MINUTE, built_commit=None)
    assert verdict.due and "does not say which commit" in verdict.reason


def test_the_stale_threshold_is_never_reached_between_two_checks(loaded):
    # stale_after is 30 min by default; checks come every 10: rebuilt from 20 min on.
    quiet = BUILT.replace(hour=0, minute=30)  # nothing else happens between 00:30 and 01:00
    assert not decide(loaded, quiet + 19 * MINUTE, built_at=quiet).due
    verdict = decide(loaded, quiet + 20 * MINUTE, built_at=quiet)
    assert verdict.due and "would say it may be out of date from 2026-03-10T01:00:00Z" in verdict.reason
    # A schedule that checks every 25 minutes rebuilds after 5.
    assert decide(loaded, quiet + 5 * MINUTE, built_at=quiet, interval=timedelta(minutes=25)).due


def test_a_new_day_in_the_sites_time_zone(tmp_path):
    # In Tokyo (UTC+9) the day turns at 15:00 UTC: the uptime bars move then, not at midnight UTC.
    project = write_project(tmp_path, {}, options={"time_zone": "Asia/Tokyo"})
    config = load_config(project.mkdocs)
    built = at("2026-03-10T14:55:00Z")
    assert not decide((config, []), at("2026-03-10T14:59:59Z"), built_at=built).due
    verdict = decide((config, []), at("2026-03-10T15:00:00Z"), built_at=built)
    assert verdict.due and verdict.reason.startswith("a new day began at 2026-03-10T15:00:00Z (Asia/Tokyo)"), verdict


def test_a_build_from_the_future_is_rebuilt(loaded):
    verdict = decide(loaded, BUILT, built_at=BUILT + timedelta(hours=2))
    assert verdict.due and "a clock is wrong" in verdict.reason


def test_moments_name_ids_never_titles(loaded):
    config, incidents = loaded
    texts = " ".join(m.what for m in clock_moments(config, incidents))
    assert "2026-03-10-future" in texts and "Planned notice" not in texts


@pytest.mark.parametrize("raw, words", [
    (b"", "empty"),
    (b"<html><body>502 Bad Gateway</body></html>", "not JSON"),
    (b"[1, 2]", "not a JSON object"),
    (b'{"commit": "' + HEAD.encode() + b'"}', '"built_at" is missing'),
    (b'{"built_at": "soon\\n::error::forged"}', '"built_at" is missing or not a time'),
    (b'{"built_at": "2026-03-10T12:00:00Z", "commit": "main"}', "not a full commit hash"),
    (b" " * (65 * 1024) + b"{}", "larger than 64 KiB"),
])
def test_a_broken_build_info_is_refused_without_repeating_it(raw, words):
    with pytest.raises(BuildInfoError) as caught:
        parse_build_info(raw)
    assert words in str(caught.value) and "forged" not in str(caught.value)


def test_build_info_as_a_build_writes_it():
    assert parse_build_info(b'{"built_at": "2026-03-10T12:00:00Z"}') == (BUILT, None)
    assert parse_build_info(json.dumps({"built_at": "2026-03-10T12:00:00Z", "commit": HEAD}).encode()) == (BUILT, HEAD)


# -- the command, on a real build ------------------------------------------------------------------------------
def run(*args):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    return result


@pytest.fixture(scope="module")
def live(project):
    """The project built at BUILT from HEAD: its build.json is what the workflow fetches."""
    build_site(project.mkdocs, now=BUILT, commit=HEAD)
    return project.site / "build.json"


def test_build_records_the_commit(live, tmp_path):
    assert json.loads(live.read_text()) == {"built_at": "2026-03-10T12:00:00Z", "commit": HEAD}
    other = write_project(tmp_path, {})
    build_site(other.mkdocs, now=BUILT)  # no commit given: none recorded
    assert json.loads((other.site / "build.json").read_text()) == {"built_at": "2026-03-10T12:00:00Z"}


def test_due_exits_1_when_nothing_would_change(project, live):
    result = run("due", "-f", str(project.mkdocs), "--build-info", str(live), "--commit", HEAD,
                 "--now", "2026-03-10T12:05:00Z")
    assert result.exit_code == 1, result.output
    assert result.output.startswith("not due: nothing on the page has changed since it was built at "
                                    "2026-03-10T12:00:00Z")


def test_due_exits_0_on_a_new_commit_or_a_passed_moment(project, live):
    result = run("due", "-f", str(project.mkdocs), "--build-info", str(live), "--commit", OLD,
                 "--now", "2026-03-10T12:05:00Z")
    assert (result.exit_code, result.output) == (0, f"due: a newer commit: {OLD[:12]} (the live page was built "
                                                    f"from {HEAD[:12]})\n")
    result = run("due", "-f", str(project.mkdocs), "--build-info", str(live), "--commit", HEAD,
                 "--now", "2026-03-10T14:00:00Z")
    assert result.exit_code == 0 and result.output.startswith("due: "), result.output


@pytest.mark.parametrize("content, words", [
    (None, "does not exist (the live build.json could not be fetched)"),
    (b"", "is not a build.json statusgen wrote: it is empty"),
    (b"upstream request timeout", "is not a build.json statusgen wrote: it is not JSON"),
])
def test_an_unreadable_build_info_is_due(project, tmp_path, content, words):
    path = tmp_path / "live.json"
    if content is not None:
        path.write_bytes(content)
    result = run("due", "-f", str(project.mkdocs), "--build-info", str(path), "--commit", HEAD)
    assert result.exit_code == 0 and result.output.startswith(f"due: {path} {words}"), result.output


def test_broken_incident_files_are_due_so_the_build_reports_them(tmp_path, live):
    broken = write_project(tmp_path, {"2026-03-10-bad.md": "---\ntitle: [unclosed\n---\n"})
    result = run("due", "-f", str(broken.mkdocs), "--build-info", str(live), "--commit", HEAD)
    assert result.exit_code == 0 and "the incident files have 1 error(s)" in result.output, result.output


def test_print_url_and_its_failure(project, tmp_path):
    result = run("due", "-f", str(project.mkdocs), "--print-url")
    assert (result.exit_code, result.output) == (0, "https://status.example.com/build.json\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    result = run("due", "-f", str(tmp_path / "mkdocs.yml"), "--print-url")
    assert result.exit_code == 2 and "without site_url the live page cannot be checked" in result.output


def test_commit_must_be_a_full_hash(project, live):
    result = run("due", "-f", str(project.mkdocs), "--build-info", str(live), "--commit", "main")
    assert result.exit_code == 2 and "is not a full commit hash" in result.output
    result = run("build", "-f", str(project.mkdocs), "--commit", HEAD[:7])
    assert result.exit_code == 2 and "is not a full commit hash" in result.output
