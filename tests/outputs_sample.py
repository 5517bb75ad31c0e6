"""Small sample projects for the output tests, written to tmp_path.

Not a test module itself (no test_ prefix): the test_outputs_* modules
import it to build real projects through load_config/load_project/build_state.
"""
from __future__ import annotations

import textwrap
from datetime import datetime, timezone
from pathlib import Path

from generator.config import load_config
from generator.project import load_project
from generator.state import build_state

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)

MKDOCS = """\
site_name: Acme <Test> Status
site_url: https://status.acme.example/
plugins:
  - statusgen:
      severities: p1-p4
      components:
        - id: web-app
          name: Web application
          group: Core
          description: The dashboard.
        - id: api
          name: Public API
          group: Core
        - id: webhooks
          name: Webhooks
        - id: exports
          name: Data exports
          group: Background services
          only_show_if_degraded: true
"""

RESOLVED = """\
---
title: Elevated error rates on the Public API
severity: P2
components:
  api: partial_outage
  webhooks: degraded_performance
started: 2026-03-04T09:05:00Z
updates:
  - at: 2026-03-04T09:12:00Z
    status: investigating
    message: |
      We are investigating elevated error rates. Try `<script>alert(1)</script>` is just text.

      <script>alert("pwned")</script>
  - at: 2026-03-04T09:40:00Z
    status: monitoring
    message: A fix is deployed; we are **monitoring**.
  - at: 2026-03-04T10:40:00Z
    status: resolved
    message: The issue is resolved.
internal:
  slack: "#inc-secret-channel"
---
## Summary

Internal details are not here.
"""

OPEN = """\
---
title: Sign-in failures for some users
severity: P1
components:
  web-app: major_outage
started: 2026-03-10T11:00:00Z
updates:
  - at: 2026-03-10T11:05:00Z
    status: investigating
    message: Some users cannot sign in. We are on it & will update.
---
"""

MINOR_OPEN = """\
---
title: Slow exports
severity: P3
components:
  exports: degraded_performance
started: 2026-03-10T10:00:00Z
updates:
  - at: 2026-03-10T10:05:00Z
    status: identified
    message: Exports are slow.
---
"""

DRAFT = """\
---
title: DRAFTSECRET database failover
draft: true
severity: P1
components:
  api: major_outage
started: 2026-03-09T11:00:00Z
updates:
  - at: 2026-03-09T11:05:00Z
    status: investigating
    message: DRAFTSECRET message.
---
"""

MAINT_DONE = """\
---
title: Database upgrade
type: maintenance
components:
  api: under_maintenance
window:
  start: 2026-03-01T02:00:00Z
  end: 2026-03-01T04:00:00Z
updates:
  - at: 2026-02-25T10:00:00Z
    status: scheduled
    message: We will upgrade the database.
  - at: 2026-03-01T02:00:00Z
    status: in_progress
    message: The upgrade has started.
  - at: 2026-03-01T03:30:00Z
    status: completed
    message: The upgrade is complete.
---
"""

MAINT_FUTURE = """\
---
title: Network maintenance
type: maintenance
components:
  webhooks: under_maintenance
window:
  start: 2026-03-20T02:00:00Z
  end: 2026-03-20T03:00:00Z
updates:
  - at: 2026-03-05T10:00:00Z
    status: scheduled
    message: Webhook deliveries may be delayed during this window.
---
"""

MAINT_RUNNING = """\
---
title: Export storage migration
type: maintenance
components:
  exports: under_maintenance
window:
  start: 2026-03-10T11:30:00Z
  end: 2026-03-10T13:00:00Z
updates:
  - at: 2026-03-08T10:00:00Z
    status: scheduled
    message: Exports will pause during the migration.
---
"""

ALL = {
    "2026-03-04-api-errors": RESOLVED,
    "2026-03-10-sign-in": OPEN,
    "2026-03-10-slow-exports": MINOR_OPEN,
    "2026-03-09-draft": DRAFT,
    "2026-03-01-db-upgrade": MAINT_DONE,
    "2026-03-20-network": MAINT_FUTURE,
    "2026-03-10-export-migration": MAINT_RUNNING,
}
QUIET = {k: ALL[k] for k in ("2026-03-04-api-errors", "2026-03-01-db-upgrade", "2026-03-09-draft")}


def write_project(root: Path, incidents: dict[str, str], mkdocs: str = MKDOCS) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    folder = root / "incidents"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.md"):
        old.unlink()
    for name, text in incidents.items():
        (folder / f"{name}.md").write_text(textwrap.dedent(text), encoding="utf-8")
    return root / "mkdocs.yml"


def build(root: Path, incidents: dict[str, str], now: datetime = NOW, mkdocs: str = MKDOCS):
    config = load_config(write_project(root, incidents, mkdocs))
    project = load_project(config, now)
    assert not project.errors, [str(d) for d in project.errors]
    return build_state(config, project.incidents, now)


def append_update(text: str, at: str, status: str, message: str) -> str:
    """The same incident file with one more update appended (updates are append-only)."""
    head, sep, rest = text.partition("\nupdates:\n")
    lines = rest.split("\n")
    # Updates end where the next top-level key (or the closing fence) starts.
    end = next(i for i, line in enumerate(lines) if line and not line.startswith(" "))
    new = [f"  - at: {at}", f"    status: {status}", f"    message: {message}"]
    return head + sep + "\n".join(lines[:end] + new + lines[end:])


def tool_missing(message: str):
    """Skip when a checker is not installed; in CI (STATUSGEN_REQUIRE_TOOLS) fail instead."""
    import os

    import pytest

    if os.environ.get("STATUSGEN_REQUIRE_TOOLS"):
        pytest.fail(message)
    pytest.skip(message)
