"""Each entry of the history lists rendered once per build instead of on every list that shows it.

An incident is an entry in the history, in each of its components' lists and, with a report, in the
reports' list: at 10,000 incidents some 40,000 entries, each several macro calls (its phase tag, its
time, its components). An entry's HTML depends only on the incident and on where the page's links
start (everything else it reads is the build's: the time, the language), and those pages sit at
several depths (history/, history/page/2/, components/api/page/3/...). So `history_list` in
partials/macros.html prints `list_entry(i)`, which renders the file's own `history_entry` macro once
per incident with links that start with a marker, keeps it, and puts each page's own start of links
in place of the marker. The marker is random for each build: no text of a project can contain it.

A project's own macros.html that still writes its entries inline does not call `list_entry` and works
as before; one that calls it gets its own `history_entry`.
"""
from __future__ import annotations

import copy
import secrets

import jinja2
from markupsafe import Markup

MACROS = "partials/macros.html"


class ListEntries:
    def __init__(self, env: jinja2.Environment):
        self.env = env
        self._marker = f"\x00sg-root-{secrets.token_hex(16)}\x00"
        self._html: dict[str, str] = {}
        # The macros file, made once, in the context of the first page that needs an entry, its links
        # starting with the marker (what an entry reads from a page's context is the same on all of them).
        self._module = None

    @jinja2.pass_context
    def html(self, ctx: jinja2.runtime.Context, item: dict) -> Markup:
        """What `history_entry(item)` prints on the page whose context is ctx (its links from ctx.url)."""
        found = self._html.get(item["id"])
        if found is None:
            if self._module is None:
                link = copy.copy(ctx["url"])
                link.root = self._marker
                self._module = self.env.get_template(MACROS).make_module(dict(ctx.get_all(), url=link), True)
            found = self._html[item["id"]] = str(self._module.history_entry(item))
        return Markup(found.replace(self._marker, ctx["url"].root))
