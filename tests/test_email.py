"""E-mail, sent for real: `statusgen notify` against an SMTP server (aiosmtpd) started in the test."""
from __future__ import annotations

import hashlib
import json
import re

import pytest
from gitrepo import GitProject
from smtp_support import Handler, SmtpServer
from test_notify import LOW as NOTIFY_LOW

from generator.notify.email_send import parse_smtp_url

NOW = "2026-03-04T12:00:00Z"
OUTAGE = """
---
title: Sign-in <b>unavailable</b> & "slow"
severity: P1
components:
  web: major_outage
started: 2026-03-04T10:00:00Z
updates:
  - at: 2026-03-04T10:03:00Z
    status: investigating
    message: |
      Nobody can sign in. <script>alert(1)</script> We are on it.

      Workaround: use an [API token](https://status.example.com/help) <img src=x onerror=alert(2)>.
internal:
  notes: SECRET-INTERNAL-NOTE
---
"""
IDENTIFIED = OUTAGE.replace("internal:", """\
  - at: 2026-03-04T10:20:00Z
    status: identified
    message: A certificate expired; we are replacing it.
internal:""")
RESOLVED = IDENTIFIED.replace("internal:", """\
  - at: 2026-03-04T10:50:00Z
    status: resolved
    message: Sign-in works again.
internal:""")
LOW = NOTIFY_LOW.replace("severity: P4", "severity: P2")  # a P2, whose channels have no e-mail
DRAFT = """
---
title: DRAFT-TITLE
severity: P1
draft: true
components:
  web: major_outage
updates:
  - at: 2026-03-04T10:10:00Z
    status: investigating
    message: DRAFT-MESSAGE
---
"""
ID = "2026-03-04-sign-in"
# aiosmtpd warns about AUTH without STARTTLS on the implicit-TLS server, where the whole session is TLS.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture
def repo(tmp_path):
    return GitProject(tmp_path / "status")


def post(repo: GitProject, text: str, message: str, **files) -> None:
    repo.write(f"{ID}.md", text)
    for name, body in files.items():
        repo.write(name, body)
    repo.commit(message)


def notify(repo, server, *extra, env=None):
    return repo.run("notify", "--since", "HEAD~1", "--now", NOW, "--backoff", "0", *extra,
                    env={**server.env(), **(env or {})})


@pytest.mark.parametrize("mode", ["starttls", "tls"])
def test_an_incident_arrives_as_one_thread_with_both_parts(repo, tmp_path, mode):
    with SmtpServer(tmp_path, mode) as server:
        for text, step in ((OUTAGE, "investigating"), (IDENTIFIED, "identified"), (RESOLVED, "resolved")):
            post(repo, text, step)
            result = notify(repo, server)
            assert result.exit_code == 0, result.output
            assert "-> email smtp" in result.output and "accepted (TLS)" in result.output
    messages = server.handler.messages
    assert len(messages) == 3
    ids = [m[2]["Message-ID"] for m in messages]
    for (sender, recipients, message, raw, tls, _), number in zip(messages, (1, 2, 3)):
        assert tls and sender == "status@status.example.com" and recipients == ["customers@lists.example.com"]
        # Derived from what the update says: its number, then a digest of its words.
        assert re.fullmatch(rf"<statusgen\.{ID}\.{number}\.[0-9a-f]{{12}}@status\.example\.com>", ids[number - 1])
        assert message["From"] == "Test Status <status@status.example.com>"
        assert message["To"] == "customers@lists.example.com"
        # One subject for the whole thread: Gmail and Outlook group by it.
        assert message["Subject"] == '[Test Status] Incident: Sign-in <b>unavailable</b> & "slow"'
        assert message.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
        assert b"SECRET-INTERNAL-NOTE" not in raw and b"DRAFT" not in raw
    first, second, third = (m[2] for m in messages)
    root = f"<statusgen.{ID}@status.example.com>"  # every message names the incident's thread
    assert first["In-Reply-To"] is None and first["References"] == root
    assert second["In-Reply-To"] == ids[0] and second["References"].split() == [root, ids[0]]
    assert third["In-Reply-To"] == ids[1] and third["References"].split() == [root, *ids[:2]]
    assert first["Date"] == "Wed, 04 Mar 2026 10:03:00 +0000"
    text = first.get_body(("plain",)).get_content()
    assert text.startswith("Investigating: we are experiencing an issue affecting Website.")
    assert "Next update: by 2026-03-04 10:18 UTC" in text  # P1 asks for one every 15 minutes
    assert "https://status.example.com/incidents/2026-03-04-sign-in/" in text
    assert "Summary:" in third.get_body(("plain",)).get_content()


