"""An uptime bar as a few shapes instead of one element per day.

A bar of 90 days drawn as 90 elements (each with its tooltip) made most of the
status page's DOM, which a phone pays for in style and layout time. Here the
bar is one small SVG: days in a row that read the same ("no incidents", "no
data yet") are one rectangle with one tooltip naming the dates, every day with
an incident is a rectangle of its own with its own tooltip, and one path draws
the 1 px gaps between all days, so each day still shows as a separate cell.

A phone shows the last NARROW_DAYS days, as a second, smaller SVG of their own
(its shapes cut at the window's start), so the tooltips there name only days it
shows. Day i spans x in [i, i + 1) of the viewBox; the SVG is stretched to the
bar's width, so each day is the bar's width divided by the days shown.
"""
from __future__ import annotations

import gettext as _gettext

from ..core.model import IMPACT_LABELS, OPERATIONAL
from ..languages.formatting import ENGLISH, Style

QUIET = ("ok", "none")  # tones whose days merge into one shape when they follow each other
_ENGLISH_WORDS = _gettext.NullTranslations()


class _Words:
    """The site's language for one bar: its Style and its catalog (gettext translations)."""

    def __init__(self, style: Style, words) -> None:
        self.style, self.words = style, words


def _dates(first, last, w: _Words | None = None) -> str:
    w = w or _Words(ENGLISH, _ENGLISH_WORDS)
    _ = w.words.gettext
    if first == last:
        return w.style.date(first)
    start = w.style.date(first, with_year=first.year != last.year)
    # A run of days in the bar's tooltip: "1 Mar to 10 Mar 2026".
    return _("%(first)s to %(last)s") % {"first": start, "last": w.style.date(last)}


def day_cell(day, tone_of, w: _Words | None = None) -> tuple[str, str]:
    """(tone, what happened) of one day, as its tooltip says it after the date."""
    w = w or _Words(ENGLISH, _ENGLISH_WORDS)
    _, ngettext = w.words.gettext, w.words.ngettext
    if day.measured <= 0:
        # Before the component's measured_since nothing was measured: no data, never "no incidents".
        return "none", _("no data") if getattr(day, "before_measuring", False) else _("no data yet")
    if day.worst == OPERATIONAL:
        return "ok", _("no incidents")
    count = len(day.incidents)
    share = day.uptime if day.uptime is not None else 1.0
    # A bad day's tooltip: "partial outage, 2 incidents, 99.50% uptime".
    return tone_of[day.worst], ngettext("%(impact)s, %(count)s incident, %(uptime)s uptime",
                                        "%(impact)s, %(count)s incidents, %(uptime)s uptime", count) % {
        "impact": _(IMPACT_LABELS[day.worst]).lower() if w.style.english else _(IMPACT_LABELS[day.worst]),
        "count": w.style.number(count), "uptime": w.style.percent(share * 100)}


def _shapes(days, tone_of, w: _Words) -> dict:
    _ = w.words.gettext
    runs: list[dict] = []
    for index, day in enumerate(days):
        tone, text = day_cell(day, tone_of, w)
        last = runs[-1] if runs else None
        if last and tone in QUIET and last["tone"] == tone and last["text"] == text:
            last["width"] += 1
            last["last"] = day.date
            continue
        runs.append({"x": index, "width": 1, "tone": tone, "text": text, "first": day.date, "last": day.date})
    for run in runs:
        # A tooltip: "10 Mar 2026: no incidents".
        run["title"] = _("%(dates)s: %(what)s") % {"dates": _dates(run.pop("first"), run.pop("last"), w),
                                                   "what": run.pop("text")}
    gaps = "".join(f"M{i} 0V1" for i in range(1, len(days)))
    return {"days": len(days), "runs": runs, "gaps": gaps}


def uptime_bar(uptime, tone_of: dict, narrow_days: int, style: Style = ENGLISH, words=_ENGLISH_WORDS) -> dict:
    """{"wide": shapes of every day, "narrow": shapes of the last narrow_days (None when that is all of them)},
    their tooltips in the site's language (`style`, `words`: its gettext translations)."""
    w = _Words(style, words)
    days = tuple(uptime.days)
    wide = _shapes(days, tone_of, w)
    narrow = _shapes(days[-narrow_days:], tone_of, w) if len(days) > narrow_days else None
    return {"wide": wide, "narrow": narrow, "narrow_days": min(narrow_days, len(days))}
