"""Shared helpers: small statusgen projects written into a temporary folder.

`make_project` writes mkdocs.yml, incident files and (optionally) hand-written
pages, and returns the path of mkdocs.yml. Tests of any part of statusgen may
use it; it goes through no statusgen code, so it cannot hide a bug.
"""
from __future__ import annotations

import textwrap
from datetime import datetime, timezone
from pathlib import Path

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
NOW_TEXT = "2026-03-10T12:00:00Z"

DEFAULT_COMPONENTS = [
    {"id": "api", "name": "Public API", "group": "Core", "description": "The REST API."},
    {"id": "web", "name": "Website", "group": "Core"},
    {"id": "webhooks", "name": "Webhooks"},
    {"id": "exports", "name": "Data exports", "group": "Background", "only_show_if_degraded": True},
]


# Like the demo's: both palettes, no web fonts (the page must not depend on a third party mid-outage).
THEME = """\
theme:
  name: material
  font: false
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: white
      accent: blue
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: black
      accent: light blue
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
"""


def _yaml_scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def mkdocs_yml(components=None, site_url="https://status.example.com/", options: dict | None = None,
               site_name="Example Status", extra: str = "") -> str:
    lines = [f"site_name: {_yaml_scalar(site_name)}", f"site_url: {site_url}", "docs_dir: site_src",
             "site_dir: site", THEME.rstrip("\n"), "plugins:", "  - statusgen:"]
    for key, value in (options or {}).items():
        if isinstance(value, dict):
            lines.append(f"      {key}:")
            lines += [f"        {k}: {_yaml_scalar(v)}" for k, v in value.items()]
        else:
            lines.append(f"      {key}: {_yaml_scalar(value)}")
    lines.append("      components:")
    for component in components if components is not None else DEFAULT_COMPONENTS:
        first = True
        for key, value in component.items():
            lines.append(f"        {'- ' if first else '  '}{key}: {_yaml_scalar(value)}")
            first = False
    return "\n".join(lines) + "\n" + textwrap.dedent(extra)


def make_project(tmp_path: Path, incidents: dict[str, str] | None = None, components=None,
                 site_url: str = "https://status.example.com/", options: dict | None = None,
                 pages: dict[str, str] | None = None, extra: str = "") -> Path:
    """Write a project into tmp_path; return the path of its mkdocs.yml.

    incidents: file name (e.g. "2026-03-04-api.md", sub-folders allowed) -> text (dedented).
    pages: hand-written pages under site_src/ -> text.
    extra: more mkdocs.yml text appended at the end (top-level keys).
    """
    root = Path(tmp_path)
    (root / "incidents").mkdir(parents=True, exist_ok=True)
    (root / "site_src").mkdir(exist_ok=True)
    config = root / "mkdocs.yml"
    config.write_text(mkdocs_yml(components, site_url, options, extra=extra), encoding="utf-8")
    for name, text in (incidents or {}).items():
        path = root / "incidents" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    for name, text in (pages or {}).items():
        path = root / "site_src" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return config


def incident(title="Elevated API errors", severity="P2", components=None, started="2026-03-04T09:05:00Z",
             updates=None, report="", draft=False, internal=None) -> str:
    """An incident file's text. updates: list of (at, status, message)."""
    components = components or {"api": "partial_outage"}
    updates = updates if updates is not None else [
        ("2026-03-04T09:12:00Z", "investigating", "We are investigating elevated error rates."),
        ("2026-03-04T10:05:00Z", "resolved", "Error rates are back to normal."),
    ]
    lines = ["---", f"title: {_yaml_scalar(title)}", f"severity: {severity}", "components:"]
    lines += [f"  {cid}: {impact}" for cid, impact in components.items()]
    lines.append(f"started: {started}")
    if draft:
        lines.append("draft: true")
    if internal:
        lines.append("internal:")
        lines += [f"  {k}: {_yaml_scalar(v)}" for k, v in internal.items()]
    lines.append("updates:")
    for at, status, message in updates:
        lines += [f"  - at: {at}", f"    status: {status}", f"    message: {_yaml_scalar(message)}"]
    lines.append("---")
    return "\n".join(lines) + "\n" + report


def maintenance(title="Database upgrade", components=None, start="2026-03-12T02:00:00Z",
                end="2026-03-12T04:00:00Z", updates=None, report="") -> str:
    components = components or {"api": "under_maintenance"}
    updates = updates if updates is not None else [("2026-03-05T10:00:00Z", "scheduled", "We will upgrade.")]
    lines = ["---", "type: maintenance", f"title: {_yaml_scalar(title)}", "components:"]
    lines += [f"  {cid}: {impact}" for cid, impact in components.items()]
    lines += ["window:", f"  start: {start}", f"  end: {end}", "updates:"]
    for at, status, message in updates:
        lines += [f"  - at: {at}", f"    status: {status}", f"    message: {_yaml_scalar(message)}"]
    lines.append("---")
    return "\n".join(lines) + "\n" + report


def load_state(config_path: Path, now: datetime = NOW):
    """Read a project through the library (config -> project -> state)."""
    from generator.config import load_config
    from generator.project import load_project
    from generator.state import build_state

    config = load_config(config_path)
    project = load_project(config, now)
    assert not project.errors, [d.format() for d in project.errors]
    return build_state(config, project.incidents, now)
