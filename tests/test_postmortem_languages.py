"""The post-incident report skeleton in the site's language (issue #26): `statusgen postmortem` writes it in
theme.language from the catalogs, `--publish` refuses its placeholders in every language, naming the line, and
an English site's skeleton is what it always was, byte for byte (tests/skeletons/)."""
from __future__ import annotations

from pathlib import Path

import pytest

from sample import write_project
from test_cli import run

SKELETONS = Path(__file__).parent / "skeletons"
NOW = "2026-03-13T12:00:00Z"

OUTAGE = """\
---
title: Elevated API errors
severity: P2
components:
  api: partial_outage
  web: degraded_performance
started: 2026-03-04T09:05:00Z
updates:
  - at: 2026-03-04T09:12:00Z
    status: investigating
    message: Looking into it.
  - at: 2026-03-04T09:40:00Z
    status: identified
    message: |
      An expired certificate on one load balancer | the edge rejected requests from many clients, and retries made the queue grow far beyond its usual size for a while.

      Second paragraph.
    components:
      api: major_outage
  - at: 2026-03-04T10:05:00Z
    status: resolved
    message: Error rates are back to normal.
---
"""
BREACH = """\
---
title: Unauthorised access to support tickets
severity: P1
components: {}
security:
  data: |
    - e-mail addresses
    - names
started: 2026-03-04T10:00:00Z
updates:
  - at: 2026-03-04T11:00:00Z
    status: investigating
    message: We are investigating.
  - at: 2026-03-04T12:00:00Z
    status: resolved
    message: Closed.
---
"""
MAINTENANCE = """\
---
type: maintenance
title: Database upgrade
components:
  api: under_maintenance
window:
  start: 2026-03-12T02:00:00Z
  end: 2026-03-12T04:00:00Z
updates:
  - at: 2026-03-05T10:00:00Z
    status: scheduled
    message: We will upgrade.
  - at: 2026-03-12T02:00:00Z
    status: in_progress
    message: Started.
  - at: 2026-03-12T03:30:00Z
    status: completed
    message: Done.
---
"""
FILES = {"2026-03-04-api": OUTAGE, "2026-03-04-breach": BREACH, "2026-03-12-db": MAINTENANCE}


def skeleton(root: Path, name: str, language: str | None = None, monkeypatch=None) -> str:
    """The file after `statusgen postmortem NAME`, on a project of that one file in `language`."""
    project = write_project(root, {f"{name}.md": FILES[name]})
    if language:
        project.mkdocs.write_text(project.mkdocs.read_text().replace("theme:\n", f"theme:\n  language: {language}\n", 1))
    monkeypatch.chdir(root)
    run("postmortem", name, "--now", NOW)
    return (project.incidents / f"{name}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(FILES))
def test_an_english_sites_skeleton_is_what_it_always_was(tmp_path, monkeypatch, name):
    assert skeleton(tmp_path, name, monkeypatch=monkeypatch) == (SKELETONS / f"{name}.md").read_text(encoding="utf-8")
