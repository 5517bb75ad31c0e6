"""The communications record: what was sent, to whom, when, and with what outcome; append-only.

    entries    the lines and what they add up to (pure)
    filestore  the record in a local file (--record)
    gitstore   the record on a git branch of the repository (--record-branch)

A run reads the whole record before it sends anything, and fails if it
cannot; every line is durable (on disk, or pushed) before the next step.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone

from ...comms.identity import without_audience
from ...core.timeutil import iso_z
from .entries import (
    ATTEMPT,
    BASELINE,
    CHECKPOINT,
    FAILED,
    OUTCOME,
    PAGE,
    SENT,
    UNKNOWN,
    Ledger,
    Standing,
    decode,
    encode,
    ledger_of,
)

__all__ = ["Record", "SENT", "FAILED", "UNKNOWN", "PAGE", "Published", "Standing", "run_id", "utc_now"]


@dataclass(frozen=True)
class Published:
    """One update as it went live on the status page: the deploy that first published it."""

    incident: str
    number: int  # 1-based, as in the incident file at the time
    digest: str  # comms.identity.update_digest: what the update said
    written_at: str  # the update's own time (ISO, UTC)
    live_at: str = ""  # the moment of the notify run after the deploy (ISO, UTC); filled in by Record.publish
    commit: str = ""  # the commit that deploy built


def run_id(environ=None) -> str:
    """The GitHub Actions run this is, as a link, when there is one."""
    environ = os.environ if environ is None else environ
    server, repo, run = (environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
    return f"{server}/{repo}/actions/runs/{run}" if server and repo and run else ""


def utc_now() -> str:
    return iso_z(datetime.now(timezone.utc))


class Record:
    """A store's lines, read and checked, and the way to add to them."""

    def __init__(self, store, lines: list[bytes]):
        self.store = store
        self.ledger = Ledger()
        for number, raw in enumerate(lines, start=1):
            if raw.strip():
                self.ledger.add(decode(raw, store.where, number))

    @classmethod
    def open(cls, store) -> Record | None:
        """The record, or None when the store holds none yet."""
        lines = store.load()
        return None if lines is None else cls(store, lines)

    @classmethod
    def begin(cls, store, commit: str, as_of: datetime) -> Record:
        """A new record whose first line is a baseline: from here on, nothing is sent twice."""
        record = cls(store, [])
        entry = record._stamp({"type": BASELINE, "commit": commit, "as_of": iso_z(as_of)})
        store.start(encode(entry))
        record.ledger.add(entry)
        return record

    @property
    def where(self) -> str:
        return self.store.where

    @property
    def notes(self) -> list[str]:
        return list(self.store.notes)

    def _stamp(self, entry: dict) -> dict:
        return {**entry, "time": utc_now(), **({"run": run_id()} if run_id() else {})}

    def _add(self, entry: dict, message: str) -> list[dict]:
        """Appends one line; returns the lines another writer added just before it (usually none)."""
        entry = self._stamp(entry)
        line = encode(entry)
        self.store.append(line, message=message)
        others = self._take_up_others()
        self.ledger.add(entry)
        return others

    def _take_up_others(self) -> list[dict]:
        """The lines another writer added before ours (a store that had to write on top of theirs)."""
        pending = getattr(self.store, "others", None)
        found = []
        while pending:
            entry = decode(pending.pop(0), self.store.where, self.ledger.entries + 1)
            self.ledger.add(entry)
            found.append(entry)
        return found

    def standing(self, channel: str, message_id: str) -> Standing | None:
        return self.ledger.of(channel, message_id)

    def reached_before(self, channel: str, message_id: str) -> dict[str, tuple[str, Standing]]:
        """audience -> (the id, its standing) of the same message addressed otherwise (another `.to-AUDIENCE`) that
        went to it, sent or perhaps sent: what an audience's new language, or a new first audience, renames."""
        same = without_audience(message_id)
        out: dict[str, tuple[str, Standing]] = {}
        for (kind, other), names in self.ledger.audiences.items():
            standing = self.ledger.of(kind, other)
            if (kind == channel and other != message_id and without_audience(other) == same
                    and standing is not None and standing.state in (SENT, UNKNOWN)):
                for name in names:
                    out.setdefault(name, (other, standing))
        return out

    @property
    def checkpoint(self) -> dict | None:
        return self.ledger.checkpoint

    def attempt(self, channel: str, message_id: str, facts: dict) -> Standing | None:
        """Records that the message is about to be sent. Returns None, or, when another run wrote of the same
        message since this one read the record (two runs at once), where it stood by their lines: a caller
        that finds it sent or being sent must not send it too."""
        others = self._add({"type": ATTEMPT, "channel": channel, "message_id": message_id, **facts},
                           f"statusgen: sending {message_id} by {channel}")
        theirs = [e for e in others if e.get("channel") == channel and e.get("message_id") == message_id]
        return ledger_of(theirs).of(channel, message_id) if theirs else None

    def outcome(self, channel: str, message_id: str, outcome: str, detail: str, attempts: int,
                extra: dict | None = None) -> None:
        """`extra`: more facts for the line (a social post's incident and its id on the platform)."""
        self._add({**(extra or {}), "type": OUTCOME, "channel": channel, "message_id": message_id,
                   "outcome": outcome, "detail": detail, "attempts": attempts},
                  f"statusgen: {message_id} by {channel}: {outcome}")

    def publish(self, updates: list[Published], commit: str, host: str, live: datetime) -> list[Published]:
        """Record that `updates` went live with the deploy of `commit` at `live`; each only the first time.

        `live` is the moment the run after the deploy describes: the clock in the Deploy workflow, whose
        notify job starts once the page is live. All lines go in one write (one push), before any message
        of the run is sent. Returns what was recorded (what was there already is left as it was: the
        first deploy that published an update stands).
        """
        live_at = iso_z(live)
        fresh, lines, seen = [], [], set()
        for item in updates:
            key = (item.incident, item.number, item.digest)
            if key in self.ledger.published or key in seen:
                continue
            seen.add(key)
            entry = self._stamp({
                "type": OUTCOME, "channel": PAGE, "outcome": SENT, "attempts": 0,
                "message_id": f"<statusgen.{item.incident}.{item.number}.{item.digest}.{PAGE}@{host}>",
                "detail": f"went live with the deploy of {commit[:12]}", "incident": item.incident,
                "number": item.number, "digest": item.digest, "written_at": item.written_at, "live_at": live_at,
                "commit": commit})
            lines.append(entry)
            fresh.append(Published(item.incident, item.number, item.digest, item.written_at, live_at, commit))
        if lines:
            self.store.append(b"".join(encode(e) for e in lines),
                              message=f"statusgen: {len(lines)} update(s) went live with {commit[:12]}")
            for entry in lines:
                self.ledger.add(entry)
        return fresh

    def published(self) -> list[Published]:
        """Every update's first publication on the status page, in the order they were recorded."""
        return [Published(e["incident"], e["number"], e["digest"], e["written_at"], e["live_at"], e["commit"])
                for e in self.ledger.published.values()]

    def settle(self, commit: str, as_of: datetime) -> None:
        self._add({"type": CHECKPOINT, "commit": commit, "as_of": iso_z(as_of)},
                  f"statusgen: every message up to {commit[:12]} settled")

    def close(self) -> None:
        self.store.close()
