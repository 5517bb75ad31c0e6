"""The audit trail of communications: one JSON line per message sent, failed or skipped.

Each record says which channel, when (the real time of the attempt, UTC),
which incident and update, the message's id, the outcome and why:

    {"time": "2026-03-04T12:00:03Z", "channel": "email", "incident": "2026-03-04-api-errors",
     "update": "2026-03-04-api-errors-2", "event": "incident.updated",
     "message_id": "<statusgen.2026-03-04-api-errors.2@status.example.com>", "outcome": "sent",
     "detail": "accepted (TLS)", "attempts": 1, "target": "smtps://smtp.example.com:465/…", "run": "…"}

Outcomes: sent, failed, already-sent (an e-mail the trail records as sent is
not sent again). Records are appended and flushed one by one, so a run that is
cut off still leaves what it did. Target URLs are redacted to scheme and host.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..core.diagnostics import Diagnostic, UserError
from ..core.timeutil import iso_z

SENT, FAILED, ALREADY_SENT = "sent", "failed", "already-sent"


@dataclass(frozen=True)
class Record:
    time: str
    channel: str
    incident: str
    update: str
    event: str
    message_id: str
    outcome: str
    detail: str
    attempts: int
    target: str
    run: str = ""


def run_id(environ=None) -> str:
    """The GitHub Actions run this is, as a link, when there is one."""
    environ = os.environ if environ is None else environ
    server, repo, run = (environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
    return f"{server}/{repo}/actions/runs/{run}" if server and repo and run else ""


def utc_now() -> str:
    return iso_z(datetime.now(timezone.utc))


class AuditLog:
    """An append-only JSON-lines file; opened before anything is sent, so a bad path sends nothing."""

    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.handle = open(path, "a+", encoding="utf-8")
        except OSError as exc:
            raise UserError([Diagnostic(str(path), None, f"the audit log cannot be written: "
                                                         f"{exc.strerror or exc}")]) from None
        self.unreadable = 0
        self.sent = self._read_sent()

    def _read_sent(self) -> set[tuple[str, str]]:
        self.handle.seek(0)
        found = set()
        for line in self.handle:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if record.get("outcome") in (SENT, ALREADY_SENT):
                    found.add((str(record["channel"]), str(record["message_id"])))
            except (ValueError, KeyError, TypeError, AttributeError):
                self.unreadable += 1  # a hand-edited or cut-off line: skipped, and said
        return found

    def was_sent(self, channel: str, message_id: str) -> bool:
        return (channel, message_id) in self.sent

    def append(self, record: Record) -> None:
        self.handle.write(json.dumps(asdict(record), sort_keys=True, ensure_ascii=False) + "\n")
        self.handle.flush()
        if record.outcome in (SENT, ALREADY_SENT):
            self.sent.add((record.channel, record.message_id))

    def close(self) -> None:
        self.handle.close()
