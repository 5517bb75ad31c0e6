"""How long Python-Markdown may take to convert a text, estimated in one linear pass.

Python-Markdown finds the end of a link, an image, a raw HTML tag or a code
fence by scanning forward from its opening character, so text with thousands
of openers that never close converts in quadratic time (20,000 '[' in one
message: two minutes). `tangle` estimates that scanning without converting;
validation refuses a file whose texts add up to more than MARKUP_BUDGET
characters scanned (about half a second), so every valid file builds quickly.
bench/bench_markdown.py compares the estimate with real conversion times.

Nesting is the other cost: Python-Markdown recurses for each level a list
nests, taking time that grows faster than the square of the depth, until
Python's recursion limit cuts it off. `nesting` finds the deepest
line; no real message nests anywhere near MAX_NESTING levels.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

MARKUP_BUDGET = 1_000_000
MAX_NESTING = 50  # levels: four columns of indentation, or a list marker, each

_OPENING_FENCE = re.compile(r"(~{3,}|`{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|').*?\2[ ]*)?)\n")
_CLOSING_FENCE = re.compile(r"(~{3,}|`{3,})[ ]*(?:\n|$)")
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_BLANK = re.compile(r"\n[ \t]*\n")
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_ABBREVIATION = re.compile(r"^\*\[[^\]]*\][ ]?:", re.MULTILINE)
_DEFINITION = re.compile(r"^[ ]{0,3}:[ ]{1,3}", re.MULTILINE)
# A line's lead: indentation, quote markers and list markers, up to its first word.
_LEAD = re.compile(r"^(?:[ \t>]|[-*+][ \t]|\d+\.[ \t])+(?=[^ \t\n])", re.MULTILINE)
_MARKER = re.compile(r"[-*+][ \t]|\d+\.[ \t]")
# A rule ("- - -", "* * *"): Markdown draws a line, whatever the dashes look like.
_RULE = re.compile(r"[ \t>]*(?:(?:-+[ ]{0,2}){3,}|(?:_+[ ]{0,2}){3,}|(?:\*+[ ]{0,2}){3,})[ ]*$", re.MULTILINE)
# Any lead deep enough to matter is at least this long, made of these characters only.
_LONG_LEAD = re.compile(r"^[ \t>*+.\d-]{%d}" % (MAX_NESTING + 1), re.MULTILINE)
_PAIRS = {"[": re.compile(r"[\[\]]"), "(": re.compile(r"[()]")}  # opener -> it and its closer
# Relative cost of one character scanned: the bracket scans run in Python,
# the others in C regular expressions (bench/bench_markdown.py measures them).
_HTML_WEIGHT = 8
_FENCE_WEIGHT = 12
_DEFINITION_WEIGHT = 16
_ABBREVIATION_WEIGHT = 2


@dataclass(frozen=True)
class Tangle:
    """The estimated scanning cost of converting a text, and what causes most of it."""

    cost: int = 0
    opener: str = ""  # the character (or construct) behind most of the cost
    count: int = 0  # how many of them
    offset: int = 0  # where the first one is, for a line number


def tangle(text: str) -> Tangle:
    """How much scanning converting `text` may take, outside fenced code blocks."""
    text = _lines_as_markdown_ends_them(text)
    costs: dict[str, list[int]] = {}  # opener -> [cost, count, first offset]
    for start, end in _prose(text, costs):
        for start_p, end_p in _paragraphs(text, start, end):
            _brackets(text, start_p, end_p, costs)
            _definitions(text, start_p, end_p, costs)
        _tags(text, start, end, costs)
    definitions = [m.start() for m in _ABBREVIATION.finditer(text)]
    if definitions:
        costs["*["] = [len(definitions) * len(text) // _ABBREVIATION_WEIGHT, len(definitions), definitions[0]]
    if not costs:
        return Tangle()
    opener, (_, count, offset) = max(costs.items(), key=lambda item: item[1][0])
    return Tangle(sum(c[0] for c in costs.values()), opener, count, offset)


@dataclass(frozen=True)
class Nesting:
    """How deep a text's deepest line nests, and where that line starts."""

    depth: int = 0
    offset: int = 0


