"""One JSON request to a mailing-list provider's API: bounded, retried only where that cannot send twice.

Each attempt runs under send.within (connecting, sending and the whole answer
count), and the whole under the run's deadline (send.retrying). A GET changes
nothing, so any failure of one is retried. A POST, PUT or PATCH is retried
only when it never left (no connection, a timeout before it was sent) or the
provider said 429 (too many requests: it did not act). A 5xx or a lost answer
is not retried here: the provider may have acted, so the caller looks at the
provider's state before doing anything else.

The credentials go in the Authorization header only; they are never part of a
detail, and only the scheme and host of a URL are ever shown.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from ... import __version__
from ...core.text import one_line
from ..send import FAILING, Outcome, Policy, Result, exchange, retrying, seconds, within
from ..send import UNKNOWN as UNKNOWN_KIND

MAX_ANSWER = 4 * 1024 * 1024  # bytes; a provider's list of campaigns is far smaller
SAFE = ("GET",)


@dataclass(frozen=True)
class Answer(Outcome):
    data: object = None  # the parsed JSON of a 2xx answer
    status: int = 0


@dataclass(frozen=True)
class Reply:
    result: Result
    data: object = None
    status: int = 0


def _as_answer(outcome: Outcome) -> Answer:
    if isinstance(outcome, Answer):
        return outcome
    return Answer(outcome.ok, outcome.detail, outcome.kind, outcome.retry, outcome.wait, outcome.timed_out)


def _said(raw: bytes) -> str:
    """The provider's own words about a refusal ({"message": ...} or {"detail": ...}), shortened."""
    try:
        data = json.loads(raw[:4096].decode("utf-8", errors="replace"))
    except Exception:  # noqa: BLE001 - no words, or not JSON: the code says enough
        return ""
    words = (data.get("message") or data.get("detail") or "") if isinstance(data, dict) else ""
    return f": {one_line(str(words))[:200]}" if words else ""


def _attempt(method: str, url: str, headers: dict, body: bytes | None, limit: float, watch) -> Answer:
    outcome, status, raw = exchange(method, url, headers, body, limit, watch, MAX_ANSWER)
    if not outcome.ok:
        if not status:  # nothing came back: not sent, or sent with no answer
            return _as_answer(outcome)
        retry = outcome.retry and (method in SAFE or status == 429)
        return Answer(False, outcome.detail + _said(raw), outcome.kind, retry, outcome.wait, status=status)
    if len(raw) > MAX_ANSWER:
        return Answer(False, f"HTTP {status}, but the answer is larger than 4 MB", FAILING, status=status)
    try:
        data = json.loads(raw.decode("utf-8")) if raw.strip() else None
    except (UnicodeError, ValueError):
        return Answer(False, f"HTTP {status}, but the answer is not JSON", FAILING, status=status)
    return Answer(True, f"HTTP {status}", data=data, status=status)


def call(method: str, url: str, authorization: str, payload: dict | None, policy: Policy, deadline: float, *,
         sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> Reply:
    """`method url` with `payload` as JSON; the answer's JSON when it is 2xx. Never raises for the network."""
    headers = {"Authorization": authorization, "Accept": "application/json",
               "User-Agent": f"statusgen/{__version__} (+notify)"}
    body = None
    if payload is not None:
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        headers["Content-Type"] = "application/json; charset=utf-8"
    last: list[Answer] = []

    def attempt(limit: float) -> Outcome:
        lost = f"no answer within {seconds(limit)} s after the request was sent; the provider may have acted on it"
        answer = _as_answer(within(limit, lambda watch: _attempt(method, url, headers, body, limit, watch), lost))
        if method in SAFE and not answer.ok and answer.kind == UNKNOWN_KIND:
            # A look that lost its answer changed nothing: try it again.
            answer = Answer(False, answer.detail.split(" after the request")[0], FAILING, retry=True,
                            timed_out=answer.timed_out)
        last[:] = [answer]
        return answer

    result = retrying(attempt, policy, deadline=deadline, sleep=sleep, clock=clock)
    answer = last[0] if last else None
    return Reply(result, answer.data if answer is not None and answer.ok else None,
                 answer.status if answer is not None else 0)
