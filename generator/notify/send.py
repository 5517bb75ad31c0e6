"""Posting JSON to a webhook: a timeout per attempt, bounded retries, no surprises.

Each attempt is over within its timeout, all of it: connecting, sending,
and the answer, however slowly the receiver gives it. Retried: failures
before the request was sent (connecting, TLS), timeouts before it was sent,
HTTP 5xx and 429, with exponential backoff (base, 2 x base, 4 x base ...).
Never retried: other 4xx, which will not change by asking again, and
redirects, which are refused because a POST silently turned into a GET would
look like success. Nor is a request that was sent whole and then got no
answer (a timeout, a reset, a reply that is not HTTP): the receiver may have
acted on it, so its outcome is unknown and sending it again is a person's
decision, not a retry's.

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
UNKNOWN = "unknown"  # sent whole, then no answer: the receiver may have it; never retried

# How far an attempt got (Watch.phase).
BEFORE, SENDING, SENT = "before", "sending", "sent"

SETTLE = 0.5  # seconds a cut-off worker may take to say whether its last bytes left (it wakes at once)


@dataclass(frozen=True)
class Result:
    ok: bool
    attempts: int
    detail: str  # "HTTP 200", "HTTP 500", "timed out after 10 s", "could not connect: Connection refused"
    kind: str = ""  # one of the kinds above when not ok
    post: dict | None = None  # a social post's identity on its platform (id, uri...), to thread the next one


@dataclass(frozen=True)
class Outcome:
    """One attempt's answer."""

    ok: bool
    detail: str
    kind: str = ""
    retry: bool = False
    wait: float | None = None  # a Retry-After to honour instead of the backoff
    timed_out: bool = False  # ended by the attempt's time limit


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
    if not url.isascii():
        # A request line must be ASCII; sending would fail the same way on every attempt.
        return "is not a valid URL (it contains characters outside ASCII: percent-encode the path, write the host " \
               "in its xn-- form)"
    return None


class Watch:
    """The sockets one attempt opens, so that the attempt can be cut off from outside.

    A socket timeout bounds each read, not the answer: a receiver that sends a
    byte a second, or `100 Continue` forever, never trips it. So each attempt
    runs in a worker thread (see `within`), and when its time is up the caller
    shuts its sockets down, which wakes the worker's blocked read or write, and
    forgets it.

    The watch keeps a duplicate of each socket's descriptor: wrapping a socket
    in TLS (implicit, STARTTLS or HTTPS) moves the connection to a new socket
    object, and shutting down the duplicate still ends the one connection
    under both, also in the middle of a handshake.

    The worker also tells the watch how far it got, so a cut-off attempt can
    still be told apart: nothing sent yet (safe to retry), the last bytes on
    their way (`sending`), all of it sent (`sent`: the receiver may have it),
    or an answer already in hand (`settle`).
    """

    def __init__(self):
        self.duplicates: list[socket.socket] = []
        self.lock = threading.Lock()
        self.abandoned = False
        self.phase = BEFORE
        self.verdict: Outcome | None = None

    def adopt(self, sock: socket.socket) -> None:
        with self.lock:
            if self.abandoned:  # connected after the caller gave up (slow DNS): send nothing late
                sock.close()
                raise TimeoutError("the attempt was abandoned")
            self.duplicates.append(sock.dup())

    def sending(self) -> None:
        """Called before each write that may complete what the receiver acts on."""
        with self.lock:
            if self.abandoned:  # a late handshake or connection: never send after the caller gave up
                raise TimeoutError("the attempt was abandoned")
            self.phase = SENDING

    def sent(self) -> None:
        """Called once every byte was handed to the socket: from here on, the outcome may be unknown."""
        with self.lock:
            self.phase = SENT

    def settle(self, verdict: Outcome) -> None:
        """The receiver has answered; whatever follows (a goodbye, a body) cannot change that."""
        with self.lock:
            self.verdict = verdict

    def cut_off(self) -> None:
        with self.lock:
            self.abandoned = True
            self._close(shut_down=True)

    def release(self) -> None:
        with self.lock:
            self._close(shut_down=False)

    def _close(self, shut_down: bool) -> None:
        for duplicate in self.duplicates:
            try:
                if shut_down:
                    duplicate.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by the peer
            duplicate.close()
        self.duplicates = []

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

            def send(self, data):
                watch.sending()
                super().send(data)

            def request(self, *args, **kwargs):
                super().request(*args, **kwargs)
                watch.sent()  # headers and body: the receiver can act on it now

        return Watched


