"""Sending one planned notification: its body, then the POST (or the e-mail) with the run's deadline."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..core.diagnostics import UserError
from ..outputs.common import ascii_host
from .changes import Change
from .payloads import ChatRenderer, encode, slack_payload, webhook_payload
from .send import Policy, Result, post_json
from .targets import CHAT, EMAIL, Target

TEMPLATE = "template"  # a Result kind: the chat message could not be rendered, nothing was sent


@dataclass
class Delivery:
    change: Change
    target: Target
    result: Result | None  # None for a dry run
    message_id: str = ""  # the e-mail's Message-ID; for other channels, an id statusgen gives the message


def body(change: Change, target: Target, chat: ChatRenderer | None, state, now: datetime) -> bytes:
    """The bytes a target receives; raises UserError when the chat template fails."""
    if target.channel == CHAT:
        return encode(slack_payload(chat.render(change, state)))
    return encode(webhook_payload(change, state, now))


def message_id(change: Change, channel: str, state) -> str:
    """A stable id per update and channel: the e-mail's Message-ID, and its like for chat and webhook."""
    number = len(change.incident.updates)
    suffix = "" if channel == EMAIL else f".{channel}"
    return f"<statusgen.{change.id}.{number}{suffix}@{ascii_host(state.config)}>"


def send(change: Change, target: Target, chat: ChatRenderer | None, state, now: datetime, policy: Policy,
         deadline: float) -> Result:
    try:
        data = body(change, target, chat, state, now)
    except UserError as exc:
        # One bad message must not stop the others; it counts as a failure.
        return Result(False, 0, "; ".join(d.format() for d in exc.diagnostics), TEMPLATE)
    return post_json(target.url, data, policy, deadline=deadline)


def email_message(change: Change, target: Target, composer, state):
    """The e-mail for a change, as a MIME message; raises UserError when a template fails."""
    from ..comms.find import drafts_for_change
    from ..comms.mime import build_message

    drafts = drafts_for_change(composer, change, state, only=EMAIL)
    return build_message(drafts.email, drafts.moment, target.sender, target.recipient)


def send_email(change: Change, target: Target, composer, state, policy: Policy, deadline: float) -> Result:
    from ..comms.mime import parse_address
    from .email_send import parse_smtp_url, send_email as smtp_send

    try:
        message = email_message(change, target, composer, state)
    except UserError as exc:
        return Result(False, 0, "; ".join(d.format() for d in exc.diagnostics), TEMPLATE)
    server = parse_smtp_url(target.url)  # checked before the run began
    return smtp_send(server, message, parse_address(target.sender).addr_spec,
                     parse_address(target.recipient).addr_spec, policy, deadline=deadline)
