"""A site in several languages (plugins.statusgen.languages) read in Chromium: axe finds nothing on the
/de/ and /ja/ pages, each declares its language, and the header's language menu works on a 320 px phone,
with JavaScript and without.
"""
from __future__ import annotations

import pytest

from generator.write.build import build_site
from reader_sample import COMPONENTS, INCIDENTS, OPEN_INCIDENT, OUTAGE, PAGES, READER_NOW, SITE_NAME, SITE_URL
from reader_support import axe_violations, horizontal_overflow, open_page, serve
from sample import write_project

pytestmark = pytest.mark.browser

OPTIONS = """\
severities: p1-p4
contact: mailto:help@harbor.example
reliability_page: {months: 3}
languages: [de, ja]
"""

IN_VIEW = """e => { const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight; }"""


@pytest.fixture(scope="module")
def languages_site(tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp("languages"), INCIDENTS, pages=PAGES, components=COMPONENTS,
                            site_name=SITE_NAME, site_url=SITE_URL, options=OPTIONS)
    build_site(project.mkdocs, now=READER_NOW)
    with serve(project.site) as server:
        yield server.url


@pytest.mark.parametrize("path", ["de/", "de/" + OPEN_INCIDENT, "de/" + OUTAGE, "de/history/", "ja/",
                                  "ja/components/api/"])
def test_axe_finds_nothing_on_a_translated_page_and_it_says_its_language(browser, languages_site, path):
    code = path.split("/")[0]
    with open_page(browser, languages_site + path, 1280) as page:
        assert page.evaluate("document.documentElement.lang") == code
        page.locator("summary.sg-lang__button").click()  # the open menu is checked too
        assert axe_violations(page) == []
        assert page.errors == []


@pytest.mark.parametrize("javascript", [True, False])
def test_the_language_menu_is_usable_on_a_320_px_phone(browser, languages_site, javascript):
    with open_page(browser, languages_site + OPEN_INCIDENT, 320, viewport_height=640,
                   javascript=javascript) as page:
        button = page.locator("header summary.sg-lang__button")
        assert button.evaluate(IN_VIEW)
        box = button.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24, box  # a target a thumb can hit
        assert page.locator("header").get_by_role("link", name="Subscribe").evaluate(IN_VIEW)
        assert horizontal_overflow(page) <= 0
        button.click()
        german = page.locator("header .sg-lang__list a[hreflang='de']")
        assert german.evaluate(IN_VIEW)
        assert horizontal_overflow(page) <= 0
        with page.expect_navigation():
            german.click()
        assert page.url == languages_site + "de/" + OPEN_INCIDENT
        assert page.evaluate("document.documentElement.lang") == "de"
        # And back, from the German page's own menu.
        page.locator("header summary.sg-lang__button").click()
        with page.expect_navigation():
            page.locator("header .sg-lang__list a[hreflang='en']").click()
        assert page.url == languages_site + OPEN_INCIDENT
