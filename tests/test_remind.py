"""Team reminders (statusgen remind): each due update, first update and report reminded once, to the team only.

Real git repositories, a real record, and a real HTTP receiver on 127.0.0.1 playing the team chat.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from gitrepo import GitProject
from servers import Receiver

ID = "2026-03-04-sign-in"
OPEN = """
---
title: Sign-in <unavailable>
severity: P1
components:
  web: major_outage
started: 2026-03-04T10:00:00Z
updates:
  - at: 2026-03-04T10:03:00Z
    status: investigating
    message: Nobody can sign in. We are on it.
---
"""
UPDATED = OPEN.rstrip().removesuffix("---") + """\
  - at: 2026-03-04T10:17:00Z
    status: identified
    message: An expired certificate; replacing it.
---
"""
RESOLVED = UPDATED.rstrip().removesuffix("---") + """\
  - at: 2026-03-04T10:30:00Z
    status: resolved
    message: Sign-in works again.
---
"""
WRITTEN = RESOLVED + "\n## What happened\n\nA certificate expired.\n"  # written, not yet published
REPORTED = RESOLVED.rstrip().removesuffix("---") + "report_published: 2026-03-06T10:00:00Z\n---\n" \
    + WRITTEN.removeprefix(RESOLVED)
DRAFT = """
---
title: Api5xxRate on db-7.internal
draft: true
severity: P1
components:
  api: partial_outage
started: 2026-03-05T02:58:00Z
detected: 2026-03-05T03:00:00Z
updates:
  - at: 2026-03-05T03:00:00Z
    status: investigating
    message: We are looking into errors on the API.
---
"""
MAINTENANCE = """
---
title: Database upgrade
type: maintenance
components:
  api: under_maintenance
window:
  start: 2026-03-04T09:00:00Z
  end: 2026-03-04T13:00:00Z
updates:
  - at: 2026-03-01T09:00:00Z
    status: scheduled
    message: We will upgrade the database.
  - at: 2026-03-04T09:00:00Z
    status: in_progress
    message: Under way.
