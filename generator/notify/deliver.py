"""One planned notification's bytes, and sending them within the run's deadline.

What to say is comms' (payloads for chat and webhook, drafts and mime for
e-mail); this module only asks for it and hands it to the network.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from email.message import EmailMessage

from ..changes.detect import Change
from ..comms.find import drafts_for_change
from ..comms.mime import build_message, parse_address
from ..comms.payloads import ChatRenderer, encode, slack_payload, webhook_payload
from .email_send import parse_smtp_url
from .email_send import send_email as smtp_send
from .send import Policy, Result, post_json
from .targets import CHAT, EMAIL, Target

TEMPLATE = "template"  # a Result kind: the message could not be rendered, nothing was sent


def chat_or_webhook_body(change: Change, target: Target, chat: ChatRenderer | None, state, now: datetime) -> bytes:
    """The bytes a chat or webhook target receives; raises UserError when the chat template fails."""
    if target.channel == CHAT:
        return encode(slack_payload(chat.render(change, state)))
    return encode(webhook_payload(change, state, now))


def email_message(change: Change, target: Target, composer, state, message_id: str = "") -> EmailMessage:
    """The e-mail for a change, as a MIME message; raises UserError when a template fails.

    `message_id`: the delivery's own id (one per audience, comms.identity), when it is not everyone's."""
    drafts = drafts_for_change(composer, change, state, only=EMAIL)
    draft = drafts.email if not message_id else replace(drafts.email, message_id=message_id)
    return build_message(draft, drafts.moment, target.sender, target.recipient)


def email_draft(change: Change, composer, state):
    """The e-mail's words for a change (what a mailing-list provider sends); raises UserError like email_message."""
    return drafts_for_change(composer, change, state, only=EMAIL).email


def post(target: Target, content: bytes, policy: Policy, deadline: float, message_id: str = "") -> Result:
    return post_json(target.url, content, policy, deadline=deadline, message_id=message_id)


def mail(target: Target, message: EmailMessage, policy: Policy, deadline: float) -> Result:
    server = parse_smtp_url(target.url)  # checked before the run began
    return smtp_send(server, message, parse_address(target.sender).addr_spec,
                     parse_address(target.recipient).addr_spec, policy, deadline=deadline)
