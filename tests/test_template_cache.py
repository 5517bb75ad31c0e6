"""generator.render.template_cache: templates compiled once per process, never served stale."""
from __future__ import annotations

import jinja2
import pytest

from generator.render import template_cache
from generator.write.build import build_site
from sample import NOW, incident


@pytest.fixture
def compiled(monkeypatch):
    """The names of the templates Jinja compiles from here on, in any environment."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def test_a_second_build_in_the_process_compiles_no_template(make_project, compiled):
    project = make_project({"2026-03-04-api.md": incident()})
    template_cache.clear()  # whatever this worker built before
    build_site(project.mkdocs, now=NOW)
    assert {"main.html", "incident.html", "status.html"} <= set(compiled)
    first = (project.site / "incidents" / "2026-03-04-api" / "index.html").read_bytes()
    compiled.clear()
    build_site(project.mkdocs, now=NOW)
    assert compiled == []
    assert (project.site / "incidents" / "2026-03-04-api" / "index.html").read_bytes() == first


def test_an_edited_override_is_compiled_again(make_project):
    project = make_project({"2026-03-04-api.md": incident()})
    overrides = project.template_overrides()
    page = project.site / "incidents" / "2026-03-04-api" / "index.html"
    (overrides / "incident.html").write_text("<p>First {{ i.id }}</p>\n")
    build_site(project.mkdocs, now=NOW)
    assert "First 2026-03-04-api" in page.read_text()
    # Same length, same file: only the source's checksum tells the two apart.
    (overrides / "incident.html").write_text("<p>Other {{ i.id }}</p>\n")
    build_site(project.mkdocs, now=NOW)
    assert "Other 2026-03-04-api" in page.read_text() and "First" not in page.read_text()


def test_environments_that_compile_differently_do_not_share_code(tmp_path):
    (tmp_path / "t.html").write_text("{{ x }}\n{% if true %}\n  y\n{% endif %}\n")
    ways = [dict(autoescape=True), dict(autoescape=False), dict(trim_blocks=True, lstrip_blocks=True),
            dict(keep_trailing_newline=True), dict(autoescape=lambda name: name.endswith(".html")),
            dict(finalize=lambda value: f"[{value}]"), dict(variable_start_string="{=", variable_end_string="=}")]

    def render(cached: bool, settings: dict) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), **settings)
        return (template_cache.cached(env) if cached else env).get_template("t.html").render(x="<b>")

    expected = [render(False, settings) for settings in ways]
    # Each way compiles the one file differently, but the function that escapes .html as True does.
    assert len(set(expected)) == len(ways) - 1 and expected[4] == expected[0]
    first = [render(True, settings) for settings in ways]  # each way compiles and stores its own code
    again = [render(True, settings) for settings in ways]  # each way finds its own code in the cache
    assert first == expected and again == expected


def shouted(value) -> str:
    return str(value).upper()


def test_what_jinja_computes_while_compiling_is_never_taken_from_another_environment(tmp_path):
    # Constant output goes through finalize, and a missing attribute of a constant through the
    # undefined class, when the template is compiled: code compiled for one must not serve another.
    (tmp_path / "t.txt").write_text('{{ "a<b" }}|{{ "abc".nope }}')

    def render(cached: bool, settings: dict) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), **settings)
        try:
            return (template_cache.cached(env) if cached else env).get_template("t.txt").render()
        except jinja2.UndefinedError:
            return "undefined"

    ways = [dict(finalize=shouted), dict(finalize=str), dict(undefined=jinja2.StrictUndefined), dict()]
    expected = [render(False, settings) for settings in ways]
    assert expected == ["A<B|", "a<b|", "undefined", "a<b|"]
    for order in (ways, ways[::-1]):
        assert [render(True, settings) for settings in order] == [expected[ways.index(s)] for s in order]
