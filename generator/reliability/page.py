"""The public /reliability/ page: monthly uptime against the SLA tiers and incidents per severity.

Only what a company publishes anyway: uptime computed from the published impact timeline (the
status page's measure) and counts of published incidents. No internal fact is read here: the
page is built from the SiteState, which never holds one. Charts are SVG drawn at build time (no
script); each has its figures in a table next to it.
"""
from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

from ..languages.formatting import ENGLISH, NBSP, Style
from ..languages.punctuation import LABELLED
from ..core.severities import preset_name
from ..core.text import N_
from ..model.state import SiteState
from .facts import Period
from .figures import incidents_per_month, month_uptime

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 320, 150, 44, 22, 10  # the chart's frame, in SVG units


def month_label(month: str, style: Style = ENGLISH) -> str:
    """'Nov 2026' (de 'Nov. 2026', ja '2026年11月') for '2026-11'."""
    year, number = month.split("-")
    return style.short_month(int(year), int(number))


def page_period(state: SiteState) -> Period:
    """The configured number of months, ending with the current one (up to the build)."""
    zone = state.config.zone
    today = state.now.astimezone(zone).date()
    index = today.year * 12 + today.month - 1 - (state.config.reliability_page.months - 1)
    return Period(date(index // 12, index % 12 + 1, 1), today, zone)


def _floor(values: list[float], targets: list[float]) -> float:
    """The lowest percentage the uptime axis shows: a little under the lowest target or value, from 90 %."""
    low = min([*values, *targets, 99.5])
    for floor in (99.0, 98.0, 95.0, 90.0):
        if low - 0.1 >= floor:
            return floor
    return 0.0


def _y(value: float, floor: float) -> float:
    share = (max(value, floor) - floor) / (100 - floor)
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - share), 2)


