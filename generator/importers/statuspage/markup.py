"""Statuspage's message bodies to safe Markdown, saying what could not be kept.

An update body on Statuspage is plain text with line breaks and a little HTML (links, bold, lists);
a postmortem body is HTML or Markdown. statusgen messages are Markdown, rendered through an
allow-list (generator.render.markdown_html), and also go out as plain text (e-mail, chat, feeds):
so the HTML is turned into the Markdown that says the same, and the text is escaped so that it
reads as it did on Statuspage, never as markup it did not have ("*" stays a star, "<b>" written
as text stays text). Bare addresses become links, as Statuspage showed them.

What cannot be kept is dropped and named: scripts, styles and frames (never shown), images (kept
as a link to them), tables (flattened to a line per row), links to anything but http(s) or mailto
(kept as their text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin

VOID = {"br", "img", "hr", "wbr", "input", "meta", "link", "area", "col", "source", "embed", "param", "track"}
DROPPED = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "head", "title",
           "form", "button", "select", "textarea", "video", "audio", "canvas"}
BLOCKS = {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "h1", "h2", "h3", "h4", "h5",
          "h6", "ul", "ol", "li", "pre", "blockquote", "table", "thead", "tbody", "tfoot", "tr", "hr", "dl", "dt",
          "dd", "figure", "figcaption", "address", "center", "details", "summary"}
_TAG = re.compile(r"<\s*/?\s*(?:p|div|br|h[1-6]|ul|ol|li|strong|b|em|i|a|pre|code|table|span|img|blockquote)\b",
                  re.IGNORECASE)
# Block markup: the body is laid out by its tags, and its line breaks are only spaces (as in a browser).
_LAYOUT = re.compile(r"<\s*(?:p|div|br|li|h[1-6]|ul|ol|table|pre|blockquote)\b", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|mailto:)[^\s<>\"'`]+")
_BULLET = re.compile(r"^\s*(?:([-*•·‣▪])|(\d{1,3})[.)])\s+(?=\S)")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
# What no page, feed or YAML file can carry (as the validator refuses it), and the line breaks only some
# readers see as line breaks.
_UNPUBLISHABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_ODD_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def _clean(text: str) -> str:
    return _UNPUBLISHABLE.sub("", _ODD_BREAKS.sub("\n", text))


@dataclass
class Converted:
    markdown: str
    lost: list[str] = field(default_factory=list)  # what could not be kept, in words, each once


class _Element:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children = tag, attrs, []


class _Tree(HTMLParser):
    """A forgiving tree: an end tag closes the innermost open element it names, or nothing."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Element("body", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = _Element(tag, {k: v or "" for k, v in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(_Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, 0, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)


def _text_of(element) -> str:
    if isinstance(element, str):
        return element
    if element.tag in DROPPED:
        return ""
    return "".join("\n" if isinstance(c, _Element) and c.tag == "br" else _text_of(c) for c in element.children)


