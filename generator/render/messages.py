"""Update messages as HTML, partly converted ahead of time in a second process.

Converting Markdown is the largest part of rendering incident pages. For a
large site `statusgen build` forks a helper process right after reading the
incidents (core.both_ends.FromTheBack). It converts messages starting from
the incident pages rendered last and sends them back in chunks while this
process starts MkDocs. Once MkDocs has its files, the helper that renders
whole page bodies ahead takes over (write.generated_page): this one stops,
and what it converted is kept. Whatever has not arrived is converted here.
Who converted a message never changes the result: it is the same function
on the same text.
"""
from __future__ import annotations

from .markdown_html import render_message
from ..core.both_ends import FromTheBack
from ..core.model import Incident

MIN_INCIDENTS = 200  # below this, starting a process costs more than it saves


def convert(item: Incident) -> tuple[str, ...]:
    return tuple(render_message(u.message) for u in item.updates)


class Messages:
    """HTML of each update's message, by incident id."""

    def __init__(self):
        self._ahead: FromTheBack | None = None
        self._index: dict[str, int] = {}

    @classmethod
    def in_background(cls, incidents: list[Incident]) -> Messages:
        """Start converting in a forked process, where that helps; else convert on demand."""
        messages = cls()
        # Incident pages are rendered in id order; the helper starts from the last. `statusgen build` stops
        # it (stop) once MkDocs has started and the page bodies' helper takes over (write.generated_page).
        order = sorted(incidents, key=lambda i: i.id)
        messages._index = {item.id: n for n, item in enumerate(order)}
        messages._ahead = FromTheBack.start(convert, order, MIN_INCIDENTS)
        return messages

    @property
    def running(self) -> bool:
        return self._ahead is not None and self._ahead.running

    def html(self, item: Incident) -> tuple[str, ...]:
        """The messages of `item` as HTML, oldest first."""
        index = self._index.get(item.id)
        found = self._ahead.take(index) if self._ahead is not None and index is not None else None
        if found is None or len(found[0]) != len(item.updates):
            return convert(item)
        return found[0]

    def stop(self) -> None:
        """Keep what has arrived and stop the helper (before forking another that uses these messages)."""
        if self._ahead is not None:
            self._ahead.stop()

    def close(self) -> None:
        if self._ahead is not None:
            self._ahead.close()
