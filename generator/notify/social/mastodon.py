"""Posting a status to Mastodon: POST /api/v1/statuses with a bearer token (scope write:statuses).

The message id is the request's Idempotency-Key: Mastodon keeps a key for up to an hour and answers a
second request with the same key with the status the first one made. So within a run, an answer that
was lost (sent whole, then nothing) is asked again with the same key, which cannot make a second post.
What is still unanswered when the attempts run out stays UNKNOWN and is held for a person, as an
e-mail is: a later run may come after the hour, when the key no longer protects.
"""
from __future__ import annotations

from ...comms.social import LIMITS, MASTODON
from ..send import UNKNOWN, Outcome, Policy, Result, retrying
from ..targets import Target
from .http import Answer, request


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