def uptime_chart(chart_id: str, name: str, months: list[dict], targets: list[tuple[str, float]],
                 style: Style = ENGLISH, _=str) -> Markup:
    """Months without data (before the component's measured_since) get no bar, only their label. `_`: the
    site's gettext, for the chart's words."""
    floor = _floor([m["percent"] for m in months if m["percent"] is not None], [t for _, t in targets])
    slot = (WIDTH - LEFT) / max(1, len(months))
    title, to_date = _("%(name)s: monthly uptime") % {"name": name}, " " + _("(to date)")
    parts = [f'<svg class="sg-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{chart_id}-title">',
             f'<title id="{chart_id}-title">{escape(title)}, '
             + str(escape(", ".join(f"{m['label']}{to_date if m['to_date'] else ''} {m['text']}"
                                    for m in months))) + "</title>"]
    for value in (floor, 100.0):
        y = _y(value, floor)
        parts.append(f'<line class="sg-chart__axis" x1="{LEFT}" y1="{y}" x2="{WIDTH}" y2="{y}"/>'
                     f'<text class="sg-chart__label" x="{LEFT - 4}" y="{y + 3}" text-anchor="end">{style.target(value)}</text>')
    for index, m in enumerate(months):
        x = LEFT + index * slot + slot * 0.2
        if m["percent"] is not None:
            y = _y(m["percent"], floor)
            tone = "ok" if all(t["met"] for t in m["tiers"]) else "breach"
            parts.append(f'<rect class="sg-chart__bar sg-chart__bar--{tone}" x="{round(x, 2)}" y="{y}" '
                         f'width="{round(slot * 0.6, 2)}" height="{round(HEIGHT - BOTTOM - y, 2)}"/>')
        parts.append(f'<text class="sg-chart__label" x="{round(x + slot * 0.3, 2)}" y="{HEIGHT - 6}" '
                     f'text-anchor="middle">{escape(style.months[int(m["month"][5:]) - 1])}</text>')
    for tier, target in targets:
        y = _y(target, floor)
        parts.append(f'<line class="sg-chart__target" x1="{LEFT}" y1="{y}" x2="{WIDTH}" y2="{y}"/>'
                     f'<text class="sg-chart__label sg-chart__label--target" x="{WIDTH - 2}" y="{y - 2}" '
                     f'text-anchor="end">{escape(tier)} {style.target(target)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def incidents_chart(rows: list[dict], severities: list[str], style: Style = ENGLISH, _=str) -> Markup:
    top = max([sum(r["counts"].values()) for r in rows] + [1])
    slot = (WIDTH - LEFT) / max(1, len(rows))
    scale = (HEIGHT - TOP - BOTTOM) / top
    title = _("Incidents per month by severity")
    parts = [f'<svg class="sg-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="incidents-title">',
             '<title id="incidents-title">'
             + str(escape(_(LABELLED) % {"label": title, "text": "; ".join(
                 _(LABELLED) % {"label": r["label"], "text": ", ".join(f"{s} {style.number(r['counts'][s])}"
                                                                        for s in severities)} for r in rows)}))
             + "</title>"]
    for value in (0, top):
        y = round(HEIGHT - BOTTOM - value * scale, 2)
        parts.append(f'<line class="sg-chart__axis" x1="{LEFT}" y1="{y}" x2="{WIDTH}" y2="{y}"/>'
                     f'<text class="sg-chart__label" x="{LEFT - 4}" y="{y + 3}" text-anchor="end">{style.number(value)}</text>')
    for index, r in enumerate(rows):
        x = round(LEFT + index * slot + slot * 0.2, 2)
        base = HEIGHT - BOTTOM
        for rank, severity in enumerate(severities):
            count = r["counts"][severity]
            if count:
                height = round(count * scale, 2)
                base = round(base - height, 2)
                parts.append(f'<rect class="sg-chart__bar sg-chart__bar--s{min(rank, 3)}" x="{x}" y="{base}" '
                             f'width="{round(slot * 0.6, 2)}" height="{height}"/>')
        parts.append(f'<text class="sg-chart__label" x="{round(x + slot * 0.3, 2)}" y="{HEIGHT - 6}" '
                     f'text-anchor="middle">{escape(style.months[int(r["month"][5:]) - 1])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def verdict(met: bool | None, unfinished: bool) -> str:
    """A month against a target. An unfinished month is not yet met or missed: it is on track or below
    the target so far (downtime still to come can only lower it, and a good rest of the month can lift it)."""
    if met is None:
        return N_("No data")  # English, marked: the page template translates it
    if unfinished:
        return N_("On track") if met else N_("Below target so far")
    return N_("Met") if met else N_("Missed")


def page_view(state: SiteState, style: Style = ENGLISH, _=str) -> dict:
    """What reliability.html shows: its dates and numbers written the site's language's way (`style`), its
    words through `_`, the site's gettext (English by default)."""
    config, now = state.config, state.now
    period = page_period(state)
    uptime = month_uptime(config, state.incidents, period, now)
    unfinished = {month for month, _, end in period.months() if end > now}
    components = []
    for component in config.components:
        months = [{"month": u.month, "label": month_label(u.month, style), "percent": u.percent,
                   "text": _("no data") if u.percent is None else style.percent(u.percent)
                   # (as this cell has always written it: plain spaces, a table cell may wrap there)
                   + (" " + _("(from %(day)s)") % {"day": style.date(u.since, with_year=False).replace(NBSP, ' ')}
                      if u.since else ""),
                   "to_date": u.month in unfinished,
                   "tiers": [{"tier": t.tier, "target": style.target(t.target), "met": t.met,
                              "verdict": verdict(t.met, u.month in unfinished)} for t in u.tiers]}
                  for u in uptime if u.component == component.id]
        targets = [(t.name, t.uptime) for t in config.sla_tiers if component.id in t.components]
        chart = uptime_chart(f"uptime-{component.id}", component.name, months, targets, style, _)
        components.append({"id": component.id, "name": component.name, "months": months,
                           "targets": [{"tier": name, "target": style.target(value)} for name, value in targets],
                           "chart": chart})
    severities = [s.id for s in config.severities]
    rows = [{"month": month, "label": month_label(month, style), "to_date": month in unfinished, "counts": counts,
             "total": style.number(sum(counts.values()))} for month, counts in incidents_per_month(config, state.incidents,
                                                                                     period, now)]
    return {"period": period, "first_label": month_label(period.months()[0][0], style),
            "components": components,
            "tiers": [{"name": t.name, "target": style.target(t.uptime)} for t in config.sla_tiers],
            "severities": [{"id": s.id, "name": _(s.name) if preset_name(s.id, s.name) else s.name,
                            "tone": min(s.rank, 3)} for s in config.severities],
            "incident_rows": rows, "incidents_chart": incidents_chart(rows, severities, style, _),
            "weights": config.uptime_weights, "as_of": now}


