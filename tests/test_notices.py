"""An incident may name no component (components: {}): a notice. It affects no uptime, and the page says
it is a notice. Statuspage allows it, and 13 % of one real 1,282-incident history had none."""
from __future__ import annotations

import json

from click.testing import CliRunner
from sample import NOW, incident, load_state, write_project

from generator.cli import main
from generator.outputs import render_outputs
from generator.render import Renderer, plan_pages
from generator.validate.project import load_project

NOTICE = """\
---
title: Changes to our support hours
severity: P4
components: {}
updates:
  - at: 2026-03-09T09:00:00Z
    status: investigating
    message: From Monday our support desk opens at 08:00 UTC.
  - at: 2026-03-09T12:00:00Z
    status: resolved
    message: The new hours are in place.
---
"""
OPEN_NOTICE = """\
---
title: Phishing e-mails pretending to be from us
severity: P3
components: {}
updates:
  - at: 2026-03-10T11:00:00Z
    status: investigating
    message: We never ask for your password by e-mail.
---
"""


def page(state, path: str) -> str:
    renderer = Renderer(state)
    [spec] = [p for p in plan_pages(state) if p.path == path]
    return renderer.render(spec)


def test_an_incident_with_no_component_is_valid_and_touches_no_uptime(tmp_path):
    state = load_state(write_project(tmp_path, {"2026-03-09-hours.md": NOTICE,
                                                "2026-03-04-api.md": incident()}))
    notice = next(i for i in state.incidents if i.id == "2026-03-09-hours")
    assert notice.is_notice and notice.spans == () and notice.affected == ()
    assert not next(i for i in state.incidents if i.id == "2026-03-04-api").is_notice
    # Only the real incident's hour of partial outage (09:05 to 10:05) counts against the API; nothing else moved.
    assert state.uptime["api"].downtime == 60 * 60 * 0.3
    assert all(state.uptime[c].downtime == 0 for c in ("web", "webhooks", "exports"))
    assert notice.id not in [i.id for items in state.component_incidents.values() for i in items]


def test_the_page_shows_a_notice_as_a_notice(tmp_path):
    state = load_state(write_project(tmp_path, {"2026-03-10-phishing.md": OPEN_NOTICE,
                                                "2026-03-09-hours.md": NOTICE}))
    status = page(state, "")
    assert "Phishing e-mails pretending to be from us" in status
    assert "A notice: no component is affected." in status
    assert state.component_status == {c: "operational" for c in ("api", "web", "webhooks", "exports")}
    incident_page = page(state, "incidents/2026-03-09-hours/")
    assert ">Notice<" in incident_page and "None: this is a notice, it affects no component" in incident_page
    assert ">Notice<" in page(state, "history/")
    api = json.loads(render_outputs(state)["api/v2/incidents.json"])
    assert {i["name"]: i["components"] for i in api["incidents"]}["Changes to our support hours"] == []


def test_an_ordinary_incident_is_not_called_a_notice(tmp_path):
    state = load_state(write_project(tmp_path, {"2026-03-04-api.md": incident()}))
    assert ">Notice<" not in page(state, "incidents/2026-03-04-api/") + page(state, "history/")


def test_leaving_components_out_is_still_an_error_that_names_the_notice_form(tmp_path):
    text = NOTICE.replace("components: {}\n", "")
    project = write_project(tmp_path, {"2026-03-09-hours.md": text})
    from generator.read.config import load_config

    loaded = load_project(load_config(project.mkdocs), NOW)
    [error] = [d.format() for d in loaded.errors]
    assert error == ("incidents/2026-03-09-hours.md:2: components: is required: map each affected component to its "
                     "impact, e.g. components: {api: partial_outage}; for a notice that affects no component, write "
                     "components: {}")


def test_an_update_still_cannot_change_nothing(tmp_path):
    text = NOTICE.replace("    status: resolved\n", "    status: resolved\n    components: {}\n")
    project = write_project(tmp_path, {"2026-03-09-hours.md": text})
    from generator.read.config import load_config

    loaded = load_project(load_config(project.mkdocs), NOW)
    assert [d.message for d in loaded.errors] == [
        "updates[2].components: is empty, so it changes nothing; remove it, or map components to their new impact, "
        "e.g. components: {api: operational}"]


def test_the_messages_about_a_notice_read_well(tmp_path):
    project = write_project(tmp_path, {"2026-03-10-phishing.md": OPEN_NOTICE.replace("P3", "P1")})
    result = CliRunner().invoke(main, ["comms", "-f", str(project.mkdocs), "--now", "2026-03-10T12:00:00Z",
                                       "2026-03-10-phishing", "--channel", "email", "--format", "json"])
    assert result.exit_code == 0, result.output
    [message] = json.loads(result.output)["messages"]
    text = message["drafts"]["email"]["text"]
    assert text.startswith("Investigating: a notice about our services.\n\nWe never ask for your password")
    assert "- No component (a notice)" in text


def test_the_schema_allows_an_empty_components_mapping_at_the_top_only(tmp_path):
    from generator.validate.schema import front_matter_schema

    schema = front_matter_schema(None)
    assert schema["else"]["properties"]["components"]["minProperties"] == 0
    update = schema["else"]["properties"]["updates"]["items"]["properties"]["components"]
    assert update["minProperties"] == 1


def test_statusgen_new_writes_a_notice(tmp_path, monkeypatch):
    from test_cli import run

    write_project(tmp_path, {})
    monkeypatch.chdir(tmp_path)
    result = run("new", "-t", "New support hours", "-s", "P4", "--notice", "-m", "From Monday we open at 08:00.",
                 "--now", "2026-03-10T09:00:00Z")
    path = tmp_path / "incidents" / "2026-03-10-new-support-hours.md"
    assert "statusgen: created incidents/2026-03-10-new-support-hours.md" in result.output
    assert "\ncomponents: {}\n" in path.read_text()
    assert load_state(tmp_path / "mkdocs.yml", NOW).incidents[0].is_notice
    refused = run("new", "-t", "Other", "-s", "P4", "--notice", "-c", "api=partial_outage", "--now",
                  "2026-03-10T09:00:00Z", ok=False)
    assert "a --notice names no component; leave out -c, or leave out --notice" in refused.output
    assert 'a --notice needs its words: -m "..."' in refused.output
    plain = run("new", "-t", "Other", "-s", "P4", "--now", "2026-03-10T09:00:00Z", ok=False)
    assert "or pass --notice for a notice that affects no component" in plain.output
