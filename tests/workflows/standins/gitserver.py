"""GitHub's git endpoint, played by the bare repository that stands for origin; it fails on demand.

Clones made by the checkout stand-in reach https://github.com/OWNER/REPO through git's ext:: transport,
which runs `python gitserver.py [--no-credentials] SERVICE` with SERVICE upload-pack (a fetch) or
receive-pack (a push). Faults are taken from the points git-fetch and git-push (checkout-fetch for the
checkout stand-in's own fetches, so a test can aim at the workflow's steps alone):

    unreachable   the host cannot be reached
    error-502     GitHub answers 502
    hang          nothing is answered until the client gives up (or STANDIN_HANG_SECONDS pass)

--no-credentials plays a clone whose checkout did not persist its credentials: a push is refused the
way git refuses it on a runner, where there is no one to type a password.
"""
from __future__ import annotations

import os
import select
import sys
import time

from fault import log, take


def main(argv: list[str]) -> int:
    service = argv[-1]
    url = f"https://github.com/{os.environ.get('GITHUB_REPOSITORY', '')}"
    if service == "receive-pack" and "--no-credentials" in argv:
        log("git-push", mode="no-credentials")
        print(f"fatal: could not read Username for 'https://github.com': terminal prompts disabled "
              f"(pushing to {url}: the checkout step ran with persist-credentials: false)", file=sys.stderr)
        return 128
    point = "git-fetch" if service == "upload-pack" else "git-push"
    if os.environ.get("STANDIN_CALLER") == "checkout":
        point = "checkout-fetch"
    mode = take(point)
    if mode == "unreachable":
        print(f"fatal: unable to access '{url}/': Could not resolve host: github.com", file=sys.stderr)
        return 128
    if mode.startswith("error-"):
        print(f"fatal: unable to access '{url}/': The requested URL returned error: {mode[6:]}", file=sys.stderr)
        return 128
    if mode == "hang":
        end = time.monotonic() + float(os.environ.get("STANDIN_HANG_SECONDS", "300"))
        while time.monotonic() < end:  # until git hangs up (stdin closes) or the bound passes
            if select.select([sys.stdin], [], [], 0.5)[0] and not os.read(sys.stdin.fileno(), 65536):
                break
        return 128
    os.execvp("git", ["git", service, os.environ["STANDIN_ORIGIN"]])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
