"""A component's uptime bar and day list, rendered once per link depth instead of on every page.

A busy component has dozens of history pages (components/<id>/page/N/), and each showed the same bar
and day list, the most costly part of its body. The HTML differs only by the depth of the page's
links, so it is rendered once per component and depth with the template's own macro
(`uptime_bar` in partials/macros.html, a project's override included) in the page's own context,
and component.html prints it as `bar_html`.
"""
from __future__ import annotations

from collections.abc import Callable

import jinja2
from markupsafe import Markup

from . import template_cache

# Rendered in the context of the page that first needs it.
BAR_TEMPLATE = '{% from "partials/macros.html" import uptime_bar with context %}{{ uptime_bar(c) }}'


class ComponentBars:
    def __init__(self, env: jinja2.Environment):
        self.env = env
        self._template: jinja2.Template | None = None
        self._html: dict[tuple[str, str], Markup] = {}

    def html(self, ctx: dict, on_error: Callable[[jinja2.TemplateError], Exception]) -> Markup:
        """What `uptime_bar(ctx.c)` prints on the page whose context is ctx (its links by ctx.url's depth);
        a template error is raised as on_error makes it."""
        key = (ctx["c"]["id"], ctx["url"].root)
        found = self._html.get(key)
        if found is None:
            if self._template is None:
                self._template = template_cache.from_string(self.env, BAR_TEMPLATE, "<component bar>")
            try:
                found = Markup(self._template.render(ctx))
            except jinja2.TemplateError as exc:
                raise on_error(exc) from None
            self._html[key] = found
        return found
