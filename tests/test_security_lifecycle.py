"""A data breach's whole lifecycle under each preset of the notification policy: posted with no component
down, updated, resolved, then what was learned (the data involved) announced once as a follow-up. Delivered for
real to a webhook and chat receiver and an SMTP server on 127.0.0.1, each message once, never again later."""
from __future__ import annotations

import pytest
from gitrepo import GitProject
from servers import Receiver
from smtp_support import SmtpServer
from test_notify import SLACK, WEBHOOK
from test_policy_lifecycle import OPTIONS, delivered

NOW = "2026-03-06T12:00:00Z"
NAME = "2026-03-04-breach.md"
BREACH = """\
---
title: Unauthorised access to support tickets
severity: P1
components: {{}}
{security}
started: 2026-03-04T08:00:00Z
detected: 2026-03-04T09:00:00Z
updates:
{updates}---
"""
STEPS = (("investigating", "We are investigating unauthorised access to our support system."),
         ("identified", "A support agent's stolen credentials; the account is locked."),
         ("resolved", "The access was closed and every agent's credentials were reset."))
LEARNED = "security:\n  data: The e-mail addresses and names of 212 accounts.\n  actions: Watch for phishing e-mails."
ALL = {"chat", "webhook", "email"}


def breach(steps: int, security: str = "security: true") -> str:
    updates = "".join(f"  - at: 2026-03-04T{9 + n:02d}:10:00Z\n    status: {status}\n    message: {text}\n"
                      for n, (status, text) in enumerate(STEPS[:steps]))
    return BREACH.format(security=security, updates=updates)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("preset", sorted(OPTIONS))
def test_a_breach_is_noticed_at_each_step_and_what_is_learned_later_once(tmp_path, preset):
    repo = GitProject(tmp_path / "status", options=OPTIONS[preset])
    record = str(tmp_path / "record.jsonl")
    seen = [0, 0]
    steps = [("first", breach(1)), ("update", breach(2)), ("resolved", breach(3)), ("learned", breach(3, LEARNED))]
    with Receiver() as receiver, SmtpServer(tmp_path, "plain") as server:
        env = {**server.env(), "STATUSGEN_WEBHOOK_URL": receiver.url(WEBHOOK),
               "STATUSGEN_SLACK_WEBHOOK_URL": receiver.url(SLACK)}
        start = repo.git("rev-parse", "HEAD")
        for step, text in steps:
            repo.write(NAME, text)
            repo.commit(step)
            result = repo.run("notify", "--since", "HEAD~1", "--now", NOW, "--record", record, "--backoff", "0",
                              env=env)
            assert result.exit_code == 0, result.output
            # A security notice goes to every channel at every step, whatever the preset does with an
            # ordinary update: the security kind's rule says so (docs/notifications.md).
            assert sorted(c for c, _ in delivered(receiver, server, seen)) == sorted(ALL), (preset, step, result.output)
        again = repo.run("notify", "--since", start, "--now", NOW, "--record", record, "--backoff", "0", env=env)
        assert again.exit_code == 0 and delivered(receiver, server, seen) == [], again.output
    mails = [m[2] for m in server.handler.messages]
    assert len({m["Message-ID"] for m in mails}) == 4
    assert len({m["Subject"] for m in mails}) == 1  # one thread
    follow_up = mails[-1].get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "what we have learned since our last notice" in follow_up
    assert "What information was involved\nThe e-mail addresses and names of 212 accounts." in follow_up
    assert "What you can do\nWatch for phishing e-mails." in follow_up
