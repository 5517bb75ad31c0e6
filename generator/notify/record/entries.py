"""The communications record's lines, and what they add up to (pure: no files, no network).

One JSON object per line, ASCII only (so no character can break a line), in
the order things happened:

    attempt     about to send one message: channel, message id, incident, update, event,
                subject, recipient, content hash, target. Written (and made durable)
                before a byte goes out.
    outcome     what became of it: sent, failed (safe to send again) or unknown (the
                receiver may have it: never sent again without a person deciding).
    checkpoint  a run settled every message it planned: the commit it compared and the
                moment it described. The next run compares from here.
    baseline    the record began here, with nothing sent.

An attempt with no outcome after it is unknown: the run that wrote it stopped
somewhere between sending and recording.

An update going live on the status page is written as an outcome on the
"status-page" channel (outcome sent, no attempt before it): the deploy
delivered it to the page. It adds incident, number, digest (the update's
identity, comms.identity.update_digest), written_at (the update's own time),
live_at (when the run after the deploy wrote it) and commit. It is an outcome
rather than a type of its own so that an older statusgen, which refuses any
type it does not know, reads a newer record unchanged: to it, this is a
message on a channel it never sends on.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from ...core.diagnostics import Diagnostic, UserError

VERSION = 1
ATTEMPT, OUTCOME, CHECKPOINT, BASELINE = "attempt", "outcome", "checkpoint", "baseline"
SENT, FAILED, UNKNOWN = "sent", "failed", "unknown"
PAGE = "status-page"  # the channel an update "is sent" on when a deploy publishes it (see above)
_PAGE_FIELDS = {"incident": str, "number": int, "digest": str, "written_at": str, "live_at": str, "commit": str}
TYPES = (ATTEMPT, OUTCOME, CHECKPOINT, BASELINE)
OUTCOMES = (SENT, FAILED, UNKNOWN)
# Lines of the audit log statusgen wrote before the record (no "type"): outcomes of their own.
_LEGACY_OUTCOMES = {"sent": SENT, "already-sent": SENT, "failed": FAILED}

_REQUIRED = {
    ATTEMPT: ("time", "channel", "message_id"),
    OUTCOME: ("time", "channel", "message_id", "outcome"),
    CHECKPOINT: ("time", "commit", "as_of"),
    BASELINE: ("time", "commit", "as_of"),
}


def encode(entry: dict) -> bytes:
    """One line: ASCII JSON with sorted keys, so equal entries are equal bytes."""
    return (json.dumps({"v": VERSION, **entry}, sort_keys=True, ensure_ascii=True, separators=(", ", ": "))
            + "\n").encode("ascii")


def decode(raw: bytes, where: str, line: int) -> dict:
    """One line back to an entry, or a UserError naming the file and line."""

    def bad(why: str) -> UserError:
        return UserError([Diagnostic(where, line, f"{why}; the record must be readable before anything is sent. "
                                                  "Restore this line from the record's history (git log -p) "
                                                  "rather than deleting it")])

    try:
        entry = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise bad("is not a JSON record line") from None
    if not isinstance(entry, dict):
        raise bad("is not a JSON object")
    kind = entry.get("type")
    if kind is None and isinstance(entry.get("outcome"), str) and entry["outcome"] in _LEGACY_OUTCOMES:
        entry = {**entry, "type": OUTCOME, "outcome": _LEGACY_OUTCOMES[entry["outcome"]], "legacy": True}
        kind = OUTCOME
    if not isinstance(kind, str) or kind not in TYPES:
        raise bad(f"has an unknown type {json.dumps(kind)}")
    missing = [k for k in _REQUIRED[kind] if not isinstance(entry.get(k), str) or not entry.get(k)]
    if missing:
        raise bad(f"lacks {', '.join(missing)}")
    if kind == OUTCOME and entry["outcome"] not in OUTCOMES:
        raise bad(f"has an unknown outcome {json.dumps(entry['outcome'])}")
    if kind == OUTCOME and entry["channel"] == PAGE:
        # bool is an int to Python; a number that is true or false is no update number.
        wrong = [k for k, kind in _PAGE_FIELDS.items()
                 if not isinstance(entry.get(k), kind) or isinstance(entry.get(k), bool)]
        if wrong:
            raise bad(f"is a status-page publication that lacks {', '.join(wrong)}")
    return entry


@dataclass(frozen=True)
class Standing:
    """Where one message stands in the record."""

    state: str  # SENT, FAILED or UNKNOWN (an attempt without an outcome is UNKNOWN)
    time: str  # of the entry that settled it
    detail: str = ""


@dataclass
class Ledger:
    """Every message's standing and the last checkpoint, from the record's entries in order."""

    standing: dict[tuple[str, str], Standing] = field(default_factory=dict)
    delivered: dict[tuple[str, str], Standing] = field(default_factory=dict)  # first SENT outcome of each
    checkpoint: dict | None = None  # the last checkpoint or baseline
    channels: set[str] = field(default_factory=set)  # every channel a message was ever begun on
    entries: int = 0
    # Each update's first publication on the status page, by (incident, number, digest): the entry.
    published: dict[tuple[str, int, str], dict] = field(default_factory=dict)
    # Social posts: each incident's posts on a platform, oldest first (their ids, to thread the next one), and
    # the record keys each message's attempts chose (Bluesky: to find a post an unanswered try made).
    posts: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    keys: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    first_tried: dict[tuple[str, str], str] = field(default_factory=dict)  # each message's first attempt's time
    # The audiences each message through a mailing-list provider was addressed to (its attempt's `audiences`).
    audiences: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    def add(self, entry: dict) -> None:
        self.entries += 1
        kind = entry["type"]
        if kind in (CHECKPOINT, BASELINE):
            self.checkpoint = entry
            return
        key = (entry["channel"], entry["message_id"])
        if kind == ATTEMPT:
            self.channels.add(entry["channel"])
            self.first_tried.setdefault(key, entry["time"])
            if isinstance(entry.get("audiences"), list):
                self.audiences[key] = tuple(a for a in entry["audiences"] if isinstance(a, str))
            if isinstance(entry.get("rkey"), str):
                self.keys.setdefault(key, []).append(entry["rkey"])
            self.standing[key] = Standing(UNKNOWN, entry["time"], "sending was begun and never recorded as done")
            return
        self.standing[key] = Standing(entry["outcome"], entry["time"], entry.get("detail", ""))
        if entry["channel"] == PAGE:
            self.published.setdefault((entry["incident"], entry["number"], entry["digest"]), entry)
        if entry["outcome"] == SENT:
            self.delivered.setdefault(key, self.standing[key])
            if isinstance(entry.get("post"), dict) and isinstance(entry.get("incident"), str):
                self.posts.setdefault((entry["channel"], entry["incident"]), []).append(entry["post"])

    def unresolved(self) -> list[tuple[tuple[str, str], Standing]]:
        """Messages whose outcome is unknown and that nobody has settled since, oldest first."""
        return sorted(((key, standing) for key, standing in self.standing.items()
                       if standing.state == UNKNOWN and key not in self.delivered), key=lambda kv: kv[1].time)

    def of(self, channel: str, message_id: str) -> Standing | None:
        """SENT once it was ever delivered (a failed deliberate re-send does not unsend it), else the latest."""
        key = (channel, message_id)
        return self.delivered.get(key) or self.standing.get(key)


def ledger_of(entries: list[dict]) -> Ledger:
    ledger = Ledger()
    for entry in entries:
        ledger.add(entry)
    return ledger