class _Watching:
    """A urllib handler whose connections the attempt's deadline can close."""

    def __init__(self, watch: Watch):
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


def _attempt(url: str, body: bytes, limit: float, watch: Watch, message_id: str = "") -> Outcome:
    """One POST; socket timeouts bound each step, the caller bounds the whole."""
    opener = urllib.request.build_opener(_NoRedirects, _WatchedHTTP(watch), _WatchedHTTPS(watch))
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": f"statusgen/{__version__} (+notify)"}
    if message_id:
        # The message's identity, the same on every attempt and every run (a deliberate --resend too), so a
        # receiver that keeps what it has seen can drop a copy: the usual idempotency header, and its own name.
        headers["Idempotency-Key"] = headers["X-Statusgen-Message-Id"] = message_id
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with opener.open(request, timeout=limit) as response:
            # The status is the answer; the body is not read, so a slow one
            # cannot turn an accepted notification into a failure.
            return Outcome(True, f"HTTP {response.status}")
    except urllib.error.HTTPError as error:
        try:
            return _http_error(error)
        finally:
            error.close()
    except Exception as error:  # noqa: BLE001 - a worker thread must hand back an answer, never a traceback
        return _unanswered(error, limit) if watch.phase == SENT else _not_sent(error, limit)


def exchange(method: str, url: str, headers: dict, body: bytes | None, limit: float, watch: Watch,
             max_body: int) -> tuple[Outcome, int, bytes]:
    """One watched request whose answer is read: (its outcome, the HTTP status or 0, up to max_body + 1
    bytes of the answer, a refusal's too, for the server's own words). Run it under `within`."""
    opener = urllib.request.build_opener(_NoRedirects, _WatchedHTTP(watch), _WatchedHTTPS(watch))
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with opener.open(request, timeout=limit) as response:
            return Outcome(True, f"HTTP {response.status}"), response.status, response.read(max_body + 1)
    except urllib.error.HTTPError as error:
        try:
            try:
                raw = error.read(max_body + 1)
            except Exception:  # noqa: BLE001 - a refusal's body is a courtesy
                raw = b""
            return _http_error(error), error.code, raw
        finally:
            error.close()
    except Exception as error:  # noqa: BLE001 - a worker thread must hand back an answer, never a traceback
        return (_unanswered(error, limit) if watch.phase == SENT else _not_sent(error, limit)), 0, b""


def _not_sent(error: Exception, limit: float) -> Outcome:
    """A failure before the whole request was sent: the receiver has nothing to act on, so retrying is safe."""
    if isinstance(error, urllib.error.URLError) and not isinstance(error.reason, str):
        error = error.reason
    if isinstance(error, TimeoutError):  # socket.timeout is the same class
        return Outcome(False, f"timed out after {seconds(limit)} s", TIMEOUT, retry=True, timed_out=True)
    if isinstance(error, (ConnectionError, OSError)):  # refused, unknown host, TLS failures
        return Outcome(False, f"could not connect: {error.strerror or error}", UNREACHABLE, retry=True)
    if isinstance(error, urllib.error.URLError):
        return Outcome(False, f"could not connect: {error.reason}", UNREACHABLE, retry=True)
    if isinstance(error, http.client.HTTPException):
        return Outcome(False, f"bad response: {type(error).__name__}", FAILING, retry=True)
    return Outcome(False, f"failed: {type(error).__name__}: {error}", FAILING)


def _unanswered(error: Exception, limit: float) -> Outcome:
    """A failure after the whole request was sent: the receiver may have acted on it."""
    if isinstance(error, TimeoutError):
        what = f"no answer within {seconds(limit)} s"
    elif isinstance(error, (ConnectionError, OSError)):  # also RemoteDisconnected: closed without a word
        what = f"the connection was lost ({getattr(error, 'strerror', None) or error or type(error).__name__})"
    else:  # http.client.HTTPException: the answer is not HTTP
        what = f"the answer is not HTTP ({type(error).__name__})"
    return Outcome(False, f"{what} after the request was sent; the receiver may have acted on it", UNKNOWN,
                   timed_out=isinstance(error, TimeoutError))


