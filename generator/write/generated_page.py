"""A page whose HTML comes from generator.render instead of Markdown, and the bodies rendered ahead.

MkDocs renders every page's body before it puts any page in the theme's frame. At thousands of incident
pages that is a large share of a build, done one page at a time: where the machine has a second core,
a forked helper renders the bodies from the last page down while MkDocs asks for them from the first
up (core.both_ends.FromTheBack). A page takes its body from the helper when it has arrived, and renders
it itself otherwise; the helper renders with a copy of the same renderer, so the bytes are the same.
"""
from __future__ import annotations

import html

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..core.both_ends import FromTheBack
from ..core.diagnostics import UserError
from ..render import PageSpec, Renderer
from ..render.share import share


def body_of(page: GeneratedPage) -> tuple[str, dict]:
    """A page's body and its sharing tags' text (render.share), taken right after the body, while the
    renderer still holds what it computed for it."""
    return page.renderer.render(page.spec), share(page.renderer, page.spec)


AHEAD_MINIMUM = 400  # pages: below this, starting a process costs more than it saves


def render_ahead(pages: list[GeneratedPage]) -> FromTheBack:
    """Start rendering `pages` (in the order MkDocs renders them) from the last one down, where that helps.

    Only with statusgen's own page templates. What a build renders once and reuses (a list entry, the
    macros per link depth) is made in the context of the first page that asks for it: a project's own
    template that reads that page's context would come out one way or another depending on where the two
    processes meet, and a build must come out the same every time."""
    shipped = all(not page.renderer.env.sandboxed for page in pages)
    ahead = FromTheBack.start(body_of, pages, AHEAD_MINIMUM if shipped else len(pages) + 1)  # +1: never
    for index, page in enumerate(pages):
        page.ahead, page.index = ahead, index
    return ahead


class GeneratedPage(Page):
    """A page whose HTML comes from generator.render instead of Markdown.

    MkDocs would build a new Markdown converter for every page just to turn an
    empty stub into nothing; at thousands of incident pages that is a large
    share of the build, so these pages skip it and render their body directly.
    Everything else (theme, nav, URLs, events) is MkDocs' own.
    """

    def __init__(self, file: File, config: MkDocsConfig, spec: PageSpec, renderer: Renderer):
        super().__init__(None, file, config)
        self.spec = spec
        self.renderer = renderer
        self.share_info: dict | None = None  # the sharing tags' text (render.share), taken with the body
        self.ahead: FromTheBack | None = None  # its body may be rendered ahead (render_ahead)
        self.index = 0

    def read_source(self, config: MkDocsConfig) -> None:
        # The theme prints the title unescaped (in <title> and the header), and
        # titles are untrusted: escape it here, once.
        self.markdown = ""
        # No tabs, drawer, search or instant navigation here: the frame leaves Material's script
        # bundle out and statusgen.js runs the colour toggle (templates/theme/statusgen_frame.html).
        self.meta = {"hide": ["navigation", "toc", "footer"], "material_javascript": False}
        if self.spec.path:  # the home page's <title> is the site's name, as the theme does it
            self.meta["title"] = html.escape(self.spec.title)
        else:  # its name in the nav (the footer): MkDocs says "Home", in English whatever the site's language
            self._title_from_render = self.renderer._("Home")
        if not self.spec.in_nav:
            # If a site enables material's search, thousands of incident pages would
            # bloat its index; the history pages list them all anyway.
            self.meta["search"] = {"exclude": True}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        found = self.ahead.take(self.index) if self.ahead is not None else None
        if found is None:
            try:
                found = (body_of(self),)
            except UserError as exc:
                raise PluginError("\n".join(d.format() for d in exc.diagnostics)) from None
        self.content, self.share_info = found[0]
        self.toc = get_toc([])
