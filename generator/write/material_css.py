"""The part of Material's stylesheets that statusgen's generated pages can use, as one small file.

Material's main stylesheet (137 KB, 23 KB gzipped) and its palette stylesheet style every feature
of the theme: navigation, tabs, search, admonitions, code annotations, forty colours. A stylesheet
holds up the first paint until it has arrived and been applied, and on a phone that was the largest
cost of the status page (Lighthouse 98-99). The pages statusgen generates use a small part of it:
their HTML comes from Material's base.html (with statusgen's frame overriding the header, footer and
navigation) and from statusgen's page templates, and the Markdown in messages and reports carries no
class at all (generator.render.markdown_html removes them).

So these pages link one file instead of the two: the rules of Material's main and palette stylesheets
of the installed package (the files base.html links) whose selectors can match, in the same order.
A selector is left out only when it needs a class, or a palette value (`[data-md-color-primary=red]`),
that none of the templates that make those pages can write: the theme's templates as MkDocs renders
them for a page (main.html of the project's custom_dir or statusgen's frame, down to base.html, and 404.html,
following only the blocks that are not overridden and the templates they include), statusgen's page
templates and the project's overrides of them, statusgen.js, and the configured palette. Words are
collected generously (every literal word of those templates and scripts), so a rule is never dropped
for a class a page can carry; classes inside :not(), :is() and the like never cause a drop.
The file's name carries a digest of its content, like Material's own, so it can be cached for good.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from jinja2 import nodes

FOLDER = "assets/stylesheets"
_LINKED = re.compile(r"assets/stylesheets/((?:main|palette)\.[0-9a-f]+\.min\.css)")
_WORD = re.compile(r"-?[A-Za-z_][\w-]*")
_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
_PALETTE = re.compile(r"""data-md-color-(?:scheme|primary|accent)\s*=\s*["']?([\w-]+)""")
_CACHE: dict = {}


# -- CSS: a rule tree of minified stylesheets ------------------------------------------------------------
def _string_end(text: str, at: int) -> int:
    quote, at = text[at], at + 1
    while text[at] != quote:
        at += 2 if text[at] == "\\" else 1
    return at + 1


_SPECIAL = re.compile(r"""[{};"']|/\*""")  # what a scan stops at (the rest is skipped at C speed)


def _next(text: str, at: int, stops: str) -> int:
    """The index of the next character of `stops` at `at` or after, outside strings and comments."""
    while True:
        found = _SPECIAL.search(text, at)
        if found is None:
            return len(text)
        at = found.start()
        char = text[at]
        if char in "\"'":
            at = _string_end(text, at)
        elif char == "/":
            at = text.index("*/", at) + 2
        elif char in stops:
            return at
        else:
            at += 1


def _block_end(text: str, at: int) -> int:
    """The index after the `}` that closes the `{` at `at`."""
    depth = 0
    while True:
        at = _next(text, at, "{}")
        depth += 1 if text[at] == "{" else -1
        at += 1
        if depth == 0:
            return at


def parse(css: str) -> list[tuple[str, str, object]]:
    """(kind, prelude, body) items: "rule" (selectors, declarations), "group" (@media/@supports, items),
    "at" (another at-rule with a block, kept whole) and "statement" (@charset...;). Comments are dropped."""
    items, at = [], 0
    while at < len(css):
        if css[at].isspace():
            at += 1
            continue
        if css.startswith("/*", at):
            at = css.index("*/", at) + 2
            continue
        end = _next(css, at, "{;")
        prelude = css[at:end].strip()
        if end == len(css) or css[end] == ";":
            items.append(("statement", prelude, None))
            at = end + 1
            continue
        close = _block_end(css, end)
        body = css[end + 1:close - 1]
        if prelude.startswith(("@media", "@supports")):
            items.append(("group", prelude, parse(body)))
        else:
            items.append(("at" if prelude.startswith("@") else "rule", prelude, body))
        at = close
    return items


def _selectors(prelude: str) -> list[str]:
    """A selector list split at its own commas (not those inside :is(...) or [...])."""
    parts, depth, start, at = [], 0, 0, 0
    while at < len(prelude):
        char = prelude[at]
        if char in "\"'":
            at = _string_end(prelude, at)
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:at])
            start = at + 1
        at += 1
    parts.append(prelude[start:])
    return [part.strip() for part in parts]


