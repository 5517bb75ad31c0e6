"""What a link to a page says when pasted into chat: its title, description and Open Graph tags.

The status page's title carries the overall status; an incident page's description says
its current status, severity, what it affects and the latest update. Plain text only:
everything is escaped where it goes into the page's <head>.
"""
from __future__ import annotations

import html

from ..outputs.common import plain_text
from ..core.text import N_, squeezed
from ..core.timeutil import iso_z
from ..languages.punctuation import english, labelled, sentence, sentences
from ..languages.punctuation import names as listed
from .pages import COMPONENT, HISTORY, INCIDENT, POSTMORTEMS, RELIABILITY, STATUS, PageSpec

LIMIT = 240  # characters of a description; chat previews show about two lines
LISTS = {
    HISTORY: N_("Every incident and maintenance, newest first."),
    POSTMORTEMS: N_("What went wrong, why, and what we are changing so it does not happen again. Newest first."),
    RELIABILITY: N_("How reliable each service has been, month by month, and how many incidents we reported."),
}


def brief(text: str, limit: int = LIMIT, language: str = "en") -> str:
    text = squeezed(text, not english(language))  # a no-break space kept ("Résolu : …"); English as it was
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > limit // 2 else limit].rstrip(" .,;:-\u2014") + "\u2026"


def _when(moment) -> str:
    iso = iso_z(moment)
    return f"{iso[:10]} {iso[11:16]} UTC"


def share(renderer, spec: PageSpec) -> dict:
    """{"title", "description", "type"} for a page; "title" is None to keep the theme's <title>.
    In the site's language (the renderer's gettext): a link pasted in chat reads like the page."""
    state, config, _, language = renderer.state, renderer.config, renderer._, renderer.speaks
    description = _(state.description)
    if spec.kind == STATUS:
        parts = [sentence(description, language)]
        if state.active:
            parts.append(_("Active: %(list)s.") % {"list": "; ".join(
                f"{renderer.text.plain_title(i)} ({renderer.summary(i)['phase_label']})" for i in state.active)})
        if state.maintenance_active:
            parts.append(_("Maintenance in progress: %(list)s.") % {
                "list": "; ".join(renderer.text.plain_title(i) for i in state.maintenance_active)})
        if state.maintenance_upcoming:
            first = state.maintenance_upcoming[0]
            parts.append(_("Next maintenance: %(title)s, %(time)s.") % {"title": renderer.text.plain_title(first),
                                                                         "time": _when(first.window_start)})
        return {"title": labelled(config.site_name, description, language),
                "description": brief(sentences(parts), language=language),
                "type": "website"}
    if spec.kind == INCIDENT:
        item = spec.args["item"]
        summary = renderer.summary(item)
        head = [summary["phase_label"]]
        if summary["severity"]:
            head.append(f"{summary['severity'].id} {summary['severity'].name}")
        elif item.is_maintenance:
            head.append(_("Planned maintenance %(start)s to %(end)s") % {"start": _when(item.window_start),
                                                                         "end": _when(item.window_end)})
        names = [c["name"] for c in summary["components"]]
        if names:
            head.append(_("Affects %(list)s") % {"list": listed(names, language)})
        latest = item.updates[-1]
        text = " · ".join(head) + _(". Latest update (%(time)s): ") % {"time": _when(latest.at)} \
            + plain_text(renderer.text.plain_message(latest))
        return {"title": None, "description": brief(text, language=language), "type": "article"}
    if spec.kind == COMPONENT:
        view = renderer.component_view(spec.args["component"])
        text = sentence(labelled(view["name"], view["status_label"], language), language)
        uptime = view["uptime"]
        if uptime and uptime.has_data:
            if view["measured_since"]:
                figure = _("%(percent)s uptime since %(since)s") % {"percent": renderer.percent(uptime),
                                                                    "since": view["measured_since"]}
            else:
                figure = renderer.ngettext("%(percent)s uptime over the last %(num)s day",
                                           "%(percent)s uptime over the last %(num)s days", config.uptime_days) % {
                    "percent": renderer.percent(uptime), "num": config.uptime_days}
            text = sentences([text, sentence(figure, language)])
        return {"title": None, "description": brief(text, language=language), "type": "website"}
    if spec.kind in LISTS:  # what the list is, in the page's language (site_description is written once)
        return {"title": None, "description": _(LISTS[spec.kind]), "type": "website"}
    return {"title": None, "description": None, "type": "website"}


def head_tags(info: dict, page_title: str, site_name: str, url: str) -> str:
    """Open Graph and Twitter tags, every value escaped."""
    def attr(value: str) -> str:
        return html.escape(value, quote=True)

    tags = [("property", "og:type", info["type"]), ("property", "og:site_name", site_name),
            ("property", "og:title", page_title), ("property", "og:url", url),
            ("name", "twitter:card", "summary"), ("name", "twitter:title", page_title)]
    if info.get("description"):
        tags += [("property", "og:description", info["description"]),
                 ("name", "twitter:description", info["description"])]
    return "".join(f'<meta {kind}="{name}" content="{attr(value)}">' for kind, name, value in tags)
