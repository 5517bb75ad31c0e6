"""The frame around every page (templates/theme/, generator.write.frame), read from built sites: a
status site's header and footer, no documentation chrome, a frame that depends only on the page's
depth, and a project's own blocks on top of it. (In a browser: tests/test_browser_frame.py.)
"""
from __future__ import annotations

import re
from pathlib import Path

from sample import incident, write_project
from test_plugin import mkdocs

ROOT = Path(__file__).resolve().parents[1]
NAV = """nav:
  - Status: index.md
  - History: history.md
  - Post-incident reports: postmortems.md
  - Subscribe: subscribe.md
  - About: about.md
"""
PAGES = {"about.md": "# About\n\nWho we are.\n", "subscribe.md": "# Subscribe to updates\n\nFeeds.\n"}


def _build(tmp_path, **layout) -> Path:
    project = write_project(tmp_path, {"2026-03-04-api.md": incident()}, pages=PAGES,
                            options={"contact": "mailto:help@example.com"}, extra=NAV, **layout)
    return project


def _part(page: str, pattern: str) -> str:
    found = re.search(pattern, page, re.S)
    assert found, pattern
    return found.group(0)


def header(page: str) -> str:
    return _part(page, r'<a href="#sg-content".*?</header>')


def footer(page: str) -> str:
    return _part(page, r"<footer.*?</footer>")


def test_every_page_has_the_status_frame_and_no_documentation_chrome(tmp_path):
    project = _build(tmp_path)
    proc = mkdocs(project.mkdocs, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    site = project.site
    for path in ("index.html", "history/index.html", "about/index.html", "incidents/2026-03-04-api/index.html",
                 "404.html"):
        page = (site / path).read_text()
        for chrome in ("md-tabs", "md-sidebar", "md-nav", 'for="__drawer"', "md-search", "md-header__topic"):
            assert chrome not in page.replace('<label class="md-overlay" for="__drawer">', ""), (path, chrome)
        assert page.count("<header") == 1 and page.count("<footer") == 1 and page.count("<main") == 1
        assert 'class="sg-subscribe"' in header(page)
        assert 'id="sg-content"' in page
        assert '<a href="mailto:help@example.com">help@example.com</a>' in footer(page)
    # Links go from the site's root as the page reaches it: the same at every page of a depth.
    history = (site / "history" / "index.html").read_text()
    assert re.findall(r'href="([^"]*)"', footer(history)) == ["../", "../history/", "../postmortems/",
                                                              "../subscribe/", "../about/", "mailto:help@example.com"]
    assert 'href="../subscribe/" class="sg-subscribe"' in header(history)
    # The 404 page is served at any path: its links start from the site's root path.
    missing = (site / "404.html").read_text()
    assert 'href="/subscribe/" class="sg-subscribe"' in header(missing)
    assert 'href="/history/"' in footer(missing)


def test_the_frame_depends_only_on_the_pages_depth(tmp_path):
    project = _build(tmp_path)
    assert mkdocs(project.mkdocs, "build").returncode == 0
    site = project.site

    def frame(path):
        page = (site / path / "index.html").read_text()
        return header(page), footer(page)

    assert frame("history") == frame("about") == frame("subscribe") == frame("postmortems")
    assert frame("incidents/2026-03-04-api") == frame("components/api")
    assert frame("history") != frame("incidents/2026-03-04-api")


def test_a_project_overrides_blocks_of_the_frame_from_its_custom_dir(tmp_path):
    project = _build(tmp_path)
    project.template_overrides()  # sets custom_dir: overrides
    (project.root / "overrides" / "main.html").write_text(
        '{% extends "statusgen_frame.html" %}\n'
        '{% block sg_header_actions %}{{ super() }}<a class="mine" href="https://support.example.com/">Support</a>'
        '{% endblock %}\n')
    proc = mkdocs(project.mkdocs, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    page = (project.site / "history" / "index.html").read_text()
    assert '<a class="mine" href="https://support.example.com/">Support</a>' in header(page)
    assert 'class="sg-subscribe"' in header(page)  # super(): statusgen's action kept
    assert "md-tabs" not in page and "help@example.com" in footer(page)


def test_init_configures_no_tabs():
    scaffold = (ROOT / "generator" / "scaffold" / "templates" / "mkdocs.yml.j2").read_text()
    assert "navigation.tabs" not in scaffold and "features:" not in scaffold


def test_the_frame_speaks_the_sites_language(tmp_path):
    project = _build(tmp_path)
    project.mkdocs.write_text(project.mkdocs.read_text().replace("theme:\n", "theme:\n  language: de\n", 1))
    proc = mkdocs(project.mkdocs, "build")
    assert proc.returncode == 0, proc.stderr
    page = (project.site / "history" / "index.html").read_text()
    assert 'class="sg-subscribe">Abonnieren</a>' in header(page)
    assert 'aria-label="Website"' in footer(page) and "Kontakt: <a" in footer(page)