def test_the_html_part_escapes_everything_from_the_incident_file(repo, tmp_path):
    with SmtpServer(tmp_path, "plain") as server:
        post(repo, OUTAGE, "investigating")
        result = notify(repo, server)
    assert result.exit_code == 0, result.output
    [(_, _, message, _, _, _)] = server.handler.messages
    html = message.get_body(("html",)).get_content()
    assert "<title>[Test Status] Incident: Sign-in &lt;b&gt;unavailable&lt;/b&gt; &amp; &#34;slow&#34;</title>" in html
    assert "<b>unavailable</b>" not in html
    assert "<script" not in html and "onerror" not in html and "alert(1)" not in html
    assert '<a href="https://status.example.com/help" rel="noopener noreferrer nofollow">API token</a>' in html
    text = message.get_body(("plain",)).get_content()
    assert "<script" not in text and "alert(1)" not in text


# base64 of "All systems operational": a title that, decoded, would read as something else.
ENCODED_WORD = "=?utf-8?b?QWxsIHN5c3RlbXMgb3BlcmF0aW9uYWw=?="


def test_a_title_written_as_an_encoded_word_arrives_as_written(repo, tmp_path):
    with SmtpServer(tmp_path, "plain") as server:
        post(repo, OUTAGE.replace('title: Sign-in <b>unavailable</b> & "slow"', f"title: '{ENCODED_WORD}'"),
             "investigating")
        result = notify(repo, server)
    assert result.exit_code == 0, result.output
    [(_, _, message, raw, _, _)] = server.handler.messages
    # The server's parser (email, policy.default) decodes the header as every mail reader does.
    assert message["Subject"] == f"[Test Status] Incident: {ENCODED_WORD}"
    assert "All systems operational" not in message["Subject"]
    assert ENCODED_WORD.encode() not in raw  # sent encoded, so no reader takes it as an encoded-word


@pytest.mark.parametrize("subject", [
    f"[Acme] Incident: {ENCODED_WORD}",
    f"Déjà vu {ENCODED_WORD} — " * 6,  # long: folded over several lines, non-ASCII around it
    "=?iso-8859-1?q?caf=E9?= and =?",
    "ends with =?",
])
def test_a_subject_reads_back_literally_with_the_modern_and_the_legacy_parser(subject):
    from email import message_from_bytes, policy
    from email.header import decode_header, make_header
    from types import SimpleNamespace

    from generator.comms.drafts import EmailDraft
    from generator.comms.mime import build_message
    from generator.core.timeutil import parse_time

    draft = EmailDraft(subject=subject, text="Text.\n", html="<p>Text.</p>\n", message_id="<a.1@status.example.com>",
                       in_reply_to=None, references=())
    moment = SimpleNamespace(at=parse_time(NOW), update=SimpleNamespace(at=parse_time(NOW)))
    raw = build_message(draft, moment, "status@status.example.com", "customers@lists.example.com").as_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert all(len(line) <= 78 for line in head.split("\r\n"))
    assert str(message_from_bytes(raw, policy=policy.default)["Subject"]) == subject
    legacy = message_from_bytes(raw, policy=policy.compat32)["Subject"]
    assert str(make_header(decode_header(legacy))) == subject


def test_only_severities_whose_channels_include_email_send_it(repo, tmp_path):
    with SmtpServer(tmp_path, "plain") as server:
        post(repo, OUTAGE, "p1, p2 and a draft", **{"2026-03-04-typo.md": LOW, "2026-03-04-draft.md": DRAFT})
        result = notify(repo, server)
    assert result.exit_code == 0, result.output
    # P1 lists email; P2 (status_page, in_app, chat, webhook) does not; a draft is never sent.
    assert [m[2]["Message-ID"].split(".")[:3] for m in server.handler.messages] == [["<statusgen", ID, "1"]]
    assert "2026-03-04-typo (incident.created): STATUSGEN_SLACK_WEBHOOK_URL or STATUSGEN_WEBHOOK_URL is not set" \
        in result.output


def test_a_wrong_password_is_refused_without_retrying(repo, tmp_path):
    with SmtpServer(tmp_path, "starttls") as server:
        post(repo, OUTAGE, "investigating")
        env = server.env(STATUSGEN_SMTP_URL=server.url.replace("secret", "wrong"))
        result = repo.run("notify", "--since", "HEAD~1", "--now", NOW, "--backoff", "0", env=env)
    assert result.exit_code == 1
    assert server.handler.messages == []
    assert "FAILED" in result.output and "login refused: 535" in result.output and "1 attempt" in result.output
    assert "wrong" not in result.output and "secret" not in result.output and "p%40ss" not in result.output
    assert "Traceback" not in result.output


