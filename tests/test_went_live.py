"""When an update went live: notify records it after each deploy, the report shows it beside the written time.

A real git repository and a record in a file, as the Deploy workflow keeps one (on a branch there; the file
store behaves the same, tests/test_record.py): the notify run after each deploy writes one status-page line
per update that became visible, once, whether or not any channel is configured.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest
from gitrepo import GitProject
from servers import Receiver

from generator.comms.identity import update_digest
from generator.notify.record import Record
from generator.notify.record.entries import Ledger, decode
from generator.notify.record.filestore import FileStore
from generator.validate.project import load_project
from generator.read.config import load_config
from generator.core.timeutil import parse_time

ID = "2026-03-04-sign-in"
# Impact began 10:00, the alert came 10:05, the first update was written 10:12 (7 min after detection) and
# merged, built and deployed by 10:31: customers were told 26 minutes after detection, not 7.
FIRST = """\
---
title: Sign-in unavailable
severity: P1
components:
  web: major_outage
started: 2026-03-04T10:00:00Z
detected: 2026-03-04T10:05:00Z
updates:
  - at: 2026-03-04T10:12:00Z
    status: investigating
    message: Nobody can sign in. We are on it.
---
"""
SECOND = FIRST.removesuffix("---\n") + """\
  - at: 2026-03-04T10:40:00Z
    status: resolved
    message: Sign-in works again.
