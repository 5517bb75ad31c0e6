"""The origin repository's hooks: `hooks.py pre-receive` rejects a push on demand, `hooks.py post-receive`
logs every ref update that landed (the test checks from it that the record branch only moved forward).

Each pushed ref takes a fault from the point push-BRANCH (e.g. push-statusgen-record); "reject" refuses
the whole push the way a server-side rule does, so the pusher sees `! [remote rejected]`.
"""
from __future__ import annotations

import sys

from fault import log, take


def main(hook: str) -> int:
    updates = [line.split() for line in sys.stdin.read().splitlines() if line.strip()]
    if hook == "post-receive":
        for old, new, ref in updates:
            log("ref-updated", ref=ref, old=old, new=new)
        return 0
    rejected = False
    for old, new, ref in updates:
        mode = take(f"push-{ref.removeprefix('refs/heads/')}", ref=ref, old=old, new=new)
        rejected = rejected or mode == "reject"
    if rejected:
        print("error: the push was rejected by a server-side rule (a fault the test injected)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
