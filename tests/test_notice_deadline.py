"""The security notice deadline (security_notice_within, 72 hours from discovery by default): validate warns as
it nears and when it passed (--strict fails), the team is reminded once, and statusgen report shows it."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner
from gitrepo import GitProject
from sample import write_project
from servers import Receiver

from generator.cli import main
from generator.read.config import load_config

BREACH = """\
---
title: Unauthorised access to support tickets
severity: P3
components: {}
security: true
started: 2026-03-04T08:00:00Z
detected: 2026-03-04T10:30:00Z
updates:
  - at: 2026-03-04T11:00:00Z
    status: investigating
    message: We are investigating unauthorised access to our support system.
  - at: 2026-03-04T14:00:00Z
    status: resolved
    message: The access was closed.
---
"""
DRAFT = BREACH.replace("severity: P3", "severity: P3\ndraft: true")
LATE = BREACH.replace("2026-03-04T11:00:00Z", "2026-03-07T12:00:00Z").replace("2026-03-04T14:00:00Z",
                                                                              "2026-03-07T13:00:00Z")


def validate(project, now, *extra):
    return CliRunner().invoke(main, ["validate", "-f", str(project.mkdocs), "--now", now, *extra])


def security_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "security notice" in line]


def test_the_option_is_72_hours_by_default_a_duration_or_false(tmp_path):
    assert load_config(write_project(tmp_path / "a").mkdocs).security_notice_within == timedelta(hours=72)
    set_ = write_project(tmp_path / "b", options={"security_notice_within": "24h"})
    assert load_config(set_.mkdocs).security_notice_within == timedelta(hours=24)
    off = write_project(tmp_path / "c", options={"security_notice_within": False})
    assert load_config(off.mkdocs).security_notice_within is None
    bad = write_project(tmp_path / "d", options={"security_notice_within": "soon"})
    result = validate(bad, "2026-03-04T12:00:00Z")
    assert result.exit_code == 1 and "security_notice_within" in result.output and '"soon" is not a duration' \
        in result.output and "Traceback" not in result.output


def test_validate_warns_as_a_drafts_notice_nears_and_once_it_passed(tmp_path):
    project = write_project(tmp_path, {"2026-03-04-breach.md": DRAFT})
    calm = validate(project, "2026-03-06T09:00:00Z")  # due 03-07 10:30, more than a day ahead
    near = validate(project, "2026-03-06T12:30:00Z")
    past = validate(project, "2026-03-07T12:30:00Z")
    strict = validate(project, "2026-03-07T12:30:00Z", "--strict")
    assert calm.exit_code == 0 and security_lines(calm.output) == []
    assert near.exit_code == 0 and security_lines(near.output) == [
        "incidents/2026-03-04-breach.md:6: warning: the security notice is due 2026-03-07 10:30 UTC, in 22 h "
        "(72 hours from detected); publish this draft before then (remove draft: true and merge)"]
    assert past.exit_code == 0 and security_lines(past.output) == [
        "incidents/2026-03-04-breach.md:6: warning: no security notice went out within 72 hours of detected "
        "(2026-03-04 10:30 UTC): it was due 2026-03-07 10:30 UTC, 2 h ago; publish it now (remove draft: true and "
        "merge)"]
    assert strict.exit_code == 1


def test_a_notice_published_late_is_a_policy_warning_and_one_in_time_is_not(tmp_path):
    late = write_project(tmp_path / "late", {"2026-03-04-breach.md": LATE})
    on_time = write_project(tmp_path / "ok", {"2026-03-04-breach.md": BREACH})
    undetected = write_project(tmp_path / "und", {"2026-03-04-breach.md": LATE.replace("detected: 2026-03-04T10:30:00Z\n",
                                                                                    "")})
    off = write_project(tmp_path / "off", {"2026-03-04-breach.md": LATE}, options={"security_notice_within": False})
    assert security_lines(validate(late, "2026-03-09T00:00:00Z").output) == [
        "incidents/2026-03-04-breach.md:9: warning: the first security notice went out 3 d 1 h after detected "
        "(2026-03-04 10:30 UTC); security notices are due within 72 hours of discovery (security_notice_within)"]
    assert validate(late, "2026-03-09T00:00:00Z", "--strict").exit_code == 1
    assert security_lines(validate(on_time, "2026-03-09T00:00:00Z").output) == []
    # Without `detected`, the clock runs from when impact began: the earliest discovery could be.
    assert "went out 3 d 4 h after started (2026-03-04 08:00 UTC)" in validate(undetected, "2026-03-09T00:00:00Z").output
    assert security_lines(validate(off, "2026-03-09T00:00:00Z").output) == []


def test_the_team_is_reminded_once_of_a_drafts_notice(tmp_path):
    repo = GitProject(tmp_path / "status")
    record = tmp_path / "record.jsonl"
    assert repo.run("notify", "--record", str(record), "--begin-record", "--now", "2026-03-04T09:00:00Z").exit_code == 0
    repo.write("2026-03-04-breach.md", DRAFT)
    repo.commit("draft breach")
    with Receiver() as chat:
        env = {"STATUSGEN_TEAM_CHAT_URL": chat.url("/team")}
        runs = [repo.run("remind", "--now", now, "--backoff", "0", "--attempts", "1", "--timeout", "2", "--record",
                         str(record), env=env) for now in ("2026-03-06T09:00:00Z", "2026-03-06T12:30:00Z",
                                                           "2026-03-07T12:30:00Z")]
    assert all(r.exit_code == 0 for r in runs), [r.output for r in runs]
    texts = [r.json()["text"] for r in chat.on("/team")]
    notices = [t for t in texts if "security notice" in t]
    assert len(notices) == 1, texts
    assert "Security incident *Unauthorised access to support tickets* (`2026-03-04-breach`, P3) is still a draft: " \
           "its security notice is due by Sat 2026-03-07 10:30 UTC" in notices[0]
    assert "Notices are due within 72 hours of discovery" in notices[0]
    assert chat.on("/team")[texts.index(notices[0])].headers["X-Statusgen-Message-Id"] == \
        "<statusgen.2026-03-04-breach.remind.security-notice.20260307T103000Z@status.example.com>"


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_the_report_shows_each_security_notice_against_its_deadline(tmp_path, fmt):
    project = write_project(tmp_path, {"2026-03-04-breach.md": LATE,
                                       "2026-03-05-other.md": BREACH.replace("2026-03-04", "2026-03-05")})
    result = CliRunner().invoke(main, ["report", "-f", str(project.mkdocs), "--from", "2026-03-01", "--to",
                                       "2026-03-31", "--now", "2026-04-02T00:00:00Z", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "text":
        assert "Security notices (due within security_notice_within of discovery)" in result.output
        assert "security notice late" in result.output
        return
    data = json.loads(result.output)
    assert [(n["incident"], n["due_at"], n["noticed_at"], n["in_time"]) for n in data["security_notices"]] == [
        ("2026-03-04-breach", "2026-03-07T10:30:00Z", "2026-03-07T12:00:00Z", False),
        ("2026-03-05-other", "2026-03-08T10:30:00Z", "2026-03-05T11:00:00Z", True)]
    [miss] = [m for m in data["misses"] if m["missed"] == "security_notice"]
    assert (miss["incident"], miss["actual_seconds"], miss["target_seconds"]) == ("2026-03-04-breach", 264600, 259200)


def test_the_report_shows_a_drafts_notice_as_not_sent(tmp_path):
    project = write_project(tmp_path, {"2026-03-04-breach.md": DRAFT})
    args = ["report", "-f", str(project.mkdocs), "--from", "2026-03-01", "--to", "2026-03-31", "--format"]
    pending = CliRunner().invoke(main, [*args, "json", "--now", "2026-03-05T00:00:00Z"])
    overdue = CliRunner().invoke(main, [*args, "text", "--now", "2026-04-02T00:00:00Z"])
    assert pending.exit_code == overdue.exit_code == 0, pending.output + overdue.output
    [notice] = json.loads(pending.output)["security_notices"]
    assert (notice["incident"], notice["draft"], notice["noticed_at"], notice["in_time"]) == \
        ("2026-03-04-breach", True, None, None)
    assert "not sent (a draft)" in overdue.output and "no (overdue)" in overdue.output
