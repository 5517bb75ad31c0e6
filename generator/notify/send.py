"""Posting JSON to a webhook: a timeout per attempt, bounded retries, no surprises.

Each attempt is over within its timeout, all of it: connecting, sending,
the headers and the body, however slowly the receiver answers. Retried:
connection failures, timeouts, HTTP 5xx and 429, with exponential backoff
(base, 2 x base, 4 x base ...). Never retried: other 4xx, which will
not change by asking again, and redirects, which are refused because a POST
silently turned into a GET would look like success.

Webhook URLs are secrets (a Slack URL is its own credential), so only the
scheme and host are ever printed.
"""
from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import __version__

MAX_RETRY_AFTER = 60.0  # seconds; a longer Retry-After is not honoured, the normal backoff is used


@dataclass(frozen=True)
class Policy:
    timeout: float = 10.0  # seconds per attempt
    attempts: int = 3
    backoff: float = 1.0  # seconds before the second attempt; doubles after that


# Why a notification failed, so the command can say what to do about it.
TIMEOUT = "timeout"  # no complete answer within the attempt's time
UNREACHABLE = "unreachable"  # DNS, refused or reset connections, TLS failures
REFUSED = "refused"  # 4xx other than 429, and redirects: the URL or the body is wrong
FAILING = "failing"  # 5xx, 429 or an answer that is not HTTP: the receiver's problem
OUT_OF_TIME = "out-of-time"  # the run's time limit left no time for (another) attempt
UNKNOWN = "unknown"  # the message was handed over and no answer came: the receiver may have it; never retried


@dataclass(frozen=True)
class Result:
    ok: bool
    attempts: int
    detail: str  # "HTTP 200", "HTTP 500", "timed out after 10 s", "could not connect: Connection refused"
    kind: str = ""  # one of the kinds above when not ok


@dataclass(frozen=True)
class Outcome:
    """One attempt's answer."""

    ok: bool
    detail: str
    kind: str = ""
    retry: bool = False
    wait: float | None = None  # a Retry-After to honour instead of the backoff


def redact(url: str) -> str:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{parts.scheme}://{parts.hostname or '?'}{f':{port}' if port else ''}/…"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx code


def _retry_after(error: urllib.error.HTTPError) -> float | None:
    value = (error.headers.get("Retry-After") or "").strip() if error.headers else ""
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    return None


def check_url(url: str) -> str | None:
    """Why `url` cannot be a webhook target, or None."""
    try:
        parts = urlsplit(url)
        parts.port  # raises ValueError for a port out of range
    except ValueError as exc:  # e.g. "https://[bad": an unclosed IPv6 bracket
        return f"is not a valid URL ({exc})"
    if any(c.isspace() or not c.isprintable() for c in url):
        # http.client would refuse it on every attempt, as if the receiver had answered badly.
        return "is not a valid URL (it contains a space or control character)"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "is not an http(s) URL"
    return None


