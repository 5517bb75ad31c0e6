"""The shipped demo, not statusgen: its site built under another address keeps every link, its
hand-written subscribe page gives the snippets of that address, its hand-written pages kept by a fork
carry none of its words, and its history reports a real quarter. Skipped where the demo's incidents
are gone (tests/demo/conftest.py).
"""
from __future__ import annotations

import html
import json
import re

import pytest
from click.testing import CliRunner

from demo_support import DEMO_CONFIG, DEMO_NOW_TEXT, ROOT, build_demo
from generator.cli import main
from links import broken_links
from sample import NOW, write_project

SUB_PATH = "https://example.com/status/"
# Words of the demo (Acme Cloud, a fictional company) that a fork's own site must not show.
DEMO_WORDS = ("acme", "fictional", "app.acme", "sign-in and sso", "third-party integrations")


@pytest.fixture(scope="module")
def site_under_a_sub_path(tmp_path_factory):
    return build_demo(tmp_path_factory.mktemp("demo-sub-path") / "site", site_url=SUB_PATH)


def test_the_demo_under_a_sub_path_has_no_broken_internal_link(site_under_a_sub_path):
    broken, checked = broken_links(site_under_a_sub_path, "/status/")
    assert broken == []  # includes every link in the hand-written pages (subscribe: feeds, API, badges)
    assert checked > 500


def test_the_subscribe_snippets_carry_the_sites_own_address(site_under_a_sub_path):
    page = (site_under_a_sub_path / "subscribe" / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    snippets = [html.unescape(re.sub(r"<[^>]+>", "", code)).strip()
                for code in re.findall(r"<pre[^>]*>(.*?)</pre>", article, re.S)]
    assert f"![Acme Cloud Status]({SUB_PATH}badge.svg)" in snippets
    assert f'<script src="{SUB_PATH}embed/banner.js" async></script>' in snippets
    assert "{{" not in article
    assert "acme.example" not in html.unescape(re.sub(r"<[^>]+>", "", article))


def test_the_demos_own_pages_take_the_name_from_mkdocs_yml(tmp_path):
    """A fork that sets its own site_name and keeps site_src/ publishes none of the demo's words there."""
    from generator.write.build import build_site

    pages = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "site_src").glob("*.md")}
    assert pages
    project = write_project(tmp_path / "fork", {}, pages=pages, site_name="Example Corp Status",
                            components=[{"id": "website", "name": "Website"}])
    build_site(project.mkdocs, now=NOW)
    for name in pages:
        text = (project.site / name.removesuffix(".md") / "index.html").read_text(encoding="utf-8").lower()
        for word in DEMO_WORDS + ("components/api/",):  # nor a link to the demo's components
            assert word not in text, (name, word)
    about = (project.site / "about" / "index.html").read_text(encoding="utf-8")
    assert "This is Example Corp Status, the public status page of our services." in about


def test_the_demo_reports_a_real_quarter():
    """The shipped demo at its fixed moment: Q3 2026 with facts on every incident and nothing overdue."""
    result = CliRunner().invoke(main, ["report", "-f", str(DEMO_CONFIG), "--now", DEMO_NOW_TEXT, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["period"]["label"] == "Q3 2026"
    assert sum(s["incidents"] for s in data["severities"]) == 6
    assert all(s["measures"]["acknowledge"]["measured"] == s["incidents"] for s in data["severities"])
    assert ("2026-08-27-webhook-delivery-delays", "acknowledge") in {(m["incident"], m["missed"])
                                                                    for m in data["misses"]}
    assert data["action_items"] and all(item["days_overdue"] == 0 for item in data["action_items"])


def test_the_demo_has_its_own_logo_and_no_navigation_tabs():
    import yaml

    theme = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["theme"]
    assert "navigation.tabs" not in (theme.get("features") or [])
    assert theme["logo"] == "assets/logo.svg"
    assert (ROOT / "site_src" / "assets" / "logo.svg").read_text().startswith("<svg")
