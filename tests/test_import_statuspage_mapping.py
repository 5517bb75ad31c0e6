"""How `statusgen import statuspage` maps each Statuspage item onto the incident format, and names what it
had to change, item by item, with the item's Statuspage id."""
from __future__ import annotations

import pytest
import yaml
from sample import NOW, write_project
from statuspage_items import API, DASHBOARD, change, file_of, import_into, incident, maintenance, update, \
    write_export

from generator.read.config import load_config
from generator.render import Renderer, plan_pages
from generator.validate.project import load_project
from sample import load_state


def front(text: str) -> dict:
    return yaml.load(text.split("---\n")[1], Loader=yaml.BaseLoader)


def body(text: str) -> str:
    return text.split("---\n", 2)[2]


@pytest.fixture
def project(tmp_path):
    return write_project(tmp_path / "status", {})


def imported(project, tmp_path, *items, maintenances=(), args=(), **kw):
    export = write_export(tmp_path / "export", incidents=items, maintenances=maintenances, **kw)
    result = import_into(project, export, *args)
    assert load_project(load_config(project.mkdocs), NOW).errors == [] or "--write-config" not in args
    return result


def test_an_ordinary_incident_maps_one_to_one(project, tmp_path):
    item = incident("inc1", [
        update("u1", "investigating", "2024-03-05T14:02:11.123Z", affected=[change(API, "partial_outage")]),
        update("u2", "identified", "2024-03-05T14:30:00.000Z", "Found it.",
               affected=[change(API, "degraded_performance", "partial_outage")]),
        update("u3", "resolved", "2024-03-05T15:00:00.500Z", "Fixed.",
               affected=[change(API, "operational", "degraded_performance")])],
        impact="major", started_at="2024-03-05T06:55:00.000-07:00")
    result = imported(project, tmp_path, item, args=["--write-config"])
    text = file_of(project, "inc1")
    assert front(text) == {
        "title": "Elevated errors", "severity": "P2", "components": {"api": "partial_outage"},
        "started": "2024-03-05T13:55:00Z",
        "updates": [{"at": "2024-03-05T14:02:11.123Z", "status": "investigating", "message": "Looking into it."},
                    {"at": "2024-03-05T14:30:00Z", "status": "identified", "message": "Found it.",
                     "components": {"api": "degraded_performance"}},
                    {"at": "2024-03-05T15:00:00.500Z", "status": "resolved", "message": "Fixed."}],
        "source": {"system": "statuspage", "id": "inc1", "url": "https://stspg.io/inc1"}}
    assert "warning" not in result.stderr


def test_started_after_the_first_update_begins_at_it_with_a_note(project, tmp_path):
    item = incident("inc1", [update("u1", "investigating", "2024-03-05T14:00:00Z"),
                             update("u2", "resolved", "2024-03-05T15:00:00Z")], started_at="2024-03-05T14:10:00Z")
    result = imported(project, tmp_path, item)
    assert front(file_of(project, "inc1"))["started"] == "2024-03-05T14:00:00Z"
    assert ('incident inc1 "Elevated errors": started_at 2024-03-05T14:10:00Z is after its first update '
            "(2024-03-05T14:00:00Z): it began at the first update") in result.stderr


def test_display_at_is_when_an_update_is_shown(project, tmp_path):
    item = incident("inc1", [update("u1", "investigating", "2025-01-10T09:00:00Z", display="2024-12-01T08:00:00Z"),
                             update("u2", "resolved", "2025-01-10T09:01:00Z", display="2024-12-01T09:30:00Z")],
                    started_at="2024-12-01T07:58:00Z")
    imported(project, tmp_path, item)
    updates = front(file_of(project, "inc1"))["updates"]
    assert [u["at"] for u in updates] == ["2024-12-01T08:00:00Z", "2024-12-01T09:30:00Z"]


