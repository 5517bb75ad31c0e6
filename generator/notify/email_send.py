"""Sending one e-mail over SMTP (smtplib): implicit TLS or STARTTLS, authentication, bounded retries.

The server comes from STATUSGEN_SMTP_URL:

    smtps://user:password@smtp.example.com:465     implicit TLS (port 465 by default)
    smtp://user:password@smtp.example.com:587?starttls   STARTTLS (port 587 by default)
    smtp://relay.internal:25                       no TLS, no login (a local relay only)

User name and password are percent-encoded in the URL (@ is %40). A login is
never sent without TLS. Certificates are verified against the system's CAs
(SSL_CERT_FILE names another bundle).

Retried: connection failures, timeouts and 4xx answers (the server asks to
try later). Not retried: 5xx answers (a refused login, sender or recipient)
and TLS failures. Once the server has accepted the message (250 after DATA)
it counts as sent, whatever happens to the connection afterwards, so a retry
never makes a second copy of a message the server took. The Message-ID is the
same on every attempt and every run, so a receiver that did get a message whose
acceptance was lost on the way back can recognise the copy.
"""
from __future__ import annotations

import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qsl, unquote, urlsplit

from ..core.text import one_line
from .send import (
    Outcome,
    FAILING,
    OUT_OF_TIME,
    REFUSED,
    TIMEOUT,
    UNREACHABLE,
    Policy,
    Result,
    seconds,
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
    if (user or password) and parts.scheme == "smtp" and not starttls:
        return "would send the password unencrypted; use smtps:// or add ?starttls"
    if parts.path not in ("", "/"):
        return "has a path; an SMTP URL is scheme://user:password@host:port"
    default = STARTTLS_PORT if starttls else PORTS[parts.scheme]
    return SmtpServer(host=parts.hostname, port=port or default, implicit_tls=parts.scheme == "smtps",
                      starttls=starttls, user=user, password=password)


def _answer(code: int, text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = " ".join(one_line(text or "").split())
    return f"{code} {text[:200]}".strip()


def _by_code(what: str, code: int, text) -> Outcome:
    detail = f"{what}: {_answer(code, text)}"
    if 400 <= code < 500:
        return Outcome(False, detail, FAILING, retry=True)
    return Outcome(False, detail, REFUSED)


def _attempt(server: SmtpServer, message: EmailMessage, sender: str, recipient: str, limit: float,
             context: ssl.SSLContext) -> Outcome:
    client = None
    accepted = False
    try:
        if server.implicit_tls:
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=limit, context=context)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=limit)
        client.ehlo()
        if server.starttls:
            client.starttls(context=context)
            client.ehlo()
        if server.user:
            client.login(server.user, server.password)
        client.send_message(message, from_addr=sender, to_addrs=[recipient])
        accepted = True
        return Outcome(True, "accepted" + (" (TLS)" if server.tls else ""))
    except smtplib.SMTPAuthenticationError as exc:
        return Outcome(False, f"login refused: {_answer(exc.smtp_code, exc.smtp_error)}; check the user name and "
                               "password in STATUSGEN_SMTP_URL", REFUSED)
    except smtplib.SMTPNotSupportedError as exc:
        return Outcome(False, f"the server cannot do what STATUSGEN_SMTP_URL asks: {one_line(exc)}", REFUSED)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()), (550, b""))
        return _by_code("recipient refused", code, text)
    except smtplib.SMTPSenderRefused as exc:
        return _by_code("sender refused", exc.smtp_code, exc.smtp_error)
    except smtplib.SMTPDataError as exc:
        return _by_code("message refused", exc.smtp_code, exc.smtp_error)
    except smtplib.SMTPResponseException as exc:
        return _by_code("server said", exc.smtp_code, exc.smtp_error)
    except ssl.SSLError as exc:
        return Outcome(False, f"TLS failed: {one_line(getattr(exc, 'reason', None) or exc)}", UNREACHABLE)
    except (TimeoutError, socket.timeout):
        return Outcome(False, f"timed out after {seconds(limit)} s", TIMEOUT, retry=True)
    except smtplib.SMTPServerDisconnected as exc:
        return Outcome(False, f"connection closed: {one_line(exc) or 'by the server'}", UNREACHABLE, retry=True)
    except smtplib.SMTPException as exc:
        return Outcome(False, f"failed: {one_line(exc)}", FAILING, retry=True)
    except (ConnectionError, OSError) as exc:  # refused, reset, no route, unknown host
        return Outcome(False, f"could not connect: {one_line(exc.strerror or exc)}", UNREACHABLE, retry=True)
    finally:
        if client is not None:
            try:
                if accepted:
                    client.quit()  # a failure to say goodbye does not unsend the message
                else:
                    client.close()
            except (smtplib.SMTPException, OSError):
                client.close()


def send_email(server: SmtpServer, message: EmailMessage, sender: str, recipient: str, policy: Policy, *,
               deadline: float | None = None, context: ssl.SSLContext | None = None,
               sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> Result:
    """Send until the server accepts it or the attempts run out; like post_json, within `deadline`."""
    context = context or ssl.create_default_context()
    for attempt in range(1, policy.attempts + 1):
        limit = policy.timeout if deadline is None else min(policy.timeout, deadline - clock())
        if limit <= 0:
            return Result(False, attempt - 1, "not attempted: the run's time limit was reached", OUT_OF_TIME)
        outcome = _attempt(server, message, sender, recipient, limit, context)
        if outcome.ok:
            return Result(True, attempt, outcome.detail)
        if not outcome.retry or attempt == policy.attempts:
            return Result(False, attempt, outcome.detail, outcome.kind)
        pause = policy.backoff * 2 ** (attempt - 1)
        if deadline is not None and clock() + pause >= deadline:
            return Result(False, attempt, f"{outcome.detail}; the run's time limit leaves no time to try again",
                          outcome.kind)
        sleep(pause)
    raise AssertionError("unreachable: the last attempt always returns")