def test_a_server_that_refuses_the_message_fails_the_run(repo, tmp_path):
    handler = Handler(refuse=["554 5.7.1 Message rejected as spam"] * 5)
    with SmtpServer(tmp_path, "plain", handler) as server:
        post(repo, OUTAGE, "investigating")
        result = notify(repo, server)
    assert result.exit_code == 1
    assert handler.attempts == 1  # 5xx: asking again will not help
    assert "message refused: 554 5.7.1 Message rejected as spam, 1 attempt" in result.output
    assert "refused the e-mail; check the login, STATUSGEN_EMAIL_FROM" in result.output


def test_a_temporary_refusal_is_retried_and_sent_once(repo, tmp_path):
    handler = Handler(refuse=["451 4.3.0 Try again later"])
    with SmtpServer(tmp_path, "plain", handler) as server:
        post(repo, OUTAGE, "investigating")
        result = notify(repo, server)
    assert result.exit_code == 0, result.output
    assert handler.attempts == 2 and len(handler.messages) == 1
    assert "accepted, 2 attempts" in result.output


def test_a_lost_goodbye_after_acceptance_counts_as_sent_without_a_second_copy(repo, tmp_path):
    handler = Handler(drop_at_quit=True)
    with SmtpServer(tmp_path, "plain", handler) as server:
        post(repo, OUTAGE, "investigating")
        result = notify(repo, server)
    assert result.exit_code == 0, result.output
    assert handler.attempts == 1 and len(handler.messages) == 1
    assert "accepted, 1 attempt" in result.output


def test_a_server_that_is_not_there_is_retried_then_reported(repo, tmp_path):
    with SmtpServer(tmp_path, "plain") as server:
        env = server.env()
    post(repo, OUTAGE, "investigating")
    result = repo.run("notify", "--since", "HEAD~1", "--now", NOW, "--backoff", "0", env=env)
    assert result.exit_code == 1
    assert "could not connect" in result.output and "3 attempts" in result.output
    assert "could not be reached over SMTP" in result.output


def test_an_untrusted_certificate_is_a_tls_failure(repo, tmp_path):
    with SmtpServer(tmp_path, "tls") as server:
        post(repo, OUTAGE, "investigating")
        env = server.env()
        del env["SSL_CERT_FILE"]
        result = repo.run("notify", "--since", "HEAD~1", "--now", NOW, "--backoff", "0",
                          env={**env, "SSL_CERT_FILE": str(tmp_path / "no-such-bundle.pem")})
    assert result.exit_code == 1
    assert server.handler.messages == []
    assert "TLS failed" in result.output and "1 attempt" in result.output


def test_the_record_holds_every_message_and_a_rerun_sends_no_second_copy(repo, tmp_path):
    log = tmp_path / "record" / "communications.jsonl"
    with SmtpServer(tmp_path, "plain") as server:
        post(repo, OUTAGE, "investigating")
        env = {**server.env(), "STATUSGEN_WEBHOOK_URL": "http://127.0.0.1:9/unreachable"}
        first = repo.run("notify", "--since", "HEAD~1", "--now", NOW, "--backoff", "0", "--attempts", "1",
                         "--record", str(log), env=env)
        assert first.exit_code == 1  # the webhook failed, so the next run sends it again
        again = repo.run("notify", "--now", NOW, "--backoff", "0", "--attempts", "1",
                         env={**env, "STATUSGEN_RECORD": str(log)})
    assert len(server.handler.messages) == 1, again.output
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(r["type"], r.get("channel"), r.get("outcome")) for r in records] == [
        ("baseline", None, None),
        ("attempt", "webhook", None), ("outcome", "webhook", "failed"),
        ("attempt", "email", None), ("outcome", "email", "sent"),
        # The second run compares from the baseline (no checkpoint: the webhook failed), so it first records the
        # update as live on the page (the first run, given --since, records none), then sends the webhook only.
        ("outcome", "status-page", "sent"),
        ("attempt", "webhook", None), ("outcome", "webhook", "failed")]
    attempt = records[3]
    message = server.handler.messages[0][2]
    assert attempt["incident"] == ID and attempt["update"] == f"{ID}-1" and attempt["event"] == "incident.created"
    assert attempt["message_id"] == message["Message-ID"] and records[4]["attempts"] == 1
    assert attempt["subject"] == message["Subject"]
    assert attempt["to_domain"] == "lists.example.com"
    assert attempt["to_sha256"] == hashlib.sha256(b"customers@lists.example.com").hexdigest()
    # The bytes the server received, as DATA carried them (CRLF lines, ending in a lone dot).
    raw = server.handler.messages[0][3]
    assert attempt["content_sha256"] == hashlib.sha256(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
                                                       + b".\r\n").hexdigest()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", attempt["time"])
    assert attempt["target"].startswith("smtp://127.0.0.1:") and "secret" not in log.read_text()
    assert "customers@" not in log.read_text()  # the list's address is proven by its hash, not published
    assert "already sent" in again.output, again.output


