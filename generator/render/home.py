"""What the status page (`/`) shows first, as plain data for templates/status.html: pure.

The page answers "is it up, and is it my part?" before anything else: the banner says since when
and when the next update is due, the components follow, then each open incident as a compact card
(its latest update, what is still affected, the next update, the way to its full timeline). The
whole timeline of an incident lives on its own page only, so a phone reaches the components without
scrolling past every update (issue #24).
"""
from __future__ import annotations

import html
import re
from datetime import datetime

from ..core.model import OPERATIONAL

_BREAK = re.compile(r"</(p|li|h[1-6]|tr|pre|blockquote|div)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]*>")


def plain(fragment: str) -> str:
    """A sanitised message's HTML as one line of plain text, for a card that shows its beginning."""
    text = _TAG.sub("", _BREAK.sub(" ", fragment))
    return " ".join(html.unescape(text).split())


def banner_facts(open_items: list[dict], now: datetime) -> dict:
    """Since when the page has not been all clear, and the soonest update promised.

    `open_items` are the cards (see card) of the unresolved incidents and the maintenance in progress.
    "Since" is the earliest start among those still affecting a component (a notice, or an incident whose
    components have all recovered while it is watched, does not make the banner say "outage since");
    the next update is the soonest that any open incident's cadence promises (the one a reader waits for
    first), or the overdue one when a promise has already passed."""
    starts = [i["start"] for i in open_items
              if i["still_affected"] and i["start"] is not None and i["start"] <= now]
    promised = [i["next_update"] for i in open_items if i["next_update"] is not None]
    return {"since": min(starts) if starts else None,
            "next_update": min(promised) if promised else None}


def card(summary: dict, timeline: list[dict]) -> dict:
    """A compact card: the summary with the latest update (as shown on the incident page, newest first),
    the components still affected and those that recovered, and how many updates the full timeline has."""
    latest = timeline[0] if timeline else None
    still = [c for c in summary["components"] if c["impact"] != OPERATIONAL]
    recovered = [c for c in summary["components"] if c["impact"] == OPERATIONAL]
    # A message that fell back to the site's own language (render.in_language) keeps its `lang` and its note
    # apart from the text, so the one line stays in one language.
    return dict(summary, latest=None if latest is None else {
        "label": latest["label"], "at": latest["at"], "text": plain(str(latest.get("alone", latest["html"]))),
        "lang": latest.get("lang"), "note": latest.get("note")},
        still_affected=still, recovered=recovered, updates_count=len(timeline))


def glance(groups: list[dict]) -> list[dict]:
    """The components at a glance, in the page's groups: a group where all is well is one line naming
    its members, so a reader finds theirs without opening anything; any other group lists each member
    with its status."""
    return [dict(g, quiet=bool(g["name"]) and g["status"] == OPERATIONAL) for g in groups]
