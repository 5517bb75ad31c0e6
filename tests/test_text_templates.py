"""Plain-text templates: the report skeleton is a template, and a project can replace it."""
from __future__ import annotations

from click.testing import CliRunner

from generator.cli import main

MKDOCS = """\
site_name: Templates Status
site_url: https://status.example.com/
theme:
  name: material
  custom_dir: overrides
plugins:
  - statusgen:
      components:
        - id: api
          name: Public API
"""
INCIDENT = """\
---
title: API errors
severity: P2
components:
  api: partial_outage
updates:
  - at: 2026-03-04T09:12:00Z
    status: investigating
    message: Looking.
  - at: 2026-03-04T10:05:00Z
    status: resolved
    message: Fixed.
---
"""


def project(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(MKDOCS)
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "2026-03-04-api.md").write_text(INCIDENT)
    return tmp_path


def postmortem(root):
    return CliRunner().invoke(main, ["postmortem", "2026-03-04-api", "-f", str(root / "mkdocs.yml"), "--now",
                                     "2026-03-05T10:00:00Z"])


def test_the_shipped_skeleton_fills_the_timeline_from_the_updates(tmp_path):
    root = project(tmp_path)
    result = postmortem(root)
    assert result.exit_code == 0, result.output
    body = (root / "incidents" / "2026-03-04-api.md").read_text().split("---\n", 2)[2]
    assert "- **Date**: 2026-03-04\n- **Duration**: 53 min\n" in body
    assert "| 2026-03-04 09:12 | Investigating: Looking. |" in body
    assert "| 2026-03-04 10:05 | Resolved: Fixed. |" in body
    assert "## Action Items" in body and "- **Severity**: P2 (High)" in body


def test_a_project_replaces_the_skeleton(tmp_path):
    root = project(tmp_path)
    folder = root / "overrides" / "statusgen"
    folder.mkdir(parents=True)
    (folder / "postmortem.md.j2").write_text("## What happened to {{ components }}\n\n{% for row in timeline %}"
                                             "- {{ row.event }}\n{% endfor %}")
    assert postmortem(root).exit_code == 0
    body = (root / "incidents" / "2026-03-04-api.md").read_text().split("---\n", 2)[2]
    assert body.strip() == "## What happened to Public API\n\n- Impact began\n- Investigating: Looking.\n- Resolved: Fixed."


def test_a_broken_override_is_named_with_its_line_and_nothing_is_written(tmp_path):
    root = project(tmp_path)
    folder = root / "overrides" / "statusgen"
    folder.mkdir(parents=True)
    (folder / "postmortem.md.j2").write_text("## Report\n\n{% for row in timeline %}\n")
    before = (root / "incidents" / "2026-03-04-api.md").read_bytes()
    result = postmortem(root)
    assert result.exit_code == 1
    assert "overrides/statusgen/postmortem.md.j2:3: template error" in result.output
    assert "Traceback" not in result.output
    assert (root / "incidents" / "2026-03-04-api.md").read_bytes() == before
