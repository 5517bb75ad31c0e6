"""Rendering one planned page to HTML with Jinja2 over the templates folder.

Templates only print: everything they show is computed here (once per page,
from that page's own slice), so a template can never loop over the whole
history.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..core import urls
from ..read.config import Component
from ..core.diagnostics import UserError
from ..core.model import IMPACT_LABELS, STATUS_LABELS, Impact, Incident, Status
from ..read.reader import shown_path
from ..model.state import SiteState, current_impacts, effective_end
from ..core.severities import preset_name
from ..core.timeutil import UTC, iso_z
from ..languages.labels import label
from .messages import Messages
from .pages import PageSpec, start_of
from . import home, sandbox
from .sandbox import shipped_dir as builtin_templates_dir
from .component_bar import ComponentBars
from .component_views import TONE, ComponentViews
from .list_entries import ListEntries
from .shared_macros import SharedMacros
from .days import day_label
from .window import maintenance_end, phases_ahead
from .clock import build_year, range_html, time_html
from .in_language import InText
from ..languages.catalogs import translations
from ..languages.formatting import style_of

PAST_DAYS = 15  # "Past incidents" on the status page, day by day (as Statuspage shows them)
# Colour class of a component status, shared by rows, bars and badges.

def fmt_time(moment: datetime | None, zone=UTC, this_year: int | None = None) -> Markup:
    """A time readers can trust without JavaScript, in `zone` with UTC beside it (render.clock);
    the script rewrites it in the reader's zone."""
    if moment is None:
        return Markup("")
    return time_html(moment, zone, moment.year if this_year is None else this_year)


class Linker:
    """Page-relative links, so the site works under any sub-path.

    `prefix` ("de/") is the folder of a language's tree (write.languages): its pages and feeds link
    within the tree, what only the root has (build.json, the calendar, badges) from the site's root."""

    def __init__(self, page_path: str, directory_urls: bool = True, prefix: str = ""):
        self.directory_urls = directory_urls
        self.prefix = prefix
        url = self.target(prefix + page_path)
        depth = url.count("/")
        self.root = "../" * depth

    def target(self, path: str) -> str:
        if self.directory_urls or not (path == "" or path.endswith("/")):
            return path
        # A home page is its folder's index.html: the site's (""), and a language's ("de/", from de/index.md).
        return path + "index.html" if path in ("", self.prefix) else path.rstrip("/") + ".html"

    def __call__(self, path: str) -> str:
        if self.prefix and urls.in_every_language(path):
            path = self.prefix + path
        href = self.root + self.target(path)
        return href or "./"


