"""What the pages show of each component: its row on the status page (grouped, the group's worst status
first), and its view on every page that shows it (status, uptime bar, the bar's bad days told in words,
and the figures of the part a phone shows). Computed once per build and language, from the build's state.
"""
from __future__ import annotations

from ..core.model import COMPONENT_STATUS_RANK, OPERATIONAL, Impact, Incident
from ..model.state import SiteState, Uptime
from ..read.config import Component
from .bars import uptime_bar
from .days import day_label, describe_day

NARROW_DAYS = 30  # days of the uptime bar shown on a phone (Statuspage shows 30 there too)
TONE = {Impact.OPERATIONAL: "ok", Impact.UNDER_MAINTENANCE: "maint", Impact.DEGRADED_PERFORMANCE: "minor",
        Impact.PARTIAL_OUTAGE: "major", Impact.MAJOR_OUTAGE: "critical"}


class ComponentViews:
    def __init__(self, state: SiteState, style, words, text, word):
        self.state = state
        self.style = style  # the language's formatting (languages.formatting)
        self.words = words  # its catalog
        self.text = text  # incident text in the page's language (render.in_language)
        self.word = word  # a status or impact in the page's language
        self._views: dict[str, dict] = {}
        self._incidents_by_id: dict[str, Incident] | None = None

    def rows(self) -> list[dict]:
        """Groups in configuration order, each with its visible components."""
        state = self.state
        groups: list[dict] = []
        by_name: dict[str, dict] = {}
        for component in self.state.config.components:
            status = state.component_status.get(component.id, OPERATIONAL)
            if component.only_show_if_degraded and status == OPERATIONAL:
                continue
            row = self.view(component)
            key = component.group or ""
            if key not in by_name:
                by_name[key] = {"name": component.group, "rows": []}
                groups.append(by_name[key])
            by_name[key]["rows"].append(row)
        for group in groups:
            worst = max((r["status"] for r in group["rows"]), key=_rank)
            group.update(status=worst, status_label=self.word(worst), tone=TONE[worst])
        return groups

    def view(self, component: Component) -> dict:
        """A component's status, uptime bar and bad days: the same on every page that shows it, computed once."""
        view = self._views.get(component.id)
        if view is None:
            view = self._views[component.id] = self._view(component)
        return view

    def _view(self, component: Component) -> dict:
        status = self.state.component_status.get(component.id, OPERATIONAL)
        uptime = self.state.uptime.get(component.id)
        since = uptime.since if uptime else None
        bar = self.bar(uptime) if uptime else None
        days = self.bad_days(component.id, uptime) if uptime else []
        return {"component": component, "id": component.id, "name": component.name, "status": status,
                "status_label": self.word(status), "tone": TONE[status],
                # measured only from a day inside the bar's period (measured_since): the figure covers that part
                "measured_since": day_label(since, self.style) if since else None,
                "uptime": uptime, "bar": bar, "days": days,
                "narrow": self.narrow_figures(uptime, days) if bar and bar["narrow"] else None}

    def narrow_figures(self, uptime, days: list[dict]) -> dict:
        """The figures under the bar as a phone shows it (its last NARROW_DAYS days): the percentage and
        the days with incidents count what that bar shows, not the whole period it leaves out."""
        shown = uptime.days[-NARROW_DAYS:]
        first = shown[0].date
        since = uptime.since if uptime.since and uptime.since > first else None
        part = Uptime(tuple(shown), sum(d.downtime for d in shown), sum(d.measured for d in shown), since)
        for day in days:
            day["shown_narrow"] = day["date"] >= first
        return {"uptime": part, "days": sum(1 for d in days if d["shown_narrow"]), "span": len(shown),
                "measured_since": day_label(since, self.style) if since else None}

    def bad_days(self, component_id: str, uptime) -> list[dict]:
        """The bar's days that had something happen, newest first, told in words (render.days)."""
        by_id = self._by_id()
        out = []
        for day in reversed(uptime.days):
            if day.measured <= 0 or day.worst == OPERATIONAL:
                continue
            items = [by_id[i] for i in day.incidents if i in by_id]
            detail = describe_day(day, items, component_id, self.state.config.zone, self.state.now, self.style,
                                  self.words.gettext)
            # The incidents' titles as this page's language reads them (render.in_language), as in every list.
            detail["items"] = [dict(entry, title=self.text.title(item)) for entry, item in zip(detail["items"], items)]
            detail["tone"] = TONE[day.worst]
            detail["worst"] = self.word(day.worst)
            for part in detail["minutes"]:  # render.days names each impact in English
                part["label"] = self.word(part["impact"])
            out.append(detail)
        return out

    def _by_id(self) -> dict[str, Incident]:
        if self._incidents_by_id is None:
            self._incidents_by_id = {i.id: i for i in self.state.incidents}
        return self._incidents_by_id

    def bar(self, uptime) -> dict:
        """The bar's shapes: every day on a wide screen, the last NARROW_DAYS on a phone (render.bars)."""
        return uptime_bar(uptime, TONE, NARROW_DAYS, self.style, self.words)


def _rank(status: str) -> int:
    return COMPONENT_STATUS_RANK[status]
