"""Which pages the site has, at which stable URLs, and what each one shows.

Every list is paginated here, once, so no page's work grows with the whole
history: a page gets only its own slice.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..core import urls
from ..core.model import Incident
from ..core.text import N_
from ..languages.catalogs import gettext_for
from ..model.state import SiteState

STATUS, INCIDENT, HISTORY, COMPONENT, POSTMORTEMS = "status", "incident", "history", "component", "postmortems"
RELIABILITY = "reliability"


@dataclass(frozen=True)
class PageSpec:
    kind: str
    path: str  # site-relative URL from generator.core.urls, e.g. "incidents/x/"
    title: str
    args: dict = field(default_factory=dict, compare=False, repr=False)
    in_nav: bool = False

    @property
    def src_uri(self) -> str:
        """The Markdown file MkDocs pretends the page comes from."""
        return self.path.rstrip("/") + ".md" if self.path else "index.md"

    @property
    def template(self) -> str:
        return f"{self.kind}.html"


def start_of(item: Incident):
    """When an item began for readers: the window start for maintenance."""
    return item.window_start if item.is_maintenance else item.started_at


def chronological(incidents: list[Incident]) -> list[Incident]:
    """Newest start first; ties broken by id so the order never wobbles."""
    return sorted(incidents, key=lambda i: (start_of(i), i.id), reverse=True)


def paginate(items: list, per_page: int) -> list[list]:
    if not items:
        return [[]]
    return [items[i:i + per_page] for i in range(0, len(items), per_page)]


def paged_title(title: str, number: int, pages: int, _=str) -> str:
    """A list page's title: its name, then which page it is from the second on."""
    if number == 1:
        return title
    return _("%(title)s (page %(number)s of %(pages)s)") % {"title": title, "number": number, "pages": pages}


def _paged(kind: str, base: str, title: str, items: list, per_page: int, extra: dict | None = None,
           in_nav: bool = False, _=str) -> list[PageSpec]:
    """`title`: a list's name as the catalog has it (translated here), or `extra`'s component's name."""
    chunks = paginate(items, per_page)
    out = []
    for number, chunk in enumerate(chunks, start=1):
        path = urls.paged(base, number)
        page_title = paged_title(title if extra else _(title), number, len(chunks), _)
        args = {"items": chunk, "page": number, "pages": len(chunks), "base": base, **(extra or {})}
        if not extra:  # the list's name as the catalog has it, for a language's tree (write.languages)
            args["title"] = title
        out.append(PageSpec(kind, path, page_title, args, in_nav=in_nav and number == 1))
    return out


def plan_pages(state: SiteState) -> list[PageSpec]:
    """Every generated page, in a fixed order."""
    config = state.config
    _ = gettext_for(config.language)  # the titles in the site's language (nav, <title>, footer)
    per_page = config.history_per_page
    pages = [PageSpec(STATUS, urls.STATUS, config.site_name, in_nav=True)]
    ordered = chronological(state.incidents)
    pages += _paged(HISTORY, urls.HISTORY, N_("History"), ordered, per_page, in_nav=True, _=_)
    pages += _paged(POSTMORTEMS, urls.POSTMORTEMS, N_("Post-incident reports"),
                    [i for i in ordered if i.has_report], per_page, in_nav=True, _=_)
    if config.reliability_page.enabled:  # opt-in: published uptime and incident counts (generator.reliability.page)
        pages.append(PageSpec(RELIABILITY, urls.RELIABILITY, _("Reliability"), {"title": N_("Reliability")},
                              in_nav=True))
    for item in sorted(state.incidents, key=lambda i: i.id):
        pages.append(PageSpec(INCIDENT, urls.incident(item.id), item.title, {"item": item}))
    for component in config.components:
        own = chronological(state.component_incidents.get(component.id, []))
        pages += _paged(COMPONENT, urls.component(component.id), component.name, own, per_page,
                        {"component": component}, _=_)
    return pages
