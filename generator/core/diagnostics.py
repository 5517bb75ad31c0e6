"""Problems found in user input, and how they are printed.

Every user-facing failure goes through a Diagnostic so that it names the file
(and line) and says what to do, in the same shape everywhere: the terminal,
GitHub annotations and test assertions.
"""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int | None
    message: str
    level: str = ERROR

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.level == WARNING else ""
        return f"{where}: {prefix}{self.message}"

    def format_github(self) -> str:
        # Workflow commands end at a newline and treat % specially; escape both
        # so a multi-line message cannot inject a second command.
        def esc(value: str) -> str:
            return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

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
