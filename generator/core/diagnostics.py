"""Problems found in user input, and how they are printed.

Every user-facing failure goes through a Diagnostic so that it names the file
(and line) and says what to do, in the same shape everywhere: the terminal,
GitHub annotations and test assertions.

Paths and messages quote what the user wrote, so a value could carry a newline
and print a forged `file:line: error` line of its own. Both formats print
exactly one line per diagnostic: every control character, line or paragraph
separator and bidirectional control is shown as a visible escape (\\n, \\x1b,
\\u2028...), the way Python writes it in a string literal.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

# C0 and C1 controls (\n, \r, \x85 NEL, \x1b ESC...), U+2028/U+2029, and the embeddings, overrides
# and isolates that reorder a line on screen.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(value) -> str:
    """`value` on one line, with every character that could break or reorder it written as an escape."""
    return _INVISIBLE.sub(_escape, str(value))


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int | None
    message: str
    level: str = ERROR

    def format(self) -> str:
        path = visible(self.path)
        where = f"{path}:{self.line}" if self.line else path
        prefix = "warning: " if self.level == WARNING else ""
        return f"{where}: {prefix}{visible(self.message)}"

    def format_github(self) -> str:
        # Workflow commands end at a newline and treat % specially. Line breaks
        # are already visible escapes; the command's own escaping (%25, %0D,
        # %0A, and %3A, %2C in properties) is applied on top, as the runner reads it.
        def esc(value: str) -> str:
            return visible(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        def esc_prop(value: str) -> str:
            return esc(value).replace(":", "%3A").replace(",", "%2C")

        props = f"file={esc_prop(self.path)}"
        if self.line:
            props += f",line={self.line}"
        return f"::{self.level} {props}::{esc(self.message)}"


class UserError(Exception):
    """A failure caused by input, reported as diagnostics instead of a traceback."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


def sort_key(d: Diagnostic):
    return (d.path, d.line or 0, d.level != ERROR, d.message)


def did_you_mean(word: str, choices) -> str:
    """' (did you mean "x"?)' for a near miss, else ''."""
    import difflib

    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f' (did you mean "{match[0]}"?)' if match else ""
