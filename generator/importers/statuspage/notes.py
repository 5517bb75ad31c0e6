"""What an import could not keep as it was, item by item, with the item's id at Statuspage.

Every note names the file and line the item came from, what it is (incident, maintenance, component)
with its id and title, and what was done instead. A note that says "not imported" is an item left out
entirely; every other note is an item imported with something changed or dropped.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...core.diagnostics import WARNING, Diagnostic

# Kinds of note, for the summary's counts.
SKIPPED = "not imported"


@dataclass(frozen=True)
class Note:
    file: str
    line: int | None
    what: str  # "incident p31zjtct2jer" (its kind and id at Statuspage), with its update's id when it is one's
    title: str
    message: str
    kind: str  # a short name of the kind of note, counted in the summary

    @property
    def order(self) -> tuple:
        return self.file, self.line or 0, self.what, self.message

    @property
    def skipped(self) -> bool:
        return self.kind == SKIPPED

    def diagnostic(self) -> Diagnostic:
        title = f' "{self.title}"' if self.title else ""
        return Diagnostic(self.file, self.line, f"{self.what}{title}: {self.message}", WARNING)


class Notes:
    """Notes about one item: where it is and what it is, said once."""

    def __init__(self, file: str, line: int | None, what: str, title: str = ""):
        self.file, self.line, self.what, self.title = file, line, what, title
        self.found: list[Note] = []

    def add(self, kind: str, message: str, what: str | None = None) -> None:
        self.found.append(Note(self.file, self.line, what or self.what, self.title, message, kind))

    def skip(self, message: str) -> None:
        self.add(SKIPPED, f"not imported: {message}")
