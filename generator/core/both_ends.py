"""A list of independent jobs done from both ends: this process from the front, a forked helper from the back.

Reading ten thousand incident files is a fifth of a large build, one file at a time on one core. Where
the machine has a second core and can fork, a helper process takes the jobs from the last one down and
sends its results back in chunks, while this process works from the first one up; the two meet in the
middle. This process never waits for the helper: it takes what has arrived, and does whatever has not
itself, so a helper that dies, or never starts, costs time and nothing else. Who did a job never changes
its result, which is the same function of the same input; only results that pickle can come back.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MINIMUM = 400  # below this many jobs, starting a process costs more than it saves
CHUNK = 32  # results per message from the helper: few messages, and little done twice where the ends meet


def can_fork() -> bool:
    """Whether a forked helper can help: a second core, fork, and no other thread in this process (a
    thread's lock held at the fork would stay held in the child forever: `mkdocs serve` builds while
    its server's threads run)."""
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods() \
        and threading.active_count() == 1


def _flush_output() -> None:
    for stream in (sys.stdout, sys.stderr):  # a forked copy of unwritten output would be written twice
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass


def map_from_both_ends(function: Callable[[T], R], items: Sequence[T], minimum: int = MINIMUM) -> list[R]:
    """[function(item) for item in items], with a forked helper doing part of it where that helps."""
    ahead = FromTheBack.start(function, items, minimum)
    results = []
    try:
        for index, item in enumerate(items):
            found = ahead.take(index)
            results.append(function(item) if found is None else found[0])
    finally:
        ahead.close()
    return results


def _ahead(function: Callable[[T], R], items: Sequence[T], connection) -> None:
    try:
        for end in range(len(items), 0, -CHUNK):
            start = max(0, end - CHUNK)
            chunk: list[tuple | None] = []
            for item in items[start:end]:
                try:
                    chunk.append((function(item),))
                except Exception:  # noqa: BLE001 - None: done again by the parent, which reports the error
                    chunk.append(None)
            connection.send((start, chunk))
    except BaseException:  # noqa: BLE001 - the parent does what is missing
        pass
    finally:
        connection.close()


class FromTheBack:
    """Jobs done ahead by a forked helper from the last one down, while this process does them from the
    first one up and takes the helper's results by index (take) as it reaches them. Whatever has not
    arrived, or failed in the helper, is the caller's to do itself. Once this process takes a result of
    the helper's, every later one has arrived too, and the helper is stopped (unless told otherwise)."""

    def __init__(self):
        self._done: dict[int, object] = {}
        self._receive = None
        self._process = None
        self._stop_when_taken = True

    @classmethod
    def start(cls, function: Callable[[T], R], items: Sequence[T], minimum: int = MINIMUM,
              stop_when_taken: bool = True) -> FromTheBack:
        """`stop_when_taken=False` keeps the helper going to the first job: for a caller that does not take
        the jobs in order (it may ask for the last one first)."""
        ahead = cls()
        ahead._stop_when_taken = stop_when_taken
        if len(items) < minimum or not can_fork():
            return ahead
        _flush_output()
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_ahead, args=(function, items, send), daemon=True)
        try:
            process.start()
        except OSError:  # no process to be had (a limit on processes, memory): all is done here
            receive.close()
            send.close()
            return ahead
        send.close()
        ahead._receive, ahead._process = receive, process
        return ahead

    @property
    def running(self) -> bool:
        return self._receive is not None

    def take(self, index: int) -> tuple | None:
        """(result,) when the helper did job `index`; None when this process is to do it."""
        self._drain()
        found = self._done.pop(index, None)
        if found is not None and self._process is not None and self._stop_when_taken:
            self.close()  # it works downwards: what it would do next, this process has done
        return found

    def _drain(self) -> None:
        """Take in every result that has arrived, without waiting."""
        if self._receive is None:
            return
        try:
            while self._receive.poll():
                start, chunk = self._receive.recv()
                for offset, result in enumerate(chunk):
                    if result is not None:
                        self._done[start + offset] = result
        except (EOFError, OSError):  # the helper finished, or died
            self.close()

    def stop(self) -> None:
        """Keep what has arrived, and stop the helper."""
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
