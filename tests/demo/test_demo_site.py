"""The shipped demo, not statusgen: its site built under another address keeps every link, its
hand-written subscribe page gives the snippets of that address, its hand-written pages kept by a fork
carry none of its words, its history reports a real quarter, and its German status page (/de/) says
nothing of statusgen's in English: the only English there is incident text nobody translated yet,
marked as such. Skipped where the demo's incidents are gone (tests/demo/conftest.py).
"""
from __future__ import annotations

import html
import json
import re

import pytest
import yaml
from click.testing import CliRunner

from demo_support import DEMO_CONFIG, DEMO_NOW, DEMO_NOW_TEXT, ROOT, build_demo
from generator.cli import main
from links import broken_links
from sample import NOW, write_project
# The German-site test's reader (a page's text as a reader meets it) and its English words of statusgen's.
from test_language_pages import _english_pieces, _found, _Reader

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
    theme = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["theme"]
    assert "navigation.tabs" not in (theme.get("features") or [])
    assert theme["logo"] == "assets/logo.svg"
    assert (ROOT / "site_src" / "assets" / "logo.svg").read_text().startswith("<svg")


NOTE = "Dieser Text ist noch nicht übersetzt; er wird auf Englisch angezeigt."


class _GermanPage(_Reader):
    """A page's text as _Reader reads it, with each element marked lang="en" read apart: its text, and the
    text a reader met just before it (where a note says it is not translated)."""

    def __init__(self):
        super().__init__()
        self.english: list[tuple[str, str]] = []  # (text before it, its text)
        self._inside: list = []  # [tag, depth, texts] of the lang="en" element being read

    def handle_starttag(self, tag, attrs):
        if self._inside:
            self._inside[1] += tag == self._inside[0]
        elif dict(attrs).get("lang") == "en":
            self._inside = [tag, 1, []]
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self._inside and tag == self._inside[0]:
            self._inside[1] -= 1
            if self._inside[1] == 0:
                before = self.texts[-1].strip() if self.texts else ""
                self.english.append((before, " ".join("".join(self._inside[2]).split())))
                self._inside = []
        super().handle_endtag(tag)

    def handle_data(self, data):
        if self._inside and not self._skip:
            self._inside[2].append(data)
        else:
            super().handle_data(data)


def test_the_demos_german_status_page_has_no_english_but_untranslated_incident_text_marked_so(demo):
    from babel.messages.pofile import read_po

    from generator.languages import catalogs
    from generator.read.config import load_config
    from generator.render.home import plain
    from generator.render.markdown_html import render_message
    from generator.validate.project import load_project

    with catalogs.catalog_path("de").open("rb") as source:
        pieces = _english_pieces(read_po(source))
    page = _GermanPage()
    page.feed((demo.directory / "de" / "index.html").read_text(encoding="utf-8"))
    assert page.lang == "de"

    # What the project wrote once, in English, for every language (docs/languages.md): the site's and the
    # components' names and descriptions, and the theme's scheme toggle's names (mkdocs.yml's palette, which
    # Material reads once for the whole site). Addresses are not words either.
    config = load_config(DEMO_CONFIG)
    written = [config.site_name] + [text for c in config.components for text in (c.name, c.description, c.group)
                                    if text]
    written += [scheme["toggle"]["name"] for scheme in yaml.safe_load(DEMO_CONFIG.read_text())["theme"]["palette"]]
    text = re.sub(r"https?://\S+", " ", "\n".join(page.texts))
    for words in sorted(written, key=len, reverse=True):
        text = text.replace(words, " ")
    assert [piece for piece in pieces if _found(piece, text)] == []
    # The open incident is translated: its German title and latest update, with no note.
    assert "Webhook-Zustellungen an einige Endpunkte schlagen fehl" in page.texts
    assert any(t.startswith("Die Rücknahme wird Region für Region") for t in page.texts)

    # The English there is: the language menu's "English", and incident text nobody translated into German:
    # titles (marked, no note: they are repeated in lists) and messages (marked, after the note).
    incidents = load_project(config, DEMO_NOW).incidents
    titles = {i.title for i in incidents if i.title_in("de").fallback}
    messages = {plain(render_message(u.message)) for i in incidents for u in i.updates if u.message_in("de").fallback}
    assert "Webhook deliveries failing for some endpoints" not in titles and titles
    shown_messages = [(before, english) for before, english in page.english if english in messages]
    assert shown_messages, "the upcoming maintenance, not translated, shows its latest update in English"
    assert all(before == NOTE for before, _english in shown_messages)
    others = [english for _before, english in page.english if english not in messages]
    assert others and set(others) <= titles | {"English"}
