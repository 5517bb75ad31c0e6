"""What `statusgen import statuspage` reads and writes: the export's shapes and its mistakes, files never
overwritten unless asked, all or nothing, mkdocs.yml edited in place only when asked and keeping every
comment, and nothing at all on a dry run."""
from __future__ import annotations

import json
import re

import pytest
from sample import NOW, write_project
from statuspage_items import API, COMPONENTS, PAGE, change, file_of, import_into, incident, update, write_export

from generator.read.config import load_config
from generator.validate.project import load_project

FIRST = incident("inc1", [update("u1", "investigating", "2024-03-05T14:00:00Z",
                                 affected=[change(API, "partial_outage")]),
                          update("u2", "resolved", "2024-03-05T15:00:00Z")], name="API errors")
SECOND = incident("inc2", [update("v1", "investigating", "2024-03-06T09:00:00Z"),
                           update("v2", "resolved", "2024-03-06T10:00:00Z")], name="Slow dashboard")


@pytest.fixture
def project(tmp_path):
    return write_project(tmp_path / "status", {})


def files(project) -> dict:
    return {p.relative_to(project.root).as_posix(): p.read_bytes() for p in sorted(project.incidents.rglob("*"))
            if p.is_file()}


def test_files_go_to_year_folders_named_by_day_and_title(project, tmp_path):
    import_into(project, write_export(tmp_path / "export", [FIRST, SECOND]))
    assert list(files(project)) == ["incidents/2024/2024-03-05-api-errors.md", "incidents/2024/2024-03-06-slow-dashboard.md"]


def test_a_name_taken_by_another_file_is_never_reused(project, tmp_path):
    mine = project.write_incident("2024/2024-03-05-api-errors", "---\ntitle: Mine\n---\n")  # not even valid
    twin = incident("inc9", FIRST["incident_updates"], name="API errors")
    import_into(project, write_export(tmp_path / "export", [FIRST, twin]))
    assert mine.read_text() == "---\ntitle: Mine\n---\n"
    assert sorted(files(project)) == ["incidents/2024/2024-03-05-api-errors-inc1.md",
                                      "incidents/2024/2024-03-05-api-errors-inc9.md",
                                      "incidents/2024/2024-03-05-api-errors.md"]


def test_a_second_import_refuses_to_change_what_the_first_wrote_unless_asked(project, tmp_path):
    export = write_export(tmp_path / "export", [FIRST])
    import_into(project, export)
    written = files(project)
    changed = dict(FIRST, name="API errors (updated)")
    export = write_export(tmp_path / "export", [changed, SECOND])
    result = import_into(project, export, ok=False)
    assert ("incidents/2024/2024-03-05-api-errors.md: was imported before from Statuspage inc1 and differs from what "
            "the import would write now") in result.output
    assert "nothing was written. Pass --existing replace" in result.output
    assert files(project) == written  # not even the new incident
    kept = import_into(project, export, "--existing", "skip")
    assert "kept 1 imported before as they are" in kept.stderr
    assert files(project)["incidents/2024/2024-03-05-api-errors.md"] == written[
        "incidents/2024/2024-03-05-api-errors.md"] and "incidents/2024/2024-03-06-slow-dashboard.md" in files(project)
    replaced = import_into(project, export, "--existing", "replace")
    assert "replaced 1" in replaced.stderr
    assert "title: API errors (updated)" in file_of(project, "inc1")  # in the file it had: its name stays
    assert "incidents/2024/2024-03-05-api-errors.md" in files(project)


def test_a_failure_half_way_takes_back_what_was_written(project, tmp_path, monkeypatch):
    import generator.importers.statuspage.write as write

    calls = []
    real = write.link_new

    def fails_on_the_second(tmp, path, shown, taken):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(tmp, path, shown, taken)

    monkeypatch.setattr(write, "link_new", fails_on_the_second)
    result = import_into(project, write_export(tmp_path / "export", [FIRST, SECOND]), ok=False)
    assert "cannot be written: No space left on device; nothing was changed" in result.output
    assert files(project) == {} and not (project.incidents / "2024").exists()
    assert not [p for p in project.incidents.rglob("*") if p.name.startswith(".")]  # no temporary file left


def test_the_components_are_printed_to_paste_and_mkdocs_yml_is_left_alone(project, tmp_path):
    before = project.mkdocs.read_bytes()
    result = import_into(project, write_export(tmp_path / "export", [FIRST]))
    assert project.mkdocs.read_bytes() == before
    assert result.stdout == (
        "# From statusgen import statuspage: add under `plugins: - statusgen:` in mkdocs.yml (the components to the "
        "list that is there).\n"
        "policy_since: 2024-03-06  # policy warnings only for incidents from this day on (the history before was "
        "imported)\n"
        "components:\n"
        "  - id: dashboard\n    name: Dashboard\n    group: Core\n"
        "    description: The web dashboard & its charts.\n    measured_since: 2023-07-01\n")
    assert "Public API" not in result.stdout  # the project has it already: matched by name


