"""The communications record: every message once, on every channel, whatever fails in between.

Real git repositories (a bare one plays the remote that holds the record's
branch), a real SMTP server and real webhook receivers on 127.0.0.1.
"""
from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from gitrepo import GIT_ENV, GitProject
from servers import Receiver
from smtp_support import SmtpServer

NOW = "2026-03-04T12:00:00Z"
OUTAGE = """
---
title: Sign-in unavailable
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
WRONG = OUTAGE.rstrip().removesuffix("---") + """\
  - at: 2026-03-04T10:20:00Z
    status: identified
    message: The database failed over to the wrong region.
---
"""
CORRECTED = WRONG.replace("The database failed over to the wrong region.", "An expired certificate; replacing it.")
ID = "2026-03-04-sign-in"


@pytest.fixture
def repo(tmp_path):
    return GitProject(tmp_path / "status")


@pytest.fixture
def announced(repo, tmp_path):
    """An incident posted and announced to a webhook receiver, with a record in a file."""
    record = tmp_path / "record.jsonl"
    with Receiver() as hooks:
        env = {"STATUSGEN_WEBHOOK_URL": hooks.url("/hook"), "STATUSGEN_RECORD": str(record)}
        start = post(repo, OUTAGE, "investigating")
        assert notify(repo, env, "--since", f"{start}~1").exit_code == 0
        yield SimpleNamespace(record=record, hooks=hooks, env=env, start=start)


def post(repo: GitProject, text: str, message: str) -> str:
    repo.write(f"{ID}.md", text)
    return repo.commit(message)


def targets(server: SmtpServer, hooks: Receiver) -> dict:
    return {**server.env(), "STATUSGEN_WEBHOOK_URL": hooks.url("/hook"),
            "STATUSGEN_SLACK_WEBHOOK_URL": hooks.url("/chat")}


def notify(repo, env, *extra, now=NOW):
    return repo.run("notify", "--now", now, "--backoff", "0", "--attempts", "1", "--timeout", "2", *extra, env=env)


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def delivered(server, hooks) -> list[str]:
    """Every message the receivers got, by channel and what it said."""
    out = [f"email {m[2]['Message-ID']}" for m in server.handler.messages]
    for r in hooks.requests:
        body = json.loads(r.body)
        said = body.get("text") or json.dumps(body["incident"]["incident_updates"][0]["body"])
        out.append(f"{r.path} {said}")
    return out


# -- a record in a file --------------------------------------------------------------------------------------

def test_a_correction_after_a_revert_is_sent_and_a_repeat_is_not(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    with SmtpServer(tmp_path, "plain") as server, Receiver() as hooks:
        env = {**targets(server, hooks), "STATUSGEN_RECORD": str(record)}
        start = post(repo, OUTAGE, "investigating")
        assert notify(repo, env, "--since", f"{start}~1").exit_code == 0
        post(repo, WRONG, "identified: wrong cause")
        assert notify(repo, env).exit_code == 0
        repo.git("revert", "--no-edit", "HEAD")
        assert notify(repo, env).exit_code == 0  # a removal of an update is not news
        post(repo, CORRECTED, "identified: the right cause")
        corrected = notify(repo, env)
        assert corrected.exit_code == 0, corrected.output
        # The same words posted again (revert and re-post) are the same message: nothing goes out.
        repo.git("revert", "--no-edit", "HEAD")
        notify(repo, env)
        post(repo, CORRECTED, "identified: the right cause, again")
        again = notify(repo, env)
    got = delivered(server, hooks)
    assert len(got) == len(set(got)) == 9, got  # three messages, three channels, each once
    assert sum("expired certificate" in g for g in got) == 2  # chat and webhook carry the correction
    emails = [m[2] for m in server.handler.messages]
    assert [m["Message-ID"].split(".")[2] for m in emails] == ["1", "2", "2"]
    assert emails[1]["Message-ID"] != emails[2]["Message-ID"]  # the correction is a new message
    assert "expired certificate" in emails[2].get_body(("plain",)).get_content()
    assert "3 already sent" in again.output and "0 notification(s) sent" in again.output


def test_chat_and_webhook_are_not_posted_again_after_a_failed_run(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    with SmtpServer(tmp_path, "plain") as server, Receiver(codes=[200, 500]) as hooks:
        env = {**targets(server, hooks), "STATUSGEN_RECORD": str(record)}
        start = post(repo, OUTAGE, "investigating")
        first = notify(repo, env, "--since", f"{start}~1")
        assert first.exit_code == 1  # the second post failed
        second = notify(repo, env)
        assert second.exit_code == 0, second.output
        third = notify(repo, env)
    got = delivered(server, hooks)
    assert sorted(p.split()[0] for p in got) == ["/chat", "/chat", "/hook", "email"]  # one failed, then sent
    assert [r.path for r in hooks.requests].count("/hook") + [r.path for r in hooks.requests].count("/chat") == 3
    assert "2 already sent" in second.output and "1 notification(s) sent" in second.output
    assert "0 change(s) to announce" in third.output  # the checkpoint moved once everything was settled
    kinds = [(e["type"], e.get("outcome")) for e in lines(record)]
    assert kinds.count(("checkpoint", None)) == 1


def test_an_update_stamped_ahead_of_the_run_is_announced_when_it_shows(repo, announced):
    ahead = OUTAGE.rstrip().removesuffix("---") + """\
  - at: 2026-03-04T12:40:00Z
    status: identified
    message: Posted with a clock running forty minutes fast.
