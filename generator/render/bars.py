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

from ..core.model import IMPACT_LABELS, OPERATIONAL
from ..core.percent import percent_text
from .days import MONTHS, day_label

QUIET = ("ok", "none")  # tones whose days merge into one shape when they follow each other


def _dates(first, last) -> str:
    if first == last:
        return day_label(first)
    if first.year == last.year:
        return f"{first.day}\u00a0{MONTHS[first.month - 1]} to {day_label(last)}"
    return f"{day_label(first)} to {day_label(last)}"


def day_cell(day, tone_of) -> tuple[str, str]:
    """(tone, what happened) of one day, as its tooltip says it after the date."""
    if day.measured <= 0:
        # Before the component's measured_since nothing was measured: no data, never "no incidents".
        return "none", "no data" if getattr(day, "before_measuring", False) else "no data yet"
    if day.worst == OPERATIONAL:
        return "ok", "no incidents"
    count = len(day.incidents)
    share = day.uptime if day.uptime is not None else 1.0
    return tone_of[day.worst], (f"{IMPACT_LABELS[day.worst].lower()}, {count} "
                                f"{'incident' if count == 1 else 'incidents'}, "
                                f"{percent_text(share * 100)} uptime")


def _shapes(days, tone_of) -> dict:
    runs: list[dict] = []
    for index, day in enumerate(days):
        tone, text = day_cell(day, tone_of)
        last = runs[-1] if runs else None
        if last and tone in QUIET and last["tone"] == tone and last["text"] == text:
            last["width"] += 1
            last["last"] = day.date
            continue
        runs.append({"x": index, "width": 1, "tone": tone, "text": text, "first": day.date, "last": day.date})
    for run in runs:
        run["title"] = f"{_dates(run.pop('first'), run.pop('last'))}: {run.pop('text')}"
    gaps = "".join(f"M{i} 0V1" for i in range(1, len(days)))
    return {"days": len(days), "runs": runs, "gaps": gaps}


def uptime_bar(uptime, tone_of: dict, narrow_days: int) -> dict:
    """{"wide": shapes of every day, "narrow": shapes of the last narrow_days (None when that is all of them)}."""
    days = tuple(uptime.days)
    wide = _shapes(days, tone_of)
    narrow = _shapes(days[-narrow_days:], tone_of) if len(days) > narrow_days else None
    return {"wide": wide, "narrow": narrow, "narrow_days": min(narrow_days, len(days))}
