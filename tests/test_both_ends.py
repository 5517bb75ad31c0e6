"""Jobs done from both ends (generator.core.both_ends): the results are those of a plain loop, whoever did
each job, whatever happens to the helper process."""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time

import pytest

from generator.core import both_ends
from generator.core.both_ends import FromTheBack, can_fork, map_from_both_ends

PARENT = os.getpid()
CAN_FORK = "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1
needs_fork = pytest.mark.skipif(not CAN_FORK, reason="no second core or no fork here: all is done in this process")


@pytest.fixture
def forked(monkeypatch) -> list[FromTheBack]:
    """A helper forked whatever threads other tests left running; this process waits for its first results
    before its first job. Lists the helpers started."""
    monkeypatch.setattr(both_ends, "can_fork", lambda: True)
    monkeypatch.setattr(both_ends, "CHUNK", 4)
    original_start, original_take, started = FromTheBack.start, FromTheBack.take, []

    def start(function, items, minimum=both_ends.MINIMUM):
        ahead = original_start(function, items, minimum)
        started.append(ahead.running)
        return ahead

    def take(self, index):
        if index == 0 and self._receive is not None:
            assert self._receive.poll(60), "the helper sent nothing in a minute"
        return original_take(self, index)
    monkeypatch.setattr(FromTheBack, "start", staticmethod(start))
    monkeypatch.setattr(FromTheBack, "take", take)
    return started


def _square(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


@needs_fork
def test_the_helper_does_part_and_the_results_are_in_order(forked):
    results = map_from_both_ends(_square, list(range(500)))
    assert forked == [True]
    assert [square for square, _ in results] == [n * n for n in range(500)]
    done_by = [pid for _, pid in results]
    assert done_by[-1] != PARENT  # the back was the helper's
    assert multiprocessing.active_children() == []


def test_below_the_minimum_nothing_is_forked():
    assert map_from_both_ends(_square, list(range(20))) == [(n * n, PARENT) for n in range(20)]
    assert multiprocessing.active_children() == []


def _dies_in_the_helper(n: int) -> int:
    if os.getpid() != PARENT:
        os._exit(3)
    return n + 1


@needs_fork
def test_a_helper_that_dies_costs_nothing_but_time(forked):
    assert map_from_both_ends(_dies_in_the_helper, list(range(600))) == [n + 1 for n in range(600)]
    assert forked == [True]
    assert multiprocessing.active_children() == []


def _fails_on(n: int) -> int:
    if n == 598:
        raise ValueError("item 598")
    return n


@needs_fork
def test_a_failing_job_fails_as_in_a_plain_loop_and_leaves_no_process(forked):
    with pytest.raises(ValueError, match="item 598"):  # the helper's first chunk has it: failed there, then here
        map_from_both_ends(_fails_on, list(range(600)))
    assert forked == [True]
    assert multiprocessing.active_children() == []


def test_no_helper_is_forked_while_another_thread_runs():
    """A lock another thread holds at the fork would stay held in the helper (mkdocs serve builds while
    its server's threads run): then everything is done here."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert not can_fork()
        assert map_from_both_ends(_square, list(range(450))) == [(n * n, PARENT) for n in range(450)]
    finally:
        stop.set()
        thread.join(5)


def _fails_on_odd(n: int) -> int:
    if n % 2:
        raise ValueError(n)
    return n * 10


@needs_fork
def test_from_the_back_failed_jobs_are_left_here_and_the_helper_stops_at_the_first_taken(monkeypatch):
    monkeypatch.setattr(both_ends, "can_fork", lambda: True)
    monkeypatch.setattr(both_ends, "CHUNK", 4)
    ahead = FromTheBack.start(_fails_on_odd, list(range(12)), minimum=0)
    assert ahead.running
    try:
        assert ahead._receive.poll(60)  # its first chunk: jobs 8 to 11
        assert ahead.take(11) is None and 11 in ahead.failed  # failed there: done here, where it is reported
        assert ahead.take(10) == (100,)
        assert not ahead.running  # stopped: what it would do next (below 10) is done here by now
    finally:
        ahead.close()
    assert multiprocessing.active_children() == []


def _big(n: int) -> str:
    return str(n) * 20_000


@needs_fork
def test_a_helper_stuck_on_a_full_pipe_with_sigterm_ignored_is_still_stopped(monkeypatch):
    """A helper started where SIGTERM is ignored (some supervisors start processes so), its pipe full: closing
    neither hangs the build nor leaves the helper behind."""
    monkeypatch.setattr(both_ends, "can_fork", lambda: True)
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        ahead = FromTheBack.start(_big, list(range(400)), minimum=0)
        assert ahead.running
        time.sleep(0.3)  # the pipe fills: 64 KB hold three results of these
        began = time.monotonic()
        ahead.close()
        assert time.monotonic() - began < 10
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert multiprocessing.active_children() == []


def test_from_the_back_below_the_minimum_leaves_every_job_here():
    ahead = FromTheBack.start(_fails_on_odd, list(range(12)), minimum=100)
    assert not ahead.running and ahead.take(11) is None
