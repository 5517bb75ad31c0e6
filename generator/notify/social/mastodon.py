"""Posting a status to Mastodon: POST /api/v1/statuses with a bearer token (scope write:statuses).

The message id is the request's Idempotency-Key: Mastodon keeps a key for up to an hour and answers a
second request with the same key with the status the first one made. So within a run, an answer that
was lost (sent whole, then nothing) is asked again with the same key, which cannot make a second post.
What is still unanswered when the attempts run out is recorded UNKNOWN; a later run within
ASK_AGAIN_WITHIN of the message's first attempt asks again with the same key (safe while Mastodon
keeps it), and after that the message is held for a person, as an e-mail is, since the key no longer
protects.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ...comms.social import LIMITS, MASTODON
from ...core.timeutil import parse_time
from ..send import UNKNOWN, Outcome, Policy, Result, retrying
from ..targets import Target
from .http import Answer, request


# Mastodon keeps an Idempotency-Key for an hour from the first request, which follows the first attempt line
# at once; 45 minutes leaves a margin for clocks and slow runs.
ASK_AGAIN_WITHIN = timedelta(minutes=45)


def may_ask_again(first_tried: str, now: datetime | None = None) -> bool:
    """Whether a post first tried at `first_tried` (ISO) can be asked again with its key."""
    try:
        since = parse_time(first_tried)
    except Exception:  # noqa: BLE001 - an unreadable time: held, as any unknown is
        return False
    now = now or datetime.now(timezone.utc)
    return timedelta(0) <= now - since <= ASK_AGAIN_WITHIN


def status_payload(text: str, visibility: str, reply_to: str | None) -> dict:
    payload = {"status": text, "visibility": visibility}
    if reply_to:
        payload["in_reply_to_id"] = reply_to
    return payload


def post_status(target: Target, text: str, key: str, reply_to: str | None, policy: Policy,
                deadline: float) -> Result:
    """One status, sent at most once (see above); Result.post is {"id", "url"} when Mastodon answered them."""
    url = f"{target.url}/api/v1/statuses"
    payload = status_payload(text, target.visibility, reply_to)
    answer = Answer()

    def attempt(limit: float) -> Outcome:
        outcome = request("POST", url, limit, answer=answer, payload=payload,
                          headers={"Authorization": f"Bearer {target.secret}", "Idempotency-Key": key})
        if outcome.kind == UNKNOWN:  # the same key again returns the first post instead of making a second
            return Outcome(False, f"{outcome.detail}; asked again with the same Idempotency-Key", UNKNOWN,
                           retry=True, timed_out=outcome.timed_out)
        return outcome

    result = retrying(attempt, policy, deadline=deadline)
    if not result.ok:
        return result
    posted = {k: str(answer.body[k]) for k in ("id", "url") if isinstance(answer.body.get(k), (str, int))}
    return Result(True, result.attempts, result.detail, post=posted or None)


def instance_limit(target: Target, policy: Policy, deadline: float) -> tuple[int | None, str]:
    """The instance's character limit (GET /api/v2/instance, configuration.statuses.max_characters) when it
    is below the usual 500, else None; and a note when the instance could not say.

    Only a smaller limit is used: the post stays the one `statusgen comms` showed wherever it fits.
    """
    answer = Answer()
    result = retrying(lambda limit: request("GET", f"{target.url}/api/v2/instance", limit, answer=answer),
                      policy, deadline=deadline)
    if not result.ok:
        return None, (f"the instance's character limit could not be read ({result.detail}); posts are fitted "
                        f"to {LIMITS[MASTODON]}")
    statuses = (answer.body.get("configuration") or {}).get("statuses") or {}
    most = statuses.get("max_characters") if isinstance(statuses, dict) else None
    if isinstance(most, int) and not isinstance(most, bool) and 0 < most < LIMITS[MASTODON]:
        return most, ""
    return None, ""
