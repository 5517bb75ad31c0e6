"""What one message to subscribers says, and which of the provider's lists it goes to (pure).

The words are the e-mail's, drafted from templates/comms/email/ exactly as the
SMTP e-mail is; the provider wraps them in its own layout, with its own
unsubscribe link.

Audiences: the notification policy names them per kind of message
(generator/comms/policy.py). A message for everyone also reaches the people who follow only one
of the affected components (`component:ID`): they asked to hear about it. The
provider sends one copy per subscriber, however many of the lists they are on.

Untrusted text: both providers read template syntax in a campaign's subject
and body (Listmonk Go templates, Buttondown its own), so an incident whose
words hold "{{" could make the provider fill in, say, each subscriber's
address. Such text is escaped so the provider prints it as written.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ...changes.detect import Change
from ...comms.audience_languages import language_of
from ...comms.drafts import EmailDraft
from ...comms.policy import routes
from ...comms.routing import EMAIL
from ...read.mailing_list_options import BUTTONDOWN, COMPONENT_PREFIX, EVERYONE, MailingList


@dataclass(frozen=True)
class Campaign:
    marker: str  # statusgen's message id: how the provider's copy is found again
    subject: str
    html: str  # the e-mail's HTML part: what is inside its <body>
    text: str  # the e-mail's plain-text part
    audiences: tuple[str, ...]  # the audiences it reaches through the provider
    lists: tuple  # the provider's list ids (Listmonk) or tag ids (Buttondown), in a stable order
    everyone: bool = False  # Buttondown: every subscriber, no filter
    provider: str = ""

    @property
    def tag(self) -> str:
        """A short tag derived from the marker, for providers that filter by tag."""
        return "statusgen-" + hashlib.sha256(self.marker.encode("utf-8")).hexdigest()[:24]

    @property
    def name(self) -> str:
        return f"statusgen {self.marker}"


def policy_audiences(change: Change, config) -> tuple[str, ...]:
    """The audiences the notification policy names for this change's e-mail."""
    return dict(routes(config, change)).get(EMAIL, ())


def message_audiences(change: Change, config) -> tuple[str, ...]:
    """The policy's audiences, and for a message to everyone each affected component's followers."""
    named = list(policy_audiences(change, config))
    if EVERYONE in named:
        components = dict(change.incident.components)
        if change.before is not None:
            components.update({cid: None for cid in change.before.components if cid not in components})
        named += [f"{COMPONENT_PREFIX}{cid}" for cid in components]
    return tuple(dict.fromkeys(named))


def reached(change: Change, config, language: str = "", leave_out=()) -> tuple[tuple[str, ...], tuple, bool]:
    """(audiences the provider reaches, their lists, everyone) for this change's e-mail in `language` ("": the
    site's, comms.audience_languages), but for the audiences in `leave_out`; ((), (), False) when none."""
    mailing: MailingList | None = config.mailing_list
    if mailing is None:
        return (), (), False
    audiences = tuple(a for a in message_audiences(change, config)
                      if mailing.reaches(a) and language_of(config, a) == language and a not in leave_out)
    everyone = any(a in mailing.all_audiences for a in audiences)
    ids = []
    for audience in audiences:
        ids += [i for i in mailing.audiences.get(audience, ()) if i not in ids]
    return audiences, (() if everyone else tuple(sorted(ids, key=str))), everyone


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)


def body_of(html: str) -> str:
    """What is inside the drafted document's <body>: the provider's template supplies the document."""
    found = _BODY.search(html)
    return (found.group(1) if found else html).strip()


def go_literal(text: str) -> str:
    """Text Listmonk's Go templates print as written: each "{{" becomes an action that prints "{{"."""
    return text.replace("{{", '{{"{{"}}')


def html_literal(html: str) -> str:
    """HTML no template language reads an action in: every brace and percent sign as a character reference."""
    return html.replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")


def plain_literal(text: str) -> str:
    """A subject or plain text Buttondown prints as written: "{{" and "{%" broken apart by a space."""
    return re.sub(r"\{(?=[{%#])", "{ ", text)


def campaign_for(change: Change, draft: EmailDraft, config, marker: str, language: str = "",
                 leave_out=()) -> Campaign | None:
    """The campaign for a change's e-mail draft, to the audiences that read `language` ("": the site's) but those in
    `leave_out` (who had it already); None when no configured audience is reached."""
    audiences, ids, everyone = reached(change, config, language, leave_out)
    if not audiences:
        return None
    if config.mailing_list.provider == BUTTONDOWN:
        subject, text = plain_literal(draft.subject), plain_literal(draft.text)
    else:
        subject, text = go_literal(draft.subject), go_literal(draft.text)
    return Campaign(marker=marker, subject=subject, html=html_literal(body_of(draft.html)), text=text,
                    audiences=audiences, lists=ids, everyone=everyone, provider=config.mailing_list.provider)
