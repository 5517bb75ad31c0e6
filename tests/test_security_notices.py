"""Security incidents and data breaches: posted without an outage, what is learned later announced once as a
follow-up, a deliberate re-send sent again. Real git repositories, a real SMTP server (aiosmtpd) and webhook
receivers on 127.0.0.1."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from gitrepo import GitProject
from servers import Receiver
from smtp_support import SmtpServer

ID = "2026-03-04-breach"
BREACH = """\
---
title: Unauthorised access to support tickets
severity: P1
components: {}
security: true
started: 2026-03-04T10:00:00Z
detected: 2026-03-04T10:30:00Z
updates:
  - at: 2026-03-04T11:00:00Z
    status: investigating
    message: We are investigating unauthorised access to our support system.
  - at: 2026-03-04T12:00:00Z
    status: resolved
    message: The access was closed.
---
"""
LEARNED = BREACH.replace("security: true", "security:\n  data: |\n    The e-mail addresses and\n    names of 212 accounts.")
REWRAPPED = BREACH.replace("security: true", "security:\n  data: The e-mail addresses and names of 212 accounts.")


@pytest.fixture
def repo(tmp_path):
    return GitProject(tmp_path / "status")


def notify(repo, env, *extra, now="2026-03-04T13:00:00Z"):
    return repo.run("notify", "--now", now, "--backoff", "0", "--attempts", "1", "--timeout", "2", *extra, env=env)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_breach_with_no_component_is_posted_and_its_notice_sent(repo, tmp_path):
    base = repo.commit("before the breach")
    made = repo.run("new", "-t", "Unauthorised access to support tickets", "-s", "P1", "--security",
                    "--detected", "-40m", "--now", "2026-03-04T11:00:00Z")
    assert made.exit_code == 0, made.output
    [path] = (repo.root / "incidents").rglob("*.md")
    text = path.read_text()
    assert "\ncomponents: {}\n" in text and "\nsecurity: true\n" in text
    assert "We are investigating a security incident." in text
    repo.commit("security incident")
    with SmtpServer(tmp_path, "plain") as server:
        sent = notify(repo, {**server.env(), "STATUSGEN_RECORD": str(tmp_path / "record.jsonl")}, "--since", base,
                      now="2026-03-04T11:05:00Z")
    assert sent.exit_code == 0, sent.output
    [message] = [m[2] for m in server.handler.messages]
    assert message["Subject"] == "[Test Status] Security notice: Unauthorised access to support tickets"
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith("We are writing to tell you about a security incident that may affect your account.")
    assert "What information was involved\nWe are still establishing" in body


def test_what_is_learned_after_resolution_is_sent_once_as_a_follow_up(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    base = repo.commit("before the breach")
    with SmtpServer(tmp_path, "plain") as server, Receiver() as hooks:
        env = {**server.env(), "STATUSGEN_WEBHOOK_URL": hooks.url("/hook"),
               "STATUSGEN_SLACK_WEBHOOK_URL": hooks.url("/chat"), "STATUSGEN_RECORD": str(record)}
        repo.write(f"{ID}.md", BREACH)
        repo.commit("breach, resolved")
        assert notify(repo, env, "--since", base).exit_code == 0
        repo.write(f"{ID}.md", LEARNED)
        repo.commit("the data involved, learned after resolution")
        learned = notify(repo, env, now="2026-03-05T09:00:00Z")
        again = notify(repo, env, "--since", base, now="2026-03-05T10:00:00Z")  # the whole history again
        repo.write(f"{ID}.md", REWRAPPED)
        repo.commit("re-wrapped: reads the same")
        rewrapped = notify(repo, env, now="2026-03-05T11:00:00Z")
    assert learned.exit_code == 0 and "3 notification(s) sent" in learned.output, learned.output
    assert "0 notification(s) sent" in again.output and "3 already sent" in again.output
    assert "0 change(s) to announce" in rewrapped.output
    first, follow_up = [m[2] for m in server.handler.messages]
    # The resolution's id is what it was before follow-ups existed: records written then stay valid.
    assert first["Message-ID"] == f"<statusgen.{ID}.2.37718ea49666@status.example.com>"
    assert follow_up["Message-ID"].startswith(f"<statusgen.{ID}.2.") and follow_up["Message-ID"] != first["Message-ID"]
    assert follow_up["In-Reply-To"] == first["Message-ID"] and first["Subject"] == follow_up["Subject"]
    body = follow_up.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith("We are writing with what we have learned since our last notice about this security "
                           "incident, which is resolved.")
    assert "What information was involved\nThe e-mail addresses and names of 212 accounts." in body
    chat = [json.loads(r.body)["text"] for r in hooks.on("/chat")]
    assert chat[1].startswith("[P1 Critical] Security notice update: Unauthorised access to support tickets — "
                              "Information involved: The e-mail addresses and names of 212 accounts.")
    hook = json.loads(hooks.on("/hook")[1].body)
    assert hook["meta"]["changes"] == ["security"] and hook["meta"]["event"] == "incident.updated"
    sent = [e for e in records(record) if e["type"] == "attempt"]
    assert len(sent) == 6 and len({(e["channel"], e["message_id"]) for e in sent}) == 6


def test_a_deliberate_resend_sends_again_with_or_without_brackets_and_a_dry_run_says_so(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    base = repo.commit("before the breach")
    with SmtpServer(tmp_path, "plain") as server:
        env = {**server.env(), "STATUSGEN_RECORD": str(record)}
        repo.write(f"{ID}.md", BREACH)
        repo.commit("breach, resolved")
        assert notify(repo, env, "--since", base).exit_code == 0
        [sent] = [m[2]["Message-ID"] for m in server.handler.messages]
        bare = sent.strip("<>")  # as typed in a shell, where an unquoted < is a redirection
        dry = notify(repo, env, "--since", base, "--resend", bare, "--dry-run")
        again = notify(repo, env, "--since", base, "--resend", bare)
        bracketed = notify(repo, env, "--since", base, "--resend", sent)
        typo = notify(repo, env, "--since", base, "--resend", "statusgen.typo@x", "--dry-run")
    assert dry.exit_code == 0 and "already sent" not in dry.output, dry.output
    assert "1 notification(s) would be sent" in dry.output
    assert again.exit_code == 0 and "1 notification(s) sent" in again.output, again.output
    assert bracketed.exit_code == 0 and "1 notification(s) sent" in bracketed.output
    assert [m[2]["Message-ID"] for m in server.handler.messages] == [sent, sent, sent]
    assert [e.get("resend") for e in records(record) if e["type"] == "attempt"] == [None, True, True]
    assert typo.exit_code == 1 and "--resend: <statusgen.typo@x> is not among the messages this run plans" \
        in typo.output


def skeleton(repo, text: str) -> str:
    repo.write(f"{ID}.md", text)
    result = repo.run("postmortem", ID, "--now", "2026-03-05T10:00:00Z")
    assert result.exit_code == 0, result.output
    return (repo.root / "incidents" / f"{ID}.md").read_text().split("---\n", 2)[2]


def test_the_report_skeleton_names_the_data_the_file_names_and_never_claims_none_for_a_breach(repo):
    named = skeleton(repo, REWRAPPED)
    assert "- Data exposed: The e-mail addresses and names of 212 accounts.\n" in named
    listed = skeleton(repo, BREACH.replace("security: true", "security:\n  data: |\n    - e-mail addresses\n"
                                                             "    - names"))
    assert "- Data exposed:\n\n    - e-mail addresses\n    - names\n" in listed
    unknown = skeleton(repo, BREACH)
    assert "- Data exposed: describe what information was involved, and whose.\n" in unknown
    assert "none" not in (named + listed + unknown).lower()
    outage = skeleton(repo, BREACH.replace("security: true\n", "").replace("components: {}", "components:\n  api: "
                                                                                             "major_outage"))
    assert "- Data exposed: none.\n" in outage


def test_security_facts_are_detected_as_reader_facing_changes_only():
    from dataclasses import replace

    from generator.changes.detect import EDITED, SECURITY, UPDATE, detect_changes
    from generator.comms.summary import what_changed
    from generator.core.model import Security
    from test_changes import FIRST, SECOND, incident

    plain = incident("a", FIRST, SECOND)
    breach = replace(plain, security=Security())
    named = replace(plain, security=Security(data="Names and\ne-mail addresses."))

    def change(old, new):
        found = detect_changes({"a": old}, {"a": new})
        return found[0] if found else None

    learned = change(breach, named)
    assert learned.kinds == (SECURITY,) and learned.announced and learned.security_followup
    assert what_changed(learned) == ["Security facts changed: a follow-up security notice"]
    assert change(plain, breach).security_followup  # marked a security incident after the fact
    assert change(named, replace(named, security=Security(data="Names and e-mail\naddresses."))) is None  # re-wrap
    dropped = change(named, plain)
    assert dropped.kinds == (EDITED,) and not dropped.announced
    with_update = change(breach, replace(named, updates=(FIRST, SECOND, replace(SECOND, at=SECOND.at.replace(hour=11)))))
    assert with_update.kinds[:1] == (UPDATE,) and SECURITY in with_update.kinds and not with_update.security_followup


def test_the_pull_request_summary_names_the_follow_up_and_a_breach_with_no_component(repo):
    repo.write(f"{ID}.md", BREACH)
    repo.commit("breach, resolved")
    repo.write(f"{ID}.md", LEARNED)
    repo.commit("the data involved")
    result = repo.run("changes", "--since", "HEAD~1", "--format", "markdown", "--now", "2026-03-05T12:00:00Z")
    assert result.exit_code == 0, result.output
    assert "- **Security facts changed: a follow-up security notice** · P1 Critical" in result.output
    assert "  - Now: Resolved · no component \\(a notice\\)\n" in result.output


def test_a_breach_report_is_not_published_while_its_data_exposed_is_a_placeholder(repo):
    body = skeleton(repo, BREACH)
    assert "- Data exposed: describe what information was involved, and whose.\n" in body
    refused = repo.run("postmortem", "--publish", ID, "--now", "2026-03-05T11:00:00Z")
    assert refused.exit_code == 1 and "the data exposed" in refused.output, refused.output
