"""Posting to Bluesky over the AT Protocol: com.atproto.server.createSession with an app password, then
com.atproto.repo.createRecord of an app.bsky.feed.post.

A post's record key (rkey) is chosen before it is sent and written in the communications record's
attempt line: a TID (the protocol's 13-character timestamp key, which Bluesky expects for posts) whose
time is the attempt's and whose 10-bit clock id comes from the message id. A record key names at most
one record in the account's repository, so a createRecord that is asked again under the same key
cannot make a second post; the protocol refuses it. Before any new try, statusgen asks
com.atproto.repo.getRecord whether a post under an earlier try's key exists: if it does, the message
was posted, and it is recorded so. That is why a lost answer here is never held for a person: it is
checked, then settled. (A fresh key for a later run, rather than the first one again: the PDS refuses
a post whose TID is far from the present.)

Links are made clickable with a facet (app.bsky.richtext.facet#link) naming the link's UTF-8 bytes.
"""
from __future__ import annotations

import hashlib
import urllib.parse
from dataclasses import dataclass
from datetime import datetime, timezone

from ...comms.social import links
from ...core.timeutil import iso_z
from ..send import FAILING, REFUSED, UNKNOWN, Outcome, Policy, Result, retrying
from ..targets import Target
from .http import Answer, request

POST = "app.bsky.feed.post"
_BASE32 = "234567abcdefghijklmnopqrstuvwxyz"  # base32-sortable, as TIDs are written
NOT_FOUND = "RecordNotFound"


def tid(moment: datetime, message_id: str) -> str:
    """A TID: 53 bits of microseconds since 1970 and a 10-bit clock id (here from the message id)."""
    micros = int(moment.timestamp() * 1_000_000)
    clock = int.from_bytes(hashlib.sha256(message_id.encode("utf-8")).digest()[:2], "big") & 0x3FF
    value = ((micros & ((1 << 53) - 1)) << 10) | clock
    return "".join(_BASE32[(value >> (5 * i)) & 31] for i in reversed(range(13)))


def facets(text: str) -> list[dict]:
    return [{"index": {"byteStart": start, "byteEnd": end},
             "features": [{"$type": "app.bsky.richtext.facet#link", "uri": url}]}
            for start, end, url in links(text)]


def post_record(text: str, created: datetime, reply: dict | None) -> dict:
    record = {"$type": POST, "text": text, "createdAt": iso_z(created), "facets": facets(text)}
    if reply:
        record["reply"] = reply
    return record


@dataclass(frozen=True)
class Session:
    did: str
    token: str


def _xrpc(target: Target, method: str) -> str:
    return f"{target.url}/xrpc/{method}"


def create_session(target: Target, policy: Policy, deadline: float) -> Session | Result:
    """The account's session (its DID and access token), or the Result that says why there is none."""
    answer = Answer()
    result = retrying(lambda limit: request("POST", _xrpc(target, "com.atproto.server.createSession"), limit,
                                            answer=answer,
                                            payload={"identifier": target.sender, "password": target.secret}),
                      policy, deadline=deadline)
    if not result.ok:
        if result.kind == UNKNOWN:  # logging in changes nothing that anyone sees: simply not posted
            return Result(False, result.attempts, f"logging in: {result.detail}", FAILING)
        return Result(False, result.attempts, f"logging in: {result.detail}", result.kind)
    did, token = answer.body.get("did"), answer.body.get("accessJwt")
    if not isinstance(did, str) or not isinstance(token, str) or not did or not token:
        return Result(False, result.attempts, "logging in: the answer has no did and accessJwt", FAILING)
    return Session(did, token)


def find_post(target: Target, session: Session, rkey: str, limit: float) -> tuple[Outcome, dict | None]:
    """Whether a post exists under `rkey`: (ok, its uri and cid), (ok, None) when it does not, or a failure."""
    query = urllib.parse.urlencode({"repo": session.did, "collection": POST, "rkey": rkey})
    answer = Answer()
    outcome = request("GET", f"{_xrpc(target, 'com.atproto.repo.getRecord')}?{query}", limit, answer=answer,
                      headers={"Authorization": f"Bearer {session.token}"})
    if outcome.ok:
        return outcome, _ref(answer.body)
    if answer.status == 400 and answer.body.get("error") == NOT_FOUND:
        return Outcome(True, "no such post"), None
    return outcome, None


def _ref(body: dict) -> dict | None:
    uri, cid = body.get("uri"), body.get("cid")
    return {"uri": uri, "cid": cid} if isinstance(uri, str) and isinstance(cid, str) else None


def send_post(target: Target, session: Session, text: str, rkey: str, created: datetime, reply: dict | None,
              earlier: list[str], policy: Policy, deadline: float) -> Result:
    """Posts `text` under `rkey`, unless a post under one of the `earlier` keys or `rkey` already exists."""
    found: list[dict] = []
    created_once = [False]
    answer = Answer()
    payload = {"repo": session.did, "collection": POST, "rkey": rkey, "record": post_record(text, created, reply)}

    def attempt(limit: float) -> Outcome:
        for key in earlier + ([rkey] if created_once[0] else []):
            outcome, ref = find_post(target, session, key, limit)
            if not outcome.ok:
                return Outcome(False, f"checking for an earlier try's post: {outcome.detail}", FAILING,
                               retry=outcome.retry or outcome.kind == UNKNOWN, wait=outcome.wait)
            if ref is not None:
                found.append(ref)
                return Outcome(True, f"already posted under record key {key} by an earlier try")
        created_once[0] = True
        outcome = request("POST", _xrpc(target, "com.atproto.repo.createRecord"), limit, answer=answer,
                          payload=payload, headers={"Authorization": f"Bearer {session.token}"})
        if outcome.ok or outcome.kind == REFUSED and answer.status != 409 and "exist" not in outcome.detail.lower():
            return outcome
        # Lost, failing, or "already exists": the next try looks for the post first, so it is never made twice.
        return Outcome(False, outcome.detail, FAILING, retry=True, wait=outcome.wait)

    result = retrying(attempt, policy, deadline=deadline)
    if not result.ok:
        if result.kind == FAILING:
            return Result(False, result.attempts, f"{result.detail}; the next run looks for the post under record "
                                                  f"key {rkey} first, so it is posted once", FAILING)
        return result
    ref = found[0] if found else _ref(answer.body)
    return Result(True, result.attempts, result.detail, post=ref)


def now() -> datetime:
    return datetime.now(timezone.utc)
