"""One e-mail draft as a MIME message: a plain-text and an HTML part, threaded by incident.

Every header is a function of the draft and the addresses: the Date is the
update's time and the MIME boundary is derived from the content, so the same
update gives the same bytes on every run (and a retry is the same message).

The Subject carries a title, which is untrusted: text in it that looks like an
RFC 2047 encoded-word ("=?utf-8?b?...?=") would be decoded by every mail
reader, so a title could show as anything. Such a subject is sent encoded as a
whole; decoded, it gives the title's literal text back.
"""
from __future__ import annotations

import hashlib
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from .. import __version__
from .drafts import EmailDraft
from .kinds import Moment


def build_message(draft: EmailDraft, moment: Moment, sender: str, recipient: str) -> EmailMessage:
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = literal_header("Subject", draft.subject)
    message["Date"] = format_datetime(moment.at)
    message["Message-ID"] = draft.message_id
    if draft.in_reply_to:
        message["In-Reply-To"] = draft.in_reply_to
    if draft.references:
        message["References"] = " ".join(draft.references)
    # Machine-sent: out-of-office replies and auto-responders should stay quiet.
    message["Auto-Submitted"] = "auto-generated"
    message["X-Mailer"] = f"statusgen {__version__}"
    message.set_content(draft.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(draft.html, subtype="html", charset="utf-8", cte="quoted-printable")
    digest = hashlib.sha256(f"{draft.message_id}\n{draft.text}\n{draft.html}".encode()).hexdigest()[:32]
    message.set_boundary(f"statusgen-{digest}")
    return message


class _Literal(str):
    """A header that holds `value` exactly: the whole of it encoded as RFC 2047 encoded-words.

    email's policies take a value with a `name` as a header object as it is
    (no parsing, which would decode an encoded-word in the text) and write it
    with its fold(); a plain string would be parsed as if read off the wire.
    """

    name: str

    def __new__(cls, name: str, value: str):
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy) -> str:
        encoded = Header(str(self), "utf-8", header_name=self.name).encode(linesep=policy.linesep)
        return f"{self.name}: {encoded}{policy.linesep}"


def literal_header(name: str, value: str):
    """`value` for the header `name`, sure to read back as written (see the module's docstring)."""
    return _Literal(name, value) if "=?" in value else value


def parse_address(value: str) -> Address | None:
    """An address as given in STATUSGEN_EMAIL_FROM/TO ("Name <a@b.example>" or "a@b.example"), or None."""
    from email.headerregistry import HeaderRegistry

    if any(c in value for c in "\r\n") or "," in value:
        return None
    try:
        header = HeaderRegistry()("To", value)
    except Exception:  # noqa: BLE001 - any parse failure means "not an address"
        return None
    addresses = getattr(header, "addresses", ())
    if len(addresses) != 1 or not addresses[0].domain or not addresses[0].username or header.defects:
        return None
    return addresses[0]