def test_updates_after_the_resolving_one_and_the_postmortem_are_the_report(project, tmp_path):
    item = incident("inc1", [update("u1", "investigating", "2024-03-05T14:00:00Z"),
                             update("u2", "resolved", "2024-03-05T15:00:00Z", "Fixed."),
                             update("u3", "resolved", "2024-03-07T10:00:00Z", "Root cause: *one* expired cert.")],
                    postmortem_body="## Summary\n\nA certificate expired.",
                    postmortem_published_at="2024-03-08T12:00:00Z")
    item["resolved_at"] = "2024-03-05T15:00:00Z"
    result = imported(project, tmp_path, item)
    text = file_of(project, "inc1")
    assert [u["status"] for u in front(text)["updates"]] == ["investigating", "resolved"]
    assert front(text)["report_published"] == "2024-03-07T10:00:00Z"
    assert body(text) == ("## Summary\n\nA certificate expired.\n\n## Update posted 2024-03-07 10:00 UTC\n\n"
                          "Root cause: \\*one\\* expired cert.\n")
    assert ("incident inc1 \"Elevated errors\": 1 update(s) posted after the resolving one (u3) are its "
            "post-incident report") in result.stderr
    state = load_state(project, NOW)
    assert state.incidents[0].resolved_at.isoformat() == "2024-03-05T15:00:00+00:00"


def test_a_resolved_that_was_reopened_reads_monitoring(project, tmp_path):
    item = incident("inc1", [update("u1", "investigating", "2024-03-05T14:00:00Z"),
                             update("u2", "resolved", "2024-03-05T15:00:00Z"),
                             update("u3", "investigating", "2024-03-05T15:20:00Z", "It is back."),
                             update("u4", "resolved", "2024-03-05T16:00:00Z")])
    result = imported(project, tmp_path, item)
    assert [u["status"] for u in front(file_of(project, "inc1"))["updates"]] == [
        "investigating", "monitoring", "investigating", "resolved"]
    assert "update u2 said resolved, but the incident went on after it: it reads monitoring" in result.stderr


def test_an_incident_naming_no_component_is_a_notice(project, tmp_path):
    item = incident("inc1", [update("u1", "investigating", "2024-03-05T14:00:00Z", "New support hours."),
                             update("u2", "resolved", "2024-03-05T15:00:00Z")], impact="none")
    result = imported(project, tmp_path, item)
    text = file_of(project, "inc1")
    assert "\ncomponents: {}\n" in text and front(text)["severity"] == "P4"
    assert "1 of them notices" in result.stderr
    assert load_state(project, NOW).incidents[0].is_notice


def test_components_attached_without_a_status_take_the_incidents_impact(project, tmp_path):
    item = incident("inc1", [update("u1", "investigating", "2024-03-05T14:00:00Z"),
                             update("u2", "resolved", "2024-03-05T15:00:00Z")], impact="critical",
                    components=[API, DASHBOARD])
    result = imported(project, tmp_path, item, args=["--write-config"])
    assert front(file_of(project, "inc1"))["components"] == {"api": "major_outage", "dashboard": "major_outage"}
    assert front(file_of(project, "inc1"))["severity"] == "P1"
    assert ("no update says how its components were affected: each is given major_outage (its impact was "
            "critical)") in result.stderr


def test_a_component_missing_from_the_list_is_named(project, tmp_path):
    gone = {"id": "c-old", "name": "Legacy reports"}
    item = incident("inc1", [update("u1", "investigating", "2024-03-05T14:00:00Z",
                                    affected=[change(gone, "major_outage"), change(API, "partial_outage")]),
                             update("u2", "resolved", "2024-03-05T15:00:00Z")])
    result = imported(project, tmp_path, item)
    assert front(file_of(project, "inc1"))["components"] == {"api": "partial_outage"}
    assert ('export/incidents.json:10: warning: incident inc1 "Elevated errors": names the component Legacy '
            "reports (c-old), which is not in the components list: its impact there was left out") in result.stderr


