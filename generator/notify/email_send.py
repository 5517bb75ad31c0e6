"""Sending one e-mail over SMTP (smtplib): implicit TLS or STARTTLS, authentication, bounded retries.

The server comes from STATUSGEN_SMTP_URL:

    smtps://user:password@smtp.example.com:465     implicit TLS (port 465 by default)
    smtp://user:password@smtp.example.com:587?starttls   STARTTLS (port 587 by default)
    smtp://relay.internal:25                       no TLS, no login (a local relay only)

User name and password are percent-encoded in the URL (@ is %40). A login is
never sent without TLS. Certificates are verified against the system's CAs
(SSL_CERT_FILE names another bundle).

Each attempt is over within its time limit, all of it: connecting, the
greeting, EHLO, STARTTLS, the login, MAIL, RCPT, DATA and the final reply (it
runs under send.within, cut off from outside however slowly the server talks).

Retried: connection failures, timeouts and 4xx answers (the server asks to
try later) up to the end of the message. Not retried: 5xx answers (a refused
login, sender or recipient) and TLS failures. The DATA step is written here,
not left to smtplib, to know the moment the message's last line (the lone
".") has been handed to the socket: from then on the server may have the
message, so a timeout, a lost connection or a reply that is not SMTP is
UNKNOWN, never retried. Once the server has accepted the message (250 after
DATA) it counts as sent, whatever happens to the connection afterwards. The
Message-ID is the same on every attempt and every run, so a receiver can
recognise a copy someone sends again deliberately.

Addresses outside ASCII need the server's SMTPUTF8; without it the e-mail
fails with a message that says so before anything is sent.
"""
from __future__ import annotations

import re
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from email import policy as email_policy
from email.message import EmailMessage
from urllib.parse import parse_qsl, unquote, urlsplit

from ..core.text import one_line
from .send import (
    FAILING,
    REFUSED,
    SENT,
    SETTLE,
    TIMEOUT,
    UNKNOWN,
    UNREACHABLE,
    Outcome,
    Policy,
    Result,
    Watch,
    retrying,
    seconds,
    within,
)

PORTS = {"smtps": 465, "smtp": 25}
STARTTLS_PORT = 587


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    user: str = ""
    password: str = ""

    @property
    def tls(self) -> bool:
        return self.implicit_tls or self.starttls


def parse_smtp_url(url: str) -> SmtpServer | str:
    """The server, or why the URL cannot be one (never quoting the password)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"is not a valid URL ({str(exc).split(':')[0]})"
    if any(c.isspace() or not c.isprintable() for c in url):
        return "is not a valid URL (it contains a space or control character)"
    if parts.scheme not in PORTS:
        return "is not an smtps:// or smtp:// URL"
    if not parts.hostname:
        return "names no server"
    options = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(options) - {"starttls"})
    if unknown:
        return f"has an unknown option ?{unknown[0]}; the only option is ?starttls"
    starttls = "starttls" in options
    if starttls and parts.scheme == "smtps":
        return "asks for both implicit TLS (smtps://) and ?starttls; use one"
    user, password = unquote(parts.username or ""), unquote(parts.password or "")
    if not (user + password).isascii():
        return "has a user name or password outside ASCII, which SMTP login cannot send; percent-encode ASCII only"
    if (user or password) and parts.scheme == "smtp" and not starttls:
        return "would send the password unencrypted; use smtps:// or add ?starttls"
    if parts.path not in ("", "/"):
        return "has a path; an SMTP URL is scheme://user:password@host:port"
    default = STARTTLS_PORT if starttls else PORTS[parts.scheme]
    return SmtpServer(host=parts.hostname, port=port or default, implicit_tls=parts.scheme == "smtps",
                      starttls=starttls, user=user, password=password)


ADDRESS_HEADERS = ("From", "To", "Cc", "Reply-To", "Sender")
MAX_LINE = 8192  # bytes in one reply line, as smtplib allows for the other replies


def _answer(code: int, text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = " ".join(one_line(text or "").split())
    return f"{code} {text[:200]}".strip()


def _by_code(what: str, code: int, text) -> Outcome:
    if not 200 <= code < 600:  # smtplib's -1: the line did not start with a number (and it keeps only a part)
        return Outcome(False, f"{what}: not an SMTP reply", FAILING, retry=True)
    detail = f"{what}: {_answer(code, text)}"
    if 400 <= code < 500:
        return Outcome(False, detail, FAILING, retry=True)
    return Outcome(False, detail, REFUSED)


class _Answered(Exception):
    """The server answered a step with something other than going on; `outcome` says what it means."""

    def __init__(self, outcome: Outcome):
        super().__init__(outcome.detail)
        self.outcome = outcome


def _expect(what: str, reply: tuple[int, bytes], *codes: int) -> None:
    if reply[0] not in codes:
        raise _Answered(_by_code(what, *reply))


def _client_class(watch: Watch, implicit_tls: bool) -> type[smtplib.SMTP]:
    """smtplib's client, handing its socket to `watch` as soon as it is connected."""

    class Watched(smtplib.SMTP):
        def _get_socket(self, host, port, timeout):
            sock = super()._get_socket(host, port, timeout)
            watch.adopt(sock)
            return sock

    if not implicit_tls:
        return Watched

    class WatchedTls(smtplib.SMTP_SSL, Watched):
        # SMTP_SSL wraps what the next class in line opens: here Watched, so
        # the watch holds the connection from before the TLS handshake.
        pass

    return WatchedTls


