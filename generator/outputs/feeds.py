"""RSS 2.0 and Atom 1.0 feeds of incident and maintenance activity.

One entry per incident or maintenance (not per update): its content lists
every update, newest first, and its `updated` moves with each new update, so
readers show an edited incident as updated rather than as a new item. Ids are
tag: URIs of the host and the incident id only.

feedgen stamps lastBuildDate/updated with the clock unless told otherwise, so
both are set from the newest entry to keep builds byte-identical.

Every word statusgen adds (titles, labels, statuses) is in the site's language (outputs.words); the
ids are not words and never change with it.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from feedgen.feed import FeedGenerator

from ..core import urls
from ..read.config import Config
from ..core.model import Incident
from ..model.state import SiteState
from ..render.in_language import InText
from ..render.markdown_html import render_message
from ..core.timeutil import format_duration
from ..languages.punctuation import labelled, names
from .common import entry_id, feed_id, human_time, plain_text
from .words import MAINTENANCE_TITLE, N_, gettext_of, impact_in_text, site_name, word

GENERATOR = "statusgen"


@dataclass(frozen=True)
class Tree:
    """A language's feeds: its code, its folder ("de/") and its incident text (render.in_language)."""

    language: str
    prefix: str
    text: InText


def _url(config: Config, path: str, tree: Tree | None) -> str:
    return urls.absolute(config.site_url, path if tree is None else tree.prefix + path)


def entry_html(item: Incident, config: Config, tree: Tree | None = None) -> str:
    """The entry body: window and affected components, then updates newest first, in the tree's language
    (the site's by default).

    Messages are rendered by the sanitiser; everything else we write is escaped.
    """
    language = config.language if tree is None else tree.language
    _ = gettext_of(language)

    def say(text: str, **values: str) -> str:  # our words, escaped, around values escaped as they go in
        said = escape(_(text))
        return said % {key: escape(value) for key, value in values.items()} if values else said

    parts = []
    if item.is_maintenance and item.window_start and item.window_end:
        label = say(N_("Scheduled window:"))
        window = say(N_("%(start)s to %(end)s"), start=human_time(item.window_start, config),
                     end=human_time(item.window_end, config))
        parts.append(f"<p><strong>{label}</strong> {window}</p>")
    peak = item.peak_impacts
    if peak:
        affected = names([f"{escape(config.component_name(cid))} ({escape(word(impact, language))})"
                          for cid, impact in peak.items()], language)
        label = say(N_("Affected:"))
        parts.append(f"<p><strong>{label}</strong> {affected}</p>")
    if item.duration is not None and not (item.is_maintenance and not item.is_closed):
        started, ended, lasted = (say(N_("Started:")), say(N_("Ended:") if item.is_maintenance else N_("Resolved:")),
                                  say(N_("Duration:")))
        parts.append(f"<p><strong>{started}</strong> {escape(human_time(item.impact_start, config))}; "
                     f"<strong>{ended}</strong> {escape(human_time(item.impact_end, config))}; "
                     f"<strong>{lasted}</strong> {escape(format_duration(item.duration))}</p>")
    if item.has_report:
        report = say(N_("Post-incident report"))
        published = say(N_("published %(time)s:"), time=human_time(item.report_published, config))
        read = say(N_("read the report"))
        parts.append(f'<p><strong>{report}</strong> {published} '
                     f'<a href="{escape(_url(config, urls.incident(item.id), tree))}#post-incident-report">{read}</a></p>')
    changes = item.impact_changes()
    for index in range(len(item.updates) - 1, -1, -1):
        update = item.updates[index]
        parts.append(f"<p><strong>{escape(word(update.status, language))}</strong> &#8212; "
                     f"<time datetime=\"{update.at.isoformat()}\">{escape(human_time(update.at, config))}</time></p>")
        # Kept by text (render.markdown_html); in a language's feed, its translation or the own text, marked.
        parts.append(render_message(update.message) if tree is None else tree.text.message(update,
                                                                                           render_message(update.message)))
        if changes[index] and index > 0 and not update.status.terminal:
            moved = "; ".join(labelled(escape(config.component_name(cid)),
                                       f"{escape(impact_in_text(old, language))} &#8594; "
                                       f"{escape(impact_in_text(new, language))}", language)
                              for cid, (old, new) in changes[index].items())
            parts.append(f"<p>{moved}</p>")
    return "\n".join(parts)


