"""`source:` keeps where an imported incident came from: an import finds its files again by it, two files
naming one source are an error, and an imported incident is history, not news, when it first appears."""
from __future__ import annotations

from dataclasses import replace

from sample import NOW, incident, write_project
from test_changes import FIRST, SECOND
from test_changes import incident as model_incident

from generator.changes.detect import IMPORTED, NEW, UPDATE, detect_changes
from generator.comms.summary import render_markdown, render_text
from generator.core.model import Origin
from generator.read.config import load_config
from generator.validate.project import load_project

SOURCE = "source:\n  system: statuspage\n  id: p31zjtct2jer\n  url: https://stspg.io/p31zjtct2jer\n"


def with_source(text: str, source: str = SOURCE) -> str:
    return text.replace("\n---\n", "\n" + source + "---\n", 1)


def test_the_source_is_read_into_the_model(tmp_path):
    project = write_project(tmp_path, {"2026-03-04-api.md": with_source(incident())})
    loaded = load_project(load_config(project.mkdocs), NOW)
    assert loaded.errors == []
    assert loaded.incidents[0].origin == Origin("statuspage", "p31zjtct2jer", "https://stspg.io/p31zjtct2jer")


def test_two_files_naming_one_source_are_an_error(tmp_path):
    project = write_project(tmp_path, {"2026-03-04-api.md": with_source(incident()),
                                       "2026-03-04-api-2.md": with_source(incident(title="Again"))})
    errors = [d.format() for d in load_project(load_config(project.mkdocs), NOW).errors]
    assert errors == ["incidents/2026-03-04-api.md:14: source: statuspage p31zjtct2jer is also the source of "
                      "incidents/2026-03-04-api-2.md; one item imported twice: keep one of the files"]


def test_a_wrong_source_names_what_is_wrong(tmp_path):
    project = write_project(tmp_path, {"2026-03-04-api.md": with_source(
        incident(), "source:\n  system: statuspage\n  url: ftp://example.com/x\n  page: abc\n")})
    errors = [d.format() for d in load_project(load_config(project.mkdocs), NOW).errors]
    assert errors == [
        "incidents/2026-03-04-api.md:14: source.id: is required",
        "incidents/2026-03-04-api.md:16: source.url: \"ftp://example.com/x\" is not an http or https address",
        'incidents/2026-03-04-api.md:17: source: unknown field "page"; allowed: system, id, url',
    ]


def test_an_imported_incident_is_history_not_news_when_it_first_appears():
    origin = Origin("statuspage", "abc")
    imported = replace(model_incident("a", FIRST), origin=origin)
    written = model_incident("b", FIRST)
    changes = {c.id: c for c in detect_changes({}, {"a": imported, "b": written})}
    assert changes["a"].kinds == (IMPORTED,) and not changes["a"].announced
    assert changes["b"].kinds == (NEW,) and changes["b"].announced
    # Once it is on the page, what the team posts next is news like any other update.
    later = detect_changes({"a": imported}, {"a": replace(imported, updates=(FIRST, SECOND))})
    assert [(c.kinds, c.announced) for c in later] == [((UPDATE, "status"), True)]


def test_the_summary_counts_an_imported_history_instead_of_listing_it(tmp_path):
    config = load_config(write_project(tmp_path, {}).mkdocs)
    imported = {f"i{n}": replace(model_incident(f"i{n}", FIRST), origin=Origin("statuspage", str(n)))
                for n in range(300)}
    written = {"new": model_incident("new", FIRST)}
    changes = detect_changes({}, {**imported, **written})
    text = render_text(changes, config, "HEAD~1")
    assert text.splitlines()[:3] == [
        "301 change(s) to the public page since HEAD~1:",
        "- 300 imported incident(s) and maintenance(s), 2026-03-04 to 2026-03-04 (history: not announced)",
        "- new [P2 High] Errors"]
    assert "i17 " not in text and len(text.splitlines()) == 6
    markdown = render_markdown(changes, config, "HEAD~1")
    assert "**300 imported incident\\(s\\) and maintenance\\(s\\)" in markdown and "`i17`" not in markdown