---
"""


@pytest.fixture
def repo(tmp_path):
    return GitProject(tmp_path / "status")


@pytest.fixture
def chat():
    with Receiver() as receiver:
        yield receiver


@pytest.fixture
def record(repo, tmp_path):
    """A begun communications record in a file."""
    path = tmp_path / "record.jsonl"
    begun = repo.run("notify", "--record", str(path), "--begin-record", "--now", "2026-03-04T09:00:00Z")
    assert begun.exit_code == 0, begun.output
    return path


def post(repo: GitProject, text: str, name: str = ID) -> None:
    repo.write(f"{name}.md", text)
    repo.commit(f"{name}")


def remind(repo, chat, record, now, *extra, env=None):
    env = {**({"STATUSGEN_TEAM_CHAT_URL": chat.url("/team")} if chat is not None else {}), **(env or {})}
    args = ["--record", str(record)] if record is not None else []
    return repo.run("remind", "--now", now, "--backoff", "0", "--attempts", "1", "--timeout", "2", *args, *extra,
                    env=env)


def texts(chat, path="/team") -> list[str]:
    return [r.json()["text"] for r in chat.on(path)]


def entries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_due_update_is_reminded_exactly_once_across_runs(repo, chat, record):
    post(repo, OPEN)
    early = remind(repo, chat, record, "2026-03-04T10:12:00Z")  # due 10:18, lead 5m: not yet
    first = remind(repo, chat, record, "2026-03-04T10:14:00Z")
    second = remind(repo, chat, record, "2026-03-04T10:16:00Z")
    assert early.exit_code == first.exit_code == second.exit_code == 0, first.output + second.output
    assert "0 reminder(s) due" in early.output
    [text] = texts(chat)
    assert "next public update is due by 10:18 UTC" in text and "`statusgen update 2026-03-04-sign-in`" in text
    assert "Sign-in &lt;unavailable&gt;" in text  # the untrusted title, escaped for Slack's mrkdwn
    [request] = chat.on("/team")
    mid = request.headers["X-Statusgen-Message-Id"]
    assert mid == f"<statusgen.{ID}.remind.update.20260304T101800Z@status.example.com>"
    assert "1 reminder(s) sent" in first.output
    assert "already" in second.output and "0 reminder(s) sent" in second.output
    team = [e for e in entries(record) if e.get("channel") == "team"]
    assert [(e["type"], e.get("outcome")) for e in team] == [("attempt", None), ("outcome", "sent")]
    assert team[0]["message_id"] == mid and "unavailable" not in json.dumps(team)  # no title in the record


def test_a_new_update_re_arms_the_reminder(repo, chat, record):
    post(repo, OPEN)
    remind(repo, chat, record, "2026-03-04T10:14:00Z")
    post(repo, UPDATED)  # 10:17: the next one is due 10:32
    quiet = remind(repo, chat, record, "2026-03-04T10:20:00Z")
    again = remind(repo, chat, record, "2026-03-04T10:28:00Z")
    assert "0 reminder(s) due" in quiet.output
    assert again.exit_code == 0, again.output
    assert len(texts(chat)) == 2
    assert "due by 10:32 UTC" in texts(chat)[1]


def test_an_overdue_update_is_reminded_as_overdue(repo, chat, record):
    post(repo, OPEN)
    result = remind(repo, chat, record, "2026-03-04T10:40:00Z")
    assert result.exit_code == 0, result.output
    [text] = texts(chat)
    assert "was due by 10:18 UTC (22 min overdue)" in text and ":rotating_light:" in text
    assert f"{ID}: next update overdue 2026-03-04 10:18Z" in result.output


def test_a_draft_from_an_alert_is_reminded_to_publish_its_first_update(repo, chat, record):
    post(repo, DRAFT, "2026-03-05-api-errors")
    early = remind(repo, chat, record, "2026-03-05T03:05:00Z")  # P1: first update within 15m of detection
    result = remind(repo, chat, record, "2026-03-05T03:11:00Z")
    late = remind(repo, chat, record, "2026-03-05T03:20:00Z")  # the same due moment: not again
    assert early.exit_code == result.exit_code == late.exit_code == 0, result.output
    [text] = texts(chat)
    assert "Draft incident *Api5xxRate on db-7.internal*" in text
    assert "the first public update is due by 03:15 UTC" in text and "Merge the draft pull request" in text
    # The draft's title (an alert's, naming an internal host) never reaches the log or the record.
    assert "db-7" not in result.output and "db-7" not in record.read_text()


def test_a_report_deadline_is_reminded_until_a_report_is_published(repo, chat, record):
    post(repo, RESOLVED)  # resolved 10:30; P1 asks for a report within 48h: due 03-06 10:30
    resolved = remind(repo, chat, record, "2026-03-04T10:45:00Z")
    near = remind(repo, chat, record, "2026-03-05T11:00:00Z")  # within report_lead (24h)
    assert "0 reminder(s) due" in resolved.output  # a resolved incident is owed no update
    [text] = texts(chat)
    assert "Post-incident report for" in text and "due by Fri 2026-03-06 10:30 UTC" in text
    assert "`statusgen postmortem 2026-03-04-sign-in`" in text
    post(repo, REPORTED)
    done = remind(repo, chat, record, "2026-03-06T11:00:00Z")
    assert "0 reminder(s) due" in done.output and len(texts(chat)) == 1


def test_an_overdue_report_is_reminded_once(repo, chat, record):
    post(repo, RESOLVED)
    first = remind(repo, chat, record, "2026-03-06T12:00:00Z")
    remind(repo, chat, record, "2026-03-06T13:00:00Z")
    assert first.exit_code == 0
    [text] = texts(chat)
    assert "was due by 10:30 UTC (1 h overdue)" in text


def test_a_failed_reminder_is_sent_by_the_next_run_and_only_once(repo, chat, record):
    post(repo, OPEN)
    chat.codes = [500]
    failed = remind(repo, chat, record, "2026-03-04T10:14:00Z")
    retried = remind(repo, chat, record, "2026-03-04T10:24:00Z")
    third = remind(repo, chat, record, "2026-03-04T10:34:00Z")
    assert failed.exit_code == 1 and "FAILED" in failed.output and "HTTP 500" in failed.output
    assert "next run tries again" in failed.output
    assert retried.exit_code == third.exit_code == 0, retried.output
    requests = chat.on("/team")
    assert len(requests) == 2  # the refused one, then the one that arrived; nothing after
    # One reminder: the same id both times; its words say how it stands when it goes out (overdue by then).
    assert requests[0].headers["X-Statusgen-Message-Id"] == requests[1].headers["X-Statusgen-Message-Id"]
    assert "was due by 10:18 UTC" in requests[1].json()["text"]
    assert [e["outcome"] for e in entries(record) if e.get("type") == "outcome"] == ["failed", "sent"]




def test_resolved_incidents_and_maintenance_are_never_reminded_of_updates(repo, chat, record):
    post(repo, REPORTED)
    post(repo, MAINTENANCE, "2026-03-04-database-upgrade")
    result = remind(repo, chat, record, "2026-03-04T12:00:00Z")
    assert result.exit_code == 0, result.output
    assert "0 reminder(s) due" in result.output and chat.requests == []


def test_reminders_never_go_to_public_targets(repo, chat, record):
    post(repo, OPEN)
    public = {"STATUSGEN_SLACK_WEBHOOK_URL": chat.url("/public-chat"), "STATUSGEN_WEBHOOK_URL": chat.url("/hook"),
              "STATUSGEN_SMTP_URL": "smtp://127.0.0.1:9", "STATUSGEN_EMAIL_FROM": "status@example.com",
              "STATUSGEN_EMAIL_TO": "customers@example.com"}
    result = remind(repo, chat, record, "2026-03-04T10:40:00Z", env=public)
    assert result.exit_code == 0, result.output
    assert [r.path for r in chat.requests] == ["/team"]



@pytest.mark.parametrize("variable", ["STATUSGEN_SLACK_WEBHOOK_URL", "STATUSGEN_WEBHOOK_URL"])
def test_a_team_chat_that_is_a_public_target_is_refused(repo, chat, record, variable):
    # The same secret pasted twice: a draft's title and internal hints would reach the customers' channel.
    post(repo, OPEN)
    before = record.read_bytes()
    env = {"STATUSGEN_TEAM_CHAT_URL": chat.url("/team"), variable: " " + chat.url("/team") + " "}
    result = repo.run("remind", "--record", str(record), "--now", "2026-03-04T10:40:00Z", env=env)
    assert result.exit_code == 1 and f"the same URL as {variable}" in result.output, result.output
    assert "Traceback" not in result.output
    assert chat.requests == [] and record.read_bytes() == before

def test_without_a_team_chat_nothing_is_sent_and_the_record_is_untouched(repo, chat, record):
    post(repo, OPEN)
    before = record.read_bytes()
    result = repo.run("remind", "--record", str(record), "--now", "2026-03-04T10:40:00Z",
                      env={"STATUSGEN_SLACK_WEBHOOK_URL": chat.url("/public-chat")})
    assert result.exit_code == 0, result.output
    assert "STATUSGEN_TEAM_CHAT_URL is not set" in result.output
    assert record.read_bytes() == before and chat.requests == []


def test_a_dry_run_shows_the_reminder_and_sends_and_records_nothing(repo, chat, record):
    post(repo, OPEN)
    before = record.read_bytes()
    result = remind(repo, chat, record, "2026-03-04T10:40:00Z", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would send" in result.output and "was due by 10:18 UTC" in result.output
    assert record.read_bytes() == before and chat.requests == []


def test_a_record_is_required_to_send(repo, chat):
    post(repo, OPEN)
    result = remind(repo, chat, None, "2026-03-04T10:40:00Z")
    assert result.exit_code == 2 and "a record is needed" in result.output
    assert chat.requests == []


def test_a_record_that_was_never_begun_sends_nothing(repo, chat, tmp_path):
    post(repo, OPEN)
    result = remind(repo, chat, tmp_path / "none.jsonl", "2026-03-04T10:40:00Z")
    assert result.exit_code == 1 and "holds no communications record" in result.output
    assert "Traceback" not in result.output and chat.requests == []


@pytest.mark.parametrize("options", ["reminders: false", "reminders: {enabled: false}"])
def test_reminders_can_be_turned_off(tmp_path, chat, options):
    repo = GitProject(tmp_path / "status", options=options)
    post(repo, OPEN)
    result = remind(repo, chat, tmp_path / "record.jsonl", "2026-03-04T10:40:00Z")
    assert result.exit_code == 0 and "reminders are turned off" in result.output and chat.requests == []


def test_the_lead_is_configurable(tmp_path, chat):
    repo = GitProject(tmp_path / "status", options="reminders:\n  lead: 0\n  report_lead: 1h")
    record = tmp_path / "record.jsonl"
    assert repo.run("notify", "--record", str(record), "--begin-record").exit_code == 0
    post(repo, OPEN)
    before = remind(repo, chat, record, "2026-03-04T10:17:00Z")  # lead 0: only once due (10:18)
    due = remind(repo, chat, record, "2026-03-04T10:18:00Z")
    assert "0 reminder(s) due" in before.output and "1 reminder(s) sent" in due.output


def test_wrong_options_are_named_with_their_line(tmp_path):
    repo = GitProject(tmp_path / "status", options="reminders:\n  lead: soon\n  report_lead: 30d\n  every: 5m")
    result = repo.run("remind", "--dry-run")
    assert result.exit_code == 1
    out = result.output
    assert "plugins.statusgen.reminders.lead:" in out and '"soon" is not a duration' in out
    assert "plugins.statusgen.reminders.report_lead: must be at most 336h" in out
    assert 'plugins.statusgen.reminders.every: unknown option' in out
    assert "mkdocs.yml:" in out and "Traceback" not in out


# -- drafts on the alert intake's branches, and a record on a branch ----------------------------------------

def test_a_draft_on_an_alert_branch_is_reminded_through_a_record_branch(repo, chat, tmp_path):
    bare = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    repo.git("remote", "add", "origin", str(bare))
    post(repo, OPEN)
    repo.git("push", "-q", "origin", "main")
    env = {"STATUSGEN_RECORD_BRANCH": "statusgen-record"}
    assert repo.run("notify", "--begin-record", env=env).exit_code == 0
    repo.git("checkout", "-q", "-b", "statusgen-alert/alertmanager-0123456789ab")
    post(repo, DRAFT, "2026-03-05-api-errors")
    repo.git("push", "-q", "origin", "statusgen-alert/alertmanager-0123456789ab")
    repo.git("checkout", "-q", "main")
    args = ("--draft-branches", "statusgen-alert/*")
    first = remind(repo, chat, None, "2026-03-05T03:11:00Z", *args, env=env)
    second = remind(repo, chat, None, "2026-03-05T03:12:00Z", *args, env=env)
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    drafts = [t for t in texts(chat) if "Draft incident" in t]
    assert len(drafts) == 1 and "merge the draft pull request" in drafts[0].lower()
    lines = subprocess.run(["git", "--git-dir", str(bare), "show", "statusgen-record:communications.jsonl"],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    team = [json.loads(line) for line in lines if '"team"' in line]
    assert sum(e["type"] == "outcome" and e["outcome"] == "sent" for e in team) == len(texts(chat))


def test_a_bad_draft_branch_pattern_is_refused(repo, chat, record):
    result = remind(repo, chat, record, "2026-03-04T10:40:00Z", "--draft-branches", "x:refs/heads/main")
    assert result.exit_code == 1 and "--draft-branches" in result.output and "is not a branch pattern" in result.output


def test_a_reminder_whose_outcome_is_unknown_is_held_not_sent_again(repo, record):
    from servers import Stalling, hang_up_after_request

    post(repo, OPEN)
    with Stalling(hang_up_after_request) as stalling:
        env = {"STATUSGEN_TEAM_CHAT_URL": f"http://127.0.0.1:{stalling.sock.getsockname()[1]}/team"}
        cut = remind(repo, None, record, "2026-03-04T10:14:00Z", env=env)
        again = remind(repo, None, record, "2026-03-04T10:24:00Z", env=env)
    assert cut.exit_code == 1 and "UNKNOWN" in cut.output, cut.output
    assert again.exit_code == 0, again.output
    assert "held" in again.output and "--confirm-sent" in again.output
    assert stalling.connections == 1  # the receiver may have it: never posted a second time
    outcomes = [e["outcome"] for e in entries(record) if e.get("type") == "outcome"]
    assert outcomes == ["unknown"]


def test_a_draft_resolved_before_publication_and_old_due_times_are_not_reminded(repo, chat, record):
    flapped = DRAFT.rstrip().removesuffix("---") + """\
  - at: 2026-03-05T03:04:00Z
    status: resolved
    message: The errors stopped.
