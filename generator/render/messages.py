"""Update messages as HTML, partly converted ahead of time in a second process.

Converting Markdown is the largest part of rendering incident pages. For a
large site `statusgen build` forks a helper process right after reading the
incidents. It converts messages starting from the incident pages rendered
last and sends them back in chunks, while this process starts MkDocs and
renders pages from the other end, converting whatever has not arrived yet
itself. The two meet in the middle. Who converted a message never changes
the result: it is the same function on the same text.
"""
from __future__ import annotations

import multiprocessing

from .markdown_html import render_message
from ..core.both_ends import can_fork
from ..core.model import Incident

MIN_INCIDENTS = 200  # below this, starting a process costs more than it saves
CHUNK = 50


def convert(item: Incident) -> tuple[str, ...]:
    return tuple(render_message(u.message) for u in item.updates)


def _child(incidents: list[Incident], connection) -> None:
    try:
        chunk = {}
        for item in incidents:
            chunk[item.id] = convert(item)
            if len(chunk) >= CHUNK:
                connection.send(chunk)
                chunk = {}
        if chunk:
            connection.send(chunk)
    except (BrokenPipeError, KeyboardInterrupt):  # the parent finished or gave up
        pass
    finally:
        connection.close()


class Messages:
    """HTML of each update's message, by incident id."""

    def __init__(self):
        self._done: dict[str, tuple[str, ...]] = {}
        self._process = None
        self._receive = None

    @classmethod
    def in_background(cls, incidents: list[Incident]) -> Messages:
        """Start converting in a forked process, where that helps; else convert on demand."""
        messages = cls()
        if len(incidents) < MIN_INCIDENTS or not can_fork():
            return messages
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        # Incident pages are rendered in id order; the helper starts from the last.
        order = sorted(incidents, key=lambda i: i.id, reverse=True)
        process = context.Process(target=_child, args=(order, send), daemon=True)
        process.start()
        send.close()
        messages._process, messages._receive = process, receive
        return messages

    @property
    def running(self) -> bool:
        return self._receive is not None

    def _drain(self) -> None:
        """Take every chunk that has arrived, without waiting."""
        try:
            while self._receive.poll():
                self._done.update(self._receive.recv())
        except (EOFError, OSError):  # the helper is done (or died): convert the rest here
            self.close()

    def html(self, item: Incident) -> tuple[str, ...]:
        """The messages of `item` as HTML, oldest first."""
        if self._receive is not None:
            self._drain()
        found = self._done.pop(item.id, None)
        if found is None or len(found) != len(item.updates):
            found = convert(item)
        return found

    def stop(self) -> None:
        """Keep what has arrived and stop the helper (before forking another that uses these messages)."""
        if self._receive is not None:
            self._drain()
        self.close()

    def close(self) -> None:
        if self._receive is not None:
            self._receive.close()
            self._receive = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process = None
