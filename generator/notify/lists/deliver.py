"""One message to subscribers through the provider, once: look, create, start, and look again.

    1. look for statusgen's copy (by the message id it carries)
         started already -> sent (a run before this one, or a person, started it)
         stopped (paused, cancelled...) -> failed: a person stopped it; statusgen does not overrule them
    2. none: create it, as a draft (nothing is sent by a draft)
    3. start it
    4. a step whose answer was lost, or that the provider refused with a 5xx:
       look again; the provider's state says what happened

Nothing is ever created without looking first, so a run that lost the answer
to a create finds the draft next time and starts it rather than making a
second; a campaign is started only from a draft, so it is never started
twice. Only when the provider cannot be asked afterwards is the outcome
UNKNOWN, which the record holds for a person (docs/record.md).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from ...read.mailing_list_options import BUTTONDOWN, LISTMONK, MailingList
from ..send import FAILING, REFUSED, UNKNOWN, Policy, Result
from ..targets import LIST, Target  # LIST: the record's channel for e-mail through the provider
from .campaign import Campaign
from .http import Reply, call
from .providers import DRAFT, MAX_PAGES, STARTED, Buttondown, Copy, Listmonk, Request

SECRETS = {LISTMONK: ("STATUSGEN_LISTMONK_USER", "STATUSGEN_LISTMONK_TOKEN"),
           BUTTONDOWN: ("STATUSGEN_BUTTONDOWN_API_KEY",)}


def list_target(mailing: MailingList | None, environ: Mapping[str, str] | None = None) -> tuple[Target | None, list]:
    """The provider as a notify target, and the secret variables that are missing (none: ready to send)."""
    if mailing is None:
        return None, []
    environ = os.environ if environ is None else environ
    names = SECRETS[mailing.provider]
    missing = [n for n in names if not (environ.get(n) or "").strip()]
    # It reaches the audiences mkdocs.yml maps to lists; `component:ID` ones ride along with everyone's messages.
    reached = tuple(sorted(set(mailing.audiences) | set(mailing.all_audiences)))
    return Target(channel=LIST, variable=names[-1], url=mailing.url, audiences=reached), missing


def client_for(mailing: MailingList, environ: Mapping[str, str] | None = None):
    environ = os.environ if environ is None else environ
    values = [(environ.get(n) or "").strip() for n in SECRETS[mailing.provider]]
    return Listmonk(*values) if mailing.provider == LISTMONK else Buttondown(*values)


class _Session:
    """The requests of one message, each bounded by the run's deadline; counts the attempts."""

    def __init__(self, client, base: str, policy: Policy, deadline: float, http: Callable = call):
        self.client, self.base, self.policy, self.deadline, self.http = client, base, policy, deadline, http
        self.attempts = 0

    def send(self, request: Request) -> Reply:
        url = request.path if "://" in request.path else self.base + request.path
        reply = self.http(request.method, url, self.client.authorization, request.payload, self.policy,
                          self.deadline)
        self.attempts += reply.result.attempts
        return reply

    def look(self, campaign: Campaign) -> tuple[Copy | None, Result | None]:
        """statusgen's copy (or None); or, when the provider cannot say, why (a failed Result)."""
        request = self.client.find(campaign)
        for _ in range(MAX_PAGES):
            reply = self.send(request)
            if not reply.result.ok:
                return None, reply.result
            copy, unreadable = self.client.found(campaign, reply.data)
            if unreadable:
                return None, Result(False, self.attempts, unreadable, FAILING)
            following = getattr(self.client, "next_page", lambda data, base: None)(reply.data, self.base)
            if copy is not None or following is None:
                return copy, None
            request = Request("GET", following)
        return None, None


def _done(session: _Session, copy: Copy, how: str) -> Result:
    return Result(True, session.attempts, f"{how} ({session.client.name} {copy.id}: {copy.status})")


def _stopped(session: _Session, copy: Copy) -> Result:
    return Result(False, session.attempts, f"{session.client.name} {copy.id} is {copy.status}: a person stopped "
                                           "it there; start it or delete it in the provider, then run notify again",
                  REFUSED)


def send_campaign(campaign: Campaign, client, base: str, policy: Policy, deadline: float, *,
                  http: Callable = call) -> Result:
    """Deliver `campaign` through the provider at most once (see the module's docstring)."""
    session = _Session(client, base, policy, deadline, http)
    copy, trouble = session.look(campaign)
    if trouble is not None:
        return Result(False, session.attempts, f"could not look for it first: {trouble.detail}; nothing was sent",
                      FAILING if trouble.kind == UNKNOWN else trouble.kind)
    if copy is not None and copy.state == STARTED:
        return _done(session, copy, "already with the provider, not started again")
    if copy is None:
        made = session.send(client.create(campaign))
        ident = client.created(made.data) if made.result.ok else None
        if ident is None:
            if made.result.ok or made.result.kind in (UNKNOWN, FAILING):
                copy, trouble = session.look(campaign)  # did the create take?
            if copy is None:
                if trouble is not None and made.result.kind == UNKNOWN:
                    return Result(False, session.attempts, f"{made.result.detail}; the provider could not be "
                                                           f"asked afterwards ({trouble.detail})", UNKNOWN)
                # Not created (or not yet visible): a draft sends nothing, and the next run looks first.
                kind = FAILING if made.result.kind in (UNKNOWN, "") else made.result.kind
                return Result(False, session.attempts, f"not created: {made.result.detail}; nothing was sent", kind)
        else:
            copy = Copy(ident, DRAFT, "draft")
    if copy.state == STARTED:
        return _done(session, copy, "already with the provider, not started again")
    if copy.state != DRAFT:
        return _stopped(session, copy)
    began = session.send(client.start(copy))
    if began.result.ok:
        return _done(session, Copy(copy.id, STARTED, _status(began.data) or "started"), "started")
    after, trouble = session.look(campaign)  # a lost answer, a 5xx, or someone else started it
    if after is not None and after.state == STARTED:
        return _done(session, after, "started")
    if trouble is not None:
        kind = UNKNOWN if began.result.kind in (UNKNOWN, FAILING) else began.result.kind
        return Result(False, session.attempts, f"{began.result.detail}; whether it started could not be checked "
                                               f"({trouble.detail})", kind)
    return Result(False, session.attempts, f"not started: {began.result.detail}; it waits as a draft "
                                           f"({client.name} {copy.id}) for the next run", began.result.kind or FAILING)


def _status(data) -> str:
    inner = data.get("data", data) if isinstance(data, dict) else None
    return str(inner.get("status") or "") if isinstance(inner, dict) else ""


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""


class ListSender:
    """notify's `send_list`: the configured provider, the run's policy and deadline."""

    def __init__(self, mailing: MailingList, policy: Policy, deadline: float, environ=None, http: Callable = call):
        self.client, self.base = client_for(mailing, environ), mailing.url
        self.policy, self.deadline, self.http = policy, deadline, http

    def payload(self, campaign: Campaign) -> dict:
        """What the create carries: the record keeps its hash as the content's."""
        return self.client.create(campaign).payload

    def __call__(self, target: Target, campaign: Campaign) -> Result:
        return send_campaign(campaign, self.client, self.base, self.policy, self.deadline, http=self.http)