---
"""
    hooks, env = announced.hooks, announced.env
    post(repo, ahead, "identified, stamped ahead")
    hidden = notify(repo, env)  # 12:00: the 12:40 update is not on the page yet
    shown = notify(repo, env, now="2026-03-04T12:45:00Z")  # no new commit: it shows now
    later = notify(repo, env, now="2026-03-04T13:00:00Z")
    assert "0 change(s) to announce" in hidden.output
    assert "1 change(s) to announce" in shown.output and "1 notification(s) sent" in shown.output
    assert "0 change(s) to announce" in later.output
    bodies = [json.loads(r.body) for r in hooks.requests]
    assert [b["meta"]["new_update_ids"] for b in bodies] == [[f"{ID}-1"], [f"{ID}-2"]]


def test_a_record_that_cannot_be_read_stops_the_run_before_anything_is_sent(repo, announced):
    record, hooks, env = announced.record, announced.hooks, announced.env
    good = record.read_text()
    record.write_text(good + '{"type": "outcome", "channel": "webhook"\n')
    post(repo, WRONG, "identified")
    broken = notify(repo, env)
    record.write_text("")  # emptied: not a new beginning, a record with no checkpoint
    emptied = notify(repo, env)
    assert broken.exit_code == 1 and emptied.exit_code == 1
    assert f"{record}:{len(good.splitlines()) + 1}: is not a JSON record line" in broken.output
    assert "holds no checkpoint" in emptied.output and "nothing was sent" in emptied.output
    assert "Traceback" not in broken.output + emptied.output
    assert len(hooks.requests) == 1


def test_a_record_begins_only_when_asked_and_then_sends_nothing_that_run(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    with Receiver() as hooks:
        env = {"STATUSGEN_WEBHOOK_URL": hooks.url("/hook"), "STATUSGEN_RECORD": str(record)}
        post(repo, OUTAGE, "investigating")
        missing = notify(repo, env)  # a record that is not there is not taken for a new beginning
        first = notify(repo, env, "--begin-record")
        post(repo, WRONG, "identified")
        second = notify(repo, env)
        record.unlink()  # gone: the next run must not start afresh on its own
        post(repo, CORRECTED.replace("10:20", "10:30"), "identified again")
        vanished = notify(repo, env)
    assert missing.exit_code == 1 and "holds no record" in missing.output and "--begin-record" in missing.output
    assert first.exit_code == 0 and "the record begins now" in first.output
    assert [json.loads(r.body)["meta"]["new_update_ids"] for r in hooks.requests] == [[f"{ID}-2"]]
    assert second.exit_code == 0 and vanished.exit_code == 1 and "nothing was sent" in vanished.output


def _limited(limit: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def _run_limited(repo, env: dict, limit: int, *args: str) -> subprocess.CompletedProcess:
    """statusgen in a process whose files cannot grow past `limit` bytes: a disk that fills up."""
    command = [sys.executable, "-m", "generator", "notify", "-f", str(repo.config), "--now", NOW, "--backoff", "0",
               "--attempts", "1", *args]
    full = {**os.environ, **GIT_ENV, **env}
    return subprocess.run(command, cwd=repo.root, env=full, capture_output=True, text=True,
                          preexec_fn=_limited(limit), timeout=60)


def test_a_full_disk_after_sending_leaves_no_half_line_and_the_message_is_not_sent_again(repo, tmp_path):
    probe, record = tmp_path / "probe.jsonl", tmp_path / "record.jsonl"
    with SmtpServer(tmp_path, "plain") as server:
        start = post(repo, OUTAGE, "investigating")
        # One run with room, to learn how long the attempt line is (same server, same lengths).
        assert notify(repo, {**server.env(), "STATUSGEN_RECORD": str(probe)}, "--since", f"{start}~1").exit_code == 0
        baseline, attempt = probe.read_text().splitlines(keepends=True)[:2]
        record.write_text(baseline)
        room = len(baseline) + len(attempt) + 5  # the attempt fits; its outcome does not
        # --since, as the probe: a run from the checkpoint would first record the update as live (one more line).
        full = _run_limited(repo, {**server.env(), "STATUSGEN_RECORD": str(record)}, room, "--since", f"{start}~1")
        assert len(server.handler.messages) == 2  # the probe's, and this run's: the server accepted it
        left = record.read_text()
        after = notify(repo, {**server.env(), "STATUSGEN_RECORD": str(record)})
    assert full.returncode == 1, full.stdout + full.stderr
    assert f"{record}: the record could not be written: File too large" in full.stdout + full.stderr
    assert "Traceback" not in full.stdout + full.stderr
    assert left.endswith("\n")
    assert [json.loads(line)["type"] for line in left.splitlines()] == ["baseline", "attempt"]  # whole lines only
    # The outcome was lost, so it is unknown: held for a person, not sent a second time.
    assert len(server.handler.messages) == 2
    assert after.exit_code == 0 and "held" in after.output and "--resend" in after.output
    resent = notify(repo, {"STATUSGEN_RECORD": str(record)}, "--dry-run")
    assert resent.exit_code == 0


def test_a_line_cut_off_mid_write_is_set_aside_and_said(repo, announced):
    record, hooks, env = announced.record, announced.hooks, announced.env
    with record.open("a") as handle:
        handle.write('{"type": "attempt", "chan')  # the process was killed mid-write
    post(repo, WRONG, "identified")
    result = notify(repo, env)
    assert result.exit_code == 0, result.output
    assert "cut off mid-write" in result.output
    assert all(isinstance(e, dict) for e in lines(record))
    assert record.with_name("record.jsonl.cut-off").read_text() == '{"type": "attempt", "chan\n'  # kept aside
    assert len(hooks.requests) == 2


def test_a_whole_last_line_without_its_newline_is_kept_and_a_dry_run_changes_nothing(repo, announced):
    record, hooks, env = announced.record, announced.hooks, announced.env
    record.write_text(record.read_text().rstrip("\n"))  # an editor saved it without the final newline
    before = record.read_bytes()
    dry = notify(repo, env, "--dry-run")
    assert record.read_bytes() == before and dry.exit_code == 0
    post(repo, WRONG, "identified")
    result = notify(repo, env)
    assert result.exit_code == 0 and "one was added" in result.output
    assert record.read_bytes().startswith(before + b"\n")
    assert len(hooks.requests) == 2  # the first message was not taken for unsent


@pytest.mark.parametrize("line", ['{"outcome": [], "message_id": "x"}', '{"outcome": "sent", "message_id": "x"}',
                                  '["a list"]', '{"type": "outcome", "time": 5}'])
def test_a_record_line_of_the_wrong_shape_is_named_not_a_traceback(repo, announced, line):
    record, env = announced.record, announced.env
    record.write_text(record.read_text() + line + "\n")
    result = notify(repo, env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{record}:{len(record.read_text().splitlines())}: " in result.output


# -- a record on a branch --------------------------------------------------------------------------------------

@pytest.fixture
def remote(tmp_path, repo):
    bare = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    repo.git("remote", "add", "origin", str(bare))
    return bare


def branch_lines(bare: Path) -> list[str]:
    done = subprocess.run(["git", "--git-dir", str(bare), "show", "statusgen-record:communications.jsonl"],
                          capture_output=True, text=True)
    return done.stdout.splitlines() if done.returncode == 0 else []


def reject_push(bare: Path, when: str) -> None:
    """A pre-receive hook that refuses pushes whose number (counted from 1) is in `when`."""
    hook = bare / "hooks" / "pre-receive"
    counter = bare / "pushes"
    hook.write_text(f"""#!/bin/sh
