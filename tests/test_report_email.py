"""Publishing a post-incident report is news: notify sends the report message (kind `report`) once, by e-mail
to the audience the notification policy names, through a real SMTP server (aiosmtpd); a skeleton written
or filled in but not published sends nothing."""
from __future__ import annotations

import json
import re

import pytest
from gitrepo import GitProject
from servers import Receiver
from smtp_support import SmtpServer
from test_report_publish import _fill

ID = "2026-03-04-sign-in"
RESOLVED = """---
title: Sign-in unavailable
severity: P1
components:
  web: major_outage
started: 2026-03-04T10:00:00Z
updates:
  - at: 2026-03-04T10:03:00Z
    status: investigating
    message: Nobody can sign in. We are on it.
  - at: 2026-03-04T10:15:00Z
    status: identified
    message: An expired certificate; replacing it.
  - at: 2026-03-04T10:28:00Z
    status: resolved
    message: Sign-in works again.
---
"""
# The report goes to everyone by e-mail for P1 (the p1-p4 preset sends it to Enterprise customers only).
REPORT_TO_EVERYONE = """\
notifications:
  severities:
    P1:
      email:
        report: true
"""


def _notify(repo, env, now, *extra):
    result = repo.run("notify", "--now", now, "--backoff", "0", "--attempts", "1", "--timeout", "2", *extra, env=env)
    assert result.exit_code == 0, result.output
    return result


def _hooks(receiver) -> list[str]:
    out = []
    for request in receiver.requests:
        body = json.loads(request.body)
        out.append(f"{request.path} {body['text'] if 'text' in body else body['meta']['event']}")
    return out


def _lifecycle(repo, tmp_path, server, hooks):
    """Resolve, write the skeleton, fill it in, publish it: notify after each step (twice at the end)."""
    env = {**server.env(), "STATUSGEN_WEBHOOK_URL": hooks.url("/hook"),
           "STATUSGEN_SLACK_WEBHOOK_URL": hooks.url("/chat"), "STATUSGEN_RECORD": str(tmp_path / "record.jsonl")}
    repo.write(f"{ID}.md", RESOLVED)
    start = repo.commit("resolved")
    _notify(repo, env, "2026-03-04T11:00:00Z", "--since", f"{start}~1")
    sent = len(server.handler.messages), len(hooks.requests)
    path = repo.project.incidents / f"{ID}.md"
    assert repo.run("postmortem", ID, "--now", "2026-03-05T09:00:00Z").exit_code == 0
    repo.commit("the report skeleton")
    _notify(repo, env, "2026-03-05T09:05:00Z")
    path.write_text(_fill(path.read_text()))
    repo.commit("the report, written")
    _notify(repo, env, "2026-03-05T15:05:00Z")
    assert (len(server.handler.messages), len(hooks.requests)) == sent  # nothing until it is published
    published = repo.run("postmortem", "--publish", ID, "--now", "2026-03-05T16:00:00Z")
    assert published.exit_code == 0, published.output
    publish = repo.commit("publish the report")
    first = _notify(repo, env, "2026-03-05T16:05:00Z")
    # The second run looks at the same commits again (as a re-run of the workflow would): the record holds it.
    second = _notify(repo, env, "2026-03-05T16:10:00Z", "--since", f"{publish}~1")
    return sent, first, second


def test_publishing_a_report_sends_the_report_email_once_across_two_runs(tmp_path):
    repo = GitProject(tmp_path / "status", options=REPORT_TO_EVERYONE)
    with SmtpServer(tmp_path, "plain") as server, Receiver() as hooks:
        (mails, posts), first, second = _lifecycle(repo, tmp_path, server, hooks)
    assert mails == 1  # the resolution (the P1's updates before it are not in this run's range)
    reports = server.handler.messages[mails:]
    assert len(reports) == 1, [m[2]["Subject"] for m in reports]
    message = reports[0][2]
    assert message["Subject"] == "[Test Status] Post-incident report: Sign-in unavailable"
    assert re.fullmatch(rf"<statusgen\.{ID}\.report\.[0-9a-f]{{12}}@status\.example\.com>", message["Message-ID"].strip())
    assert message["In-Reply-To"] == server.handler.messages[0][2]["Message-ID"]  # threads under the incident
    assert message["Date"] == "Thu, 05 Mar 2026 16:00:00 +0000"  # when it was published
    text = message.get_body(("plain",)).get_content()
    assert "A certificate on one load balancer expired." in text and "Certificates need an owner." in text
    assert f"https://status.example.com/incidents/{ID}/#post-incident-report" in text
    html = message.get_body(("html",)).get_content()
    assert "A certificate on one load balancer expired." in html and "<h" in html
    assert [h for h in _hooks(hooks)[posts:]] == [
        "/hook incident.postmortem",
        f"/chat [P1 Critical] Post-incident report: Sign-in unavailable https://status.example.com/incidents/{ID}/"
        "#post-incident-report"]
    assert "1 notification(s) sent" not in first.output and "3 notification(s) sent" in first.output
    assert "0 notification(s) sent" in second.output and "3 already sent" in second.output


@pytest.mark.parametrize("options, mailed", [("", 0), (REPORT_TO_EVERYONE, 1)])
def test_the_policy_names_who_gets_the_report_by_email(tmp_path, options, mailed):
    # p1-p4 (the default): the report goes to Enterprise customers, a mailing list's audience, not to the one
    # address of the plain SMTP target (everyone); the chat and the webhook still carry it.
    repo = GitProject(tmp_path / "status", options=options)
    with SmtpServer(tmp_path, "plain") as server, Receiver() as hooks:
        (mails, posts), _, _ = _lifecycle(repo, tmp_path, server, hooks)
    assert len(server.handler.messages) - mails == mailed
    assert len(hooks.requests) - posts == 2


def test_a_report_published_with_the_resolution_rides_on_the_resolution_email(tmp_path):
    repo = GitProject(tmp_path / "status", options=REPORT_TO_EVERYONE)
    opened = RESOLVED.split("  - at: 2026-03-04T10:15:00Z")[0] + "---\n"
    with SmtpServer(tmp_path, "plain") as server, Receiver() as hooks:
        env = {**server.env(), "STATUSGEN_SLACK_WEBHOOK_URL": hooks.url("/chat"),
               "STATUSGEN_RECORD": str(tmp_path / "record.jsonl")}
        repo.write(f"{ID}.md", opened)
        start = repo.commit("investigating")
        _notify(repo, env, "2026-03-04T10:05:00Z", "--since", f"{start}~1")
        repo.write(f"{ID}.md", RESOLVED)
        written = repo.run("postmortem", ID, "--publish", "-m", "Root cause: an expired certificate.",
                           "--now", "2026-03-04T10:40:00Z")
        assert written.exit_code == 0, written.output
        repo.commit("resolved, with the report")
        _notify(repo, env, "2026-03-04T11:00:00Z")
    first, resolution = (m[2] for m in server.handler.messages)  # one e-mail each: no separate report e-mail
    text = resolution.get_body(("plain",)).get_content()
    assert "Sign-in works again." in text and "Root cause: an expired certificate." in text
    assert f"The post-incident report is published: https://status.example.com/incidents/{ID}/" in text
    assert "will be published" not in text
    assert "Root cause" not in first.get_body(("plain",)).get_content()