def escape(text: str) -> str:
    """Text (one line) that Markdown shows exactly as written; web addresses become links."""
    out, last = [], 0
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;:!?'\"")
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1]
        out.append(_escape_plain(text[last:match.start()]))
        out.append(f"<{url}>")
        last = match.start() + len(url)
    out.append(_escape_plain(text[last:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([`*\[\]|])", r"\\\1", text)
    text = re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", text)  # "api_v2" stays as it is
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)  # "&copy;" written as text stays text
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)  # "<b>" written as text is no tag


def _line_start(markdown: str) -> str:
    """A line's Markdown that cannot start a heading, quote, list, rule or code block by accident."""
    markdown = markdown.lstrip()
    if re.match(r"[#>+-]", markdown):  # ("===" alone is no heading: every line is a paragraph of its own)
        return "\\" + markdown
    number = re.match(r"(\d+)([.)])", markdown)
    if number:
        return number.group(1) + "\\" + markdown[len(number.group(1)):]
    return markdown


class _Writer:
    def __init__(self, base_url: str = "", laid_out: bool = False):
        self.base_url = base_url
        self.laid_out = laid_out  # line breaks in the text are spaces: the tags lay it out
        self.lost: list[str] = []

    def lose(self, what: str) -> None:
        if what not in self.lost:
            self.lost.append(what)

    # -- inline ------------------------------------------------------------------------------------
    def inline(self, node) -> str:
        if isinstance(node, str):
            return escape(re.sub(r"\s+", " ", node))
        tag = node.tag
        if tag in DROPPED:
            self.lose(f"a {tag} element (dropped)")
            return ""
        if tag == "br":
            return " "
        if tag in ("code", "tt", "kbd", "samp"):
            return _code_span(re.sub(r"\s+", " ", _text_of(node)))
        if tag == "a":
            return self.link(node)
        if tag == "img":
            return self.image(node)
        inner = "".join(self.inline(child) for child in node.children)
        if tag in ("strong", "b"):
            return _wrap("**", inner)
        if tag in ("em", "i", "cite"):
            return _wrap("*", inner)
        return inner + " " if tag in BLOCKS else inner

    def href(self, value: str) -> str | None:
        value = value.strip()
        if not value.lower().startswith(_SAFE_SCHEMES) and self.base_url and not re.match(r"^[a-z][a-z0-9+.-]*:",
                                                                                          value, re.I):
            value = urljoin(self.base_url, value)  # a link relative to the old status page
        if not value.lower().startswith(_SAFE_SCHEMES):
            return None
        return quote(value, safe="/:?#[]@!$&'*+,;=%~-._")

    def link(self, node) -> str:
        text = "".join(self.inline(child) for child in node.children).strip()
        url = self.href(node.attrs.get("href", ""))
        if url is None:
            if node.attrs.get("href"):
                self.lose("a link to something other than a web or e-mail address (kept as its text)")
            return text
        if not text or text.strip("<>") == url:
            return f"<{url}>"
        return f"[{text}]({url.replace('(', '%28').replace(')', '%29')})"

    def image(self, node) -> str:
        url = self.href(node.attrs.get("src", ""))
        alt = escape(re.sub(r"\s+", " ", node.attrs.get("alt", ""))).strip()
        if url is None:
            self.lose("an image (dropped: its address was not a web address)")
            return alt
        self.lose("an image (kept as a link to it)")
        return f"[image{': ' + alt if alt else ''}]({url.replace('(', '%28').replace(')', '%29')})"

    # -- blocks ------------------------------------------------------------------------------------
    def blocks(self, children) -> list[str]:
        out: list[str] = []
        lines: list[list] = [[]]  # the lines of the current run of text: segments (raw?, text)

        def flush():
            out.extend(_paragraphs(lines))
            lines[:] = [[]]

        for child in children:
            if isinstance(child, str):
                if self.laid_out:
                    child = re.sub(r"\s+", " ", child)
                for index, part in enumerate(child.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
                    if index:
                        lines.append([])
                    if part:
                        lines[-1].append((True, part))
                continue
            tag = child.tag
            if tag == "br":
                lines.append([])
            elif tag in DROPPED:
                self.lose(f"a {tag} element (dropped)")
            elif tag in BLOCKS:
                flush()
                out.extend(self.block(child))
            else:
                lines[-1].append((False, self.inline(child)))
        flush()
        return [block for block in out if block.strip()]

    def block(self, node) -> list[str]:
        tag = node.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "dt", "summary"):
            text = self.inline(node).strip()
            return [_wrap("**", text)] if text else []
        if tag in ("ul", "ol"):
            return ["\n".join(self.items(node, 0))]
        if tag == "li":
            return ["\n".join(self.item(node, "-", 0))]
        if tag == "pre":
            code = _text_of(node).strip("\n")
            fence = "```" if "```" not in code else "~~~~"
            return [f"{fence}\n{code}\n{fence}"] if code.strip() else []
        if tag == "blockquote":
            inner = self.blocks(node.children)
            return ["\n>\n".join("\n".join("> " + line for line in block.split("\n")) for block in inner)]
        if tag == "table":
            self.lose("a table (flattened to a line per row)")
            rows = [row for row in _descendants(node, "tr")]
            return [" · ".join(cell for cell in (self.inline(c).strip() for c in row.children
                                                 if isinstance(c, _Element) and c.tag in ("td", "th")) if cell)
                    for row in rows] or self.blocks(node.children)
        if tag == "hr":
            return ["* * *"]
        return self.blocks(node.children)

    def items(self, node, depth: int) -> list[str]:
        ordered = node.tag == "ol"
        out, number = [], 1
        for child in node.children:
            if isinstance(child, _Element) and child.tag == "li":
                out += self.item(child, f"{number}." if ordered else "-", depth)
                number += 1
            elif isinstance(child, _Element) and child.tag in ("ul", "ol"):
                out += self.items(child, depth + 1)
            elif isinstance(child, str) and child.strip():
                out.append("    " * depth + "- " + escape(" ".join(child.split())))
        return out

    def item(self, node, marker: str, depth: int) -> list[str]:
        text = "".join(self.inline(c) for c in node.children
                       if not (isinstance(c, _Element) and c.tag in ("ul", "ol")))
        out = ["    " * depth + f"{marker} " + (" ".join(text.split()) or "\u00a0")]
        for child in node.children:
            if isinstance(child, _Element) and child.tag in ("ul", "ol"):
                out += self.items(child, depth + 1)
        return out


def _descendants(node, tag: str):
    for child in node.children:
        if isinstance(child, _Element):
            if child.tag == tag:
                yield child
            else:
                yield from _descendants(child, tag)


def _wrap(mark: str, inner: str) -> str:
    """Emphasis around the text, its spaces outside (Markdown ignores '** bold **')."""
    core = inner.strip()
    if not core:
        return inner
    lead, trail = inner[:len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
    return f"{lead}{mark}{core}{mark}{trail}"


def _code_span(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    ticks = "``" if "`" in text else "`"
    return f"{ticks} {text} {ticks}" if ticks == "``" else f"`{text}`"


def _render_line(segments: list) -> tuple[str, str | None]:
    """(a line's Markdown, its list marker if the text starts like a list item)."""
    marker = None
    if segments and segments[0][0]:
        raw = segments[0][1]
        found = _BULLET.match(raw)
        if found:
            marker = "-" if found.group(1) else "1."
            segments = [(True, raw[found.end():])] + segments[1:]
    text = "".join(escape(re.sub(r"[ \t\f\v]+", " ", t)) if raw else t for raw, t in segments)
    text = " ".join(text.split())
    return (text if marker else _line_start(text)), marker


def _paragraphs(lines: list[list]) -> list[str]:
    """Each line its own paragraph (Statuspage showed each line on its own), lines that read like a list's
    items one list; a blank line ends a list."""
    out: list[str] = []
    items: list[str] = []
    for segments in lines:
        text, marker = _render_line(segments)
        if marker and text:
            items.append(f"{marker} {text}")
            continue
        if items:
            out.append("\n".join(items))
            items = []
        if text:
            out.append(text)
    if items:
        out.append("\n".join(items))
    return out


def plain_text(value) -> str:
    """One line of plain text from a name or description that may hold HTML, entities or line breaks."""
    if not isinstance(value, str):
        return ""
    tree = _Tree()
    tree.feed(_clean(value))
    tree.close()
    return " ".join(_text_of(tree.root).split())


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def to_markdown(body: str | None, *, base_url: str = "", markdown: bool = False) -> Converted:
    """A Statuspage body as Markdown. markdown=True: the body is Markdown already (a postmortem written
    in Markdown) and is kept as written, unless it holds HTML."""
    text = _clean(body or "")
    if markdown and not looks_like_html(text):
        return Converted(text.strip())
    tree = _Tree()
    tree.feed(text)
    tree.close()
    writer = _Writer(base_url, laid_out=bool(_LAYOUT.search(text)))
    return Converted("\n\n".join(writer.blocks(tree.root.children)).strip(), writer.lost)
