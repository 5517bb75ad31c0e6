"""Untrusted Markdown to safe HTML.

Incident messages and reports are written by many hands in a hurry, and the
site must never run script that one of them smuggles in. Markdown is rendered
with Python-Markdown, then everything passes through nh3 (the Ammonia
sanitiser) with an allow-list: no script, no event handlers, no javascript:
URLs, no inline style.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from html import escape as html_escape

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..read.markdown_cost import MARKUP_BUDGET, MAX_NESTING, cost_bound, nesting, tangle

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


class _ShiftHeadings(Treeprocessor):
    """Demote headings so an author's '# Title' sits below the page's own h1."""

    def __init__(self, md, by: int):
        super().__init__(md)
        self.by = by

    def run(self, root):
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                element.tag = f"h{min(6, int(element.tag[1]) + self.by)}"


class _ShiftExtension(Extension):
    def __init__(self, by: int):
        super().__init__()
        self.by = by

    def extendMarkdown(self, md):
        md.treeprocessors.register(_ShiftHeadings(md, self.by), "statusgen_shift", 5)


_local = threading.local()


def _converter(kind: str) -> markdown.Markdown:
    # Building a Markdown instance costs far more than converting a short
    # message, so each thread keeps one per kind and resets it between uses.
    cache = getattr(_local, "converters", None)
    if cache is None:
        cache = _local.converters = {}
    if kind not in cache:
        extensions = ["tables", "fenced_code", "sane_lists", "def_list", "abbr"]
        configs = {}
        if kind == "report":
            extensions += [_ShiftExtension(1), "toc"]
            configs["toc"] = {"slugify": _report_slug, "toc_depth": "2-3"}
        else:
            extensions.append(_ShiftExtension(2))
        cache[kind] = markdown.Markdown(extensions=extensions, extension_configs=configs, output_format="html")
    return cache[kind]


def _report_slug(value: str, separator: str) -> str:
    from markdown.extensions.toc import slugify

    # Prefixed so a heading in a report never collides with the page's own ids.
    return "report-" + slugify(value, separator)


def _own_ids_only(tag: str, attribute: str, value: str) -> str | None:
    # Heading ids come from our table of contents (report-…); an id written in
    # raw HTML could duplicate one of the page's own and break its landmarks.
    if attribute == "id" and not value.startswith("report-"):
        return None
    return value


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", attribute_filter=_own_ids_only)


def _convert(kind: str, text: str) -> str:
    tangled = cost_bound(len(text)) > MARKUP_BUDGET and tangle(text).cost > MARKUP_BUDGET
    if tangled or nesting(text).depth > MAX_NESTING:
        # Validation refuses such text; should any reach here, show it as written
        # rather than spend minutes converting it (or crash on the recursion limit).
        return "<pre>" + html_escape(text) + "</pre>"
    md = _converter(kind)
    try:
        return sanitize(md.convert(text))
    except RecursionError:
        # Python-Markdown recurses per nesting level; where the stack is already
        # deep (a low limit, a deep caller), fewer levels than MAX_NESTING could
        # crash the build. Show the text as written instead, and drop the
        # converter: reset() does not undo a conversion cut off half-way, and
        # the next message would come out unconverted.
        _local.converters.pop(kind, None)
        return "<pre>" + html_escape(text) + "</pre>"
    finally:
        md.reset()


@lru_cache(maxsize=2048)
def render_message(text: str) -> str:
    """An update's message as safe HTML (headings demoted below h3).

    Kept by text: the same message ("We are investigating.") posted on many
    incidents, and asked for by pages, feeds and the API, is converted once.
    """
    return _convert("message", text)


def render_report(text: str) -> str:
    """A post-incident report as safe HTML, its headings under the page's h1."""
    return _convert("report", text)
