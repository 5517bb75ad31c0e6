"""Small Statuspage exports written by hand, item by item, for the importer's tests."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

PAGE = {"id": "pg1", "name": "Example", "url": "https://status.example.org", "time_zone": "Etc/UTC"}
API = {"id": "c-api", "name": "Public API", "status": "operational", "group": False, "group_id": "g-core",
       "position": 1, "created_at": "2023-05-01T10:00:00.000Z", "start_date": None}
DASHBOARD = {"id": "c-dash", "name": "Dashboard", "status": "operational", "group": False, "group_id": "g-core",
             "position": 2, "created_at": "2023-06-15T10:00:00.000Z", "start_date": "2023-07-01",
             "description": "The web <b>dashboard</b> &amp; its charts."}
CORE = {"id": "g-core", "name": "Core", "status": "operational", "group": True, "group_id": None, "position": 1,
        "components": ["c-api", "c-dash"], "created_at": "2023-05-01T10:00:00.000Z"}
COMPONENTS = [CORE, API, DASHBOARD]


def update(uid: str, status: str, at: str, body: str = "Looking into it.", affected=None, display: str | None = None):
    return {"id": uid, "status": status, "body": body, "created_at": at, "updated_at": at,
            "display_at": display or at, "affected_components": affected}


def change(component: dict, new: str, old: str = "operational") -> dict:
    return {"code": component["id"], "name": component["name"], "old_status": old, "new_status": new}


def incident(iid: str, updates: list, name: str = "Elevated errors", impact: str = "minor", components=(), **extra):
    """An incident as the API gives it: updates newest first, resolved_at from its resolving update."""
    ordered = sorted(updates, key=lambda u: u["display_at"], reverse=True)
    resolved = [u for u in ordered if u["status"] == "resolved"]
    record = {"id": iid, "name": name, "status": ordered[0]["status"] if ordered else "investigating",
              "created_at": ordered[-1]["created_at"] if ordered else "2024-01-01T00:00:00.000Z",
              "updated_at": ordered[0]["updated_at"] if ordered else "2024-01-01T00:00:00.000Z",
              "resolved_at": resolved[-1]["display_at"] if resolved else None, "impact": impact,
              "shortlink": f"https://stspg.io/{iid}", "started_at": ordered[-1]["display_at"] if ordered else None,
              "page_id": PAGE["id"], "incident_updates": ordered, "components": list(components)}
    record.update(extra)
    return record


def maintenance(mid: str, updates: list, start: str, end: str, name: str = "Database upgrade", components=()):
    record = incident(mid, updates, name=name, impact="maintenance", components=components)
    record.update(scheduled_for=start, scheduled_until=end, resolved_at=None)
    return record


def write_export(folder: Path, incidents=(), maintenances=(), components=COMPONENTS, page=PAGE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if components is not None:
        (folder / "components.json").write_text(json.dumps({"page": page, "components": components}, indent=2))
    (folder / "incidents.json").write_text(json.dumps({"page": page, "incidents": list(incidents)}, indent=2))
    if maintenances:
        (folder / "scheduled-maintenances.json").write_text(json.dumps(
            {"page": page, "scheduled_maintenances": list(maintenances)}, indent=2))
    return folder


def run(*args, ok: bool = True):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    assert (result.exit_code == 0) == ok, result.output
    if not ok:
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    return result


def import_into(project, export: Path, *args, ok: bool = True):
    return run("import", "statuspage", "-f", project.mkdocs, export, *args, ok=ok)


def file_of(project, source_id: str) -> str:
    """The text of the file imported from that Statuspage id."""
    found = [p for p in project.incidents.rglob("*.md") if f"\n  id: {source_id}\n" in p.read_text()]
    assert len(found) == 1, (source_id, found)
    return found[0].read_text()
