"""Sending team reminders, each once per due moment, through the communications record.

The same steps as every notification (run.py): the record says it was sent -> not again; its outcome
is unknown -> held, for a person; else an attempt line is made durable, the reminder is posted
within the run's deadline, and its outcome line is made durable. A failed one is tried again by the
next run, which finds the same reminder (same incident, what, due moment) still due.

Reminders go to the team's own chat webhook, STATUSGEN_TEAM_CHAT_URL, and nowhere else: not the
public chat, webhook or e-mail targets that notify uses. They are recorded on a channel of their own,
"team", and write no checkpoint (that is notify's place to start from).
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from ..comms.reminders import EVENTS, reminder_body, reminder_message_id
from ..core.diagnostics import UserError
from ..core.timeutil import iso_z
from ..model.reminders import Reminder
from ..outputs.common import ascii_host
from ..read.config import Config
from .record import FAILED, SENT, UNKNOWN, Record
from .run import ALREADY, HELD
from .send import OUT_OF_TIME, Result, redact
from .send import UNKNOWN as UNKNOWN_KIND

TEAM = "team"  # the record's channel for reminders
TEAM_VARIABLE = "STATUSGEN_TEAM_CHAT_URL"


def team_chat_url(environ: Mapping[str, str] | None = None) -> str:
    """The team chat's webhook, or '' when it is not set (an unset secret arrives as '')."""
    environ = os.environ if environ is None else environ
    return (environ.get(TEAM_VARIABLE) or "").strip()


def public_twin(url: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The public target's variable whose URL is the team chat's too (a secret pasted twice), or None.
    Reminders name drafts and internal facts: sent there, they would reach the customers' channel."""
    from .targets import CHAT, VARIABLES, WEBHOOK

    environ = os.environ if environ is None else environ
    mine = url.strip().rstrip("/")
    for channel in (CHAT, WEBHOOK):
        theirs = (environ.get(VARIABLES[channel]) or "").strip().rstrip("/")
        if mine and theirs == mine:
            return VARIABLES[channel]
    return None


@dataclass
class Sent:
    reminder: Reminder
    message_id: str
    result: Result | None  # None: a dry run that would send it

    @property
    def failed(self) -> bool:
        return self.result is not None and not self.result.ok and self.result.kind != HELD


@dataclass
class Run:
    sent: list[Sent]
    stopped: UserError | None = None  # the record could not be written: nothing more was sent


def message_id(reminder: Reminder, config: Config) -> str:
    return reminder_message_id(reminder, ascii_host(config))


def standing_result(record: Record | None, mid: str) -> Result | None:
    """What the record says of a reminder, as a result (None: not sent yet, or failed: send it)."""
    standing = record.standing(TEAM, mid) if record is not None else None
    if standing is None or standing.state == FAILED:
        return None
    if standing.state == SENT:
        return Result(True, 0, f"already sent ({standing.time}); not sent again", ALREADY)
    return Result(False, 0, f"outcome unknown since {standing.time} ({standing.detail}); not sent again, since the "
                            f"team chat may have it. If it did arrive, settle it: statusgen notify --confirm-sent "
                            f"'{mid}'", HELD)


def send_reminders(reminders: list[Reminder], record: Record | None, config: Config, now: datetime, url: str, *,
                   post: Callable[[bytes, str], Result], on_sent: Callable[[Sent], None] = lambda s: None,
                   time_left: Callable[[], float] = lambda: 1.0) -> Run:
    """Post every reminder not yet sent, each recorded before and after; `post(body, id)` does the network."""
    run = Run([])
    for reminder in reminders:
        mid = message_id(reminder, config)
        done = Sent(reminder, mid, standing_result(record, mid))
        if done.result is None:
            if time_left() <= 0:
                done.result = Result(False, 0, "not attempted: the run's time limit was reached", OUT_OF_TIME)
            else:
                try:
                    done.result = _send(reminder, mid, record, config, now, url, post)
                except UserError as exc:
                    run.stopped = exc
                    return run
        run.sent.append(done)
        on_sent(done)
    return run


def _facts(reminder: Reminder, body: bytes, url: str) -> dict:
    # No title: a draft's is not public, and the record may live in a public repository.
    return {"incident": reminder.incident_id, "event": EVENTS[reminder.what], "due": iso_z(reminder.due),
            "subject": f"{EVENTS[reminder.what]} {reminder.incident_id} due {iso_z(reminder.due)}",
            "content_sha256": hashlib.sha256(body).hexdigest(), "target": redact(url)}


def _send(reminder, mid, record, config, now, url, post) -> Result:
    body = reminder_body(reminder, now, config)
    if record is not None:
        rival = record.attempt(TEAM, mid, _facts(reminder, body, url))
        if rival is not None and rival.state in (SENT, UNKNOWN):
            # Another run recorded it between this run's reading and writing: it sends it (or did); this
            # attempt stays without an outcome, and the other run's outcome settles the message.
            return Result(True, 0, f"another run is sending it, or sent it ({rival.time}); not sent again", ALREADY)
    result = post(body, mid)
    if record is not None:
        outcome = SENT if result.ok else (UNKNOWN if result.kind == UNKNOWN_KIND else FAILED)
        record.outcome(TEAM, mid, outcome, result.detail, result.attempts)
    return result


