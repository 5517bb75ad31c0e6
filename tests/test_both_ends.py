"""Jobs done from both ends (generator.core.both_ends): the results are those of a plain loop, whoever did
each job, whatever happens to the helper process."""
from __future__ import annotations

import multiprocessing
import os
import threading
import time

import pytest

from generator.core import both_ends
from generator.core.both_ends import can_fork, map_from_both_ends

PARENT = os.getpid()
CAN_FORK = "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def _slow_square(n: int) -> tuple[int, int]:
    time.sleep(0.001)  # long enough that the helper gets its share before this process is done
    return n * n, os.getpid()


@pytest.mark.skipif(not CAN_FORK, reason="no second core or no fork here: everything is done in this process")
def test_the_helper_does_part_and_the_results_are_in_order(monkeypatch):
    monkeypatch.setattr(both_ends, "can_fork", lambda: True)  # whatever threads other tests left running
    results = map_from_both_ends(_slow_square, list(range(500)))
    assert [square for square, _ in results] == [n * n for n in range(500)]
    done_by = [pid for _, pid in results]
    assert PARENT in done_by[:10] and done_by[-1] != PARENT  # the front here, the back in the helper
    assert multiprocessing.active_children() == []


def test_below_the_minimum_nothing_is_forked():
    results = map_from_both_ends(_slow_square, list(range(20)))
    assert results == [(n * n, PARENT) for n in range(20)]


def _dies_in_the_helper(n: int) -> int:
    if os.getpid() != PARENT:
        os._exit(3)
    return n + 1


def test_a_helper_that_dies_costs_nothing_but_time():
    assert map_from_both_ends(_dies_in_the_helper, list(range(600))) == [n + 1 for n in range(600)]
    assert multiprocessing.active_children() == []


def _fails_on(n: int) -> int:
    if n == 450:
        raise ValueError("item 450")
    return n


def test_a_failing_job_fails_as_in_a_plain_loop_and_leaves_no_process():
    with pytest.raises(ValueError, match="item 450"):
        map_from_both_ends(_fails_on, list(range(600)))
    assert multiprocessing.active_children() == []


def test_no_helper_is_forked_while_another_thread_runs():
    """A lock another thread holds at the fork would stay held in the helper (mkdocs serve builds while
    its server's threads run): then everything is done here."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert not can_fork()
        assert map_from_both_ends(_slow_square, list(range(450))) == [(n * n, PARENT) for n in range(450)]
    finally:
        stop.set()
        thread.join(5)


def _fails_on_odd(n: int) -> int:
    if n % 2:
        raise ValueError(n)
    return n * 10


@pytest.mark.skipif(not CAN_FORK, reason="no second core or no fork here: everything is done in this process")
def test_from_the_back_failed_jobs_are_left_here_and_the_helper_stops_at_the_first_taken(monkeypatch):
    from generator.core.both_ends import FromTheBack

    monkeypatch.setattr(both_ends, "can_fork", lambda: True)
    monkeypatch.setattr(both_ends, "CHUNK", 4)
    ahead = FromTheBack.start(_fails_on_odd, list(range(12)), minimum=0)
    assert ahead.running
    try:
        assert ahead._receive.poll(60)  # its first chunk: jobs 8 to 11
        assert ahead.take(11) is None  # failed there: done here, where its error is reported
        assert ahead.take(10) == (100,)
        assert not ahead.running  # stopped: what it would do next (below 10) is done here by now
    finally:
        ahead.close()
    assert multiprocessing.active_children() == []


def test_from_the_back_below_the_minimum_leaves_every_job_here():
    from generator.core.both_ends import FromTheBack

    ahead = FromTheBack.start(_fails_on_odd, list(range(12)), minimum=100)
    assert not ahead.running and ahead.take(11) is None


def _slow(n: int) -> int:
    time.sleep(0.05)
    return n


@pytest.mark.skipif(not CAN_FORK, reason="no second core or no fork here: everything is done in this process")
def test_from_the_back_a_caller_out_of_order_keeps_the_helper_going(monkeypatch):
    """Update messages: the status page asks for the newest incident's first, then pages go in order."""
    from generator.core.both_ends import FromTheBack

    monkeypatch.setattr(both_ends, "can_fork", lambda: True)
    monkeypatch.setattr(both_ends, "CHUNK", 2)
    ahead = FromTheBack.start(_slow, list(range(40)), minimum=0, stop_when_taken=False)
    try:
        assert ahead._receive.poll(60)
        assert ahead.take(39) == (39,)
        assert ahead.running  # some two seconds of work left, and it goes on with it
    finally:
        ahead.close()
    assert not ahead.running and multiprocessing.active_children() == []