class _Watch:
    """The sockets one attempt opens, so that the attempt can be cut off from outside.

    A socket timeout bounds each read, not the answer: a receiver that sends a
    byte a second, or `100 Continue` forever, never trips it. So each attempt
    runs in a worker thread, and when its time is up the caller shuts its
    sockets down, which wakes the worker's blocked read, and forgets it.
    """

    def __init__(self):
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.abandoned = False

    def adopt(self, sock: socket.socket) -> None:
        with self.lock:
            if self.abandoned:  # connected after the caller gave up (slow DNS): send nothing late
                sock.close()
                raise TimeoutError("the attempt was abandoned")
            self.sockets.append(sock)

    def cut_off(self) -> None:
        with self.lock:
            self.abandoned = True
            for sock in self.sockets:
                try:
                    # The plain-socket shutdown, also for TLS: it closes the
                    # connection under the worker without touching its SSL state.
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass  # already closed by the worker

    def connection_class(self, base: type[http.client.HTTPConnection]) -> type[http.client.HTTPConnection]:
        watch = self

        class Watched(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                # http.client opens its socket through this attribute (kept
                # replaceable for tests); wrapping it sees the raw socket before
                # any TLS handshake, and through a proxy as well.
                open_socket = self._create_connection

                def create_connection(*a, **kw):
                    sock = open_socket(*a, **kw)
                    watch.adopt(sock)
                    return sock

                self._create_connection = create_connection

        return Watched


class _Watching:
    """A urllib handler whose connections the attempt's deadline can close."""

    def __init__(self, watch: _Watch):
        super().__init__()
        self.watch = watch

    def do_open(self, http_class, req, **kwargs):
        return super().do_open(self.watch.connection_class(http_class), req, **kwargs)


class _WatchedHTTP(_Watching, urllib.request.HTTPHandler):
    pass


class _WatchedHTTPS(_Watching, urllib.request.HTTPSHandler):
    pass


def seconds(value: float) -> str:
    """2 -> '2', 0.25 -> '0.25', 1.2345 -> '1.23'."""
    return f"{value:g}" if value == round(value, 2) else f"{value:.2f}"


def _attempt(url: str, body: bytes, limit: float, watch: _Watch) -> Outcome:
    """One POST; socket timeouts bound each step, the caller bounds the whole."""
    opener = urllib.request.build_opener(_NoRedirects, _WatchedHTTP(watch), _WatchedHTTPS(watch))
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": f"statusgen/{__version__} (+notify)",
    })
    timed_out = Outcome(False, f"timed out after {seconds(limit)} s", TIMEOUT, retry=True)
    try:
        with opener.open(request, timeout=limit) as response:
            response.read(65536)
            return Outcome(True, f"HTTP {response.status}")
    except urllib.error.HTTPError as error:
        try:
            return _http_error(error)
        finally:
            error.close()
    except TimeoutError:  # socket.timeout is the same class
        return timed_out
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            return timed_out
        return Outcome(False, f"could not connect: {getattr(reason, 'strerror', None) or reason}", UNREACHABLE,
                        retry=True)
    except (ConnectionError, OSError) as error:  # reset or closed mid-response
        return Outcome(False, f"connection failed: {error.strerror or error}", UNREACHABLE, retry=True)
    except http.client.HTTPException as error:  # a reply that is not HTTP
        return Outcome(False, f"bad response: {type(error).__name__}", FAILING, retry=True)
    except Exception as error:  # noqa: BLE001 - a worker thread must hand back an answer, never a traceback
        return Outcome(False, f"failed: {type(error).__name__}: {error}", FAILING)


def _http_error(error: urllib.error.HTTPError) -> Outcome:
    detail = f"HTTP {error.code}"
    if 300 <= error.code < 400:
        location = error.headers.get("Location", "") if error.headers else ""
        detail += f" redirect{f' to {redact(location)}' if location else ''}; configure the final URL"
        return Outcome(False, detail, REFUSED)
    if error.code == 429 or error.code >= 500:
        return Outcome(False, detail, FAILING, retry=True, wait=_retry_after(error))
    return Outcome(False, detail, REFUSED)


def _attempt_within(url: str, body: bytes, limit: float) -> Outcome:
    """One attempt that is over after `limit` seconds, whatever the receiver does.

    Connecting, sending, the headers and the body all count. When time is up
    the worker is cut off (its sockets shut down) and left to finish on its
    own; it is a daemon thread, so it never keeps the process alive.
    """
    watch = _Watch()
    answer: list[Outcome] = []
    worker = threading.Thread(target=lambda: answer.append(_attempt(url, body, limit, watch)),
                              name="statusgen-notify", daemon=True)
    worker.start()
    worker.join(limit)
    if answer:
        return answer[0]
    watch.cut_off()
    return Outcome(False, f"timed out after {seconds(limit)} s", TIMEOUT, retry=True)


def post_json(url: str, body: bytes, policy: Policy, *, deadline: float | None = None,
              sleep: Callable[[float], None] = time.sleep,
              clock: Callable[[], float] = time.monotonic) -> Result:
    """POST `body` until it is accepted (2xx) or the attempts run out.

    Each attempt ends within policy.timeout. `deadline` (a `clock()` time)
    bounds the whole: no attempt runs past it and no wait is begun that would
    end after it.
    """
    for attempt in range(1, policy.attempts + 1):
        limit = policy.timeout if deadline is None else min(policy.timeout, deadline - clock())
        if limit <= 0:
            return Result(False, attempt - 1, "not attempted: the run's time limit was reached", OUT_OF_TIME)
        outcome = _attempt_within(url, body, limit)
        if outcome.ok:
            return Result(True, attempt, outcome.detail)
        if outcome.kind == TIMEOUT and limit < policy.timeout:  # the deadline has passed
            return Result(False, attempt, f"{outcome.detail} (cut short by the run's time limit)", outcome.kind)
        if not outcome.retry or attempt == policy.attempts:
            return Result(False, attempt, outcome.detail, outcome.kind)
        pause = outcome.wait if outcome.wait is not None else policy.backoff * 2 ** (attempt - 1)
        if deadline is not None and clock() + pause >= deadline:
            return Result(False, attempt, f"{outcome.detail}; the run's time limit leaves no time to try again",
                          outcome.kind)
        sleep(pause)
    raise AssertionError("unreachable: the last attempt always returns")
