"""Posting JSON to a webhook: a timeout per attempt, bounded retries, no surprises.

Retried: connection failures, timeouts, HTTP 5xx and 429, with exponential
backoff (base, 2 x base, 4 x base ...). Never retried: other 4xx, which will
not change by asking again, and redirects, which are refused because a POST
silently turned into a GET would look like success.

Webhook URLs are secrets (a Slack URL is its own credential), so only the
scheme and host are ever printed.
"""
from __future__ import annotations

import http.client
import socket
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


@dataclass(frozen=True)
class Result:
    ok: bool
    attempts: int
    detail: str  # "HTTP 200", "HTTP 500", "timed out after 10 s", "connection refused"


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


_OPENER = urllib.request.build_opener(_NoRedirects)


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
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "is not an http(s) URL"
    return None


def post_json(url: str, body: bytes, policy: Policy, *,
              sleep: Callable[[float], None] = time.sleep) -> Result:
    """POST `body` until it is accepted (2xx) or the attempts run out."""
    detail = "not sent"
    for attempt in range(1, policy.attempts + 1):
        retry, wait = False, None
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": f"statusgen/{__version__} (+notify)",
        })
        try:
            with _OPENER.open(request, timeout=policy.timeout) as response:
                response.read(65536)
                return Result(True, attempt, f"HTTP {response.status}")
        except urllib.error.HTTPError as error:
            detail = f"HTTP {error.code}"
            if 300 <= error.code < 400:
                location = error.headers.get("Location", "") if error.headers else ""
                detail += f" redirect{f' to {redact(location)}' if location else ''}; configure the final URL"
            elif error.code == 429 or error.code >= 500:
                retry, wait = True, _retry_after(error)
            error.close()
        except (TimeoutError, socket.timeout):
            detail, retry = f"timed out after {policy.timeout:g} s", True
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                detail = f"timed out after {policy.timeout:g} s"
            else:
                detail = f"could not connect: {getattr(reason, 'strerror', None) or reason}"
            retry = True
        except (ConnectionError, OSError) as error:  # reset or closed mid-response
            detail, retry = f"connection failed: {error.strerror or error}", True
        except http.client.HTTPException as error:  # a reply that is not HTTP
            detail, retry = f"bad response: {type(error).__name__}", True
        if not retry or attempt == policy.attempts:
            return Result(False, attempt, detail)
        sleep(wait if wait is not None else policy.backoff * 2 ** (attempt - 1))
    return Result(False, policy.attempts, detail)