class Renderer:
    def __init__(self, state: SiteState, override_dirs: tuple[Path, ...] = (), directory_urls: bool = True,
                 messages: Messages | None = None, sandboxed: bool | None = None, language: str | None = None,
                 prefix: str = ""):
        self.state = state
        self.messages = messages or Messages()
        self.config = state.config
        # A language's tree (write.languages): its catalog, its incident text (falling back visibly) and its
        # folder. None: the site's own language, the file's own text, at the root.
        self.language = language if language != self.config.language else None
        self.prefix = prefix
        self.text = InText(self.language, self.config.language)
        self.directory_urls = directory_urls
        self.components = {c.id: c for c in self.config.components}
        self.severities = self.config.severity_map  # named in the site's language below
        self.zone = self.config.zone
        # Pure results of the build's fixed state, kept where several pages ask for the same one:
        # each incident's summary (its page's body and sharing tags, and its entry in the history, the
        # component and report lists) and each list entry (a summary with its duration). Each
        # component's view is kept by render.component_views.
        self._summaries: dict[str, dict] = {}
        self._list_items: dict[str, dict] = {}
        # A moment's HTML depends on the moment alone (zone and year are the build's): the build time is on
        # every page and an update's time on several (its incident page, cards, feeds of lists).
        # Keyed with the offset too: two wall times in one zone compare equal across a DST fold.
        self._times: dict[tuple, Markup] = {}
        # A project's page templates run in the sandbox, like its message templates (render.sandbox); a
        # project that replaces none renders only statusgen's own, without the sandbox's cost (a third of
        # the page bodies' time).
        shipped = builtin_templates_dir()
        if sandboxed is None:
            sandboxed = sandbox.replaces_shipped(override_dirs, shipped, "*.html")
        self.env = sandbox.environment(
            override_dirs, shipped, sandboxed=sandboxed, language=self.language or self.config.language,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # one renderer per build: no need to stat templates on every page
        )
        self.this_year = build_year(state.now, self.zone)
        # Dates, times, durations and numbers (languages.formatting) and statusgen's own words
        # (languages.catalogs, English as written) in the language this renderer's pages speak.
        self.speaks = self.language or self.config.language
        self.style = style_of(self.speaks)
        self.words = translations(self.speaks)
        self._, self.ngettext = self.words.gettext, self.words.ngettext
        # A preset's severity names ("P2 · High") are statusgen's words; a name the project wrote stays as written.
        self.severities = {key: replace(s, name=self._(s.name)) if preset_name(s.id, s.name) else s
                           for key, s in self.severities.items()}
        self.components_shown = ComponentViews(state, self.style, self.words, self.text, self.word)
        self.bars = ComponentBars(self.env)  # each component's bar once per link depth (component.html)
        self.macros = SharedMacros(self.env, shipped)  # the shipped macros file once per link depth
        self.env.globals.update(time=self.time, window=self.window, ago=self.ago, duration=self.duration, iso=iso_z,
                                percent=self.percent, number=self.style.number,
                                status_label=self._known(STATUS_LABELS),
                                impact_label=self._known(IMPACT_LABELS), tone=TONE.get,
                                list_entry=ListEntries(self.env).html)  # each list entry once per depth

    # -- small formatting helpers exposed to templates ---------------------------------------------
    def absolute(self, path: str) -> str:
        """The full address of a page, for what leaves the site (print, shared links)."""
        return urls.absolute(self.config.site_url, path)

    def time(self, moment: datetime | None) -> Markup:
        """A moment in the site's time zone, UTC beside it (render.clock)."""
        if moment is None:
            return Markup("")
        key = (moment, moment.utcoffset())
        shown = self._times.get(key)
        if shown is None:
            shown = self._times[key] = time_html(moment, self.zone, self.this_year, self.style)
        return shown

    def percent(self, uptime) -> str:
        """An uptime's figure, cut to two decimals, the language's way ("99.99%", de "99,99 %")."""
        return self.style.percent(uptime.ratio * 100) if uptime.ratio is not None else uptime.percent_text

    def window(self, start: datetime, end: datetime) -> Markup:
        """A window, its day said once when it is one day (render.clock.short_range)."""
        return range_html(start, end, self.zone, self.this_year, self.style)

    def ago(self, moment: datetime | None) -> Markup:
        if moment is None:
            return Markup("")
        # Empty as built: "2 h ago" is only true at the build, so the script writes it from the
        # reader's clock and a page read without JavaScript says nothing relative at all.
        return Markup(f'<span class="sg-ago" data-ago="{iso_z(moment)}"></span>')

    def duration(self, item: Incident, labelled: bool = True) -> Markup | str:
        """How long it lasted (or has lasted so far), as of the build, said as such: "Duration: 2 h",
        "Ongoing for 3 h as of <build time>", "Planned for 1 h 30 min". `labelled=False` leaves out
        "Duration: " where a heading already says it (an incident page's facts)."""
        if item.is_maintenance:
            phase = self.state.phase(item)
            if phase is Status.CANCELLED:
                return ""
            if phase is Status.SCHEDULED:
                return self._("Planned for %(duration)s") % {
                    "duration": self.style.duration(item.window_end - item.window_start)}
            if phase in (Status.IN_PROGRESS, Status.VERIFYING):
                return self._ongoing(item.window_start)
            lasted = self.style.duration(effective_end(item) - item.window_start)
        elif item.resolved_at is None:
            return self._ongoing(item.started_at)
        else:
            lasted = self.style.duration(item.resolved_at - item.started_at)
        return self._("Duration: %(duration)s") % {"duration": lasted} if labelled else lasted

    def ended(self, item: Incident, phase: Status) -> datetime | None:
        """When it was over: the resolving update, or for maintenance the end of its window."""
        if item.is_maintenance and phase is Status.COMPLETED:
            return effective_end(item)
        return item.resolved_at

    def _ongoing(self, since: datetime) -> Markup:
        # True as of the build, and said so ("as of"): the script counts on from the reader's clock
        # while the page is fresh and hides the "as of"; on a stale page it leaves both as built.
        text = escape(self.style.duration(self.state.now - since))
        counted = Markup(f'<span class="sg-since" data-since="{iso_z(since)}">{text}</span>')
        return (Markup(escape(self._("Ongoing for %(duration)s"))) % {"duration": counted}
                + Markup('<span class="sg-asof"> %s</span>') % self.as_of(self.state.now))

    def as_of(self, moment: datetime) -> Markup:
        """"as of <time>": what was true at the build, said as such."""
        return Markup(escape(self._("as of %(time)s"))) % {"time": self.time(moment)}

    def _known(self, table: dict):
        """A template's status_label / impact_label: the word in the site's language, None for an unknown key."""
        return lambda key: self.word(key) if key in table else None

    def word(self, word) -> str:
        """A status or impact in the site's language (languages.labels), as a badge or a heading says it."""
        return label(word, self.speaks)

    def in_sentence(self, word) -> str:
        """The same word inside a sentence ("API: operational → ..."): lower case, except in German,
        where a noun keeps its capital."""
        text = self.word(word)
        return text if self.speaks.split("-")[0] == "de" else text.lower()

    # -- view models ----------------------------------------------------------------------------------
    def summary(self, item: Incident) -> dict:
        """What any list shows about one incident or maintenance (callers copy it before adding to it)."""
        found = self._summaries.get(item.id)
        if found is None:
            found = self._summaries[item.id] = self._summary(item)
        return found

    def list_item(self, item: Incident) -> dict:
        """An incident as the history, component and report lists show it (shared: callers copy it too)."""
        found = self._list_items.get(item.id)
        if found is None:
            found = self._list_items[item.id] = dict(self.summary(item), duration_text=self.duration(item))
        return found

    def _summary(self, item: Incident) -> dict:
        state = self.state
        impact = state.incident_impact(item)
        severity = self.severities.get(item.severity) if item.severity else None
        phase = state.phase(item)
        return {
            "item": item,
            "id": item.id,
            "title": self.text.title(item),
            "maintenance": item.is_maintenance,
            "notice": item.is_notice,  # names no component: shown as a notice
            "impact": impact,
            "impact_text": label(impact, self.speaks),
            "severity": severity,
            "phase": phase,
            "phase_label": self.word(phase),
            "start": start_of(item),
            "resolved": self.ended(item, phase),
            "closed": phase.terminal,
            "next_update": self._next_update(item, severity, phase),
            # Over means over: a resolved incident's label is calm, whatever its impact was.
            "tag_tone": "ok" if phase in (Status.RESOLVED, Status.COMPLETED) else "none" if phase is Status.CANCELLED
            else f"impact-{impact}",
            "components": [
                {"id": cid, "name": self.config.component_name(cid),
                 "impact": imp, "impact_label": self.word(imp), "tone": TONE[imp]}
                for cid, imp in self._shown_impacts(item, phase).items()
            ],
        }

    @staticmethod
    def _next_update(item: Incident, severity, phase: Status) -> datetime | None:
        """When the severity's cadence promises the next update of an open incident."""
        if item.is_maintenance or phase.terminal or severity is None or severity.update_every is None:
            return None
        return item.updated_at + severity.update_every

    def _shown_impacts(self, item: Incident, phase: Status) -> dict[str, Impact]:
        """While it goes on, each affected component's impact now (operational once it recovered);
        once over, the worst each had."""
        if phase.terminal or (item.is_maintenance and phase is Status.SCHEDULED):
            return item.peak_impacts
        now = current_impacts(item, self.state.now)
        return {cid: now.get(cid, Impact.OPERATIONAL) for cid in item.affected}

    def timeline(self, item: Incident) -> list[dict]:
        """Updates newest first, messages as sanitised HTML, with the impacts each one changed."""
        html = self.messages.html(item)
        changes = item.impact_changes()
        out = []
        for index in range(len(item.updates) - 1, -1, -1):
            u = item.updates[index]
            moved = [{"name": self.config.component_name(cid), "old": self.in_sentence(old), "new": self.word(new),
                      "tone": TONE[new]}
                     for cid, (old, new) in changes[index].items()] if index > 0 else []
            alone, fell_back = self.text.message_alone(u, html[index])
            out.append({"at": u.at, "status": u.status, "label": self.word(u.status), "changes": moved,
                        "html": self.text.noted(alone) if fell_back else alone,
                        "alone": alone, "lang": fell_back, "note": self.text.note if fell_back else None})
        return out

    def component_rows(self) -> list[dict]:
        """Groups in configuration order, each with its visible components (render.component_views)."""
        return self.components_shown.rows()

    def component_view(self, component: Component) -> dict:
        """A component's status, uptime bar and bad days (render.component_views)."""
        return self.components_shown.view(component)

    # -- pages ------------------------------------------------------------------------------------------
    def context(self, spec: PageSpec) -> dict:
        link = Linker(spec.path, self.directory_urls, self.prefix)
        return {
            "spec": spec,
            "state": self.state,
            "config": self.config,
            "now": self.state.now,
            "url": link,
            "absolute": self.absolute,
            "urls": urls,
            "page_title": spec.title,
        }

    def render(self, spec: PageSpec) -> str:
        ctx = self.context(spec)
        handler = getattr(self, f"_{spec.kind}")
        ctx.update(handler(spec))
        ctx["sg_macros"] = self.macros.module(ctx)
        if spec.kind == "component":
            ctx["bar_html"] = self.render_bar(ctx, spec)
        return self._render(spec.template, ctx, f"/{spec.path}")

    def render_bar(self, ctx: dict, spec: PageSpec) -> Markup:
        """The component's uptime bar as the page's own call of the macro prints it (render.component_bar)."""
        return self.bars.html(ctx, lambda exc: UserError([sandbox.diagnostic(
            exc, _template_path(self.env, "partials/macros.html"),
            f"the page /{spec.path} can use the variables the shipped {spec.template} uses", self._shown)]))

    def render_not_found(self, root: str) -> str:
        """The body of 404.html, which is served at any depth: links start from the site's root path."""
        ctx = {"config": self.config, "now": self.state.now, "urls": urls, "state": self.state,
               "url": lambda path: root + path, "absolute": self.absolute,
               "indicator": self.state.indicator, "description": self._(self.state.description)}
        return self._render("not_found.html", ctx, "/404.html")

    def _render(self, name: str, ctx: dict, page: str) -> str:
        """One template rendered; a broken one (usually an override) is a UserError naming its file and line."""
        try:
            return self.env.get_template(name).render(ctx)
        except jinja2.TemplateError as exc:
            raise UserError([sandbox.diagnostic(
                exc, _template_path(self.env, name),
                f"the page {page} can use the variables the shipped {name} uses", self._shown)]) from None

    def _shown(self, filename: str) -> str:
        return shown_path(Path(filename), self.config.base_dir)

    def _status(self, spec: PageSpec) -> dict:
        # Status first (render.home): compact cards, each with its latest update; the full timelines
        # are on the incident pages.
        state = self.state
        active = [home.card(self.summary(i), self.timeline(i)) for i in state.active]
        ongoing = [home.card(self.summary(i), self.timeline(i)) for i in state.maintenance_active]
        groups = self.component_rows()
        return {
            "indicator": state.indicator,
            "description": self._(state.description),
            "banner": home.banner_facts(active + ongoing, state.now),
            "groups": groups,
            "glance": home.glance(groups),
            "active": active,
            "maintenance_active": ongoing,
            "maintenance_upcoming": [home.card(self.summary(i), self.timeline(i)) for i in state.maintenance_upcoming],
            "past_days": self.past_days(),
            "weights": self.config.uptime_weights,
        }

    def past_days(self) -> list[dict]:
        """The last PAST_DAYS days (in time_zone), newest first, each with what started that day.

        Days without anything say so: "No incidents reported" is news too. Maintenance
        counts once its window has started."""
        today = self.state.now.astimezone(self.zone).date()
        days = [today - timedelta(days=n) for n in range(PAST_DAYS)]
        cutoff = datetime.combine(days[-1], datetime.min.time(), self.zone)
        found: dict = {day: [] for day in days}
        for item in self.state.incidents:  # one pass (a maintenance's window may start after its last update)
            start = start_of(item)
            if cutoff <= start <= self.state.now:
                found[start.astimezone(self.zone).date()].append(item)
        out = []
        for day in days:
            items = sorted(found[day], key=lambda i: (start_of(i), i.id), reverse=True)
            out.append({"date": day, "label": day_label(day, self.style),
                        "items": [self.list_item(i) for i in items]})
        return out

    def _incident(self, spec: PageSpec) -> dict:
        item = spec.args["item"]
        summary = self.summary(item)
        return {"i": summary, "updates": self.timeline(item), "duration_text": self.duration(item, labelled=False),
                "end_fact": maintenance_end(item, summary["phase"]) if item.is_maintenance else None,
                "phase_rows": self.phase_rows(item, summary["phase"]) if item.is_maintenance else [],
                "report_html": self.text.report(item) if item.has_report else None}

    def phase_rows(self, item: Incident, phase: Status) -> list[dict]:
        """An open maintenance's end and duration rows for each phase its window can bring (the build's
        first, the only one shown without JavaScript). Those the build has not reached yet are true by the
        window alone: "Ends: planned for <end>" and "Ongoing for" counted from its start, then "Ended <end>,
        the end of its window" after a window's length."""
        rows = []
        for key, then in phases_ahead(phase):
            if then is phase:
                text = self.duration(item, labelled=False)
            elif then is Status.COMPLETED:
                text = self.style.duration(item.window_end - item.window_start)
            else:
                counted = Markup(f'<span class="sg-since" data-since="{iso_z(item.window_start)}" '
                                 f'data-by-window="1">{escape(self.style.duration(timedelta(0)))}</span>')
                text = Markup(escape(self._("Ongoing for %(duration)s"))) % {"duration": counted}
            rows.append({"key": key, "shown": then is phase, "end_fact": maintenance_end(item, then),
                         "duration_text": text})
        return rows

    def _months(self, items: list[Incident]) -> list[dict]:
        months: list[dict] = []
        for item in items:
            local = start_of(item).astimezone(self.zone)
            name = self.style.month(local.year, local.month)
            if not months or months[-1]["name"] != name:
                months.append({"name": name, "items": []})
            months[-1]["items"].append(self.list_item(item))
        return months

    def _pager(self, spec: PageSpec) -> dict:
        base, number, pages = spec.args["base"], spec.args["page"], spec.args["pages"]
        return {"number": number, "pages": pages,
                "prev": urls.paged(base, number - 1) if number > 1 else None,
                "next": urls.paged(base, number + 1) if number < pages else None,
                "first": urls.paged(base, 1), "last": urls.paged(base, pages)}

    def _history(self, spec: PageSpec) -> dict:
        return {"months": self._months(spec.args["items"]), "pager": self._pager(spec)}

    def _postmortems(self, spec: PageSpec) -> dict:
        return {"months": self._months(spec.args["items"]), "pager": self._pager(spec)}

    def _reliability(self, spec: PageSpec) -> dict:
        from ..reliability.page import page_view  # only sites that publish the page pay for it

        return {"view": page_view(self.state, self.style, self._)}

    def _component(self, spec: PageSpec) -> dict:
        component = spec.args["component"]
        return {"c": self.component_view(component), "months": self._months(spec.args["items"]),
                "pager": self._pager(spec), "weights": self.config.uptime_weights}


def _template_path(env: jinja2.Environment, name: str) -> str:
    try:
        return env.get_template(name).filename or name
    except jinja2.TemplateError:
        return name


__all__ = ["Renderer", "Linker", "builtin_templates_dir", "fmt_time"]