def test_an_unwritable_record_sends_nothing(repo, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with SmtpServer(tmp_path, "plain") as server:
        post(repo, OUTAGE, "investigating")
        result = notify(repo, server, "--record", str(blocker / "record.jsonl"))
    assert result.exit_code == 1
    assert server.handler.messages == []
    assert "record cannot be opened" in result.output and "nothing was sent" in result.output


@pytest.mark.parametrize(("url", "says"), [
    ("smtp://user:pw@mail.example.com", "would send the password unencrypted"),
    ("smtps://mail.example.com?starttls", "both implicit TLS"),
    ("https://mail.example.com", "is not an smtps:// or smtp:// URL"),
    ("smtp://mail.example.com?tls=1", "unknown option ?tls"),
    ("smtps://", "names no server"),
])
def test_a_bad_smtp_url_is_refused_before_sending(repo, url, says):
    post(repo, OUTAGE, "investigating")
    result = repo.run("notify", "--since", "HEAD~1", "--now", NOW, env={
        "STATUSGEN_SMTP_URL": url, "STATUSGEN_EMAIL_FROM": "a@example.com", "STATUSGEN_EMAIL_TO": "b@example.com"})
    assert result.exit_code == 1
    assert f"STATUSGEN_SMTP_URL: {url.split('?')[0][:0]}" in result.output and says in result.output
    assert "pw" not in result.output.replace(says, "") and "Traceback" not in result.output


@pytest.mark.parametrize(("env", "says"), [
    ({"STATUSGEN_EMAIL_TO": "b@example.com"}, "STATUSGEN_EMAIL_FROM: is not set"),
    ({"STATUSGEN_EMAIL_FROM": "a@example.com", "STATUSGEN_EMAIL_TO": "a@example.com, c@example.com"},
     "STATUSGEN_EMAIL_TO: is not one e-mail address"),
])
def test_missing_or_several_addresses_are_refused(repo, env, says):
    post(repo, OUTAGE, "investigating")
    result = repo.run("notify", "--since", "HEAD~1", "--now", NOW,
                      env={"STATUSGEN_SMTP_URL": "smtps://mail.example.com", **env})
    assert result.exit_code == 1 and says in result.output


def test_smtp_urls_parse_ports_tls_and_encoded_credentials():
    server = parse_smtp_url("smtps://bot%40acme:p%2Fw@mail.example.com")
    assert (server.host, server.port, server.implicit_tls, server.user, server.password) == (
        "mail.example.com", 465, True, "bot@acme", "p/w")
    server = parse_smtp_url("smtp://u:p@mail.example.com?starttls")
    assert (server.port, server.starttls, server.implicit_tls) == (587, True, False)
    assert parse_smtp_url("smtp://relay.internal").port == 25


def test_a_site_url_with_a_host_outside_ascii_is_sent_with_its_punycode_host(tmp_path):
    repo = GitProject(tmp_path / "status", site_url="https://status.bücher.example/")
    with SmtpServer(tmp_path, "plain") as server:
        post(repo, OUTAGE, "investigating")
        post(repo, IDENTIFIED, "identified")
        first = repo.run("notify", "--since", "HEAD~2", "--now", NOW, "--backoff", "0", env=server.env())
    assert first.exit_code == 0, first.output
    assert "Traceback" not in first.output
    [(_, _, message, raw, _, _)] = server.handler.messages
    assert raw.isascii()
    assert re.fullmatch(rf"<statusgen\.{ID}\.2\.[0-9a-f]{{12}}@status\.xn--bcher-kva\.example>",
                        message["Message-ID"].strip())  # a long id may be folded onto a line of its own
    assert re.fullmatch(rf"<statusgen\.{ID}\.1\.[0-9a-f]{{12}}@status\.xn--bcher-kva\.example>",
                        message["In-Reply-To"].strip())
    # The link in the text keeps the name people read.
    assert "https://status.bücher.example/incidents/2026-03-04-sign-in/" in message.get_body(("plain",)).get_content()


@pytest.mark.parametrize(("name", "ascii"), [
    ("status.example.com", "status.example.com"),
    ("status.bücher.example", "status.xn--bcher-kva.example"),
    ("Status.FAß.example", "status.xn--fa-hia.example"),  # IDNA 2008: ß stays ß (IDNA 2003 made it "fass")
    ("status.bu\u0308cher.example", "status.xn--bcher-kva.example"),  # u + combining diaeresis: composed first
])
def test_hosts_outside_ascii_become_their_a_label(name, ascii):
    from generator.core.urls import ascii_host

    assert ascii_host(name) == ascii
