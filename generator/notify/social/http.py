"""One JSON request to a social platform's API, over within an attempt's time limit, whatever the server does.

The answer's body is read (a post's id is needed to thread the next one), at most MAX_BODY bytes.
Failures are classified as notify.send classifies a webhook's: nothing sent (safe to retry), a
server error or rate limit (retried), a refusal (not retried), or sent whole with no answer
(UNKNOWN: the server may have acted on it).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from ... import __version__
from ..send import Outcome, Watch, exchange, seconds, within

MAX_BODY = 1_000_000  # bytes of an answer; a post's answer is a few kilobytes


@dataclass
class Answer:
    """What one request came back with, beside its Outcome: the status and the JSON body."""

    status: int = 0
    body: dict = field(default_factory=dict)


def _read_json(raw: bytes) -> dict:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _attempt(method: str, url: str, headers: dict, body: bytes | None, limit: float, watch: Watch,
             answer: Answer) -> Outcome:
    headers = {"Accept": "application/json", "User-Agent": f"statusgen/{__version__} (+notify)", **headers}
    if body is not None:
        headers["Content-Type"] = "application/json; charset=utf-8"
    outcome, answer.status, raw = exchange(method, url, headers, body, limit, watch, MAX_BODY)
    answer.body = _read_json(raw[:MAX_BODY])
    if not outcome.ok and answer.status:
        said = answer.body.get("error") or ""
        message = answer.body.get("message") or answer.body.get("error_description") or ""
        if said or message:  # the platform's own words: "Validation failed: ...", "ExpiredToken"
            words = " ".join(str(w) for w in (said, message) if w)[:300]
            outcome = Outcome(outcome.ok, f"{outcome.detail} ({words})", outcome.kind, outcome.retry, outcome.wait)
    return outcome


def request(method: str, url: str, limit: float, *, headers: dict | None = None, payload: dict | None = None,
            answer: Answer) -> Outcome:
    """One attempt; the status and body land in `answer`."""
    body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return within(limit, lambda watch: _attempt(method, url, headers or {}, body, limit, watch, answer),
                  f"no answer within {seconds(limit)} s after the request was sent; the server may have acted on it")