def international(message: EmailMessage, *addresses: str) -> bool:
    """Whether an envelope or header address is outside ASCII, which needs SMTPUTF8."""
    found = list(addresses)
    for name in ADDRESS_HEADERS:
        for header in message.get_all(name, []):
            found += [a.addr_spec for a in getattr(header, "addresses", ())]
    return not all(a.isascii() for a in found)


def wire_form(message: EmailMessage, utf8: bool) -> bytes:
    """The message as DATA carries it: CRLF lines, a line starting with "." doubled, ending in "." alone."""
    policy = (message.policy if isinstance(message.policy, email_policy.EmailPolicy) else email_policy.SMTP)
    raw = message.as_bytes(policy=policy.clone(utf8=utf8, linesep="\r\n"))
    raw = re.sub(rb"\r\n|\r|\n", b"\r\n", raw)
    raw = re.sub(rb"(?m)^\.", b"..", raw)
    if not raw.endswith(b"\r\n"):
        raw += b"\r\n"
    return raw + b".\r\n"


def _hello(client: smtplib.SMTP) -> None:
    code, text = client.ehlo()
    if not 200 <= code < 300:
        if 500 <= code < 600:  # an old server without ESMTP
            code, text = client.helo()
        _expect("EHLO", (code, text), *range(200, 300))


def _talk(client: smtplib.SMTP, server: SmtpServer, data: bytes, sender: str, recipient: str, utf8: bool,
          context: ssl.SSLContext, watch: Watch) -> Outcome:
    """From EHLO to the final reply; raises on anything before the message is sent."""
    _hello(client)
    if server.starttls:
        client.starttls(context=context)
        _hello(client)
    if server.user:
        client.login(server.user, server.password)
    options = []
    if utf8:
        if not client.has_extn("smtputf8"):
            return Outcome(False, "the server does not offer SMTPUTF8, which an address outside ASCII needs; use "
                                  "ASCII addresses in STATUSGEN_EMAIL_FROM and STATUSGEN_EMAIL_TO (a domain can be "
                                  "written in its xn-- form)", REFUSED)
        options = ["SMTPUTF8"] + (["BODY=8BITMIME"] if client.has_extn("8bitmime") else [])
    _expect("sender refused", client.mail(sender, options), 250)
    _expect("recipient refused", client.rcpt(recipient), 250, 251)
    _expect("message refused", client.docmd("DATA"), 354)
    watch.sending()
    client.sock.sendall(data)
    watch.sent()
    reply = _final_reply(client)
    if isinstance(reply, Outcome):
        return reply
    code, text = reply
    if 200 <= code < 300:
        accepted = Outcome(True, "accepted" + (" (TLS)" if server.tls else ""))
        watch.settle(accepted)
        return accepted
    return _by_code("message refused", code, text)  # 4xx or 5xx: the server says it did not take it


def _final_reply(client: smtplib.SMTP) -> tuple[int, bytes] | Outcome:
    """The reply to the message, read whole, or why there is none (UNKNOWN).

    Read here rather than by smtplib, which takes a line that a closed
    connection cut short ("250 2.0.0 Qu") for a whole reply.
    """
    if client.file is None:
        client.file = client.sock.makefile("rb")
    texts = []
    while True:
        line = client.file.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            return _unanswered("the reply to the message is not SMTP (a line longer than 8 KB)")
        if not line.endswith(b"\n"):
            cut = "in the middle of the reply" if line else "before the reply"
            return _unanswered(f"the connection was lost after the message was sent (closed {cut})")
        code, more = line[:3], line[3:4]
        if not (code.isdigit() and code[:1] in b"2345" and more in (b" ", b"-", b"\r", b"\n")):
            shown = one_line(line.rstrip(b"\r\n").decode("utf-8", errors="replace"))[:80]
            return _unanswered(f"the reply to the message is not SMTP ({shown!r})")
        texts.append(line[4:].strip())
        if more != b"-":
            return int(code), b"\n".join(texts)


