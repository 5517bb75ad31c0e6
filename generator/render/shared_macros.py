"""The shipped macros file made once per link depth, for the shipped page templates.

A page template that imports partials/macros.html `with context` makes the whole file again on every
page (each of its two dozen macros defined anew): about 8 % of an incident page's body. What the
shipped macros read from a page's context is the build's (config, now, the addresses) and the depth
of its links, so the renderer hands the shipped page templates the file made once per depth
(`sg_macros`), made in a context that holds only those. A template that uses something of its own page
(print_head's address) does it itself. When a project replaces macros.html, its macros may read
anything of the page: `sg_macros` is then not given, and the shipped page templates import the file
with context on every page, as before.
"""
from __future__ import annotations

from pathlib import Path

import jinja2

MACROS = "partials/macros.html"
# What of a page's context the shipped macros read (render.renderer's context, less the page's own).
BUILD_WIDE = ("state", "config", "now", "url", "absolute", "urls")


class SharedMacros:
    def __init__(self, env: jinja2.Environment, shipped: Path):
        self.env = env
        self.shipped = shipped
        self._shipped_file: bool | None = None
        self._modules: dict[str, object] = {}

    def module(self, ctx: dict):
        """The macros file for the page whose context is ctx, or None when a project replaces it."""
        if self._shipped_file is None:
            filename = self.env.get_template(MACROS).filename or ""
            self._shipped_file = Path(filename).resolve() == (self.shipped / MACROS).resolve()
        if not self._shipped_file:
            return None
        root = ctx["url"].root
        found = self._modules.get(root)
        if found is None:
            found = self._modules[root] = self.env.get_template(MACROS).make_module(
                {key: ctx[key] for key in BUILD_WIDE})
        return found