def test_bodies_keep_their_words_and_lose_their_markup_safely(project, tmp_path):
    html = ('We are <b>investigating</b> errors on <a href="https://example.org/x">the API</a>.\n'
            "Some * stars and <script>alert(1)</script> and a literal &lt;b&gt;.\n- EU\n- US")
    item = incident("inc1", [update("u1", "investigating", "2024-03-05T14:00:00Z", html),
                             update("u2", "resolved", "2024-03-05T15:00:00Z", "")])
    result = imported(project, tmp_path, item)
    updates = front(file_of(project, "inc1"))["updates"]
    assert updates[0]["message"] == ("We are **investigating** errors on [the API](https://example.org/x).\n\n"
                                     "Some \\* stars and and a literal &lt;b>.\n\n- EU\n- US")
    assert updates[1]["message"] == "Resolved."
    assert "update u1: a script element (dropped)" in result.stderr
    state = load_state(project, NOW)
    [spec] = [p for p in plan_pages(state) if p.path.startswith("incidents/")]
    page = Renderer(state).render(spec)
    assert "<script" not in page and "alert(1)" not in page
    assert "&lt;b&gt;" in page and "<strong>investigating</strong>" in page and "<li>EU</li>" in page


@pytest.mark.parametrize("impact, severity", [("none", "P4"), ("minor", "P3"), ("major", "P2"), ("critical", "P1")])
def test_the_impact_chooses_the_severity_with_that_impact(project, tmp_path, impact, severity):
    item = incident("inc1", [update("u1", "resolved", "2024-03-05T14:00:00Z")], impact=impact)
    imported(project, tmp_path, item)
    assert front(file_of(project, "inc1"))["severity"] == severity


def test_severity_can_be_chosen_per_impact(project, tmp_path):
    item = incident("inc1", [update("u1", "resolved", "2024-03-05T14:00:00Z")], impact="none")
    imported(project, tmp_path, item, args=["--severity", "none=P3"])
    assert front(file_of(project, "inc1"))["severity"] == "P3"
    export = tmp_path / "export"
    result = import_into(project, export, "--severity", "none=P9", "--severity", "tiny=P1", ok=False)
    assert '--severity: "tiny" is not a Statuspage impact; use one of none, minor, major, critical' in result.output
    assert '--severity: "P9" is not a configured severity; use one of P1, P2, P3, P4' in result.output


def test_closed_without_a_resolving_update_gets_one_at_resolved_at(project, tmp_path):
    item = incident("inc1", [update("u1", "monitoring", "2024-03-05T14:00:00Z")], status="resolved",
                    resolved_at="2024-03-05T18:00:00Z")
    result = imported(project, tmp_path, item)
    updates = front(file_of(project, "inc1"))["updates"]
    assert updates[-1] == {"at": "2024-03-05T18:00:00Z", "status": "resolved",
                           "message": "This incident has been resolved."}
    assert "is resolved at Statuspage but no update resolved it: a resolving update was added" in result.stderr


def test_an_incident_still_open_is_imported_open_and_said_so(project, tmp_path):
    item = incident("inc1", [update("u1", "identified", "2026-03-10T11:00:00Z")])
    result = imported(project, tmp_path, item)
    assert not load_state(project, NOW).incidents[0].is_closed
    assert "is still identified at Statuspage: imported as open" in result.stderr


def test_what_cannot_be_mapped_is_not_imported_and_named(project, tmp_path):
    items = [incident("inc1", []), incident("inc2", [update("u1", "resolved", "2024-03-05T14:00:00Z")], name=" "),
             incident("inc3", [update("u1", "resolved", "2024-03-05T14:00:00Z")])]
    result = imported(project, tmp_path, *items)
    assert 'incident inc1 "Elevated errors": not imported: it has no updates with a time' in result.stderr
    assert "incident inc2: not imported: it has no name (the title)" in result.stderr
    assert "1 incident(s) and 0 maintenance(s) imported" in result.stderr and file_of(project, "inc3")


