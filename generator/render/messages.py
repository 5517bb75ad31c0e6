"""Update messages as HTML, optionally converted ahead of time in a second process.

Converting Markdown is the largest part of rendering incident pages. A full
build has other work to do before it needs the first incident page (loading
MkDocs and the theme, the feeds and JSON, the status and history pages), so
`statusgen build` starts the conversion in a forked process right after
reading the incidents and collects it when the incident pages are rendered.
The result is the same as converting on demand: same function, same input.
"""
from __future__ import annotations

import multiprocessing
import os

from ..markdown_html import render_message
from ..model import Incident

# Below this, starting a process costs more than it saves.
MIN_INCIDENTS = 200


def convert_all(incidents: list[Incident]) -> dict[str, tuple[str, ...]]:
    return {item.id: tuple(render_message(u.message) for u in item.updates) for item in incidents}


def _child(incidents, connection):
    try:
        connection.send(convert_all(incidents))
    except BaseException:  # the parent then converts on demand
        connection.send(None)
    finally:
        connection.close()


class Messages:
    """HTML of each update's message, by incident id."""

    def __init__(self):
        self._done: dict[str, tuple[str, ...]] = {}
        self._pending = None  # (process, connection) while a conversion runs elsewhere

    @classmethod
    def in_background(cls, incidents: list[Incident]) -> Messages:
        """Start converting every message in a forked process, where that helps."""
        messages = cls()
        if len(incidents) < MIN_INCIDENTS or (os.cpu_count() or 1) < 2 \
                or "fork" not in multiprocessing.get_all_start_methods():
            return messages
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(incidents, send), daemon=True)
        process.start()
        send.close()
        messages._pending = (process, receive)
        return messages

    def _collect(self, wait: bool) -> None:
        process, receive = self._pending
        if not wait and not receive.poll():
            return
        try:
            result = receive.recv()
        except (EOFError, OSError):
            result = None
        receive.close()
        process.join()
        self._pending = None
        if result:
            self._done.update(result)

    def html(self, item: Incident, wait: bool = True) -> tuple[str, ...]:
        """The messages of `item`, oldest first. With wait=False, never blocks on the other process."""
        if self._pending is not None:
            self._collect(wait)
        found = self._done.get(item.id)
        if found is None or len(found) != len(item.updates):
            found = tuple(render_message(u.message) for u in item.updates)
        return found

    def close(self) -> None:
        if self._pending is not None:
            process, receive = self._pending
            receive.close()
            process.terminate()
            process.join()
            self._pending = None
