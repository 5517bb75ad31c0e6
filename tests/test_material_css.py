"""The part of Material's stylesheets generated pages link (generator.write.material_css)."""
from __future__ import annotations

from jinja2 import DictLoader, Environment

from generator.write.material_css import parse, template_words, used


def test_a_selector_goes_only_when_a_class_or_palette_value_it_needs_is_never_written():
    css = ('@charset "UTF-8";html{margin:0}.md-nav,.md-typeset a{color:red}.md-search{x:1}'
           '@media screen{.md-sidebar{y:2}.md-grid:not(.md-nav){z:3}}@supports (a:b){.md-tabs{w:4}}'
           '[data-md-color-primary=red]{--c:red}[data-md-color-primary="black"] .md-grid{--c:#000}'
           '.md-typeset :is(.admonition,.md-typeset){v:5}@keyframes spin{0%{a:b}}'
           '.md-typeset a[href$=".md-nav"]{u:6}/*# sourceMappingURL=main.css.map*/')
    kept = used(parse(css), frozenset({"md-typeset", "md-grid", "black"}))
    assert kept == ('html{margin:0}.md-typeset a{color:red}@media screen{.md-grid:not(.md-nav){z:3}}'
                    '[data-md-color-primary="black"] .md-grid{--c:#000}.md-typeset :is(.admonition,.md-typeset){v:5}'
                    '@keyframes spin{0%{a:b}}.md-typeset a[href$=".md-nav"]{u:6}')


def test_the_words_come_from_the_blocks_a_page_renders_and_what_they_include():
    env = Environment(loader=DictLoader({
        "base.html": '<body class="md-base">{% block header %}{% include "header.html" %}{% endblock %}'
                     '{% block tabs %}<nav class="md-tabs"></nav>{% endblock %}'
                     '{% block scripts %}<p class="md-scripts"></p>{% endblock %}</body>',
        "header.html": '<header class="md-header"></header>',
        "frame.html": '{% extends "base.html" %}{% block header %}<div class="sg-header">{{ "md-option" }}</div>'
                      '{% endblock %}{% block tabs %}{% endblock %}'
                      '{% block scripts %}{{ super() }}{% include "extra.html" %}{% endblock %}',
        "extra.html": '<i class="md-extra"></i>',
        "main.html": '{% extends "frame.html" %}',
    }))
    words = template_words(env, "main.html")
    assert {"md-base", "sg-header", "md-option", "md-scripts", "md-extra"} <= words
    assert not {"md-header", "md-tabs"} & words  # overridden blocks and what only they include


def _built_stylesheet(site) -> str:
    return next((site / "assets" / "stylesheets").glob("statusgen-material.*.min.css")).read_text()


def _project(tmp_path):
    from sample import incident, write_project

    project = write_project(tmp_path, {"2026-03-04-api.md": incident()}, pages={"about.md": "# About\n"})
    return project, project.template_overrides()


def test_a_projects_own_404_page_keeps_the_material_rules_its_classes_need(tmp_path):
    # The 404 page links the used part too (it has no `page`), so its template's words count.
    from test_plugin import mkdocs

    project, _ = _project(tmp_path)
    (project.root / "overrides" / "404.html").write_text(
        '{% extends "main.html" %}{% block content %}<h1>404 - Not found</h1>'
        '<div class="md-source__facts">Try the status page</div>{% endblock %}')
    proc = mkdocs(project.mkdocs, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    assert 'class="md-source__facts"' in (project.site / "404.html").read_text()
    assert ".md-source__facts{" in _built_stylesheet(project.site)


def test_a_page_template_override_that_includes_one_from_a_subfolder_keeps_its_material_rules(tmp_path):
    from pathlib import Path

    from test_plugin import mkdocs

    project, folder = _project(tmp_path)
    shipped = (Path(__file__).resolve().parents[1] / "templates" / "history.html").read_text()
    (folder / "history.html").write_text('{% include "mine/note.html" %}' + shipped)
    (folder / "mine").mkdir()
    (folder / "mine" / "note.html").write_text('<div class="md-select">Planned work on Sunday</div>')
    proc = mkdocs(project.mkdocs, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    assert 'class="md-select"' in (project.site / "history" / "index.html").read_text()
    assert ".md-select{" in _built_stylesheet(project.site)


def test_a_palette_colour_named_with_a_space_keeps_its_rules(tmp_path):
    # Material writes `accent: light blue` as data-md-color-accent="light-blue" (the sample's and the
    # demo's dark palette): the palette stylesheet's rules for that value must stay.
    from test_plugin import mkdocs

    project, _ = _project(tmp_path)
    proc = mkdocs(project.mkdocs, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    assert 'data-md-color-accent="light-blue"' in (project.site / "history" / "index.html").read_text()
    assert "[data-md-color-accent=light-blue]" in _built_stylesheet(project.site)


def test_a_hand_written_page_without_the_bundle_keeps_the_material_rules_its_markdown_needs(tmp_path):
    # `material_javascript: false` leaves Material's script out (docs/site.md), not the styles its
    # Markdown's classes need: an admonition on the About page stays an admonition.
    from sample import incident, write_project
    from test_plugin import mkdocs

    about = "---\nmaterial_javascript: false\n---\n# About\n\n!!! note\n    We post updates every 30 minutes.\n"
    project = write_project(tmp_path, {"2026-03-04-api.md": incident()}, pages={"about.md": about},
                            extra="markdown_extensions:\n  - admonition\n")
    proc = mkdocs(project.mkdocs, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    page = (project.site / "about" / "index.html").read_text()
    assert 'class="admonition note"' in page and "statusgen-material." in page
    assert ".md-typeset .admonition" in _built_stylesheet(project.site)


def test_a_syntax_error_in_the_projects_main_html_names_its_file_and_line_without_a_traceback(tmp_path):
    from test_plugin import mkdocs

    project, _ = _project(tmp_path)
    (project.root / "overrides" / "main.html").write_text(
        '{% extends "statusgen_frame.html" %}\n{% block sg_logo %}\n<b>Acme</b>\n')
    proc = mkdocs(project.mkdocs, "build")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "overrides/main.html:" in proc.stderr and "endblock" in proc.stderr
