"""Sample projects for tests: the one way to write a statusgen project into a folder.

`write_project(root, incidents, ...)` writes mkdocs.yml, the incident files and any
hand-written pages, and returns a `Project` (its paths). Incident files are built
with `incident(...)` and `maintenance(...)`; everything goes through no statusgen
code, so it cannot hide a bug. The fixtures in conftest.py layer on top of it:
project -> config -> state -> outputs -> built_site.

Every test shares NOW and COMPONENTS; a test that needs another moment or other
components passes them explicitly.

mkdocs.yml is laid out so that tests can name its lines: site_name is on line 1,
site_url on line 2, docs_dir on line 3 and the first plugin option on line 8; the
theme comes after the plugin, as a block that starts "theme:\n".
"""
from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import yaml

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
NOW_TEXT = "2026-03-10T12:00:00Z"
SITE_NAME = "Test Status"
SITE_URL = "https://status.example.com/"

COMPONENTS = [
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


@dataclass(frozen=True)
class Project:
    """A sample project on disk."""

    root: Path

    @property
    def mkdocs(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def incidents(self) -> Path:
        return self.root / "incidents"

    @property
    def pages(self) -> Path:
        return self.root / "site_src"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write_incident(self, name: str, text: str) -> Path:
        """Write incidents/<name> (".md" added when the name has no suffix); the text is dedented."""
        return _write(self.incidents / (name if Path(name).suffix else f"{name}.md"), text)

    def write_page(self, name: str, text: str) -> Path:
        return _write(self.pages / name, text)

    def template_overrides(self) -> Path:
        """Points the theme's custom_dir at overrides/ and returns overrides/statusgen/, where the
        project's own page templates replace statusgen's."""
        self.mkdocs.write_text(self.mkdocs.read_text().replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1))
        folder = self.root / "overrides" / "statusgen"
        folder.mkdir(parents=True, exist_ok=True)
        return folder


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def scalar(value) -> str:
    """A YAML scalar (or flow collection), quoted only where YAML needs it."""
    text = yaml.safe_dump({"k": value}, sort_keys=False, default_flow_style=True, width=float("inf"),
                          allow_unicode=True)
    return text.strip()[len("{k: "):-1]


def _options(options: dict | str | None) -> list[str]:
    if not options:
        return []
    if isinstance(options, str):  # raw YAML, for what a dict cannot express (tags, anchors, mistakes)
        return textwrap.indent(textwrap.dedent(options), " " * 6).rstrip("\n").split("\n")
    return [f"      {key}: {scalar(value)}" for key, value in options.items()]


def _components(components: list[dict]) -> list[str]:
    lines = []
    for component in components:
        for index, (key, value) in enumerate(component.items()):
            lines.append(f"        {'- ' if index == 0 else '  '}{key}: {scalar(value)}")
    return lines


def mkdocs_yml(*, components: list[dict] | None = None, options: dict | str | None = None,
               site_url: str = SITE_URL, site_name: str = SITE_NAME, extra: str = "") -> str:
    """mkdocs.yml's text. options: plugin options (a dict, or raw YAML text); extra: top-level YAML appended."""
    lines = [f"site_name: {scalar(site_name)}", f"site_url: {site_url}", "docs_dir: site_src", "site_dir: site",
             "use_directory_urls: true", "plugins:", "  - statusgen:", *_options(options), "      components:",
             *_components(COMPONENTS if components is None else components)]
    return "\n".join(lines) + "\n" + THEME + textwrap.dedent(extra)


def write_project(root: Path, incidents: dict[str, str] | None = None, *, pages: dict[str, str] | None = None,
                  **layout) -> Project:
    """Write a project into root (created if needed) and return it.

    incidents: file name under incidents/ (sub-folders allowed; ".md" added when there is no suffix) -> text.
        The folder holds exactly these files afterwards.
    pages: hand-written pages under site_src/ -> text.
    layout: components, options, site_url, site_name, extra (see mkdocs_yml).
    """
    project = Project(Path(root))
    project.root.mkdir(parents=True, exist_ok=True)
    project.pages.mkdir(exist_ok=True)
    shutil.rmtree(project.incidents, ignore_errors=True)
    project.incidents.mkdir()
    project.mkdocs.write_text(mkdocs_yml(**layout), encoding="utf-8")
    for name, text in (incidents or {}).items():
        project.write_incident(name, text)
    for name, text in (pages or {}).items():
        project.write_page(name, text)
    return project


def message(text: str, indent: int = 6) -> str:
    """An update's message as YAML: a literal block when it has several lines, as people write them."""
    body = text[:-1] if text.endswith("\n") else text
    lines = body.split("\n")
    if len(lines) < 2 or body.endswith("\n") or not lines[0] or not all(
            line == line.strip() and line.isprintable() for line in lines):
        return scalar(text)
    return ("|\n" if text.endswith("\n") else "|-\n") + "\n".join(" " * indent + line if line else ""
                                                                for line in lines)


def _update(at: str, status: str, text: str) -> list[str]:
    return [f"  - at: {at}", f"    status: {status}", f"    message: {message(text)}"]


def _updates(updates) -> list[str]:
    return ["updates:", *(line for update in updates for line in _update(*update))]


def _mapping(key: str, values: dict | None) -> list[str]:
    return [f"{key}:", *(f"  {k}: {scalar(v)}" for k, v in values.items())] if values else []


def incident(title="Elevated API errors", severity="P2", components=None, started="2026-03-04T09:05:00Z",
             updates=None, report="", draft=False, internal=None, report_published="auto") -> str:
    """An incident file's text. updates: list of (at, status, message); started=None leaves it out.
    A report is published (report_published) at the last update's time unless report_published says
    when, or is None: then it is written and not published."""
    updates = updates if updates is not None else [
        ("2026-03-04T09:12:00Z", "investigating", "We are investigating elevated error rates."),
        ("2026-03-04T10:05:00Z", "resolved", "Error rates are back to normal."),
    ]
    lines = ["---", f"title: {scalar(title)}", f"severity: {severity}"]
    lines += ["draft: true"] if draft else []
    lines += _mapping("components", components or {"api": "partial_outage"})
    lines += [f"started: {started}"] if started else []
    lines += _updates(updates) + _mapping("internal", internal) + _published(report, report_published, updates)
    lines += ["---"]
    return "\n".join(lines) + "\n" + report


def _published(report: str, when: str | None, updates) -> list[str]:
    if not report.strip() or when is None:
        return []
    return [f"report_published: {updates[-1][0] if when == 'auto' else when}"]


def maintenance(title="Database upgrade", components=None, start="2026-03-12T02:00:00Z",
                end="2026-03-12T04:00:00Z", updates=None, report="", report_published="auto") -> str:
    """A maintenance file's text. updates: list of (at, status, message); a report as for incident()."""
    updates = updates if updates is not None else [("2026-03-05T10:00:00Z", "scheduled", "We will upgrade.")]
    lines = ["---", "type: maintenance", f"title: {scalar(title)}"]
    lines += _mapping("components", components or {"api": "under_maintenance"})
    lines += ["window:", f"  start: {start}", f"  end: {end}", *_updates(updates),
              *_published(report, report_published, updates), "---"]
    return "\n".join(lines) + "\n" + report


def append_update(text: str, at: str, status: str, message: str) -> str:
    """The same file with one more update at the end of its updates (updates are append-only)."""
    head, sep, rest = text.partition("\nupdates:\n")
    lines = rest.split("\n")
    # Updates end where the next top-level key (or the closing fence) starts.
    end = next(i for i, line in enumerate(lines) if line and not line.startswith(" "))
    return head + sep + "\n".join(lines[:end] + _update(at, status, message) + lines[end:])


def load_state(project: Project | Path, now: datetime = NOW):
    """Read a project through the library (config -> project -> state); it must have no errors."""
    from generator.read.config import load_config

    return state_of(load_config(project.mkdocs if isinstance(project, Project) else project), now)


def state_of(config, now: datetime = NOW):
    """The state of a loaded config's project at now; the project must have no errors."""
    from generator.validate.project import load_project
    from generator.model.state import build_state

    loaded = load_project(config, now)
    assert not loaded.errors, [d.format() for d in loaded.errors]
    return build_state(config, loaded.incidents, now)


# The Acme sample: the output and golden tests' project, a busy moment at NOW -----------------

ACME_COMPONENTS = [
    {"id": "web-app", "name": "Web application", "group": "Core", "description": "The dashboard."},
    {"id": "api", "name": "Public API", "group": "Core"},
    {"id": "webhooks", "name": "Webhooks"},
    {"id": "exports", "name": "Data exports", "group": "Background services", "only_show_if_degraded": True},
]
ACME = {"site_name": "Acme <Test> Status", "site_url": "https://status.acme.example/", "components": ACME_COMPONENTS,
        "options": {"severities": "p1-p4"}}

RESOLVED = incident(
    title="Elevated error rates on the Public API", components={"api": "partial_outage",
                                                                "webhooks": "degraded_performance"},
    updates=[("2026-03-04T09:12:00Z", "investigating",
              "We are investigating elevated error rates. Try `<script>alert(1)</script>` is just text.\n\n"
              "<script>alert(\"pwned\")</script>\n"),
             ("2026-03-04T09:40:00Z", "monitoring", "A fix is deployed; we are **monitoring**."),
             ("2026-03-04T10:40:00Z", "resolved", "The issue is resolved.")],
    internal={"slack": "#inc-secret-channel"}, report="## Summary\n\nInternal details are not here.\n")
OPEN = incident(title="Sign-in failures for some users", severity="P1", components={"web-app": "major_outage"},
                started="2026-03-10T11:00:00Z",
                updates=[("2026-03-10T11:05:00Z", "investigating",
                          "Some users cannot sign in. We are on it & will update.")])
MINOR_OPEN = incident(title="Slow exports", severity="P3", components={"exports": "degraded_performance"},
                      started="2026-03-10T10:00:00Z",
                      updates=[("2026-03-10T10:05:00Z", "identified", "Exports are slow.")])
DRAFT = incident(title="DRAFTSECRET database failover", severity="P1", draft=True, components={"api": "major_outage"},
                 started="2026-03-09T11:00:00Z",
                 updates=[("2026-03-09T11:05:00Z", "investigating", "DRAFTSECRET message.")])
MAINT_DONE = maintenance(start="2026-03-01T02:00:00Z", end="2026-03-01T04:00:00Z", updates=[
    ("2026-02-25T10:00:00Z", "scheduled", "We will upgrade the database."),
    ("2026-03-01T02:00:00Z", "in_progress", "The upgrade has started."),
    ("2026-03-01T03:30:00Z", "completed", "The upgrade is complete.")])
MAINT_FUTURE = maintenance(
    title="Network maintenance", components={"webhooks": "under_maintenance"}, start="2026-03-20T02:00:00Z",
    end="2026-03-20T03:00:00Z",
    updates=[("2026-03-05T10:00:00Z", "scheduled", "Webhook deliveries may be delayed during this window.")])
MAINT_RUNNING = maintenance(
    title="Export storage migration", components={"exports": "under_maintenance"}, start="2026-03-10T11:30:00Z",
    end="2026-03-10T13:00:00Z",
    updates=[("2026-03-08T10:00:00Z", "scheduled", "Exports will pause during the migration.")])

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


# One incident and one maintenance, resolved and scheduled, for tests of files and commands -------

INCIDENT = incident(updates=[("2026-03-04T09:12:00Z", "investigating", "We are investigating elevated error rates."),
                             ("2026-03-04T09:40:00Z", "identified", "A faulty deploy; rolling back."),
                             ("2026-03-04T10:05:00Z", "resolved", "Error rates are back to normal.")])
MAINTENANCE = maintenance(start="2026-03-10T02:00:00Z", end="2026-03-10T04:00:00Z",
                          updates=[("2026-03-05T10:00:00Z", "scheduled", "We will upgrade the database.")])