n=$(( $(cat {counter} 2>/dev/null || echo 0) + 1 ))
echo $n > {counter}
case " {when} " in *" $n "*) echo "refused by the test's hook" >&2; exit 1;; esac
exit 0
""")
    hook.chmod(0o755)


def test_a_record_on_a_branch_never_shrinks_and_sends_each_message_once(repo, remote, tmp_path):
    history = []
    with SmtpServer(tmp_path, "plain") as server, Receiver() as hooks:
        env = {**targets(server, hooks), "STATUSGEN_RECORD_BRANCH": "statusgen-record"}
        begun = notify(repo, env, "--begin-record")
        history.append(branch_lines(remote))
        for step in (lambda: post(repo, OUTAGE, "investigating"), lambda: post(repo, WRONG, "identified"), lambda: repo.git("revert", "--no-edit", "HEAD"),
                     lambda: post(repo, CORRECTED, "corrected")):
            step()
            result = notify(repo, env)
            assert result.exit_code == 0, result.output
            history.append(branch_lines(remote))
            again = notify(repo, env)
            history.append(branch_lines(remote))
    assert begun.exit_code == 0 and "the record begins now" in begun.output
    # Three updates (the first, the wrong one, the correction) on three channels; the revert sends nothing.
    assert len(delivered(server, hooks)) == len(set(delivered(server, hooks))) == 9
    for before, after in zip(history, history[1:]):
        assert after[:len(before)] == before  # append-only
    assert "0 change(s) to announce" in again.output


def test_an_unreachable_record_branch_sends_nothing(repo, remote, tmp_path):
    with Receiver() as hooks:
        env = {"STATUSGEN_WEBHOOK_URL": hooks.url("/hook"), "STATUSGEN_RECORD_BRANCH": "statusgen-record"}
        post(repo, OUTAGE, "investigating")
        assert notify(repo, env, "--begin-record").exit_code == 0
        post(repo, WRONG, "identified")
        repo.git("remote", "set-url", "origin", str(tmp_path / "gone.git"))
        result = notify(repo, env)
    assert result.exit_code == 1
    assert "cannot be looked up" in result.output and "nothing was sent" in result.output
    assert hooks.requests == []


def test_a_refused_push_before_sending_sends_nothing_and_after_sending_holds_the_message(repo, remote, tmp_path):
    with Receiver() as hooks:
        env = {"STATUSGEN_WEBHOOK_URL": hooks.url("/hook"), "STATUSGEN_RECORD_BRANCH": "statusgen-record"}
        post(repo, OUTAGE, "investigating")
        assert notify(repo, env, "--begin-record").exit_code == 0  # push 1: the baseline
        post(repo, WRONG, "identified")
        reject_push(remote, "1 4")
        # push 1 (the update recorded as live, the run's first line) is refused: nothing goes out
        refused = notify(repo, env)
        assert refused.exit_code == 1 and hooks.requests == [], refused.output
        # push 2 (live) and 3 (attempt) land, the webhook is sent, push 4 (outcome) is refused
        lost = notify(repo, env)
        assert lost.exit_code == 1 and len(hooks.requests) == 1
        held = notify(repo, env)
    assert "could not be pushed" in refused.output and "nothing was sent" in refused.output
    assert "could not be pushed" in lost.output
    assert held.exit_code == 0 and "held" in held.output and len(hooks.requests) == 1
    entries = [json.loads(line) for line in branch_lines(remote)]
    assert [(e["type"], e.get("channel")) for e in entries] == [
        ("baseline", None), ("outcome", "status-page"), ("attempt", "webhook"), ("checkpoint", None)]


def test_resend_sends_a_held_message_again_on_purpose(repo, announced):
    record, hooks, env, start = announced.record, announced.hooks, announced.env, announced.start
    attempt = next(e for e in lines(record) if e["type"] == "attempt")
    # As if the run had stopped after sending: the attempt stands, its outcome is lost.
    record.write_text("".join(line + "\n" for line in record.read_text().splitlines()
                              if json.loads(line)["type"] in ("baseline", "attempt")))
    held = notify(repo, env, "--since", f"{start}~1")
    assert len(hooks.requests) == 1  # held: not sent again blindly
    resent = notify(repo, env, "--since", f"{start}~1", "--resend", attempt["message_id"])
    after = notify(repo, env, "--since", f"{start}~1")
    assert "held" in held.output and len(hooks.requests) == 2
    assert resent.exit_code == 0 and "1 notification(s) sent" in resent.output
    assert "already sent" in after.output
    assert [e.get("resend") for e in lines(record) if e["type"] == "attempt"] == [None, True]


def test_the_ledger_keeps_a_delivered_message_delivered():
    from generator.notify.record.entries import ledger_of

    key = {"channel": "email", "message_id": "<m@x>"}
    ledger = ledger_of([
        {"type": "attempt", "time": "t1", **key}, {"type": "outcome", "time": "t2", "outcome": "sent", **key},
        {"type": "attempt", "time": "t3", **key}, {"type": "outcome", "time": "t4", "outcome": "failed", **key},
    ])
    assert (ledger.of("email", "<m@x>").state, ledger.of("email", "<m@x>").time) == ("sent", "t2")
    assert ledger_of([{"type": "attempt", "time": "t1", **key}]).of("email", "<m@x>").state == "unknown"
    assert ledger_of([{"type": "attempt", "time": "t1", **key}]).of("chat", "<m@x>") is None


def test_a_dry_run_says_what_the_record_would_keep_from_going_out_again(repo, announced):
    record, hooks, env, start = announced.record, announced.hooks, announced.env, announced.start
    kept = record.read_text()
    dry = notify(repo, env, "--since", f"{start}~1", "--dry-run")
    assert "webhook: would not be sent: already sent" in dry.output
    assert "0 notification(s) would be sent" in dry.output
    assert record.read_text() == kept and len(hooks.requests) == 1


def test_a_checkpoint_commit_missing_from_the_history_stops_the_run_with_what_to_do(repo, announced):
    hooks, env, start = announced.hooks, announced.env, announced.start
    repo.git("reset", "-q", "--hard", f"{start}~1")  # main rewritten: the checkpoint's commit is gone
    repo.git("reflog", "expire", "--expire=now", "--all")
    repo.git("gc", "-q", "--prune=now")
    post(repo, WRONG, "identified, on the rewritten main")
    result = notify(repo, env)
    assert result.exit_code == 1 and "is not in this clone's history" in result.output
    assert "give --since" in result.output and "Traceback" not in result.output
    assert len(hooks.requests) == 1


def test_a_late_run_of_an_older_commit_sends_nothing_and_keeps_the_checkpoint(repo, announced):
    record, hooks, env, start = announced.record, announced.hooks, announced.env, announced.start
    newer = post(repo, WRONG, "identified")
    assert notify(repo, env).exit_code == 0
    repo.git("checkout", "-q", start)  # the older run's checkout
    late = notify(repo, env)
    repo.git("checkout", "-q", newer)
    assert late.exit_code == 0 and "older than the record's checkpoint" in late.output
    assert len(hooks.requests) == 2
    assert lines(record)[-1]["type"] == "checkpoint" and lines(record)[-1]["commit"] == newer


def test_a_severity_changed_back_is_announced_again_and_a_rewrapped_message_is_not(repo, announced):
    hooks, env = announced.hooks, announced.env
    post(repo, OUTAGE.replace("severity: P1", "severity: P2"), "downgraded")
    assert notify(repo, env).exit_code == 0
    post(repo, OUTAGE, "escalated back: readers were last told P2")
    back = notify(repo, env)
    # Re-wrapped in the YAML: the page reads the same, so nothing is said again.
    post(repo, OUTAGE.replace("message: Nobody can sign in. We are on it.",
                              "message: |\n      Nobody can sign in.\n      We are on it."), "re-wrapped")
    rewrapped = notify(repo, env)
    assert "1 notification(s) sent" in back.output, back.output
    assert "0 change(s) to announce" in rewrapped.output or "already sent" in rewrapped.output
    assert len(hooks.requests) == 3  # first notice, the downgrade, the escalation back


def test_a_resend_that_matches_no_planned_message_is_refused(repo, announced):
    result = notify(repo, announced.env, "--since", f"{announced.start}~1", "--resend", "<statusgen.typo@x>")
    assert result.exit_code == 1
    assert "--resend: <statusgen.typo@x> is not among the messages this run plans" in result.output


def test_a_secret_gone_missing_settles_nothing_and_the_next_run_sends_what_was_missed(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    with SmtpServer(tmp_path, "plain") as server, Receiver() as hooks:
        env = {**targets(server, hooks), "STATUSGEN_RECORD": str(record)}
        start = post(repo, OUTAGE, "investigating")
        assert notify(repo, env, "--since", f"{start}~1").exit_code == 0
        post(repo, WRONG, "identified")
        without = notify(repo, {**env, "STATUSGEN_SMTP_URL": ""})  # the secret is missing from this run
        assert len(server.handler.messages) == 1 and len(hooks.requests) == 4
        restored = notify(repo, env)
    assert without.exit_code == 1
    assert ("STATUSGEN_SMTP_URL: is not set, though the record shows email messages were sent before"
            in without.output)
    assert restored.exit_code == 0, restored.output
    assert len(server.handler.messages) == 2 and len(hooks.requests) == 4  # only the e-mail was missing
    assert "2 already sent" in restored.output


def test_a_line_pushed_by_another_writer_is_kept_and_this_run_adds_on_top(repo, remote, tmp_path):
    from generator.notify.record.gitstore import GitBranchStore

    ours = GitBranchStore(repo.root, "origin", "statusgen-record")
    assert ours.load() is None
    ours.start(b'{"a": 1}\n')
    other_clone = GitProject(tmp_path / "other")
    other_clone.git("remote", "add", "origin", str(remote))
    theirs = GitBranchStore(other_clone.root, "origin", "statusgen-record")
    assert theirs.load() == [b'{"a": 1}']
    theirs.append(b'{"b": 2}\n')  # the branch moves under `ours`
    ours.append(b'{"c": 3}\n')
    assert branch_lines(remote) == ['{"a": 1}', '{"b": 2}', '{"c": 3}']


@pytest.mark.parametrize("theirs", ["sent", "failed"])
def test_two_runs_at_once_send_a_message_once(repo, remote, monkeypatch, theirs):
    """Run A reads the record; before it writes, run B (another process) reads, sends and records the same
    message. A's line lands on top of B's. Sent by B: A does not send it again. Failed for B: A sends it."""
    from gitrepo import TARGET_VARIABLES
    from generator.notify.record.gitstore import GitBranchStore

    with Receiver(codes=[500] if theirs == "failed" else []) as hooks:
        env = {"STATUSGEN_WEBHOOK_URL": hooks.url("/hook"), "STATUSGEN_RECORD_BRANCH": "statusgen-record"}
        assert notify(repo, env, "--begin-record").exit_code == 0
        post(repo, OUTAGE, "investigating")
        real_load, runs = GitBranchStore.load, []

        def load_then_let_another_run_go_first(store):
            lines = real_load(store)
            if not runs:
                other = {k: v for k, v in os.environ.items() if k not in TARGET_VARIABLES}
                runs.append(subprocess.run(
                    [sys.executable, "-m", "generator", "notify", "-f", str(repo.config), "--now", NOW,
                     "--backoff", "0", "--attempts", "1", "--timeout", "2"],
                    env={**other, **env}, capture_output=True, text=True, timeout=120))
            return lines
        monkeypatch.setattr(GitBranchStore, "load", load_then_let_another_run_go_first)
        late = notify(repo, env)
    hook_lines = [(line["type"], line.get("outcome")) for line in map(json.loads, branch_lines(remote))
                  if line.get("channel") == "webhook"]
    if theirs == "sent":
        assert runs[0].returncode == 0, runs[0].stdout + runs[0].stderr
        assert late.exit_code == 0, late.output
        assert len(hooks.requests) == 1  # B's
        assert "another run is sending it, or sent it" in late.output, late.output
        assert hook_lines == [("attempt", None), ("outcome", "sent"), ("attempt", None)]  # A's has no outcome
    else:
        assert runs[0].returncode == 1, runs[0].stdout + runs[0].stderr
        assert late.exit_code == 0, late.output
        assert len(hooks.requests) == 2  # B's, refused; A's
        assert hook_lines == [("attempt", None), ("outcome", "failed"), ("attempt", None), ("outcome", "sent")]


def test_a_refused_push_quotes_the_remote_s_reason(repo, remote, tmp_path):
    with Receiver() as hooks:
        env = {"STATUSGEN_WEBHOOK_URL": hooks.url("/hook"), "STATUSGEN_RECORD_BRANCH": "statusgen-record"}
        post(repo, OUTAGE, "investigating")
        assert notify(repo, env, "--begin-record").exit_code == 0
        post(repo, WRONG, "identified")
        reject_push(remote, "1")
        refused = notify(repo, env)
    assert "(git: remote: refused by the test's hook)" in refused.output and hooks.requests == []


def test_an_unknown_outcome_is_said_on_every_run_until_a_person_confirms_it(repo, announced):
    record, hooks, env = announced.record, announced.hooks, announced.env
    attempt = next(e for e in lines(record) if e["type"] == "attempt")
    record.write_text("".join(line + "\n" for line in record.read_text().splitlines()
                              if json.loads(line)["type"] in ("baseline", "attempt")))
    runs = [notify(repo, env) for _ in range(2)]
    confirmed = notify(repo, env, "--confirm-sent", attempt["message_id"])
    after = notify(repo, env)
    wrong = notify(repo, env, "--confirm-sent", "<not.unknown@x>")
    assert all(f"the outcome of {attempt['message_id']} (webhook" in r.output for r in runs)
    assert "recorded as sent, as confirmed" in confirmed.output
    assert "is unknown" not in after.output and "is unknown" not in confirmed.output.split("as confirmed")[1]
    assert wrong.exit_code == 1 and "is not a message whose outcome is unknown" in wrong.output
    assert len(hooks.requests) == 1  # nothing was sent by any of it
    assert lines(record)[-1]["type"] in ("outcome", "checkpoint")


def test_a_schedule_is_due_while_a_message_is_left_unsent(repo, remote, tmp_path):
    from generator.write.build import build_site
    from generator.core.timeutil import parse_time

    def due():
        head = repo.git("rev-parse", "HEAD")
        build_site(repo.config, now=parse_time(NOW), commit=head)
        return repo.run("due", "--build-info", str(repo.project.site / "build.json"), "--commit", head,
                        "--now", NOW, "--record-branch", "statusgen-record")

    with Receiver(codes=[500]) as hooks:
        env = {"STATUSGEN_WEBHOOK_URL": hooks.url("/hook"), "STATUSGEN_RECORD_BRANCH": "statusgen-record"}
        post(repo, OUTAGE, "investigating")
        assert notify(repo, env, "--begin-record").exit_code == 0
        quiet = due()
        post(repo, WRONG, "identified")
        assert notify(repo, env).exit_code == 1  # the webhook answered 500: no checkpoint
        unsettled = due()
        assert notify(repo, env).exit_code == 0  # what a due deploy runs
        settled = due()
    assert quiet.exit_code == 1, quiet.output
    assert unsettled.exit_code == 0 and "notifications are not settled" in unsettled.output
    assert settled.exit_code == 1, settled.output


def test_each_post_names_its_message_so_a_receiver_can_drop_a_copy(repo, announced):
    hooks, record = announced.hooks, announced.record
    [request] = hooks.requests
    attempt = next(e for e in lines(record) if e["type"] == "attempt")
    assert request.headers["Idempotency-Key"] == request.headers["X-Statusgen-Message-Id"] == attempt["message_id"]
