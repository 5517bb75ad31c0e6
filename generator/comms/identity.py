"""A message's identity, derived from what it says.

Every message about an update carries the same digest of what that update
says: the incident's title, kind and severity, and the update's time, status,
words and component impacts. The same words give the same id on every run
and every channel, so a repeat is recognised; a different text under the same
update number (a wrong update reverted, a corrected one posted) gets a new id,
so the correction goes out. A security follow-up (the incident's security facts
changed with no new update) also covers those facts, and only it does, so every
other message keeps the id it always had.

A message to an audience other than everyone is a delivery of its own, with
its own id (`.to-AUDIENCE` before the host), so the record holds it once per
audience; everyone's id is the one messages had before audiences existed, so
records written then stay valid.

The e-mail's Message-ID is the id itself. Every e-mail of an incident also
names the incident's thread root in References, so a thread holds together
even when an earlier update was corrected after it was sent.
"""
from __future__ import annotations

import hashlib
import json
import re

from ..changes.detect import SEVERITY, Change, security_facts
from ..core.model import Incident

DIGEST_LENGTH = 12  # hex characters: 48 bits, for the messages of one incident
EVERYONE = "everyone"  # core.notifications.EVERYONE: the audience whose ids carry no suffix


_SPACE = re.compile(r"\s+")


def _words(text: str) -> str:
    """Text as readers see it: re-wrapping a paragraph in the YAML changes nothing they read."""
    return _SPACE.sub(" ", text).strip()


def _digest(parts: dict) -> str:
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()[:DIGEST_LENGTH]


def update_digest(incident: Incident, number: int, told: dict | None = None) -> str:
    """What update `number` (1-based) of `incident` says, as a short digest.

    `told` is what readers were told before, for a message that repeats an update with a new severity
    (escalated, then back): the same update after a different word is a different message.
    """
    update = incident.updates[number - 1]
    return _digest({
        **({"after": told} if told else {}),
        "incident": incident.id,
        "title": _words(incident.title),
        "kind": str(incident.kind),
        "severity": incident.severity or "",
        "number": number,
        "at": update.at.isoformat(),
        "status": str(update.status),
        "message": _words(update.message),
        "components": {cid: str(impact) for cid, impact in sorted(update.components.items())},
    })


def report_digest(incident: Incident) -> str:
    """What a published post-incident report says."""
    return _digest({"incident": incident.id, "title": _words(incident.title), "report": _words(incident.report or "")})


def _suffix(channel: str, audience: str) -> str:
    return (f".{channel}" if channel else "") + (f".to-{audience}" if audience and audience != EVERYONE else "")


_AUDIENCE = re.compile(r"\.to-[a-z0-9_-]+(?=@)")


def without_audience(message_id: str) -> str:
    """The id with its `.to-AUDIENCE` left out: the same message, whoever it was addressed to."""
    return _AUDIENCE.sub("", message_id, count=1)


def update_message_id(incident: Incident, number: int, host: str, channel: str = "", told: dict | None = None,
                      audience: str = EVERYONE) -> str:
    """`<statusgen.ID.N.DIGEST[.channel][.to-audience]@host>`: the e-mail's Message-ID, its like elsewhere."""
    return f"<statusgen.{incident.id}.{number}.{update_digest(incident, number, told)}{_suffix(channel, audience)}@{host}>"


def change_message_id(change: Change, host: str, channel: str = "", audience: str = EVERYONE) -> str:
    """The id of the message a change asks for (its latest update's, or its report's), for one audience."""
    item = change.incident
    if not change.per_update:
        return report_message_id(item, host, channel, audience)
    told = None
    if not change.new_updates and SEVERITY in change.kinds and change.before is not None:
        # No new update, yet news: the severity changed, perhaps back to one readers were told before
        # (P1, then P2, then P1 again). The message follows what they were last told. A status that
        # went back because a wrong update was removed is not news: its message was sent already.
        told = {"severity": change.before.severity or ""}
    if change.security_followup:
        # What was learned about a breach, announced on its own: the same update, told again with the new facts,
        # is a new message. Only these messages' digests cover the facts, so every earlier id stays as it was.
        told = {**(told or {}), "security": security_facts(item), "security_before": security_facts(change.before)}
    return update_message_id(item, len(item.updates), host, channel, told, audience)


def report_message_id(incident: Incident, host: str, channel: str = "", audience: str = EVERYONE) -> str:
    """`<statusgen.ID.report.DIGEST[.channel][.to-audience]@host>`: a published report's message id."""
    return f"<statusgen.{incident.id}.report.{report_digest(incident)}{_suffix(channel, audience)}@{host}>"


def thread_root(incident: Incident, host: str) -> str:
    """An id no message has, named first in every e-mail's References: the incident's thread."""
    return f"<statusgen.{incident.id}@{host}>"
