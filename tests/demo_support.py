"""The shipped demo: this repository's own status page (mkdocs.yml, incidents/, site_src/ at its root),
the history of Acme Cloud, a fictional company, as of a fixed moment.

Only the demo's own tests (tests/demo/) read it. Every other test builds its own sample project
(tests/sample.py, tests/reader_sample.py), so a team that forked the repository and replaced the
demo with its own status page keeps a green suite: tests/conftest.py fails any other test that
opens or lists a file of the demo, on that line, and tests/demo/conftest.py skips the demo's tests
when the demo's incidents are gone (or fails them where STATUSGEN_REQUIRE_DEMO is set, as in this
repository's CI).
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_CONFIG = ROOT / "mkdocs.yml"
# What the demo is made of: anything the repository's own status page reads.
DEMO_PATHS = (DEMO_CONFIG, ROOT / "incidents", ROOT / "site_src")
DEMO_INCIDENTS = ROOT / "incidents" / "2026"
# The moment the demo describes (the README's `make demo` builds it as of then).
DEMO_NOW = datetime(2026, 11, 22, 15, 0, tzinfo=timezone.utc)
DEMO_NOW_TEXT = "2026-11-22T15:00:00Z"
# The demo's open incident, which every view of the demo at DEMO_NOW is built around: while it is
# there, the demo is; incidents a team wrote into incidents/2026/ of its own do not make a demo.
DEMO_MARK = DEMO_INCIDENTS / "2026-11-22-webhook-delivery-failures.md"
REQUIRE = "STATUSGEN_REQUIRE_DEMO"

_ROOTS = tuple(str(path) for path in DEMO_PATHS)


def demo_missing() -> str | None:
    """Why the demo's tests cannot run here, or None when the demo is in place."""
    if DEMO_CONFIG.is_file() and DEMO_MARK.is_file():
        return None
    return (f"the shipped demo's incidents are gone (incidents/2026/{DEMO_MARK.name} is missing): tests/demo/ "
            "checks the demo itself, and the rest of the suite does not need it")


def demo_required() -> bool:
    return bool(os.environ.get(REQUIRE))


def is_demo_path(path: str) -> bool:
    """Whether an absolute path is the demo's (mkdocs.yml, or anything under incidents/ or site_src/)."""
    return any(path == root or path.startswith(root + os.sep) for root in _ROOTS)


def build_demo(site_dir: Path, site_url: str | None = None, now: datetime = DEMO_NOW) -> Path:
    """The shipped demo built into site_dir as of its fixed moment; with site_url, as if served from
    that address (a copy of mkdocs.yml beside site_dir that reads the demo's own pages and incidents)."""
    from generator.write.build import build_site

    config = DEMO_CONFIG
    if site_url:
        text = DEMO_CONFIG.read_text(encoding="utf-8")
        text = text.replace("site_url: https://status.acme.example/", f"site_url: {site_url}", 1)
        text = text.replace("docs_dir: site_src", f"docs_dir: {ROOT / 'site_src'}", 1)
        text = text.replace("incidents_dir: incidents", f"incidents_dir: {ROOT / 'incidents'}", 1)
        config = site_dir.parent / f"mkdocs-{site_dir.name}.yml"
        config.write_text(text, encoding="utf-8")
    build_site(config, site_dir=site_dir, now=now)
    return site_dir