def _unanswered(what: str) -> Outcome:
    return Outcome(False, f"{what}; the server may have accepted it", UNKNOWN)


def _attempt(server: SmtpServer, data: bytes, sender: str, recipient: str, utf8: bool, limit: float,
             context: ssl.SSLContext, watch: Watch) -> Outcome:
    client = None
    outcome = None
    try:
        # The socket's own timeout is only a backstop: the watch ends the attempt at `limit`.
        options = {"context": context} if server.implicit_tls else {}
        client = _client_class(watch, server.implicit_tls)(server.host, server.port, timeout=limit + SETTLE,
                                                           **options)
        outcome = _talk(client, server, data, sender, recipient, utf8, context, watch)
    except _Answered as exc:
        outcome = exc.outcome
    except Exception as exc:  # noqa: BLE001 - a worker thread must hand back an answer, never a traceback
        outcome = _after_sending(exc) if watch.phase == SENT else _failure(exc, limit, connected=client is not None)
    finally:
        _goodbye(client, outcome)
    return outcome


def _after_sending(exc: Exception) -> Outcome:
    reason = one_line(getattr(exc, "strerror", None) or exc) or type(exc).__name__
    return _unanswered(f"the connection was lost after the message was sent ({reason})")


def _failure(exc: Exception, limit: float, connected: bool) -> Outcome:
    """What a failure before the message was sent means; the server has nothing, so most are retried."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        if 400 <= exc.smtp_code < 500 or not 200 <= exc.smtp_code < 600:
            return _by_code("login failed", exc.smtp_code, exc.smtp_error)
        return Outcome(False, f"login refused: {_answer(exc.smtp_code, exc.smtp_error)}; check the user name and "
                              "password in STATUSGEN_SMTP_URL", REFUSED)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return Outcome(False, f"the server cannot do what STATUSGEN_SMTP_URL asks: {one_line(exc)}", REFUSED)
    if isinstance(exc, smtplib.SMTPResponseException):
        if exc.smtp_error == "Line too long.":  # said by smtplib, not the server
            return Outcome(False, "the server's reply is not SMTP (a line longer than 8 KB)", FAILING, retry=True)
        what = "the server's greeting" if isinstance(exc, smtplib.SMTPConnectError) else "the server said"
        return _by_code(what, exc.smtp_code, exc.smtp_error)
    if isinstance(exc, TimeoutError):
        return Outcome(False, f"timed out after {seconds(limit)} s", TIMEOUT, retry=True, timed_out=True)
    if isinstance(exc, ssl.SSLError):
        return Outcome(False, f"TLS failed: {one_line(getattr(exc, 'reason', None) or exc)}", UNREACHABLE)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return Outcome(False, f"connection closed: {one_line(exc) or 'by the server'}", UNREACHABLE, retry=True)
    if isinstance(exc, smtplib.SMTPException):
        return Outcome(False, f"failed: {one_line(exc)}", FAILING, retry=True)
    if isinstance(exc, OSError):  # refused, reset, no route, unknown host
        what = "connection failed" if connected else "could not connect"
        return Outcome(False, f"{what}: {one_line(exc.strerror or exc)}", UNREACHABLE, retry=True)
    return Outcome(False, f"failed: {type(exc).__name__}: {one_line(exc)}", FAILING)


def _goodbye(client: smtplib.SMTP | None, outcome: Outcome | None) -> None:
    if client is None:
        return
    try:
        if outcome is not None and outcome.ok:
            client.quit()  # a failure to say goodbye does not unsend the message
        else:
            client.close()
    except Exception:  # noqa: BLE001 - the outcome is settled; the goodbye cannot change it
        client.close()


def send_email(server: SmtpServer, message: EmailMessage, sender: str, recipient: str, policy: Policy, *,
               deadline: float | None = None, context: ssl.SSLContext | None = None,
               sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> Result:
    """Send until the server accepts it, must not be asked again, or the attempts run out; within `deadline`."""
    context = context or ssl.create_default_context()
    utf8 = international(message, sender, recipient)
    try:
        data = wire_form(message, utf8)
    except (UnicodeError, ValueError, TypeError) as exc:  # a header that cannot be written for SMTP
        return Result(False, 0, f"the e-mail cannot be encoded for SMTP: {one_line(exc)}", REFUSED)

    def attempt(limit: float) -> Outcome:
        unknown = _unanswered(f"no reply within {seconds(limit)} s after the message was sent").detail
        return within(limit, lambda watch: _attempt(server, data, sender, recipient, utf8, limit, context, watch),
                      unknown)

    return retrying(attempt, policy, deadline=deadline, sleep=sleep, clock=clock)
