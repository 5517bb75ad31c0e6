"""What the alert workflow says on GitHub: a draft pull request's title and body, and its comments.

Everything that comes from the alert (its title, the changes `statusgen ingest` lists, its key) is
untrusted text: in a title it is reduced to one plain line; in a body or comment it is shown only
inside a fenced code block longer than any run of backticks in it, where GitHub renders no markup,
mentions no one and links nothing.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

ACTIONS = ("created", "updated", "unchanged", "ignored", "withdrawn")
TITLE_LIMIT = 120  # characters of the alert's title in the pull request's title
TEXT_LIMIT = 2000  # characters of untrusted text shown in a body or comment
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_BRANCH = re.compile(r"statusgen-alert/[a-z0-9][a-z0-9/-]*")
_SENDER = re.compile(r"[a-z][a-z0-9-]*")


class ResultError(ValueError):
    """`statusgen ingest`'s output is not what its contract promises."""


@dataclass(frozen=True)
class Ingested:
    """The fields of `statusgen ingest`'s JSON this workflow acts on, checked."""

    action: str
    sender: str
    state: str
    branch: str
    path: str | None
    title: str
    changes: tuple[str, ...]
    reason: str


def read_result(text: str) -> Ingested:
    """Check `statusgen ingest`'s one JSON object (contract 4 of issue #22)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ResultError(f"statusgen ingest printed something that is not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise ResultError("statusgen ingest printed JSON that is not an object")
    problems = []
    action = data.get("action")
    if action not in ACTIONS:
        problems.append(f"action {action!r} is not one of {', '.join(ACTIONS)}")
    branch = data.get("branch")
    if not isinstance(branch, str) or not _BRANCH.fullmatch(branch) or "//" in branch or branch.endswith("/"):
        problems.append(f"branch {branch!r} is not statusgen-alert/... in [a-z0-9/-]")
    sender = data.get("sender")
    if not isinstance(sender, str) or not _SENDER.fullmatch(sender):
        problems.append(f"sender {sender!r} is not a sender's name")
    path = data.get("path")
    if path is not None and (not isinstance(path, str) or path.startswith("/") or ".." in path.split("/")):
        problems.append(f"path {path!r} is not a path inside the repository")
    changes = data.get("changes") or []
    if not isinstance(changes, list) or not all(isinstance(c, str) for c in changes):
        problems.append("changes is not a list of text")
        changes = []
    if problems:
        raise ResultError("statusgen ingest's JSON: " + "; ".join(problems))
    return Ingested(action, sender, str(data.get("state") or ""), branch, path, str(data.get("title") or ""),
                    tuple(changes), str(data.get("reason") or ""))


def one_line(text: str, limit: int = TITLE_LIMIT) -> str:
    """Untrusted text as one plain line: control and invisible characters gone, spaces squeezed, cut."""
    line = " ".join(_CONTROL.sub(" ", text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def quoted(text: str) -> str:
    """Untrusted text in a fenced code block GitHub shows verbatim: no markup, mentions or links."""
    text = _CONTROL.sub(lambda m: "\n" if m.group() == "\n" else " ", text.replace("\r\n", "\n"))
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1] + "…"
    runs = [len(run) for run in re.findall(r"`+|~+", text)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return f"{fence}text\n{text}\n{fence}"


def pull_title(result: Ingested) -> str:
    return f"Draft incident from an alert: {one_line(result.title) or '(no title)'}"


def pull_body(result: Ingested) -> str:
    where = f"`{result.path}`" if result.path else "the incident file"
    changes = "\n".join(result.changes) or result.reason
    return "\n".join([
        f"Opened automatically from a **{result.sender}** alert ({result.state or 'firing'}). "
        "Nothing is public yet: this pull request is a draft, and so is the incident file.",
        "",
        "What the alert says (untrusted text, shown as sent):",
        "",
        quoted(result.title or "(no title)"),
        "",
        f"What was written to {where}:",
        "",
        quoted(changes or "(nothing listed)"),
        "",
        "**Before merging, check:**",
        "",
        "- [ ] the components and their impact: the alert's labels chose them, and an unmapped alert has none;",
        "- [ ] the severity;",
        "- [ ] the wording of the title and of every update: it is what customers will read, written by a machine "
        "from an alert;",
        "- [ ] then remove `draft: true` from the incident file, and mark this pull request ready for review.",
        "",
        "**Merging publishes the incident** on the status page and sends its notifications. Later alerts for the "
        "same problem (acknowledged, resolved) add commits to this branch; your own commits here are kept. "
        "If the alert resolves within the flap window while this is still a draft, this pull request is closed "
        "automatically.",
    ])


def update_comment(result: Ingested) -> str:
    return "\n".join([
        f"The alert is now **{one_line(result.state, 40) or 'updated'}**; a new commit on this branch records it:",
        "",
        quoted("\n".join(result.changes) or result.reason or "(nothing listed)"),
    ])


def withdrawn_comment(result: Ingested) -> str:
    return "\n".join([
        "Closed automatically: the alert was withdrawn before anything was published "
        "(it resolved within the flap window, or the sender took it back):",
        "",
        quoted(result.reason or "\n".join(result.changes) or "(no reason given)"),
        "",
        "The branch is kept, with any commits of yours on it. Reopen this pull request to publish it anyway.",
    ])