def test_a_maintenance_keeps_its_window_and_its_statuses(project, tmp_path):
    planned = maintenance("m1", [
        update("u1", "scheduled", "2024-04-01T10:00:00Z", "We will upgrade the database."),
        update("u2", "in_progress", "2024-04-03T02:00:00Z", affected=[change(API, "under_maintenance")]),
        update("u3", "scheduled", "2024-04-03T02:30:00Z", "Still going."),
        update("u4", "completed", "2024-04-03T03:40:00Z", "Done.",
               affected=[change(API, "operational", "under_maintenance")])],
        "2024-04-03T02:00:00Z", "2024-04-03T04:00:00Z")
    result = imported(project, tmp_path, maintenances=[planned])
    values = front(file_of(project, "m1"))
    assert values["type"] == "maintenance" and values["window"] == {"start": "2024-04-03T02:00:00Z",
                                                                    "end": "2024-04-03T04:00:00Z"}
    assert values["components"] == {"api": "under_maintenance"}
    assert [u["status"] for u in values["updates"]] == ["scheduled", "in_progress", "in_progress", "completed"]
    assert "update u3 went back to scheduled after it began: it reads in_progress" in result.stderr


def test_a_maintenance_without_a_window_is_not_imported(project, tmp_path):
    planned = maintenance("m1", [update("u1", "scheduled", "2024-04-01T10:00:00Z")], "2024-04-03T02:00:00Z", None)
    result = imported(project, tmp_path, maintenances=[planned])
    assert ('maintenance m1 "Database upgrade": not imported: it has no window (scheduled_for and scheduled_until)'
            in result.stderr)


def test_a_very_long_update_is_cut_and_said_so(project, tmp_path):
    long = "\n\n".join(f"Paragraph {n}: " + "word " * 60 for n in range(60))
    item = incident("inc1", [update("u1", "investigating", "2024-03-05T14:00:00Z", long),
                             update("u2", "resolved", "2024-03-05T15:00:00Z")])
    result = imported(project, tmp_path, item)
    message = front(file_of(project, "inc1"))["updates"][0]["message"]
    assert len(message) < 10_000 and message.endswith("(The rest of this update was cut when it was imported.)")
    assert "update u1: longer than a message may be; cut after" in result.stderr


def test_names_and_descriptions_lose_their_markup(project, tmp_path):
    item = incident("inc1", [update("u1", "resolved", "2024-03-05T14:00:00Z")], name="Errors &amp; <i>timeouts</i>")
    result = imported(project, tmp_path, item)
    assert front(file_of(project, "inc1"))["title"] == "Errors & timeouts"
    assert "description: The web dashboard & its charts." in result.stdout


def test_an_incident_posted_resolved_at_once_keeps_the_impact_it_resolved(project, tmp_path):
    item = incident("inc1", [update("u1", "resolved", "2024-03-05T15:00:00Z", "A back-filled outage.",
                                    affected=[change(API, "operational", "major_outage")])],
                    started_at="2024-03-05T14:00:00Z", impact="critical")
    result = imported(project, tmp_path, item)
    assert front(file_of(project, "inc1"))["components"] == {"api": "major_outage"}
    assert "warning" not in result.stderr
    state = load_state(project, NOW)
    assert state.incidents[0].duration.total_seconds() == 3600


def test_a_component_already_configured_keeps_its_settings_and_a_different_group_is_said(project, tmp_path):
    item = incident("inc1", [update("u1", "resolved", "2024-03-05T14:00:00Z", affected=[change(API, "operational",
                                                                                              "partial_outage")])])
    result = imported(project, tmp_path, item)
    assert front(file_of(project, "inc1"))["components"] == {"api": "partial_outage"}
    assert "component c-api \"Public API\": is api in mkdocs.yml" not in result.stderr  # both in Core: nothing to say
    other = write_project(tmp_path / "other", {}, components=[{"id": "api", "name": "public  api"}])
    result = import_into(other, tmp_path / "export")
    assert ('component c-api "Public API": is api in mkdocs.yml, where it is in no group; at Statuspage it was in '
            "Core (mkdocs.yml is left as it is)") in result.stderr