---
"""
DEPLOY_1, DEPLOY_2 = "2026-03-04T10:31:00Z", "2026-03-04T10:52:00Z"


@pytest.fixture
def repo(tmp_path):
    return GitProject(tmp_path / "status")


def notify(repo, record, now, *extra, env=None):
    return repo.run("notify", "--now", now, "--backoff", "0", "--attempts", "1", "--timeout", "2", *extra,
                    env={"STATUSGEN_RECORD": str(record), **(env or {})})


def lines(record) -> list[dict]:
    return [json.loads(line) for line in record.read_text().splitlines()]


def live_lines(record) -> list[dict]:
    return [e for e in lines(record) if e.get("channel") == "status-page"]


def deployed(repo, tmp_path):
    """The record begun, then two deploys: the first update, then the resolution. No channel configured."""
    record = tmp_path / "record.jsonl"
    assert notify(repo, record, "2026-03-04T09:00:00Z", "--begin-record").exit_code == 0
    repo.write(f"{ID}.md", FIRST)
    first_commit = repo.commit("investigating")
    one = notify(repo, record, DEPLOY_1)
    assert one.exit_code == 0, one.output
    assert "1 update(s) recorded as live on the status page" in one.output
    repo.write(f"{ID}.md", SECOND)
    second_commit = repo.commit("resolved")
    assert notify(repo, record, DEPLOY_2).exit_code == 0
    return record, first_commit, second_commit


def test_each_update_is_recorded_once_as_live_with_its_deploy(repo, tmp_path):
    record, first_commit, second_commit = deployed(repo, tmp_path)
    incident = load_project(load_config(repo.config), parse_time(DEPLOY_2)).incidents[0]
    assert [(e["type"], e["outcome"], e["incident"], e["number"], e["digest"], e["written_at"], e["live_at"],
             e["commit"]) for e in live_lines(record)] == [
        ("outcome", "sent", ID, 1, update_digest(incident, 1), "2026-03-04T10:12:00Z", DEPLOY_1, first_commit),
        ("outcome", "sent", ID, 2, update_digest(incident, 2), "2026-03-04T10:40:00Z", DEPLOY_2, second_commit)]
    # Nothing new since: a run after another deploy adds no line for what was live already.
    before = record.read_text()
    again = notify(repo, record, "2026-03-04T11:00:00Z")
    assert again.exit_code == 0 and "recorded as live" not in again.output
    assert live_lines(record) == [json.loads(line) for line in before.splitlines()
                                  if json.loads(line).get("channel") == "status-page"]


def test_a_rerun_after_a_failed_delivery_keeps_the_first_went_live_time(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    assert notify(repo, record, "2026-03-04T09:00:00Z", "--begin-record").exit_code == 0
    repo.write(f"{ID}.md", FIRST)
    repo.commit("investigating")
    with Receiver(codes=[500]) as hooks:
        env = {"STATUSGEN_WEBHOOK_URL": hooks.url("/hook")}
        failed = notify(repo, record, DEPLOY_1, env=env)  # the webhook fails: no checkpoint, a re-run follows
        assert failed.exit_code == 1
        rerun = notify(repo, record, "2026-03-04T10:45:00Z", env=env)
    assert rerun.exit_code == 0, rerun.output
    assert len(hooks.requests) == 2  # the message was tried again ...
    assert [e["live_at"] for e in live_lines(record)] == [DEPLOY_1]  # ... but it went live once, at the deploy


def test_a_dry_run_or_a_run_widened_with_since_records_nothing_as_live(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    assert notify(repo, record, "2026-03-04T09:00:00Z", "--begin-record").exit_code == 0
    start = repo.git("rev-parse", "HEAD")
    repo.write(f"{ID}.md", FIRST)
    repo.commit("investigating")
    assert notify(repo, record, DEPLOY_1, "--dry-run").exit_code == 0
    # --since compares with any commit: what it finds did not necessarily go live with this deploy.
    assert notify(repo, record, DEPLOY_1, "--since", start).exit_code == 0
    assert live_lines(record) == []


def test_an_older_reader_takes_a_live_line_for_a_settled_message_it_never_sends(repo, tmp_path):
    record, _, _ = deployed(repo, tmp_path)
    raw = [line for line in record.read_bytes().splitlines() if b"status-page" in line][0]
    entry = decode(raw, str(record), 2)
    # The version-1 types and the fields every reader requires of an outcome: nothing a reader refuses.
    assert entry["v"] == 1 and entry["type"] == "outcome" and entry["outcome"] == "sent"
    assert all(isinstance(entry[k], str) and entry[k] for k in ("time", "channel", "message_id"))
    ledger = Ledger()
    ledger.add(entry)
    # Nothing to hold, resend or serve: no attempt, so no channel that must keep being served.
    assert ledger.unresolved() == [] and ledger.channels == set()


def test_a_broken_live_line_stops_the_run_naming_the_file_and_line(repo, tmp_path):
    record, _, _ = deployed(repo, tmp_path)
    text = record.read_text().splitlines()
    number = next(i for i, line in enumerate(text, start=1) if "status-page" in line)
    broken = json.loads(text[number - 1])
    del broken["written_at"]
    text[number - 1] = json.dumps(broken)
    record.write_text("\n".join(text) + "\n")
    result = notify(repo, record, "2026-03-04T11:00:00Z")
    assert result.exit_code == 1, result.output
    assert f"{record}:{number}: is a status-page publication that lacks written_at" in result.output
    assert "Traceback" not in result.output


def test_the_report_shows_written_and_went_live(repo, tmp_path):
    record, first_commit, _ = deployed(repo, tmp_path)
    args = ["--now", "2026-04-10T12:00:00Z", "--from", "2026-03-01", "--to", "2026-03-31"]
    data = json.loads(repo.run("report", *args, "--format", "json", "--record", str(record)).output)
    assert data["went_live_known"] is True
    assert data["first_updates"] == [{
        "incident": ID, "severity": "P1", "known_from": "detected", "known_at": "2026-03-04T10:05:00Z",
        "written_at": "2026-03-04T10:12:00Z", "written_seconds": 7 * 60, "live_at": DEPLOY_1,
        "live_seconds": 26 * 60, "live_commit": first_commit, "target_seconds": 15 * 60}]
    p1 = next(s for s in data["severities"] if s["id"] == "P1")["measures"]
    assert (p1["first_update"]["mean_seconds"], p1["first_update"]["within_target"]) == (7 * 60, 1)
    assert (p1["first_update_live"]["mean_seconds"], p1["first_update_live"]["within_target"]) == (26 * 60, 0)
    assert data["overall"]["measures"]["first_update_live"]["mean_seconds"] == 26 * 60
    assert [(m["incident"], m["missed"], m["actual_seconds"]) for m in data["misses"]
            if m["missed"].startswith("first")] == [(ID, "first_update_live", 26 * 60)]
    text = repo.run("report", *args, "--record", str(record)).output
    assert "2026-03-04T10:12:00Z (+7 min)  2026-03-04T10:31:00Z (+26 min)" in text
    assert "Time to first update live" in text and "first update live late" in text
    markdown = repo.run("report", *args, "--format", "markdown", "--record", str(record)).output
    assert ("| 2026-03-04-sign-in | P1 | detected 2026-03-04T10:05:00Z | 2026-03-04T10:12:00Z (+7 min) | "
            "2026-03-04T10:31:00Z (+26 min) | 15 min |") in markdown
    rows = list(csv.DictReader(io.StringIO(repo.run("report", *args, "--format", "csv", "--record",
                                                    str(record)).output)))
    assert [(r["incident"], r["written_seconds"], r["live_at"], r["live_seconds"]) for r in rows
            if r["section"] == "first_update"] == [(ID, "420", DEPLOY_1, "1560")]
    assert [r["mean_seconds"] for r in rows if r["section"] == "response_overall"
            and r["measure"] == "first_update_live"] == ["1560"]
    # Without the record the report has no went-live figures at all, rather than empty ones.
    plain = repo.run("report", *args).output
    assert "went live" not in plain.lower() and "first update live" not in plain


def test_the_report_says_when_the_record_cannot_be_read(repo, tmp_path):
    missing = tmp_path / "nowhere.jsonl"
    result = repo.run("report", "--now", "2026-04-10T12:00:00Z", "--record", str(missing))
    assert result.exit_code == 1 and f"{missing}: holds no communications record" in result.output
    assert "Traceback" not in result.output
    both = repo.run("report", "--record", str(missing), "--record-branch", "statusgen-record")
    assert both.exit_code == 2 and "not both" in both.output


def test_on_a_branch_as_the_deploy_workflow_keeps_it(repo, tmp_path):
    bare = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    repo.git("remote", "add", "origin", str(bare))
    branch = {"STATUSGEN_RECORD_BRANCH": "statusgen-record"}

    def run(now, *extra):
        return repo.run("notify", "--now", now, "--backoff", "0", "--attempts", "1", *extra, env=branch)

    assert run("2026-03-04T09:00:00Z", "--begin-record").exit_code == 0
    repo.write(f"{ID}.md", FIRST)
    commit = repo.commit("investigating")
    assert run(DEPLOY_1).exit_code == 0
    assert run("2026-03-04T10:35:00Z").exit_code == 0  # a re-run: nothing new
    shown = subprocess.run(["git", "--git-dir", str(bare), "show", "statusgen-record:communications.jsonl"],
                           capture_output=True, text=True, check=True).stdout
    assert [json.loads(line)["live_at"] for line in shown.splitlines() if "status-page" in line] == [DEPLOY_1]
    data = json.loads(repo.run("report", "--now", "2026-04-10T12:00:00Z", "--from", "2026-03-01", "--to",
                               "2026-03-31", "--format", "json", "--record-branch", "statusgen-record").output)
    assert [(f["live_at"], f["live_seconds"], f["live_commit"]) for f in data["first_updates"]] == [
        (DEPLOY_1, 26 * 60, commit)]
    missing = repo.run("report", "--now", "2026-04-10T12:00:00Z", "--record-branch", "no-such-branch")
    assert missing.exit_code == 1 and "holds no communications record" in missing.output


def test_the_record_api_lists_each_publication(repo, tmp_path):
    record, first_commit, second_commit = deployed(repo, tmp_path)
    store = FileStore(record, read_only=True)
    try:
        published = Record.open(store).published()
    finally:
        store.close()
    assert [(p.incident, p.number, p.live_at, p.commit) for p in published] == [
        (ID, 1, DEPLOY_1, first_commit), (ID, 2, DEPLOY_2, second_commit)]
