"""One notify run: every planned message sent at most once, each step recorded before the next.

For each message, in order:

    1. its identity (comms.identity); the record says it was sent -> not sent again;
       its outcome is unknown -> not sent again, and said (a person decides: --resend)
    2. its bytes are made; a template that fails counts as failed, nothing is sent
    3. an attempt line is made durable; if that fails, the run stops before sending
    4. it is sent, within the run's deadline
    5. its outcome line is made durable; if that fails, the run stops (the attempt
       already stands as "unknown", so the next run does not send it again blindly)

When every message is settled (sent, already sent or unknown) the run adds a
checkpoint: the next run compares from this commit and moment.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..changes.detect import Change
from ..comms.identity import change_message_id
from ..comms.payloads import event_name
from ..core.diagnostics import UserError
from ..outputs.common import ascii_host
from .deliver import TEMPLATE, chat_or_webhook_body, email_draft, email_message
from .email_send import wire_form
from .lists.campaign import campaign_for
from .record import FAILED, SENT, UNKNOWN, Record
from .send import UNKNOWN as UNKNOWN_KIND
from .send import OUT_OF_TIME, Result, redact
from .targets import EMAIL, EVERYONE, LIST, MASTODON, Target

ALREADY = "already-sent"  # a Result kind: the record says it was delivered
HELD = "held"  # a Result kind: the record says its outcome is unknown; not sent again without a person


@dataclass
class Delivery:
    change: Change
    target: Target
    result: Result | None  # None for a dry run
    message_id: str = ""
    audience: str = EVERYONE  # whom the policy sent it to through this target
    language: str = ""  # the language of its draft: "" the site's, else its audiences' own


@dataclass
class Outcome:
    deliveries: list[Delivery] = field(default_factory=list)
    stopped: UserError | None = None  # the record could not be written: the run stopped there

    @property
    def failed(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.result is not None and not d.result.ok and d.result.kind != HELD]

    @property
    def settled(self) -> bool:
        """Nothing is left that a later run should try again."""
        return self.stopped is None and all(d.result.kind == UNKNOWN_KIND for d in self.failed)


def message_id(change: Change, channel: str, config, audience: str = EVERYONE) -> str:
    """The message's identity, derived from what it says, per audience; e-mail's is its Message-ID."""
    return change_message_id(change, ascii_host(config), "" if channel == EMAIL else channel, audience)


def message_ids(values) -> frozenset[str]:
    """Message ids as a person gives them (--resend, --confirm-sent): with or without the angle brackets (a shell
    reads an unquoted < as a redirection, so people leave them off), always compared with them."""
    return frozenset(f"<{v.strip().strip('<>')}>" for v in values if v.strip().strip("<>"))


def _recipient(target: Target) -> dict:
    """Who an e-mail went to, provable without publishing the list's address in the record."""
    from ..comms.mime import parse_address

    address = parse_address(target.recipient)
    if address is None:
        return {}
    spec = address.addr_spec.lower()
    return {"to_domain": address.domain.lower(), "to_sha256": hashlib.sha256(spec.encode("utf-8")).hexdigest()}


def _facts(change: Change, target: Target, subject: str, content: bytes, audience: str = EVERYONE,
           campaign=None, language: str = "") -> dict:
    item = change.incident
    # Through a provider: which audiences and which of its lists, never an address (the provider has them).
    reached = {"provider": campaign.provider, "audiences": list(campaign.audiences),
               "lists": ["all"] if campaign.everyone else list(campaign.lists)} if campaign is not None else {}
    return {"incident": item.id, "update": f"{item.id}-{len(item.updates)}", "event": event_name(change),
            "subject": subject, "content_sha256": hashlib.sha256(content).hexdigest(), "target": redact(target.url),
            **(_recipient(target) if target.channel == EMAIL else {}),
            **({"audience": audience} if audience != EVERYONE else {}), **reached,
            **({"language": language} if language else {})}


