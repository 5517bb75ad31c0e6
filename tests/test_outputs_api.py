"""The Statuspage-compatible JSON files, read back and checked against a JSON Schema."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from generator.outputs import render_outputs
from sample import ACME, ALL, load_state, write_project

SCHEMA = json.loads((Path(__file__).parent / "schemas/statuspage_v2.json").read_text(encoding="utf-8"))
SITE = "https://status.acme.example/"


@pytest.fixture
def layout():
    return ACME


def validator(kind: str) -> jsonschema.protocols.Validator:
    schema = {k: v for k, v in SCHEMA.items() if k != "files"}
    schema["$ref"] = f"#/$defs/{kind}"
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    state = load_state(write_project(tmp_path_factory.mktemp("api"), ALL, **ACME))
    out = render_outputs(state)
    return state, {p: json.loads(b) for p, b in out.items() if p.startswith("api/")}


def test_every_api_file_matches_the_schema(site):
    _, files = site
    assert sorted(files) == sorted(SCHEMA["files"])
    for path, kind in SCHEMA["files"].items():
        errors = sorted(validator(kind).iter_errors(files[path]), key=str)
        assert not errors, (path, [e.message for e in errors[:5]])


@pytest.mark.parametrize("mutate", [
    lambda d: d["status"].update(indicator="down"),
    lambda d: d["components"][0].update(status="broken"),
    lambda d: d["incidents"][0].update(impact="maintenance"),
    lambda d: d["incidents"][0]["incident_updates"][0].pop("display_at"),
    lambda d: d["scheduled_maintenances"][0].pop("scheduled_for"),
    lambda d: d["page"].update(extra=1),
    lambda d: d["incidents"][0].update(created_at="2026-03-04 09:12"),
])
def test_schema_rejects_wrong_shapes(site, mutate):
    _, files = site
    doc = copy.deepcopy(files["api/v2/summary.json"])
    mutate(doc)
    assert list(validator("summary").iter_errors(doc))


def test_page_and_status(site):
    state, files = site
    summary = files["api/v2/summary.json"]
    page = summary["page"]
    assert page["name"] == "Acme <Test> Status"
    assert page["url"] == SITE and page["time_zone"] == "UTC"
    assert page["updated_at"] == "2026-03-10T11:05:00Z"  # newest update, not the build time
    assert summary["status"] == {"indicator": "critical", "description": "Major Service Outage"}
    assert files["api/v2/status.json"] == {"page": page, "status": summary["status"]}
    for path, doc in files.items():
        assert doc["page"] == page, path


def test_components_and_groups(site):
    _, files = site
    components = files["api/v2/components.json"]["components"]
    assert components == files["api/v2/summary.json"]["components"]
    assert [c["id"] for c in components] == ["group-core", "web-app", "api", "webhooks",
                                             "group-background-services", "exports"]
    assert [c["position"] for c in components] == list(range(1, 7))
    by_id = {c["id"]: c for c in components}
    core = by_id["group-core"]
    assert core["group"] is True and core["components"] == ["web-app", "api"] and core["group_id"] is None
    assert core["status"] == "major_outage"  # worst member
    assert by_id["web-app"]["group_id"] == "group-core" and by_id["web-app"]["status"] == "major_outage"
    assert by_id["api"]["status"] == "operational"
    assert by_id["webhooks"]["group_id"] is None and "components" not in by_id["webhooks"]
    assert by_id["exports"]["only_show_if_degraded"] is True
    assert by_id["web-app"]["description"] == "The dashboard." and by_id["api"]["description"] is None
    page_id = files["api/v2/summary.json"]["page"]["id"]
    assert {c["page_id"] for c in components} == {page_id}
    # updated_at: the latest update among incidents naming the component.
    assert by_id["api"]["updated_at"] == "2026-03-04T10:40:00Z"
    assert by_id["api"]["created_at"] == "2026-02-25T10:00:00Z"


def test_incidents_json_lists_incidents_only(site):
    state, files = site
    incidents = files["api/v2/incidents.json"]["incidents"]
    assert [i["id"] for i in incidents] == ["2026-03-10-sign-in", "2026-03-10-slow-exports", "2026-03-04-api-errors"]
    resolved = incidents[2]
    assert resolved["status"] == "resolved" and resolved["impact"] == "major"  # P2
    assert resolved["resolved_at"] == "2026-03-04T10:40:00Z"
    assert resolved["monitoring_at"] == "2026-03-04T09:40:00Z"
    assert resolved["started_at"] == "2026-03-04T09:05:00Z"
    assert resolved["shortlink"] == SITE + "incidents/2026-03-04-api-errors/"
    assert [u["id"] for u in resolved["incident_updates"]] == [
        "2026-03-04-api-errors-3", "2026-03-04-api-errors-2", "2026-03-04-api-errors-1"]
    assert [u["status"] for u in resolved["incident_updates"]] == ["resolved", "monitoring", "investigating"]
    assert resolved["incident_updates"][1]["body"] == "A fix is deployed; we are monitoring."
    first, middle, last = reversed(resolved["incident_updates"])
    assert first["affected_components"] == [
        {"code": "api", "name": "Public API", "old_status": "operational", "new_status": "partial_outage"},
        {"code": "webhooks", "name": "Webhooks", "old_status": "operational", "new_status": "degraded_performance"}]
    assert middle["affected_components"] is None
    assert [(a["old_status"], a["new_status"]) for a in last["affected_components"]] == [
        ("partial_outage", "operational"), ("degraded_performance", "operational")]
    assert [c["id"] for c in resolved["components"]] == ["api", "webhooks"]
    assert {i["impact"] for i in incidents[:2]} == {"critical", "minor"}  # P1, P3


def test_unresolved_and_maintenance_files(site):
    _, files = site
    unresolved = files["api/v2/incidents/unresolved.json"]["incidents"]
    assert [i["id"] for i in unresolved] == ["2026-03-10-sign-in", "2026-03-10-slow-exports"]
    assert files["api/v2/summary.json"]["incidents"] == unresolved

    active = files["api/v2/scheduled-maintenances/active.json"]["scheduled_maintenances"]
    upcoming = files["api/v2/scheduled-maintenances/upcoming.json"]["scheduled_maintenances"]
    every = files["api/v2/scheduled-maintenances.json"]["scheduled_maintenances"]
    assert [m["id"] for m in active] == ["2026-03-10-export-migration"]
    # The window has begun: in_progress although only "scheduled" was posted.
    assert active[0]["status"] == "in_progress" and active[0]["impact"] == "maintenance"
    assert active[0]["scheduled_for"] == "2026-03-10T11:30:00Z"
    assert active[0]["scheduled_until"] == "2026-03-10T13:00:00Z"
    assert [m["id"] for m in upcoming] == ["2026-03-20-network"] and upcoming[0]["status"] == "scheduled"
    assert files["api/v2/summary.json"]["scheduled_maintenances"] == active + upcoming
    assert [m["id"] for m in every] == ["2026-03-10-export-migration", "2026-03-20-network",
                                        "2026-03-01-db-upgrade"]
    done = every[2]
    assert done["status"] == "completed" and done["resolved_at"] == "2026-03-01T03:30:00Z"
    changes = {u["status"]: u["affected_components"] for u in done["incident_updates"]}
    assert changes["scheduled"] is None
    assert changes["in_progress"] == [{"code": "api", "name": "Public API", "old_status": "operational",
                                       "new_status": "under_maintenance"}]
    assert changes["completed"][0]["new_status"] == "operational"


def test_limits_and_operational_site(make_state):
    quiet = {k: ALL[k] for k in ("2026-03-04-api-errors", "2026-03-01-db-upgrade")}
    out = render_outputs(make_state(quiet, options={"feed_entries": 1}))
    files = {p: json.loads(b) for p, b in out.items() if p.startswith("api/")}
    for path, kind in SCHEMA["files"].items():
        assert not list(validator(kind).iter_errors(files[path])), path
    summary = files["api/v2/summary.json"]
    assert summary["status"] == {"indicator": "none", "description": "All Systems Operational"}
    assert summary["incidents"] == [] and summary["scheduled_maintenances"] == []
    assert {c["status"] for c in summary["components"]} == {"operational"}
    assert len(files["api/v2/incidents.json"]["incidents"]) == 1
    assert len(files["api/v2/scheduled-maintenances.json"]["scheduled_maintenances"]) == 1


def test_json_is_sorted_and_stable(site, make_state):
    state, _ = site
    first = render_outputs(state)
    second = render_outputs(make_state(ALL))
    for path in SCHEMA["files"]:
        assert first[path] == second[path], path
        text = first[path].decode("utf-8")
        assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_update_bodies_are_plain_text_without_markup(make_state):
    hostile = ALL["2026-03-04-api-errors"].replace(
        "A fix is deployed; we are **monitoring**.",
        '"Fixed <script>alert(91)</script><img src=x onerror=alert(92)> see [docs](javascript:alert(93))"')
    assert hostile != ALL["2026-03-04-api-errors"]
    out = render_outputs(make_state({**ALL, "2026-03-04-api-errors": hostile}))
    incidents = json.loads(out["api/v2/incidents.json"])["incidents"]
    bodies = [u["body"] for i in incidents for u in i["incident_updates"]]
    assert "Fixed see docs" in [" ".join(b.split()) for b in bodies]
    for path, content in out.items():
        if path.startswith("api/"):
            text = content.decode("utf-8")
            assert not any(marker in text for marker in ("alert(91)", "alert(92)", "alert(93)")), path