def _http_error(error: urllib.error.HTTPError) -> Outcome:
    detail = f"HTTP {error.code}"
    if 300 <= error.code < 400:
        location = error.headers.get("Location", "") if error.headers else ""
        detail += f" redirect{f' to {redact(location)}' if location else ''}; configure the final URL"
        return Outcome(False, detail, REFUSED)
    if error.code == 429 or error.code >= 500:
        return Outcome(False, detail, FAILING, retry=True, wait=_retry_after(error))
    return Outcome(False, detail, REFUSED)


def within(limit: float, work: Callable[[Watch], Outcome], unknown: str) -> Outcome:
    """Run `work(watch)` as one attempt that is over after `limit` seconds, whatever the other end does.

    Connecting, TLS, sending and the whole answer all count. When time is up
    the worker is cut off (its sockets shut down) and left to finish on its
    own; it is a daemon thread, so it never keeps the process alive. What the
    cut-off attempt amounts to depends on how far it got: nothing sent is a
    timeout, to be retried; everything sent and no answer is UNKNOWN, with
    `unknown` as the detail. A worker caught writing its last bytes is given
    up to SETTLE seconds (the cut wakes it at once) to say whether they left.
    """
    watch = Watch()
    answer: list[Outcome] = []

    def run() -> None:
        try:
            answer.append(work(watch))
        except Exception as error:  # noqa: BLE001 - a bug in `work` is a failed attempt, not a silent wait
            answer.append(Outcome(False, f"failed: {type(error).__name__}: {error}", FAILING))

    worker = threading.Thread(target=run, name="statusgen-notify", daemon=True)
    worker.start()
    worker.join(limit)
    if answer:
        watch.release()
        return answer[0]
    watch.cut_off()
    if watch.phase != BEFORE and watch.verdict is None:
        worker.join(SETTLE)
    late = answer[0] if answer else None
    if watch.verdict is not None:  # answered, then stalled saying goodbye
        return watch.verdict
    if late is not None and (late.ok or (watch.phase == SENT and late.kind != UNKNOWN)):
        return late  # the answer came just as time ran out
    if watch.phase == SENT or (watch.phase == SENDING and (late is None or late.kind == UNKNOWN)):
        return Outcome(False, unknown, UNKNOWN, timed_out=True)
    return Outcome(False, f"timed out after {seconds(limit)} s", TIMEOUT, retry=True, timed_out=True)


def _attempt_within(url: str, body: bytes, limit: float, message_id: str = "") -> Outcome:
    return within(limit, lambda watch: _attempt(url, body, limit, watch, message_id),
                  f"no answer within {seconds(limit)} s after the request was sent; the receiver may have acted on it")


def post_json(url: str, body: bytes, policy: Policy, *, deadline: float | None = None,
              sleep: Callable[[float], None] = time.sleep,
              clock: Callable[[], float] = time.monotonic, message_id: str = "") -> Result:
    """POST `body` until it is accepted (2xx) or the attempts run out; see `retrying`."""
    return retrying(lambda limit: _attempt_within(url, body, limit, message_id), policy, deadline=deadline,
                    sleep=sleep, clock=clock)


def retrying(attempt: Callable[[float], Outcome], policy: Policy, *, deadline: float | None = None,
             sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> Result:
    """Call `attempt(limit)` until it succeeds, must not be retried, or the attempts run out.

    Each attempt is given at most policy.timeout. `deadline` (a `clock()`
    time) bounds the whole: no attempt runs past it and no wait is begun that
    would end after it.
    """
    for number in range(1, policy.attempts + 1):
        limit = policy.timeout if deadline is None else min(policy.timeout, deadline - clock())
        if limit <= 0:
            return Result(False, number - 1, "not attempted: the run's time limit was reached", OUT_OF_TIME)
        outcome = attempt(limit)
        if outcome.ok:
            return Result(True, number, outcome.detail)
        if outcome.timed_out and limit < policy.timeout:  # the deadline has passed
            return Result(False, number, f"{outcome.detail} (cut short by the run's time limit)", outcome.kind)
        if not outcome.retry or number == policy.attempts:
            return Result(False, number, outcome.detail, outcome.kind)
        pause = outcome.wait if outcome.wait is not None else policy.backoff * 2 ** (number - 1)
        if deadline is not None and clock() + pause >= deadline:
            return Result(False, number, f"{outcome.detail}; the run's time limit leaves no time to try again",
                          outcome.kind)
        sleep(pause)
    raise AssertionError("unreachable: the last attempt always returns")
