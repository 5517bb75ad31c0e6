"""A change's post on one platform, threaded under the incident's earlier posts there, sent once.

Threading: every post of an incident after its first is a reply, so followers read the incident as
one thread. The reply goes to the incident's latest post on that platform (the thread reads in
order; on Bluesky the first post is the thread's root). The posts are found in the communications
record, where each sent post's id is kept; an incident whose earlier posts are not there (sent
before statusgen posted, or confirmed by hand) starts with a standalone post.
"""
from __future__ import annotations

from datetime import datetime

from ...changes.detect import Change
from ...comms.find import drafts_for_change
from ...comms.kinds import SOCIAL
from ...comms.social import PLATFORM_NAMES, X
from ..send import Policy, Result
from ..targets import BLUESKY, MASTODON, Target
from . import bluesky, mastodon


def post_text(change: Change, target: Target, composer, state) -> str:
    """The draft for the target's platform (`statusgen comms` shows the same); raises UserError."""
    drafts = drafts_for_change(composer, change, state, only=SOCIAL)
    return next(p.text for p in drafts.social if p.platform == target.channel)


def prepare(target: Target, message_id: str, moment: datetime) -> dict:
    """Facts the attempt line must hold before the post goes out: Bluesky's record key."""
    return {"rkey": bluesky.tid(moment, message_id)} if target.channel == BLUESKY else {}


class Poster:
    """Posts for one run: a Bluesky session per account, made when first needed."""

    def __init__(self, policy: Policy, deadline: float):
        self.policy, self.deadline = policy, deadline
        self.sessions: dict[tuple[str, str], bluesky.Session | Result] = {}

    def send(self, target: Target, text: str, message_id: str, facts: dict, thread: list[dict],
             earlier: list[str], moment: datetime) -> Result:
        if target.channel == MASTODON:
            parent = next((p["id"] for p in reversed(thread) if isinstance(p.get("id"), str)), None)
            return mastodon.post_status(target, text, message_id, parent, self.policy, self.deadline)
        key = (target.url, target.sender)
        if key not in self.sessions:  # a refused login is not asked again for every post
            self.sessions[key] = bluesky.create_session(target, self.policy, self.deadline)
        session = self.sessions[key]
        if isinstance(session, Result):
            return session
        refs = [p for p in thread if isinstance(p.get("uri"), str) and isinstance(p.get("cid"), str)]
        reply = {"root": refs[0], "parent": refs[-1]} if refs else None
        return bluesky.send_post(target, session, text, facts["rkey"], moment, reply, earlier, self.policy,
                                 self.deadline)


def dry_run_text(change: Change, composer, state) -> str:
    """Every platform's post, as a dry run prints them; raises UserError when a template fails."""
    lines = []
    for draft in drafts_for_change(composer, change, state, only=SOCIAL).social:
        # X has no posting here: its draft is for a person to post.
        lines += [f"{PLATFORM_NAMES[draft.platform]} post{' (a draft: not posted)' if draft.platform == X else ''}:",
                  draft.text]
    return "\n".join(lines)


def fit_to_instances(composer, targets: list[Target], planned, policy: Policy, deadline: float) -> list[str]:
    """A Mastodon instance that allows fewer than 500 characters gets posts fitted to its limit: asked once a
    run, only when something is to be posted there. Returns warnings (the instance could not say)."""
    posting = {s.target.channel for a in planned.announcements for s in a.sends}
    notes = []
    for target in targets:
        if target.channel == MASTODON and MASTODON in posting and composer is not None:
            most, note = mastodon.instance_limit(target, policy, deadline)
            if note:
                notes.append(f"{target.variable}: {note}")
            if most:
                composer.limits[MASTODON] = most
    return notes
