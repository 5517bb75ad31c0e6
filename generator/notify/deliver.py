"""Sending one planned notification: its body, then the POST with the run's deadline."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..diagnostics import UserError
from .changes import Change
from .payloads import ChatRenderer, encode, slack_payload, webhook_payload
from .send import Policy, Result, post_json
from .targets import CHAT, Target

TEMPLATE = "template"  # a Result kind: the chat message could not be rendered, nothing was sent


@dataclass
class Delivery:
    change: Change
    target: Target
    result: Result | None  # None for a dry run


def body(change: Change, target: Target, chat: ChatRenderer | None, state, now: datetime) -> bytes:
    """The bytes a target receives; raises UserError when the chat template fails."""
    if target.channel == CHAT:
        return encode(slack_payload(chat.render(change, state)))
    return encode(webhook_payload(change, state, now))


def send(change: Change, target: Target, chat: ChatRenderer | None, state, now: datetime, policy: Policy,
         deadline: float) -> Result:
    try:
        data = body(change, target, chat, state, now)
    except UserError as exc:
        # One bad message must not stop the others; it counts as a failure.
        return Result(False, 0, "; ".join(d.format() for d in exc.diagnostics), TEMPLATE)
    return post_json(target.url, data, policy, deadline=deadline)
