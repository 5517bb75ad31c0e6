"""Lighthouse scores of the demo site, served with gzip like a real host.

Builds the shipped demo (as of now, as a deployed site is; --demo-moment for its fixed moment) into a temporary folder, serves it
on 127.0.0.1 with gzip and the site's 404 page, and runs Lighthouse (from
node_modules, `npm ci`) with Debian's Chromium on the status page, an incident page
and a post-incident report, and every other kind of page (PAGES), as a phone (Lighthouse's default)
and as a desktop.
Prints one line per page and form factor; exits 1 when a score is under --min.

    python bench/lighthouse_scores.py            # phone and desktop, every kind of page
    python bench/lighthouse_scores.py --min 100  # what issues 11 and 24 ask for
    python bench/lighthouse_scores.py --runs 5   # the median of five runs of each page

Performance scores vary from run to run, more so on a busy machine (Lighthouse's own advice
is the median of several runs); --runs N prints the median and the range of each score.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from demo_support import DEMO_NOW, build_demo  # noqa: E402
from reader_support import serve  # noqa: E402

# Every kind of page a reader meets: the generated ones, the hand-written ones (which keep Material's
# whole bundle), a translated tree and the 404 page (at its own address: Lighthouse stops at a 404 status).
PAGES = {"status page": "", "incident page": "incidents/2026-11-22-webhook-delivery-failures/",
         "report page": "incidents/2026-10-29-dashboard-and-api-outage/", "history": "history/",
         "reports list": "postmortems/", "component": "components/api/", "reliability": "reliability/",
         "about": "about/", "subscribe": "subscribe/", "de status": "de/",
         "de report": "de/incidents/2026-11-05-api-rate-limit-errors/", "404 page": "404.html"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--no-sandbox --headless=new --disable-gpu --disable-background-networking " \
               "--disable-component-update --disable-sync --no-first-run"


def run(url: str, desktop: bool, out: Path) -> dict:
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    if desktop:
        command.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH="/usr/bin/chromium")
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failing = sorted(a["id"] for a in report["audits"].values()
                     if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary")
    return {"scores": scores, "failing": failing,
            "bytes": report["audits"]["total-byte-weight"]["numericValue"]}


def _score(category: str, median: int, runs: list[int]) -> str:
    spread = f" ({min(runs)}-{max(runs)})" if min(runs) != max(runs) else ""
    return f"{category} {median:3d}{spread}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=int, default=0, help="fail when any score is below this")
    parser.add_argument("--form", choices=["mobile", "desktop", "both"], default="both")
    parser.add_argument("--runs", type=int, default=1, help="runs of each page and form factor; the median counts")
    parser.add_argument("--only", nargs="*", metavar="PAGE", help="only these pages (names as printed)")
    parser.add_argument("--demo-moment", action="store_true",
                        help="build as of the demo's fixed moment; by default the site is built as of now, as a "
                             "deployed one is (an old build shows readers a notice that it may be out of date, "
                             "which moves the page down once the script has checked its age)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("lighthouse is missing: run npm ci", file=sys.stderr)
        return 2
    forms = {"mobile": [False], "desktop": [True], "both": [False, True]}[args.form]
    worst = 100
    with tempfile.TemporaryDirectory() as tmp:
        site = build_demo(Path(tmp) / "site", now=DEMO_NOW if args.demo_moment else datetime.now(timezone.utc))
        with serve(site) as server:
            for name, path in PAGES.items():
                if args.only and name not in args.only:
                    continue
                for desktop in forms:
                    results = [run(server.url + path, desktop, Path(tmp) / "report.json")
                               for _ in range(max(1, args.runs))]
                    scores = {c: statistics.median_low([r["scores"][c] for r in results]) for c in CATEGORIES}
                    worst = min(worst, *scores.values())
                    shown = "  ".join(_score(c, scores[c], [r["scores"][c] for r in results]) for c in CATEGORIES)
                    failing = sorted({a for r in results for a in r["failing"]})
                    extra = f"  failing: {', '.join(failing)}" if failing else ""
                    print(f"{name:14s} {'desktop' if desktop else 'mobile ':7s} {shown}  "
                          f"{results[0]['bytes'] / 1024:.0f} KB{extra}", flush=True)
    return 1 if worst < args.min else 0


if __name__ == "__main__":
    sys.exit(main())