def _add_entry(fg: FeedGenerator, item: Incident, config: Config, cache: dict, tree: Tree | None = None):
    body = cache.get(item.id)
    if body is None:
        body = cache[item.id] = entry_html(item, config, tree)
    # A language's entry is another text of the incident: an id of its own, so readers never merge the two.
    tag = entry_id(config, item.id) if tree is None else entry_id(config, item.id) + ":" + tree.language
    fe = fg.add_entry(order="append")
    fe.id(tag)
    fe.guid(tag, permalink=False)
    language = config.language if tree is None else tree.language
    _ = gettext_of(language)
    title = item.title if tree is None else item.title_in(tree.language).text
    fe.title(_(MAINTENANCE_TITLE) % {"title": title} if item.is_maintenance else title)
    fe.link(href=_url(config, urls.incident(item.id), tree), rel="alternate")
    latest = item.updates[-1]
    message = latest.message if tree is None else latest.message_in(tree.language).text
    summary = labelled(word(latest.status, language), plain_text(message), language)
    fe.description(summary, isSummary=True)
    fe.content(body, type="html")
    fe.updated(item.last_activity)  # a report published later is news too
    fe.category(term=item.kind)
    for cid in sorted(item.affected):
        fe.category(term=cid, label=config.component_name(cid))
    return fe


def build_feed(state: SiteState, items: list[Incident], *, title: str, subtitle: str, page_path: str,
               rss_path: str, atom_path: str, cache: dict, tree: Tree | None = None) -> tuple[bytes, bytes]:
    """(RSS bytes, Atom bytes) for `items`, already newest activity first; `tree`: a language's feed, whose
    paths (and so its id) are in the language's folder."""
    config = state.config
    if tree is not None:
        page_path, rss_path, atom_path = (tree.prefix + p for p in (page_path, rss_path, atom_path))
    language = config.language if tree is None else tree.language
    _ = gettext_of(language)
    items = items[: config.feed_entries]
    fg = FeedGenerator()
    fg.id(feed_id(config, atom_path))
    fg.title(title)
    fg.subtitle(subtitle)
    fg.description(subtitle)
    fg.author(name=config.site_name or _("Status page"))
    fg.language(language)  # Material's code, a BCP 47 tag as RSS and Atom's xml:lang take it
    fg.generator(GENERATOR)
    entries = [(_add_entry(fg, item, config, cache, tree), item) for item in items]
    # Newest entry time, not the clock: a rebuild with no new update is byte-identical.
    newest = max((i.updated_at for i in items), default=state.now)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    alternate = urls.absolute(config.site_url, page_path)

    fg.link(href=urls.absolute(config.site_url, rss_path), rel="self", type="application/rss+xml", replace=True)
    fg.link(href=alternate, rel="alternate", type="text/html")
    # feedgen has one date for Atom's <published> and RSS's <pubDate>. RSS has no
    # "updated", so pubDate follows the latest update (readers resurface a changed
    # incident; the unchanged guid keeps it one item); Atom's published is creation.
    for fe, item in entries:
        fe.published(item.updated_at)
    rss = fg.rss_str(pretty=True)
    for fe, item in entries:
        fe.published(item.created_at)
    fg.link(href=urls.absolute(config.site_url, atom_path), rel="self", type="application/atom+xml", replace=True)
    fg.link(href=alternate, rel="alternate", type="text/html")
    atom = fg.atom_str(pretty=True)
    return rss, atom


def render_feeds(state: SiteState, language: str | None = None) -> dict[str, bytes]:
    """The feeds at the site's root; with `language` (one of plugins.statusgen.languages), that language's
    own, under /<language>/ (the same paths there, ids of their own)."""
    config = state.config
    tree = Tree(language, language + "/", InText(language, config.language)) if language else None
    language = language or config.language
    _ = gettext_of(language)
    cache: dict[str, str] = {}
    out: dict[str, bytes] = {}
    name = site_name(config.site_name, language)
    rss, atom = build_feed(state, state.incidents, title=_("%(site)s: incident history") % {"site": name},
                           subtitle=_("Incidents and maintenance for %(site)s") % {"site": name},
                           page_path=urls.HISTORY,
                           rss_path=urls.FEED_RSS, atom_path=urls.FEED_ATOM, cache=cache, tree=tree)
    where = tree.prefix if tree else ""
    out[where + urls.FEED_RSS] = rss
    out[where + urls.FEED_ATOM] = atom
    for component in config.components:
        items = state.component_incidents.get(component.id, [])
        rss_path = urls.component_feed(component.id, "rss")
        atom_path = urls.component_feed(component.id, "atom")
        rss, atom = build_feed(state, items,
                               title=_("%(site)s: %(component)s history") % {"site": name, "component": component.name},
                               subtitle=_("Incidents and maintenance affecting %(component)s")
                               % {"component": component.name},
                               page_path=urls.component(component.id), rss_path=rss_path,
                               atom_path=atom_path, cache=cache, tree=tree)
        out[where + rss_path] = rss
        out[where + atom_path] = atom
    return out
