"""A message's identity, derived from what it says.

Every message about an update carries the same digest of what that update
says: the incident's title, kind and severity, and the update's time, status,
words and component impacts. The same words give the same id on every run
and every channel, so a repeat is recognised; a different text under the same
update number (a wrong update reverted, a corrected one posted) gets a new id,
so the correction goes out.

The e-mail's Message-ID is the id itself. Every e-mail of an incident also
names the incident's thread root in References, so a thread holds together
even when an earlier update was corrected after it was sent.
"""
from __future__ import annotations

import hashlib
import json
import re

from ..changes.detect import SEVERITY, Change
from ..core.model import Incident

DIGEST_LENGTH = 12  # hex characters: 48 bits, for the messages of one incident


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


def update_message_id(incident: Incident, number: int, host: str, channel: str = "", told: dict | None = None) -> str:
    """`<statusgen.ID.N.DIGEST[.channel]@host>`: the e-mail's Message-ID, and its like for other channels."""
    suffix = f".{channel}" if channel else ""
    return f"<statusgen.{incident.id}.{number}.{update_digest(incident, number, told)}{suffix}@{host}>"


def change_message_id(change: Change, host: str, channel: str = "") -> str:
    """The id of the message a change asks for: its latest update's, or its report's."""
    item = change.incident
    if not change.per_update:
        return report_message_id(item, host, channel)
    told = None
    if not change.new_updates and SEVERITY in change.kinds and change.before is not None:
        # No new update, yet news: the severity changed, perhaps back to one readers were told before
        # (P1, then P2, then P1 again). The message follows what they were last told. A status that
        # went back because a wrong update was removed is not news: its message was sent already.
        told = {"severity": change.before.severity or ""}
    return update_message_id(item, len(item.updates), host, channel, told)


def report_message_id(incident: Incident, host: str, channel: str = "") -> str:
    """`<statusgen.ID.report.DIGEST[.channel]@host>`: the report's e-mail Message-ID, and its like elsewhere."""
    suffix = f".{channel}" if channel else ""
    return f"<statusgen.{incident.id}.report.{report_digest(incident)}{suffix}@{host}>"


def thread_root(incident: Incident, host: str) -> str:
    """An id no message has, named first in every e-mail's References: the incident's thread."""
    return f"<statusgen.{incident.id}@{host}>"
