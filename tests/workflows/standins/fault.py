"""Faults armed by the test for the stand-ins: a queue of modes per point; each use takes the next one.

The queue is $STANDIN_STATE/faults/POINT.json, a JSON list of modes; "ok" lets one use through unharmed,
so ["ok", "fail"] fails the second use. Every use of a point is logged to $STANDIN_STATE/events.jsonl
with the mode it got, so a test can tell that the fault it armed was really hit.

    python fault.py take POINT [KEY=VALUE ...]   prints the mode for this use ("ok" when none is armed)
    python fault.py log POINT [KEY=VALUE ...]    logs an event, taking no fault
"""
from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from pathlib import Path


def state() -> Path:
    return Path(os.environ["STANDIN_STATE"])


def take(point: str, **facts) -> str:
    """The mode armed for this use of `point`, 'ok' when none; logged as an event."""
    queue = state() / "faults" / f"{point}.json"
    with open(state() / "faults.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two jobs at once must not take the same fault
        modes = json.loads(queue.read_text(encoding="utf-8")) if queue.exists() else []
        mode = modes.pop(0) if modes else "ok"
        if modes:
            queue.write_text(json.dumps(modes), encoding="utf-8")
        else:
            queue.unlink(missing_ok=True)
        log(point, mode=mode, **facts)
    return mode


def log(point: str, **facts) -> None:
    record = {"time": time.time(), "point": point, "run": os.environ.get("GITHUB_RUN_ID", ""),
              "job": os.environ.get("GITHUB_JOB", ""), **facts}
    with open(state() / "events.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    command, point, *pairs = sys.argv[1:]
    facts = dict(pair.split("=", 1) for pair in pairs)
    if command == "take":
        print(take(point, **facts))
    else:
        log(point, **facts)
