#!/usr/bin/env python3
"""Benchmark: a full `statusgen build` over N synthetic incidents.

Usage:
    python bench/bench_build.py                 # N = 100, 1000, 10000
    python bench/bench_build.py 1000            # only N = 1000
    python bench/bench_build.py 100 1000 --keep # keep the projects in bench/out/
    python bench/bench_build.py 1000 --profile  # also write a cProfile of an in-process build

Each build runs as its own subprocess (`python -m generator build`), so the
time includes start-up ("best s" and "median s" are wall-clock over --repeat
builds from scratch, "CPU s" is the fastest build's user + system time), and the peak memory is that process's own maximum
resident set size (os.wait4 gives each child's rusage; ru_maxrss is KiB on Linux).
Each incident has about 4 updates; 1 in 10 has a post-incident report and
1 in 8 is a maintenance. Targets: 1,000 incidents under 3.5 s; 10,000 under
60 s and 1 GB, growing linearly.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parents[1]

COMPONENTS = [
    ("web-app", "Web application", "Core"), ("api", "Public API", "Core"), ("auth", "Sign-in and SSO", "Core"),
    ("webhooks", "Webhooks", "Integrations"), ("integrations", "Third-party integrations", "Integrations"),
    ("notifications", "Email notifications", "Background services"),
    ("exports", "Data exports", "Background services"),
]

MKDOCS = """\
site_name: Bench Cloud Status
site_url: https://status.bench.example/
docs_dir: site_src
site_dir: site
theme:
  name: material
  font: false
  features: [navigation.tabs, navigation.footer]
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: white
      accent: blue
      toggle: {{icon: material/weather-night, name: Switch to dark mode}}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: black
      accent: light blue
      toggle: {{icon: material/weather-sunny, name: Switch to light mode}}
nav:
  - Status: index.md
  - History: history.md
  - Post-incident reports: postmortems.md
  - About: about.md
markdown_extensions: [attr_list, admonition]
plugins:
  - statusgen:
      severities: p1-p4
      history_per_page: 20
      components:
{components}"""

REPORT = """
## Summary

Between {start} and {end} UTC some requests to the {name} failed. About {share} % of requests were affected.

## Root cause

A configuration change rolled out to all regions at once instead of region by region. The new setting
lowered a connection limit, and under normal afternoon load requests queued and timed out.

## Timeline

| Time (UTC) | Event |
| --- | --- |
| {start} | Error rates rise |
| {end} | Change rolled back; error rates normal |

## What we are changing

