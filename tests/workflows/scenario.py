"""A status page's life over many deploy runs, told as steps, and what delivery must show at the end.

`Life` holds the repository (a `Hosting`), the SMTP server and webhook receiver, a clock that moves
ten minutes a run (each run sees it as SOURCE_DATE_EPOCH, the moment statusgen describes), and the
messages the steps so far have asked for. Every update's text carries a token (M01, M02 ...) that
names the message it asks for, so what each channel received can be checked against what was asked,
whatever ids the messages carry.
"""
from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from actrun import Hosting, Run
from loopback import Mailbox, Receiver, chat_identity, webhook_identity
from sample import append_update, incident

START = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)
TICK = timedelta(minutes=10)  # the schedule's interval
RECORD_BRANCH = "statusgen-record"
TOKEN = re.compile(r"\bM\d\d\b")
CHANNELS = ("email", "webhook", "chat")


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Life:
    hosting: Hosting
    mailbox: Mailbox
    receiver: Receiver
    now: datetime = START
    files: dict[str, str] = field(default_factory=dict)  # incident id -> its file's text
    asked: list[str] = field(default_factory=list)  # tokens of the messages that must go out, in order
    records: list[dict[str, str]] = field(default_factory=list)  # the record branch's files after each run
    tokens: int = 0

    # -- what the authors do ----------------------------------------------------------------------------
    def token(self) -> str:
        self.tokens += 1
        return f"M{self.tokens:02d}"

    def _write(self, name: str, text: str) -> None:
        self.files[name] = text
        path = self.hosting.author / "incidents" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def open_incident(self, name: str, title: str, *, announced: bool = True) -> str:
        token = self.token()
        at = self.now - timedelta(minutes=2)
        self._write(name, incident(title=title, severity="P1", started=stamp(at - timedelta(minutes=5)),
                                   components={"api": "major_outage"},
                                   updates=[(stamp(at), "investigating", f"{token}: we are looking into {title}.")]))
        if announced:
            self.asked.append(token)
        return token

    def update(self, name: str, status: str, text: str, *, at: datetime | None = None) -> str:
        token = self.token()
        when = at or self.now - timedelta(minutes=1)
        self._write(name, append_update(self.files[name], stamp(when), status, f"{token}: {text}"))
        self.asked.append(token)
        return token

    def commit(self, message: str) -> str:
        return self.hosting.commit(message)

    def quiet_commit(self, message: str) -> str:
        """A commit that changes the site and announces nothing: an edit of the about page."""
        about = self.hosting.author / "site_src" / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + f"\n{message}\n", encoding="utf-8")
        return self.hosting.commit(message)

    def revert_last(self) -> None:
        """`git revert` the last commit: its update is taken back (what was announced stays announced)."""
        self.hosting.git("revert", "--no-edit", "HEAD")
        self.hosting.git("push", "-q", "origin", "main")
        for name in self.files:
            self.files[name] = (self.hosting.author / "incidents" / f"{name}.md").read_text(encoding="utf-8")

    # -- runs ---------------------------------------------------------------------------------------------
    def secrets(self, smtp_url: str | None = None, hook_url: str | None = None,
                chat_url: str | None = None, team_url: str | None = None) -> dict[str, str]:
        return {**self.mailbox.secrets(smtp_url), "STATUSGEN_WEBHOOK_URL": hook_url or self.receiver.url("/hook"),
                "STATUSGEN_SLACK_WEBHOOK_URL": chat_url or self.receiver.url("/chat"),
                **({"STATUSGEN_TEAM_CHAT_URL": team_url} if team_url else {})}

    def run(self, event: str = "push", inputs: dict[str, str] | None = None, **urls) -> Run:
        """One run of the deploy workflow at the current moment; the clock then moves a tick."""
        env = {"SOURCE_DATE_EPOCH": str(int(self.now.timestamp())), "SSL_CERT_FILE": self.mailbox.cert}
        workflow = "schedule.yml" if event == "schedule" else "deploy.yml"
        run = self.hosting.run(event, workflow=workflow, secrets=self.secrets(**urls), inputs=inputs, env=env)
        self.records.append(self.record())
        self.now += TICK
        return run

    def record(self) -> dict[str, str]:
        """Every file on the record branch, as it is now ({} before the branch exists)."""
        tip = self.hosting.branch(RECORD_BRANCH)
        if tip is None:
            return {}
        names = self.hosting.git("ls-tree", "-r", "--name-only", tip, cwd=self.hosting.origin).splitlines()
        return {name: self.hosting.git("show", f"{tip}:{name}", cwd=self.hosting.origin) for name in names}

    # -- what must hold -------------------------------------------------------------------------------------
    def delivered(self) -> dict[str, list[str]]:
        """channel -> the token of each message the server got whole, one entry per copy."""
        emails = [message for _, message in self.mailbox.handler.received]
        return {
            "email": [t for m in emails for t in TOKEN.findall(m.get_body(("plain",)).get_content())[:1]],
            "webhook": [t for r in self.receiver.delivered("/hook") for t in _webhook_tokens(r)],
            "chat": [t for r in self.receiver.delivered("/chat") for t in TOKEN.findall(r.json()["text"])[:1]],
        }

    def problems(self) -> list[str]:
        """Every way delivery fell short of exactly once per channel, and the record of being append-only."""
        found = []
        expected = Counter(self.asked)
        for channel, tokens in self.delivered().items():
            got = Counter(tokens)
            for token in self.asked:
                if got[token] != 1:
                    found.append(f"{channel}: message {token} was delivered {got[token]} time(s), not once")
            for token in set(got) - set(expected):
                found.append(f"{channel}: message {token} was delivered, and was never due")
        ids = Counter(message["Message-ID"] for _, message in self.mailbox.handler.received)
        found += [f"email: Message-ID {mid} was used for {n} different deliveries" for mid, n in ids.items() if n > 1]
        hooks = Counter(webhook_identity(r) for r in self.receiver.delivered("/hook"))
        found += [f"webhook: {key} was delivered {n} times" for key, n in hooks.items() if n > 1]
        chats = Counter(chat_identity(r) for r in self.receiver.delivered("/chat"))
        found += [f"chat: {text!r} was delivered {n} times" for text, n in chats.items() if n > 1]
        return found + self.record_problems() + self.evidence_problems()

    def evidence_problems(self) -> list[str]:
        """The record as evidence: each message it says was sent, or may have arrived (unknown), is one
        delivery the servers counted on its channel, and none was sent twice."""
        lines = [json.loads(line) for name, text in (self.records[-1] if self.records else {}).items()
                 if name.endswith(".jsonl") for line in text.splitlines() if line.strip()]
        channel = {line["message_id"]: line["channel"] for line in lines if line.get("type") == "attempt"}
        outcomes: dict[str, list[str]] = {}
        for line in lines:
            if line.get("type") == "outcome":
                outcomes.setdefault(line["message_id"], []).append(line["outcome"])
        found = [f"the record says {mid} was sent {o.count('sent')} times" for mid, o in outcomes.items()
                 if o.count("sent") > 1]
        delivered = self.delivered()
        for name in CHANNELS:
            reached = [m for m, c in channel.items() if c == name and {"sent", "unknown"} & set(outcomes.get(m, []))]
            if len(reached) != len(delivered[name]):
                found.append(f"{name}: the record has {len(reached)} message(s) sent or maybe sent, the server got "
                             f"{len(delivered[name])}")
        return found

    def record_problems(self) -> list[str]:
        """The record branch only grew: every file of each run's record starts with the last run's, and
        every update of the branch that origin took was a fast-forward."""
        found = []
        for number, (before, after) in enumerate(zip(self.records, self.records[1:]), start=2):
            for name, text in before.items():
                if not after.get(name, "").startswith(text):
                    found.append(f"run {number}: the record's {name} is not the previous run's followed by more")
        for event in self.hosting.events("ref-updated"):
            if event["ref"] != f"refs/heads/{RECORD_BRANCH}" or set(event["old"]) == {"0"}:
                continue
            if not self._is_ancestor(event["old"], event["new"]):
                found.append(f"run {event['run']}: {RECORD_BRANCH} moved from {event['old'][:8]} to "
                             f"{event['new'][:8]}, which is not a fast-forward")
        if not self.records or not self.records[-1]:
            found.append(f"there is no record on the branch {RECORD_BRANCH} after {len(self.records)} runs")
        return found

    def _is_ancestor(self, old: str, new: str) -> bool:
        return subprocess.run(["git", "merge-base", "--is-ancestor", old, new], cwd=self.hosting.origin,
                              capture_output=True).returncode == 0


def _webhook_tokens(request) -> list[str]:
    """The token of the latest update a webhook message announces (the newest when none is new)."""
    body = request.json()
    said = {u["id"]: u["body"] for u in body["incident"].get("incident_updates", [])}
    new = body["meta"].get("new_update_ids") or []
    text = said.get(new[-1], "") if new else body["incident"]["incident_updates"][0]["body"]
    return TOKEN.findall(text)[:1]
