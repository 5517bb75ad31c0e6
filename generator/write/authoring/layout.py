"""Reading the author's layout of a front matter, and putting new lines into it.

An edit never re-dumps the author's YAML: the new update's lines go right
after the last line of the existing updates list, in that list's own style; a
new top-level field goes at the end of the front matter; a report at the end
of the body. Every other byte stays as the author wrote it.
"""
from __future__ import annotations

import re

import yaml

from ...core.diagnostics import Diagnostic, UserError
from ...read.yamllayout import Node, column, layout, line_of
from .yamlvalues import Style

# --- Reading the author's layout ------------------------------------------------------------------
def updates_node(front: str, shown: str, first_line: int) -> tuple[Node, int]:
    """(the updates list's node, its key's file line)."""
    try:
        root = layout(front)
    except (yaml.YAMLError, RecursionError) as exc:  # the validator accepted it, so unexpected; never a traceback
        raise UserError([Diagnostic(shown, None, f"cannot edit this front matter: {exc}")]) from None
    for key, value in root.items if root is not None and root.kind == "map" else ():
        if key.kind == "scalar" and key.value == "updates":
            return value, first_line + line_of(front, key.start)
    raise UserError([Diagnostic(shown, None, "has no updates list to add to")])


def item_style(front: str, updates: Node) -> Style:
    """The author's item style, read off the last item (the one most likely copied from)."""
    start = updates.items[-1].start
    line_start = front.rfind("\n", 0, start) + 1
    before = front[line_start:start]
    text = _text_indent(front, updates)
    if re.fullmatch(r"[ \t]*-[ \t]+", before):  # "  - at:", "-   at:", "-\tat:"
        return Style(before, None, len(before), text)
    if not before.strip() and line_start > 0:  # "-" alone, keys on the lines below
        above = front[front.rfind("\n", 0, line_start - 1) + 1:line_start - 1]
        if re.fullmatch(r" *-[ \t]*", above):
            return Style(before, above.rstrip(), len(before), text)
    dash = column(front, updates.start)  # anything odder: the usual "- " at the list's first dash
    return Style(" " * dash + "- ", None, dash + 2, text)


def _text_indent(front: str, updates: Node) -> int:
    """How far the author indents a block message's text past its key; 2 if they never wrote one."""
    for item in reversed(updates.items):
        for key, value in item.items if item.kind == "map" and not item.flow else ():
            if key.value == "message" and value.kind == "scalar" and value.style in ("|", ">"):
                first = re.compile(r"[^\n]*\n(?:[ \t]*\n)*( *)\S").match(front, value.start)
                key_column = column(front, key.start)
                if first and len(first.group(1)) > key_column:
                    return len(first.group(1)) - key_column
    return 2


def _end_line(front: str, updates: Node) -> int:
    """The front-matter line the new item goes before: right after the last item's last value.

    Comments and blank lines after it stay after the new item, with whatever
    they introduce (usually the next field).
    """
    leaf = updates.items[-1]
    while leaf.kind in ("map", "seq") and not leaf.flow and leaf.items:
        leaf = leaf.items[-1][1] if leaf.kind == "map" else leaf.items[-1]
    end = leaf.end
    if leaf.kind == "scalar" and leaf.style in ("|", ">") and leaf.value.endswith("\n\n"):
        # A kept block ("|+") owns the blank lines after it: go past them, or its text would lose
        # them. (A blank last line of the front matter is not one: it has no line break inside it.)
        return line_of(front, end)
    while end > leaf.start and front[end - 1] in " \t\r\n":
        end -= 1  # a block scalar's marks run past its trailing line breaks
    return line_of(front, max(end - 1, 0)) + 1


def insert_update(original: str, front: str, updates: Node, style_lines: list[str]) -> str:
    """`original` with `style_lines` inserted after the updates list, in the file's line endings."""
    lines = original.split("\n")  # the file's own lines: CRLF keeps its \r, the BOM stays on line 0
    at = 1 + _end_line(front, updates)  # front matter starts on the file's second line
    eol = "\r" if lines[at - 1].endswith("\r") else ""
    return "\n".join(lines[:at] + [line + eol for line in style_lines] + lines[at:])




class NO_SOURCE:
    front_matter = ""


def append_front_matter_line(original: str, line: str) -> str:
    """`original` with one more top-level line at the end of its front matter, in the file's line endings."""
    eol = "\r\n" if "\r\n" in original else "\n"
    lines = original.split(eol)
    closing = next(i for i in range(1, len(lines)) if re.match(r"^(?:---|\.\.\.)[ \t]*$", lines[i]))
    return eol.join(lines[:closing] + [line] + lines[closing:])


def append_body(original: str, body: str) -> str:
    """`original` with `body` added at the end after a blank line, in the file's line endings."""
    eol = "\r\n" if "\r\n" in original else "\n"
    text = original if original.endswith("\n") else original + eol
    blank_before = not text[:-1].rsplit("\n", 1)[-1].strip()
    body = body.strip("\n").replace("\r\n", "\n").replace("\n", eol) + eol
    return text + ("" if blank_before else eol) + body