def test_write_config_adds_them_in_place_keeping_every_comment(project, tmp_path):
    text = project.mkdocs.read_text().replace("      components:\n", "      # our components\n      components:\n")
    text = text.replace("site_url:", "# where it lives\nsite_url:") + "extra:\n  analytics: !ENV [ANALYTICS, '']\n"
    project.mkdocs.write_text(text)
    import_into(project, write_export(tmp_path / "export", [FIRST]), "--write-config")
    after = project.mkdocs.read_text()
    assert after == text.replace(
        "          only_show_if_degraded: true\n", "          only_show_if_degraded: true\n"
        "        - id: dashboard\n          name: Dashboard\n          group: Core\n"
        "          description: The web dashboard & its charts.\n          measured_since: 2023-07-01\n"
        "      policy_since: 2024-03-06  # policy warnings only for incidents from this day on (the history before "
        "was imported)\n")
    config = load_config(project.mkdocs)
    assert config.component_map["dashboard"].group == "Core" and str(config.policy_since) == "2024-03-06"
    assert load_project(config, NOW).errors == []


def test_write_config_refuses_a_layout_it_cannot_add_to_and_writes_nothing(tmp_path):
    project = write_project(tmp_path / "status", {})
    text = re.sub(r"      components:\n(        .*\n)+", "      components: [{id: api, name: Public API}]\n",
                  project.mkdocs.read_text())
    project.mkdocs.write_text(text)
    result = import_into(project, write_export(tmp_path / "export", [FIRST]), "--write-config", ok=False)
    assert ("mkdocs.yml: its components are not a list written one component per line (\"- id: ...\"); mkdocs.yml "
            "was not changed: paste the components the import printed") in result.output
    assert project.mkdocs.read_text() == text and files(project) == {}


def test_a_dry_run_writes_nothing(project, tmp_path):
    before = project.mkdocs.read_bytes()
    result = import_into(project, write_export(tmp_path / "export", [FIRST, SECOND]), "--dry-run", "--write-config")
    assert "would write 2 new file(s)" in result.stderr
    assert files(project) == {} and project.mkdocs.read_bytes() == before


def test_an_incident_in_several_files_is_read_once_the_latest_copy_winning(project, tmp_path):
    export = write_export(tmp_path / "export", [FIRST])
    newer = dict(FIRST, name="API errors, resolved", updated_at="2024-03-09T00:00:00Z")
    (export / "incidents").mkdir()
    (export / "incidents" / "inc1.json").write_text(json.dumps({"page": PAGE, "incident": newer}))
    import_into(project, export)
    assert len(files(project)) == 1 and "title: API errors, resolved" in file_of(project, "inc1")


def test_the_manage_apis_lists_are_read_too(project, tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "incidents.json").write_text(json.dumps([FIRST, SECOND]))
    (export / "components.json").write_text(json.dumps(COMPONENTS))
    result = import_into(project, export)
    assert "2 incident(s) and 0 maintenance(s) imported" in result.stderr and "dashboard" in result.stdout


def test_without_a_components_list_the_incidents_components_are_used(project, tmp_path):
    item = incident("inc1", FIRST["incident_updates"], components=[dict(COMPONENTS[2], status="operational")])
    result = import_into(project, write_export(tmp_path / "export", [item], components=None))
    assert "no components list (components.json) was given: 1 components were taken from the incidents" in result.stderr
    assert "  - id: dashboard\n    name: Dashboard\n" in result.stdout and "group:" not in result.stdout


@pytest.mark.parametrize("name, text, message", [
    # The line is statusgen's; the reason after it is Python's json module's, worded differently by version.
    ("broken.json", '{"incidents": [\n  {"id": "x",}\n]}', "broken.json:2: is not valid JSON: "),
    ("other.json", '{"pages": []}', "other.json:1: is not a Statuspage export: expected an object with incidents, "
                                    "scheduled_maintenances, components, incident, scheduled_maintenance, or a list "
                                    "of incidents or components"),
    ("latin1.json", b'{"incidents": [{"name": "Caf\xe9"}]}', "latin1.json: is not UTF-8 text"),
])
def test_a_file_that_is_not_an_export_is_named_with_its_line(project, tmp_path, name, text, message):
    export = write_export(tmp_path / "export", [FIRST])
    (export / name).write_bytes(text if isinstance(text, bytes) else text.encode())
    result = import_into(project, export, ok=False)
    assert message in result.output and files(project) == {}


def test_two_pages_are_not_mixed(project, tmp_path):
    export = write_export(tmp_path / "export", [FIRST])
    (export / "z.json").write_text(json.dumps({"page": {"id": "other", "name": "Other"}, "incidents": [SECOND]}))
    result = import_into(project, export, ok=False)
    assert 'z.json:1: is from the page "Other" (other),' in result.output
    assert "from \"Example\"; import one page at a time" in result.output


def test_a_missing_source_is_named(project, tmp_path):
    result = import_into(project, tmp_path / "nowhere", ok=False)
    assert "nowhere: does not exist" in result.output


def test_write_config_puts_policy_since_after_the_last_option(project, tmp_path):
    text = project.mkdocs.read_text().replace("theme:\n", "      contact: https://example.org/help  # ours\ntheme:\n", 1)
    project.mkdocs.write_text(text)
    import_into(project, write_export(tmp_path / "export", [FIRST]), "--write-config")
    lines = project.mkdocs.read_text().splitlines()
    at = lines.index("      contact: https://example.org/help  # ours")
    assert lines[at - 5:at] == ["        - id: dashboard", "          name: Dashboard", "          group: Core",
                                "          description: The web dashboard & its charts.",
                                "          measured_since: 2023-07-01"]
    assert lines[at + 1].startswith("      policy_since: 2024-03-06  # policy warnings only")
    assert str(load_config(project.mkdocs).policy_since) == "2024-03-06"
