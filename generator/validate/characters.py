"""Characters an incident file cannot publish, found where they are written (line and column)."""
from __future__ import annotations

import re

from ..core.diagnostics import Diagnostic
from ..read.reader import SourceFile

# Characters XML 1.0 cannot carry (feeds, calendar, SVG would be unbuildable),
# terminal escapes (ESC, the C1 controls) and what YAML refuses even in a
# comment (DEL): refused where they are written, with a line. U+0085 is a YAML
# line break and harmless in XML, so it stays allowed.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_CHAR_NAMES = {0x00: " (NUL)", 0x1B: " (ESC)", 0x7F: " (DEL)"}
MAX_CHARACTER_PROBLEMS = 10  # per file: a file full of NULs needs one fix, not thousands of lines


def _describe(char: str) -> str:
    if char in "\ufffe\uffff":
        return f"the noncharacter U+{ord(char):04X}"
    return f"the control character U+{ord(char):04X}{_CHAR_NAMES.get(ord(char), '')}"


def bad_character(text: str) -> str | None:
    """A description of the first character that cannot be published, if any."""
    match = _BAD_CHARS.search(text)
    if match is None:
        return None
    return f"contains {_describe(match.group())}, which cannot be published; remove it"


def blank_bad_characters(text: str) -> str:
    """`text` with each unpublishable character replaced, so the rest of a file can still be checked."""
    return _BAD_CHARS.sub("\ufffd", text)


def bad_characters(source: SourceFile) -> list[Diagnostic]:
    """Each unpublishable character written into the file, at its line and column.

    YAML refuses most of them without saying where, so they are found here,
    in the text as the editor shows it: lines end at \n only.
    """
    found = [(text, first_line, match) for text, first_line in ((source.front_matter, source.front_matter_line),
                                                                 (source.body, source.body_line))
             for match in _BAD_CHARS.finditer(text)]
    problems = []
    for number, (text, first_line, match) in enumerate(found):
        line = first_line + text.count("\n", 0, match.start())
        if number == MAX_CHARACTER_PROBLEMS:
            problems.append(Diagnostic(source.shown, line, f"{len(found) - number} more control characters from "
                                                           "here on cannot be published; remove them (an editor's "
                                                           "\"show invisibles\" option reveals them)"))
            break
        column = match.start() - text.rfind("\n", 0, match.start())
        problems.append(Diagnostic(source.shown, line, f"column {column}: {_describe(match.group())} cannot be "
                                                       "published; remove it"))
    return problems