def _needs(selector: str) -> list[str]:
    """The classes and palette values a selector needs (those inside functional pseudo-classes do not count)."""
    outside, inside_brackets, depth, brackets, at = [], [], 0, 0, 0
    while at < len(selector):
        char = selector[at]
        if char in "\"'":
            end = _string_end(selector, at)
            if depth == 0 and brackets:
                inside_brackets.append(selector[at + 1:end - 1])
            at = end
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "[" and depth == 0:
            brackets += 1
            inside_brackets.append(" ")
        elif char == "]" and depth == 0:
            brackets -= 1
            inside_brackets.append(" ")
        elif depth == 0:
            (inside_brackets if brackets else outside).append(char)
        at += 1
    return _CLASS.findall("".join(outside)) + _PALETTE.findall("".join(inside_brackets))


def used(items: list, words: frozenset[str]) -> str:
    """The stylesheet with only the selectors whose classes and palette values are all among `words`."""
    out = []
    for kind, prelude, body in items:
        if kind == "rule":
            kept = [s for s in _selectors(prelude) if all(need in words for need in _needs(s))]
            if kept:
                out.append(",".join(kept) + "{" + body + "}")
        elif kind == "group":
            inner = used(body, words)
            if inner:
                out.append(prelude + "{" + inner + "}")
        elif kind == "statement":
            if not prelude.startswith("@charset"):  # one at the top of the combined file
                out.append(prelude + ";")
        else:
            out.append(prelude + "{" + body + "}")
    return "".join(out)


# -- the words the theme's templates can write -----------------------------------------------------------
def _template_name(node) -> list[str]:
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return [item.value for item in node.items if isinstance(item, nodes.Const) and isinstance(item.value, str)]
    return []  # a computed name (".icons/" ~ name): an icon, no classes


def _calls_super(block: nodes.Block) -> bool:
    return any(isinstance(call.node, nodes.Name) and call.node.name == "super" for call in block.find_all(nodes.Call))


class _Words:
    """Every literal word of a template as rendered: its chain of `extends`, each block as the most
    derived template defines it (and its parents' when it calls super()), and what it includes or imports."""

    def __init__(self, env):
        self.env = env
        self.words: set[str] = set()
        self.done: set[str] = set()
        self.sources: list[tuple[str, str]] = []  # every template read, to check a cached answer

    def _ast(self, name: str):
        source, filename, _ = self.env.loader.get_source(self.env, name)
        self.sources.append((name, source))
        return self.env.parse(source, name, filename)  # a syntax error names the file

    def template(self, name: str) -> None:
        if name in self.done:
            return
        self.done.add(name)
        chain = []
        while name is not None:
            tree = self._ast(name)
            chain.append(tree)
            parent = next((n for n in tree.find_all(nodes.Extends)), None)
            names = _template_name(parent.template) if parent is not None else []
            name = names[0] if names else None
        blocks: dict[str, list[nodes.Block]] = {}
        for tree in chain:  # most derived first
            for block in tree.find_all(nodes.Block):
                blocks.setdefault(block.name, []).append(block)
        self._walk(chain[-1], blocks)

    def _block(self, name: str, blocks: dict, level: int) -> None:
        definitions = blocks.get(name, [])
        if level < len(definitions):
            self._walk_children(definitions[level], blocks)
            if _calls_super(definitions[level]):
                self._block(name, blocks, level + 1)

    def _walk(self, node, blocks: dict) -> None:
        if isinstance(node, nodes.Block):
            self._block(node.name, blocks, 0)
            return
        self._walk_children(node, blocks)

    def _walk_children(self, node, blocks: dict) -> None:
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.TemplateData):
                self.words.update(_WORD.findall(child.data))
            elif isinstance(child, nodes.Const) and isinstance(child.value, str):
                self.words.update(_WORD.findall(child.value))
            if isinstance(child, (nodes.Include, nodes.Import, nodes.FromImport)):
                for name in _template_name(child.template):
                    try:
                        self.template(name)
                    except Exception:  # noqa: BLE001 - a missing optional include renders nothing
                        pass
            self._walk(child, blocks)