---
"""
    post(repo, flapped, "2026-03-05-api-errors")
    flap = remind(repo, chat, record, "2026-03-05T03:11:00Z")
    post(repo, OPEN)  # its next update was due 2026-03-04 10:18: more than 7 days before
    old = remind(repo, chat, record, "2026-03-11T10:19:00Z")
    assert flap.exit_code == old.exit_code == 0, flap.output + old.output
    assert "0 reminder(s) due" in flap.output and "0 reminder(s) due" in old.output and chat.requests == []


def test_two_runs_at_once_on_a_record_branch_post_a_reminder_once(repo, tmp_path):
    """Both read the record before either wrote; the second finds the first's attempt when it pushes its own."""
    from datetime import datetime, timezone

    from generator.model.reminders import reminders_due
    from generator.notify.record import Record
    from generator.notify.record.gitstore import GitBranchStore
    from generator.notify.remind import send_reminders
    from generator.notify.send import Result
    from generator.read.config import load_config
    from generator.validate.project import load_project

    bare = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    repo.git("remote", "add", "origin", str(bare))
    post(repo, OPEN)
    assert repo.run("notify", "--record-branch", "statusgen-record", "--begin-record").exit_code == 0
    config = load_config(repo.config)
    now = datetime(2026, 3, 4, 10, 40, tzinfo=timezone.utc)
    due = reminders_due(config, load_project(config, now).incidents, [], now)
    first, second = (Record.open(GitBranchStore(repo.root, "origin", "statusgen-record")) for _ in range(2))
    posted = []

    def post_one(body, mid):
        posted.append(mid)
        return Result(True, 1, "HTTP 200")

    ran = [send_reminders(due, record, config, now, "http://127.0.0.1:9/team", post=post_one)
           for record in (first, second)]
    assert len(due) == 1 and len(posted) == 1
    assert ran[1].sent[0].result.ok and "another run" in ran[1].sent[0].result.detail
    third = Record.open(GitBranchStore(repo.root, "origin", "statusgen-record"))
    [standing] = [third.standing("team", mid) for mid in posted]
    assert standing.state == "sent"


def test_a_draft_the_intake_withdrew_is_not_reminded(repo, chat, record):
    """ingest withdraws a flap by marking internal.alert.withdrawn; the draft keeps its open status."""
    withdrawn = DRAFT.rstrip().removesuffix("---") + """\
internal:
  alert:
    sender: alertmanager
    key: group-1
    withdrawn: 2026-03-05T03:02:00Z
---
"""
    post(repo, withdrawn, "2026-03-05-api-errors")
    result = remind(repo, chat, record, "2026-03-05T03:11:00Z")
    assert result.exit_code == 0, result.output
    assert "0 reminder(s) due" in result.output and chat.requests == []
    post(repo, DRAFT, "2026-03-05-api-errors")  # the same draft, not withdrawn: reminded
    assert remind(repo, chat, record, "2026-03-05T03:11:00Z").exit_code == 0
    assert len(chat.requests) == 1
