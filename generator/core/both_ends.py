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
import signal
import sys
import threading
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MINIMUM = 400  # below this many jobs, starting a process costs more than it saves
CHUNK = 32  # results per message from the helper: few messages, and little done twice where the ends meet


def can_fork() -> bool:
    """Whether a forked helper can help: Linux (elsewhere forking a process that has loaded the system's
    libraries is not safe, which is why Python spawns there), a second core, and no other thread in this
    process (a thread's lock held at the fork would stay held in the child: `mkdocs serve` builds while its
    server's threads run)."""
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1 \
        and "fork" in multiprocessing.get_all_start_methods() and _threads() == 1


def _threads() -> int:
    """The process's threads as the system counts them: `threading` does not see those a library starts
    on its own (a test runner's, an extension's)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


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


_STOPS = {signal.SIGINT, signal.SIGTERM}


def _ahead(function: Callable[[T], R], items: Sequence[T], receive, send) -> None:
    # Only the parent reads: with this copy of the reading end closed, a write after the parent is gone
    # (killed, or done) fails at once instead of waiting on a full pipe for ever.
    receive.close()
    # Stopped by the parent with SIGTERM, quietly (no KeyboardInterrupt from a handler copied from the
    # parent, such as `statusgen serve`'s); Ctrl-C is the parent's to handle. Both were blocked across the
    # fork, so none arrives before this.
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
        for end in range(len(items), 0, -CHUNK):
            start = max(0, end - CHUNK)
            chunk: list[tuple | None] = []
            for item in items[start:end]:
                try:
                    chunk.append((function(item),))
                except Exception:  # noqa: BLE001 - None: done again by the parent, which reports the error
                    chunk.append(None)
            send.send((start, chunk))
    except BaseException:  # noqa: BLE001 - the parent does what is missing
        pass
    finally:
        send.close()


class FromTheBack:
    """Jobs done ahead by a forked helper from the last one down, while this process does them from the
    first one up and takes the helper's results by index (take) as it reaches them. Whatever has not
    arrived, or failed in the helper, is the caller's to do itself. Once this process takes a result of
    the helper's, every later one has arrived too, and the helper is stopped."""

    def __init__(self):
        self._done: dict[int, object] = {}
        self.failed: set[int] = set()  # jobs that raised in the helper (done again here)
        self._receive = None
        self._process = None

    @classmethod
    def start(cls, function: Callable[[T], R], items: Sequence[T], minimum: int = MINIMUM) -> FromTheBack:
        ahead = cls()
        if not items or len(items) < minimum or not can_fork():
            return ahead
        _flush_output()
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_ahead, args=(function, items, receive, send), daemon=True)
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
        try:
            process.start()
        except OSError:  # no process to be had (a limit on processes, memory): all is done here
            receive.close()
            send.close()
            return ahead
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
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
        if found is not None and self._process is not None:
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
                    if result is None:
                        self.failed.add(start + offset)
                    else:
                        self._done[start + offset] = result
        except Exception:  # noqa: BLE001 - the helper finished or died, or sent what cannot be read: do the rest here
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
            self._process.join(5)
            if self._process.is_alive():  # SIGTERM ignored where it was started: not waited on for ever
                self._process.kill()
                self._process.join()
            self._process = None