def nesting(text: str) -> Nesting:
    """The deepest list nesting of any line outside fenced code blocks (whose content Markdown leaves flat).

    A line nests one level per list marker it starts with, and one per four columns of indentation
    before its last marker; indentation alone (an indented code block) and quotes cost no recursion.
    """
    text = _lines_as_markdown_ends_them(text)
    if not _LONG_LEAD.search(text):  # the usual case, decided in C
        return Nesting()
    deepest = Nesting()
    for start, end in _prose(text, {}):
        for match in _LEAD.finditer(text, start, end):
            lead = match.group()
            markers = list(_MARKER.finditer(lead))
            if not markers or _RULE.match(text, match.start()):
                continue
            indentation = _MARKER.sub("", lead[:markers[-1].start()])
            depth = (indentation.count(" ") + 4 * indentation.count("\t")) // 4 + len(markers)
            if depth > deepest.depth:
                deepest = Nesting(depth, match.start())
    return deepest


def _lines_as_markdown_ends_them(text: str) -> str:
    # Python-Markdown ends a line at a lone carriage return too; one character for one keeps offsets.
    return text.replace("\r", "\n")


def cost_bound(length: int) -> int:
    """The most `tangle(text).cost` can be for any text of `length` characters.

    Each opener costs at most the length of the text, and there are at most as
    many openers as characters: brackets add up to at most length², tags to
    length²/16, fences, definitions and abbreviations to less than length²/8
    together. Texts whose bound is within the budget need not be measured.
    """
    return 2 * length * length


def _prose(text: str, costs: dict):
    """(start, end) of the stretches outside fenced code blocks, which Markdown sets aside unscanned.

    Python-Markdown searches for a block's closing fence from every opening
    one, so each fence that never closes costs a scan to the end of the text.
    """
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text)]  # \r already made \n
    closers: dict[str, list[int]] = {}  # fence -> offsets of the lines that would close it
    for position, line in lines:
        match = _CLOSING_FENCE.match(line)
        if match:
            closers.setdefault(match.group(1), []).append(position)
    start = skip_to = 0
    for position, line in lines:
        match = _OPENING_FENCE.match(line) if position >= skip_to else None
        if not match:
            continue
        found = closers.get(match.group(1), [])
        after = bisect.bisect_right(found, position)
        if after == len(found):
            _add(costs, "```", (len(text) - position) // _FENCE_WEIGHT, position)
            continue
        yield start, position
        line_end = text.find("\n", found[after])
        start = skip_to = len(text) if line_end < 0 else line_end + 1
    yield start, len(text)


def _paragraphs(text: str, start: int, end: int):
    """(start, end) of each paragraph: inline scanning never crosses a blank line."""
    for match in _BLANK.finditer(text, start, end):
        yield start, match.start()
        start = match.end()
    yield start, end


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index > 0 and text[index - 1] == "\\":
        backslashes += 1
        index -= 1
    return backslashes % 2 == 1


def _add(costs: dict, opener: str, cost: int, offset: int) -> None:
    entry = costs.setdefault(opener, [0, 0, offset])
    entry[0] += cost
    entry[1] += 1


def _brackets(text: str, start: int, end: int, costs: dict) -> None:
    """Each '[' or '(' costs the distance to its closing partner, or to the paragraph's end."""
    for opener, pattern in _PAIRS.items():
        open_at: list[int] = []
        for match in pattern.finditer(text, start, end):
            index = match.start()
            if _escaped(text, index):
                continue
            if match.group() == opener:
                open_at.append(index)
            elif open_at:
                first = open_at.pop()
                if index - first > 64:  # nearby pairs are ordinary links; only long scans add up
                    _add(costs, opener, index - first, first)
        for first in open_at:
            _add(costs, opener, end - first, first)


def _definitions(text: str, start: int, end: int, costs: dict) -> None:
    """Each definition (': text') splits its paragraph, and the rest is searched again."""
    for match in _DEFINITION.finditer(text, start, end):
        _add(costs, ":", (end - match.start()) // _DEFINITION_WEIGHT, match.start())


def _tags(text: str, start: int, end: int, costs: dict) -> None:
    """Each tag-like '<' costs the distance to the next '>' (to the end, if a quote could hide it)."""
    for match in _TAG_START.finditer(text, start, end):
        index = match.start()
        close = text.find(">", index, end)
        if close < 0 or "'" in text[index:close] or '"' in text[index:close]:
            close = end
        if close - index > 64:
            _add(costs, "<", (close - index) // _HTML_WEIGHT, index)
