"""Drafts as text for a terminal, JSON for tools, and Markdown for a pull request's job summary.

Markdown puts every draft in a fenced block longer than any run of backticks in
it, so a message cannot close the fence and add markup to the summary.
"""
from __future__ import annotations

import json
import re

from ..core.text import code, md, one_line
from .drafts import Drafts
from .kinds import CHAT, EMAIL, IN_APP, SOCIAL

KIND_NAMES = {"first": "first notice", "update": "update", "resolved": "resolution",
              "maintenance": "maintenance notice", "security": "security notice"}


def _drafts_json(drafts: Drafts) -> dict:
    out: dict = {}
    if drafts.email:
        e = drafts.email
        out[EMAIL] = {"subject": e.subject, "text": e.text, "html": e.html, "message_id": e.message_id,
                      "in_reply_to": e.in_reply_to, "references": list(e.references)}
    if drafts.social:
        out[SOCIAL] = {p.platform: {"text": p.text, "length": p.length, "limit": p.limit,
                                    "notes": list(p.notes)} for p in drafts.social}
    return out


def as_json(drafts: Drafts) -> dict:
    moment = drafts.moment
    out: dict = {
        "incident": moment.incident.id,
        "update": moment.number,
        "update_id": moment.update_id,
        "kind": drafts.kind,
        "status": str(moment.incident.status),
        "channels": list(drafts.channels),
        "audiences": {channel: list(names) for channel, names in drafts.audiences},
        "notes": list(drafts.notes),
        "drafts": {},
    }
    if drafts.email:
        e = drafts.email
        out["drafts"][EMAIL] = {"subject": e.subject, "text": e.text, "html": e.html, "message_id": e.message_id,
                                "in_reply_to": e.in_reply_to, "references": list(e.references)}
    if drafts.social:
        out["drafts"][SOCIAL] = {p.platform: {"text": p.text, "length": p.length, "limit": p.limit,
                                              "notes": list(p.notes)} for p in drafts.social}
    if drafts.in_app is not None:
        out["drafts"][IN_APP] = {"text": drafts.in_app}
    if drafts.chat is not None:
        out["drafts"][CHAT] = {"text": drafts.chat}
    if drafts.others:  # only for audiences that read another language: a one-language site's JSON is as it was
        out["languages"] = {o.language: {"audiences": {c: list(n) for c, n in o.audiences}, "notes": list(o.notes),
                                         "drafts": _drafts_json(o)} for o in drafts.others}
    return out


def render_json(items: list[Drafts], **top) -> str:
    return json.dumps({**top, "messages": [as_json(d) for d in items]}, indent=2, sort_keys=True,
                      ensure_ascii=False) + "\n"


def channel_list(drafts: Drafts) -> str:
    """'status_page, email (everyone), in_app, chat (everyone, enterprise)': who each channel reaches."""
    named = dict(drafts.audiences)
    return ", ".join(f"{c} ({', '.join(named[c])})" if c in named else c for c in drafts.channels) or "none"


def _heading(drafts: Drafts) -> str:
    moment = drafts.moment
    return one_line(f"{moment.incident.id}, update {moment.number} of {moment.posted or moment.number} "
                    f"({moment.incident.status}): {KIND_NAMES[drafts.kind]}; channels: {channel_list(drafts)}")


def render_text(items: list[Drafts]) -> str:
    blocks = []
    for drafts in items:
        lines = [f"# {_heading(drafts)}"]
        lines += [f"# note: {one_line(n)}" for n in drafts.notes]
        if drafts.email:
            e = drafts.email
            lines += ["", "=== email", f"Subject: {e.subject}", f"Message-ID: {e.message_id}"]
            if e.in_reply_to:
                lines += [f"In-Reply-To: {e.in_reply_to}", f"References: {' '.join(e.references)}"]
            lines += ["", e.text.rstrip("\n"), "",
                      f"(and an HTML part of {len(e.html):,} characters: --channel email --format json shows it)"]
        for post in drafts.social:
            lines += ["", f"=== social: {post.name} ({post.length} of {post.limit} characters as {post.name} "
                          "counts them)", post.text]
        if drafts.in_app is not None:
            lines += ["", "=== in_app", drafts.in_app]
        if drafts.chat is not None:
            lines += ["", "=== chat", drafts.chat]
        for other in drafts.others:
            lines += _other_text(other)
        if len(lines) == 1 + len(drafts.notes):
            lines += ["", "(no channel of this severity takes a drafted message: the status page shows the update)"]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _for(other: Drafts) -> str:
    """'in de, for kunden-de': a draft in an audience's own language, and whom it is for."""
    names = dict.fromkeys(n for _, audiences in other.audiences for n in audiences)
    return f"in {other.language}, for {', '.join(names)}"


def _other_text(other: Drafts) -> list[str]:
    lines = [f"# note ({other.language}): {one_line(n)}" for n in other.notes]
    if other.email:
        e = other.email
        lines += ["", f"=== email {_for(other)}", f"Subject: {e.subject}", f"Message-ID: {e.message_id}", "",
                  e.text.rstrip("\n")]
    for post in other.social:
        lines += ["", f"=== social: {post.name} {_for(other)} ({post.length} of {post.limit} characters)", post.text]
    return lines


def _fence(text: str, info: str = "text") -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text.rstrip(chr(10))}\n{fence}"


def render_markdown(items: list[Drafts], since: str) -> str:
    heading = "### Messages merging would send"
    if not items:
        return f"{heading}\n\nNo announced change compared with `{code(since)}`: no message is drafted.\n"
    lines = [heading, "", f"Compared with `{code(since)}`. The e-mail goes out where the deploy has an e-mail target "
                          "configured; the posts are drafts for whoever posts them.", ""]
    for drafts in items:
        moment = drafts.moment
        lines += [f"#### {md(moment.incident.title)} (`{moment.incident.id}`, update {moment.number}, "
                  f"{md(KIND_NAMES[drafts.kind])})", "",
                  f"Channels: {md(channel_list(drafts))}", ""]
        lines += [f"> {md(n)}" for n in drafts.notes] + ([""] if drafts.notes else [])
        if drafts.email:
            e = drafts.email
            lines += [f"**E-mail**, subject: {md(e.subject)}", "", _fence(e.text), "",
                      "<details><summary>HTML part</summary>", "", _fence(e.html, "html"), "", "</details>", ""]
        for post in drafts.social:
            lines += [f"**{post.name}** ({post.length} of {post.limit} characters)", "", _fence(post.text), ""]
        if drafts.in_app is not None:
            lines += ["**In-app banner**", "", _fence(drafts.in_app), ""]
        if drafts.chat is not None:
            lines += ["**Chat**", "", _fence(drafts.chat), ""]
        for other in drafts.others:
            if other.email:
                lines += [f"**E-mail {md(_for(other))}**, subject: {md(other.email.subject)}", "",
                          _fence(other.email.text), ""]
            for post in other.social:
                lines += [f"**{post.name} {md(_for(other))}** ({post.length} of {post.limit} characters)", "",
                          _fence(post.text), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