def deliver_all(planned, record: Record | None, state, now: datetime, chat, composer, *,
                send_one: Callable, send_mail: Callable, send_list: Callable | None = None,
                resend: frozenset[str] = frozenset(),
                on_delivery: Callable[[Delivery], None] = lambda d: None,
                time_left: Callable[[], float] = lambda: 1.0, send_post: Callable | None = None) -> Outcome:
    """Send what `planned` asks, each message once. The network part is the senders': `send_one` (chat and
    webhook), `send_mail` (SMTP), `send_list` (a lists.deliver.ListSender) and `send_post` (a
    social.post.Poster's send), each for the targets that serve their channel."""
    senders = _Senders(send_one, send_mail, send_list, send_post)
    composers = _Composers(composer)
    out = Outcome()
    for item in planned:
        for send in item.sends:
            target = send.target
            mid = message_id(item.change, target.channel, state.config, send.audience)
            language = getattr(send, "language", "")
            delivery = Delivery(item.change, target, None, mid, send.audience, language)
            if time_left() <= 0:  # nothing is begun, and nothing written, once the run's time is up
                delivery.result = Result(False, 0, "not attempted: the run's time limit was reached", OUT_OF_TIME)
                out.deliveries.append(delivery)
                on_delivery(delivery)
                continue
            try:
                delivery.result = _deliver(item.change, target, mid, record, state, now, chat,
                                           composers.speaking(language), senders, mid in resend, send.audience,
                                           language)
            except UserError as exc:  # the record could not be written
                out.stopped = exc
                return out
            out.deliveries.append(delivery)
            on_delivery(delivery)
    return out


class _Composers:
    """The site's composer, and one per other language an audience reads, made when first needed."""

    def __init__(self, site):
        self.site, self.made = site, {}

    def speaking(self, language: str):
        if not language or self.site is None:
            return self.site
        if language not in self.made:
            from ..comms.drafts import Composer

            other = Composer(self.site.config, language)
            other.limits = dict(self.site.limits)  # an instance's own Mastodon limit holds in every language
            self.made[language] = other
        return self.made[language]


@dataclass(frozen=True)
class _Senders:
    one: Callable
    mail: Callable
    list: Callable | None = None
    post: Callable | None = None


def _may_ask_again(target: Target, first_tried: str | None) -> bool:
    """A Mastodon post first tried within the last 45 minutes: its Idempotency-Key still stands, so asking again
    cannot make a second post."""
    if target.channel != MASTODON or not first_tried:
        return False
    from .social.mastodon import may_ask_again

    return may_ask_again(first_tried)


def _had_it(had: list[str], before: dict) -> Result:
    """Every audience of a campaign had the same message under another id: sent, or held while unknown."""
    ids = ", ".join(dict.fromkeys(before[a][0] for a in had))
    unknown = [before[a][1] for a in had if before[a][1].state == UNKNOWN]
    if unknown:
        return Result(False, 0, f"{', '.join(had)} may have it already as {ids}, whose outcome is unknown since "
                                f"{unknown[0].time}; not sent again. Settle that one first", HELD)
    return Result(True, 0, f"already sent to {', '.join(had)} as {ids} ({before[had[0]][1].time}); not sent again",
                  ALREADY)


def _later_audiences(change, mid, record, state, composer, language) -> tuple[str, str] | None:
    """(its id, its first audience) of the message to the audiences a sent campaign was not addressed to because
    they were added to the policy after it went out; None when there are none. (A new first audience renames
    the campaign itself, and reached_before leaves out who had it: this is the same for the others.)"""
    try:
        campaign = campaign_for(change, email_draft(change, composer, state), state.config, mid, language)
    except UserError:
        return None  # said when the message itself is drafted
    if campaign is None:
        return None
    # Those this id's campaign was addressed to; the rest may have had it under another id (a language of
    # their own): the message to them says so itself, and holds it while that one's outcome is unknown.
    reached = set(record.ledger.audiences.get((LIST, mid), ()))
    later = [a for a in campaign.audiences if a not in reached]
    if not later:
        return None
    later_mid = message_id(change, LIST, state.config, later[0])
    return (later_mid, later[0]) if later_mid != mid else None  # a record from before audiences were kept