- Roll out configuration region by region, like code.
- Alert on queue depth, not only on error rate.
- Add the connection limit to the pre-deploy checks.
"""

IMPACTS = ["degraded_performance", "partial_outage", "major_outage"]
MESSAGES = {
    "investigating": "We are investigating reports of errors and slow responses. Next update within 30 minutes.",
    "identified": "We have identified the cause: a configuration change. We are rolling it back now.",
    "monitoring": "The rollback is complete and error rates are back to normal. We are monitoring.",
    "resolved": "This incident is resolved. We are sorry for the disruption.",
}


def z(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def incident_text(n: int, start: datetime, rng: random.Random, open_: bool) -> str:
    cid, name, _ = COMPONENTS[rng.randrange(len(COMPONENTS))]
    comps = {cid: rng.choice(IMPACTS)}
    if rng.random() < 0.4:
        other = COMPONENTS[rng.randrange(len(COMPONENTS))][0]
        comps.setdefault(other, "degraded_performance")
    if n % 8 == 7:
        end = start + timedelta(hours=2)
        lines = ["---", "type: maintenance", f"title: Planned maintenance {n} of the {name}", "components:"]
        lines += [f"  {c}: under_maintenance" for c in comps]
        lines += ["window:", f"  start: {z(start)}", f"  end: {z(end)}", "updates:",
                  f"  - at: {z(start - timedelta(days=3))}", "    status: scheduled",
                  "    message: We will upgrade the database cluster. Expect brief interruptions.",
                  f"  - at: {z(start)}", "    status: in_progress", "    message: The maintenance has started.",
                  f"  - at: {z(end - timedelta(minutes=10))}", "    status: completed",
                  "    message: The maintenance is complete.", "---", ""]
        return "\n".join(lines)
    # Policy-clean data: P1/P2 incidents need a report, which 1 in 10 has.
    severity = rng.choice(["P1", "P2"]) if n % 10 == 0 and not open_ else rng.choice(["P3", "P3", "P4"])
    lines = ["---", f"title: Elevated errors on the {name} ({n})", f"severity: {severity}", "components:"]
    lines += [f"  {c}: {impact}" for c, impact in comps.items()]
    lines += [f"started: {z(start)}", "updates:"]
    at = start + timedelta(minutes=5)
    statuses = ["investigating", "identified", "monitoring"] + ([] if open_ else ["resolved"])
    for status in statuses:
        lines += [f"  - at: {z(at)}", f"    status: {status}", f"    message: {json.dumps(MESSAGES[status])}"]
        at += timedelta(minutes=rng.randint(8, 14))
    lines += ["internal:", "  slack: \"#inc-bench\"", "---", ""]
    text = "\n".join(lines)
    if n % 10 == 0 and not open_:
        text += REPORT.format(start=start.strftime("%H:%M"), end=(at - timedelta(minutes=10)).strftime("%H:%M"),
                              name=name, share=rng.randint(2, 40))
    return text


BENCH_MARK = ".statusgen-bench"  # in every project folder this script writes, so it only deletes its own


def incident_start(n: int, count: int) -> datetime:
    """About 3 incidents a week, newest an hour before NOW (and still open).

    Large histories are denser so that they stay within ten years: times before
    1970 are refused, and real histories are not decades long.
    """
    step = min(timedelta(hours=56), timedelta(days=3650) / max(count, 1))
    return NOW - timedelta(hours=1) - step * n


def make_project(root: Path, count: int) -> Path:
    if root.exists():
        if not (root / BENCH_MARK).exists():
            raise SystemExit(f"{root} exists and was not written by this benchmark; move it away first")
        shutil.rmtree(root)
    (root / "incidents").mkdir(parents=True)
    (root / BENCH_MARK).write_text("written by bench/bench_build.py\n")
    (root / "site_src").mkdir()
    (root / "site_src" / "about.md").write_text("# About\n\nA benchmark project.\n")
    comps = "".join(f"        - id: {cid}\n          name: {name}\n          group: {group}\n"
                    for cid, name, group in COMPONENTS)
    (root / "mkdocs.yml").write_text(MKDOCS.format(components=comps))
    rng = random.Random(count)
    for n in range(count):
        start = incident_start(n, count)
        folder = root / "incidents" / str(start.year)
        folder.mkdir(exist_ok=True)
        (folder / f"{start:%Y-%m-%d}-bench-{n}.md").write_text(incident_text(n, start, rng, open_=n == 0))
    return root / "mkdocs.yml"


def run_build(config: Path, site_dir: Path) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds, peak RSS in KiB, output) of one build in a child process."""
    cmd = [sys.executable, "-m", "generator", "build", "-f", str(config), "--now", z(NOW), "--site-dir", str(site_dir)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=config.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    output = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"build failed for {config}:\n{output}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, output


def profile(config: Path) -> None:
    import cProfile
    import pstats

    sys.path.insert(0, str(ROOT))
    from generator.write.build import build_site

    out = config.parent / "build.prof"
    cProfile.runctx("build_site(config, now=NOW)", globals(), {"build_site": build_site, "config": config,
                                                              "NOW": NOW}, str(out))
    stats = pstats.Stats(str(out))
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000], help="incident counts")
    parser.add_argument("--repeat", type=int, default=3, help="builds per N (default 3; 1 for N >= 10000); "
                                                                "the table shows the fastest and the median")
    parser.add_argument("--keep", action="store_true", help="keep the projects in bench/out/")
    parser.add_argument("--profile", action="store_true", help="profile an in-process build of the largest N")
    args = parser.parse_args()
    base = ROOT / "bench" / "out" if args.keep else Path(tempfile.mkdtemp(prefix="statusgen-bench-"))
    print(f"{'N':>7} {'pages':>7} {'best s':>7} {'median s':>9} {'CPU s':>7} {'pages/s':>8} {'peak MiB':>9}")
    try:
        for count in args.sizes:
            config = make_project(base / f"n{count}", count)
            runs = []
            for run in range(args.repeat if count < 10000 else 1):
                # A fresh folder each time: deleting the previous site just before would
                # measure the disk's cleanup (slow on some file systems) more than the build.
                runs.append(run_build(config, config.parent / f"site-{run}"))
            runs.sort()
            best, median = runs[0], runs[len(runs) // 2]
            pages = sum(1 for _ in (config.parent / "site-0").rglob("index.html"))
            peak = max(r[2] for r in runs) / 1024
            print(f"{count:>7} {pages:>7} {best[0]:>7.2f} {median[0]:>9.2f} {best[1]:>7.2f} {pages / best[0]:>8.0f} "
                  f"{peak:>9.0f}", flush=True)
        if args.profile:
            profile(make_project(base / "profile", max(args.sizes)))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
