"""Small sample projects written into a temporary folder for tests."""
from __future__ import annotations

import textwrap
from pathlib import Path

COMPONENTS = """\
        - id: api
          name: Public API
          group: Core
        - id: web
          name: Website
          group: Core
        - id: exports
          name: Data exports
          only_show_if_degraded: true
"""

MKDOCS = """\
site_name: Test Status
site_url: {site_url}
docs_dir: site_src
theme:
  name: material
plugins:
  - statusgen:
{options}      components:
{components}"""


def write_project(root: Path, incidents: dict[str, str] | None = None, *, options: str = "",
                  components: str = COMPONENTS, site_url: str = "https://status.example.com/") -> Path:
    """Write mkdocs.yml and incident files (name -> text, dedented); return mkdocs.yml's path."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site_src").mkdir(exist_ok=True)
    (root / "incidents").mkdir(exist_ok=True)
    config = root / "mkdocs.yml"
    indented = textwrap.indent(textwrap.dedent(options), " " * 6) if options else ""
    config.write_text(MKDOCS.format(site_url=site_url, options=indented, components=components), encoding="utf-8")
    for name, text in (incidents or {}).items():
        path = root / "incidents" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return config


INCIDENT = """\
---
title: Elevated API errors
severity: P2
components:
  api: partial_outage
started: 2026-03-04T09:05:00Z
updates:
  - at: 2026-03-04T09:12:00Z
    status: investigating
    message: We are investigating elevated error rates.
  - at: 2026-03-04T09:40:00Z
    status: identified
    message: A faulty deploy; rolling back.
  - at: 2026-03-04T10:05:00Z
    status: resolved
    message: Error rates are back to normal.
---
"""

MAINTENANCE = """\
---
type: maintenance
title: Database upgrade
components:
  api: under_maintenance
window:
  start: 2026-03-10T02:00:00Z
  end: 2026-03-10T04:00:00Z
updates:
  - at: 2026-03-05T10:00:00Z
    status: scheduled
    message: We will upgrade the database.
---
"""