def _deliver(change, target, mid, record, state, now, chat, composer, senders: _Senders, resend,
             audience=EVERYONE, language="", later: bool = True) -> Result:
    standing = record.standing(target.channel, mid) if record is not None else None
    if standing is not None and not resend:
        if standing.state == SENT:
            newer = _later_audiences(change, mid, record, state, composer, language) \
                if later and target.channel == LIST else None
            if newer is not None:  # under its own id, to those only (reached_before leaves out who had it)
                return _deliver(change, target, newer[0], record, state, now, chat, composer, senders, resend,
                                newer[1], language, later=False)
            return Result(True, 0, f"already sent ({standing.time}); not sent again", ALREADY)
        first = record.ledger.first_tried.get((target.channel, mid))
        if standing.state == UNKNOWN and not _may_ask_again(target, first):
            # "Begun and never recorded as done" is also what a run still sending it looks like: the advice waits.
            return Result(False, 0, f"outcome unknown since {standing.time} ({standing.detail}); not sent again. "
                                    "If the receiver did not get it, and no other notify run is still running, "
                                    f"send it with --resend '{mid}'", HELD)
    campaign = None
    try:
        extra = {}
        if target.posts:  # a social post: the draft `statusgen comms` shows for that platform
            from .social.post import post_text, prepare

            text = post_text(change, target, composer, state)
            content, subject = text.encode("utf-8"), f"{event_name(change)}: {change.incident.title}"
            extra = prepare(target, mid, datetime.now(timezone.utc))
        elif target.channel == LIST:  # the e-mail's own words, through the provider to its lists
            draft = email_draft(change, composer, state)
            campaign = campaign_for(change, draft, state.config, mid, language)
            if campaign is None:  # plan() leaves such a target out; said rather than sent to nobody
                return Result(False, 0, "no configured audience of the mailing list is reached", TEMPLATE)
            # The same message may have reached some of them under another name already: an audience given a
            # language of its own, or a new first audience, renames it (`.to-AUDIENCE`); they do not get it twice.
            before = record.reached_before(LIST, mid) if record is not None and not resend else {}
            had = [a for a in campaign.audiences if a in before]
            if had:
                campaign = campaign_for(change, draft, state.config, mid, language, leave_out=frozenset(had))
                if campaign is None:
                    return _had_it(had, before)
            content, subject = json.dumps(senders.list.payload(campaign), sort_keys=True).encode(), draft.subject
        elif target.channel == EMAIL:
            message = email_message(change, target, composer, state, mid)
            # The bytes the server receives (CRLF, dots doubled); with SMTPUTF8 only the headers' encoding differs.
            content, subject = wire_form(message, utf8=False), str(message["Subject"])
        else:
            content = chat_or_webhook_body(change, target, chat, state, now)
            subject = f"{event_name(change)}: {change.incident.title}"
    except UserError as exc:
        result = Result(False, 0, "; ".join(d.format() for d in exc.diagnostics), TEMPLATE)
        if record is not None:
            record.outcome(target.channel, mid, FAILED, f"not sent: {result.detail}", 0)
        return result
    if record is not None:
        rival = record.attempt(target.channel, mid, {**_facts(change, target, subject, content, audience, campaign,
                                                              language),
                                                     **extra,
                                                     **({"resend": True} if resend else {})})
        if rival is not None and rival.state in (SENT, UNKNOWN):
            # Another run wrote of this message between this run's reading of the record and its writing:
            # that run sends it (or did). This attempt stays without an outcome; the other's settles it.
            return Result(True, 0, f"another run is sending it, or sent it ({rival.time}); not sent again", ALREADY)
    if target.posts:
        ledger = record.ledger if record is not None else None
        thread = list(ledger.posts.get((target.channel, change.incident.id), [])) if ledger else []
        # The keys of this message's earlier tries, not this one's (it was just written down).
        earlier = list(ledger.keys.get((target.channel, mid), []))[:-1] if ledger and not resend else []
        result = senders.post(target, text, mid, extra, thread, earlier, datetime.now(timezone.utc))
    elif target.channel == LIST:
        result = senders.list(target, campaign)
    elif target.channel == EMAIL:
        result = senders.mail(target, message)
    else:
        result = senders.one(target, content, mid)
    if record is not None:
        outcome = SENT if result.ok else (UNKNOWN if result.kind == UNKNOWN_KIND else FAILED)
        posted = {"incident": change.incident.id, "post": result.post} if result.ok and result.post else None
        record.outcome(target.channel, mid, outcome, result.detail, result.attempts, posted)
    return result
