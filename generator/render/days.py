"""What happened to one component on one day of its uptime bar, for readers who tap or tab.

The bar shows a day's worst impact as a colour; this says it in words: for each
impact, how many minutes it was the worst one on the component (so minutes never
add up to more than the day), and which incidents and maintenance were behind it.
Only days with something to tell are described; the rest had no incidents.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from ..core.model import COMPONENT_STATUS_RANK, IMPACT_LABELS, OPERATIONAL, Incident
from ..languages.formatting import ENGLISH, Style

MONTHS = ENGLISH.months


def day_label(date, style: Style = ENGLISH) -> str:
    """'10 Mar 2026' (de '10. März 2026', ja '2026年3月10日'): day, month, year, as the times say
    their dates (render.clock), and never broken across lines. A day heading always says its year:
    it names a day, not a moment."""
    return style.date(date)


def minutes_text(seconds: float, style: Style = ENGLISH) -> str:
    """'2 h 5 min', 'under 1 min' (de '2 Std. 5 Min.'): to the nearest minute."""
    return style.minutes(seconds)


def impact_minutes(items: list[Incident], component: str, lo: datetime, hi: datetime, now: datetime) -> list[tuple]:
    """[(impact, seconds)] worst first: time each impact was the worst on `component` within [lo, hi)."""
    hi = min(hi, now)
    spans = []
    for item in items:
        for span in item.spans:
            if span.component != component or span.impact == OPERATIONAL:
                continue
            start, end = max(span.start, lo), min(span.end or now, hi)
            if end > start:
                spans.append((start, end, span.impact))
    points = sorted({p for s, e, _ in spans for p in (s, e)})
    totals: dict[str, float] = {}
    for a, b in zip(points, points[1:]):
        active = [impact for s, e, impact in spans if s <= a and e >= b]
        if active:
            worst = max(active, key=COMPONENT_STATUS_RANK.__getitem__)
            totals[worst] = totals.get(worst, 0.0) + (b - a).total_seconds()
    return sorted(totals.items(), key=lambda kv: -COMPONENT_STATUS_RANK[kv[0]])


def describe_day(day, items: list[Incident], component: str, zone, now: datetime, style: Style = ENGLISH,
                 gettext=str) -> dict:
    """One day's details: label, per-impact minutes (as text) and the incidents, oldest first; the
    impacts' names through `gettext` (the site's language)."""
    from datetime import time

    lo = datetime.combine(day.date, time(0), zone)
    hi = datetime.combine(day.date + timedelta(days=1), time(0), zone)
    minutes = [{"impact": impact, "label": gettext(IMPACT_LABELS[impact]), "text": minutes_text(seconds, style)}
               for impact, seconds in impact_minutes(items, component, lo, hi, now)]
    return {"date": day.date, "label": day_label(day.date, style), "minutes": minutes,
            "items": [{"id": i.id, "title": i.title} for i in items]}