def template_words(env, name: str = "main.html") -> set[str]:
    """The literal words of the theme's `name` as MkDocs renders it (see _Words). Parsing the templates
    takes about 0.1 s: the answer is kept while every template it read still has the same source."""
    cached = _CACHE.get(("words", name))
    if cached is not None and all(_source(env, n) == text for n, text in cached[0]):
        return cached[1]
    collector = _Words(env)
    collector.template(name)
    _CACHE[("words", name)] = (collector.sources, collector.words)
    return collector.words


def _not_found_words(env) -> set[str]:
    try:
        return template_words(env, "404.html")
    except Exception:  # noqa: BLE001 - a theme without a 404 template: MkDocs writes none
        return set()


def _source(env, name: str) -> str | None:
    try:
        return env.loader.get_source(env, name)[0]
    except Exception:  # noqa: BLE001 - gone since: the answer is not kept
        return None


def words_of(texts) -> set[str]:
    words: set[str] = set()
    for text in texts:
        words.update(_WORD.findall(text))
    return words


def palette_words(palette) -> set[str]:
    """The configured palettes' scheme, primary and accent values, as the theme writes them: Material's
    templates turn spaces into hyphens (`accent: light blue` is data-md-color-accent="light-blue")."""
    options = [palette] if isinstance(palette, dict) else list(palette or [])
    return {str(option.get(key)).replace(" ", "-") for option in options if isinstance(option, dict)
            for key in ("scheme", "primary", "accent") if option.get(key)}


# -- the file ----------------------------------------------------------------------------------------------
def page_template_texts(builtin: Path, overrides) -> list[str]:
    """statusgen's page templates, and every template of a project's overrides: an override may include
    one of its own from any folder under statusgen/ (mine/note.html). Read for their words only."""
    paths = [*sorted(builtin.glob("*.html")), *sorted(builtin.glob("partials/*.html"))]
    paths += [path for folder in overrides if folder.is_dir() for path in sorted(folder.rglob("*.html"))]
    return [path.read_text(encoding="utf-8", errors="replace") for path in paths]


def linked_stylesheets(theme_dirs: list[str], base_html: str) -> list[Path]:
    """Material's main and palette stylesheets as base.html links them, found in the theme's folders."""
    found = []
    for name in dict.fromkeys(_LINKED.findall(base_html)):
        for folder in theme_dirs:
            path = Path(folder) / FOLDER / name
            if path.is_file():
                found.append(path)
                break
    return found


def _tree(path: Path) -> list:
    key = ("tree", str(path), path.stat().st_mtime_ns, path.stat().st_size)
    if key not in _CACHE:
        _CACHE[key] = parse(path.read_text(encoding="utf-8"))
    return _CACHE[key]


def stylesheet(sources: list[Path], words: set[str]) -> tuple[str, bytes]:
    """(path in the site, content): the used part of `sources`, in order, named by its digest."""
    frozen = frozenset(words)
    key = ("css", tuple((str(p), p.stat().st_mtime_ns) for p in sources), frozen)
    if key not in _CACHE:
        text = '@charset "UTF-8";' + "".join(used(_tree(path), frozen) for path in sources)
        content = text.encode("utf-8")
        digest = hashlib.sha256(content).hexdigest()[:8]
        _CACHE[key] = (f"{FOLDER}/statusgen-material.{digest}.min.css", content)
    return _CACHE[key]



def used_stylesheet(env, theme_dirs: list[str], palette, texts: list[str]) -> tuple[str, bytes] | None:
    """(path in the site, content) of the used part of the stylesheets the theme's base.html links, for
    pages rendered from `env`'s main.html and from templates and scripts whose text is `texts`; None
    when base.html links no Material stylesheet (another theme: the frame keeps the theme's links)."""
    sources = linked_stylesheets(theme_dirs, env.loader.get_source(env, "base.html")[0])
    if not sources:
        return None
    # The 404 page links it too (it has no `page`): its template (a project's custom_dir may have its own)
    # writes words main.html does not.
    words = template_words(env) | _not_found_words(env) | words_of(texts) | palette_words(palette)
    if len(_CACHE) > 16:  # `serve` rebuilds with edited templates: keep the cache small
        _CACHE.clear()
    return stylesheet(sources, words)
