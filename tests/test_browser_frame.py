"""The frame around every page (templates/theme/), read in Chromium: the Subscribe action in view on a
phone without opening anything, no documentation chrome, footer links that work under a sub-path,
and paper that stays white when a dark-scheme reader prints.
"""
from __future__ import annotations

import shutil

import pytest

from reader_sample import OPEN_INCIDENT, OUTAGE, READER_NOW, SITE_URL, write_reader_project
from reader_support import horizontal_overflow, open_page, serve, show_as

pytestmark = pytest.mark.browser

# One page of each kind the reader's sample has.
PAGE_TYPES = ["", "components/api/", OPEN_INCIDENT, OUTAGE, "history/", "postmortems/", "reliability/",
              "subscribe/", "about/"]

IN_VIEW = """e => { const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight
    && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest('a') === e; }"""

# Documentation chrome the frame leaves out: tabs, the drawer and its menu button, the sidebars (navigation
# and table of contents), search.
CHROME = ".md-tabs, label[for='__drawer'].md-header__button, .md-sidebar, .md-nav, .md-search, label[for='__search']"


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("width,height", [(375, 812), (320, 640)])
def test_subscribe_is_in_view_on_every_page_of_a_phone_and_leads_to_the_subscribe_page(browser, reader, width,
                                                                                        height, javascript):
    for path in PAGE_TYPES:
        with open_page(browser, reader.url + path, width, viewport_height=height, javascript=javascript) as page:
            action = page.locator("header").get_by_role("link", name="Subscribe")
            assert action.count() == 1, path
            # In view, on top, at the first glance: no menu to open, no scrolling.
            assert action.evaluate(IN_VIEW), path
            box = action.bounding_box()
            assert box["height"] >= 24 and box["width"] >= 24, (path, box)  # a target a thumb can hit
            assert page.locator(CHROME).filter(visible=True).count() == 0, path
            assert page.locator("header").get_by_role("link", name="Harbor Cloud Status").is_visible(), path
            assert horizontal_overflow(page) <= 0, path
            if path == OPEN_INCIDENT:
                with page.expect_navigation():
                    action.click()
                assert page.url == reader.url + "subscribe/"
                assert page.locator("h1").first.inner_text().startswith("Subscribe")


def test_no_tabs_drawer_or_table_of_contents_at_any_width(browser, reader):
    for width in (320, 1280, 1600):
        for path in ("", "about/", OUTAGE):
            with open_page(browser, reader.url + path, width) as page:
                assert page.locator(".md-tabs, .md-sidebar, .md-nav").count() == 0, (width, path)
                assert page.locator("label[for='__drawer'].md-header__button").count() == 0
                # One banner, one main, one contentinfo; a skip link to the content.
                assert page.locator("header.md-header").count() == 1
                assert page.get_by_role("banner").count() == 1
                assert page.get_by_role("main").count() == 1
                assert page.get_by_role("contentinfo").count() == 1
                skip = page.locator("a.sg-skip")
                assert skip.get_attribute("href") == "#sg-content" and page.locator("#sg-content").count() == 1
                # A centred reading column: not the documentation grid's 1220 px.
                article = page.locator("article.md-content__inner").bounding_box()
                # (Material sets a larger root font on screens 1600 px and wider; the column grows with it.)
                rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
                assert article["width"] <= (900 if width < 1600 else 44 * rem), (width, path, article)
                if width >= 1280:
                    left, right = article["x"], width - article["x"] - article["width"]
                    assert abs(left - right) < 40, (width, path, left, right)


def test_long_text_is_set_at_a_readable_measure(browser, reader):
    with open_page(browser, reader.url + OUTAGE, 1280) as page:
        # Characters per line of the report's paragraphs: about 70 at most.
        widths = page.locator(".sg-report p").evaluate_all(
            """all => all.map(p => { const s = getComputedStyle(p); const c = document.createElement('span');
                 c.textContent = '0'; p.append(c); const w = c.getBoundingClientRect().width; c.remove();
                 return p.getBoundingClientRect().width / w; })""")
        assert widths and max(widths) <= 72, widths


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory):
    """The reader's sample served under /status/, as a site under a sub-path is."""
    from generator.write.build import build_site

    project = write_reader_project(tmp_path_factory.mktemp("subpath"), site_url=SITE_URL + "status/")
    build_site(project.mkdocs, now=READER_NOW)
    served = tmp_path_factory.mktemp("subpath-served")
    shutil.copytree(project.site, served / "status")
    with serve(served) as server:
        yield server


@pytest.mark.parametrize("start", ["status/", "status/" + OPEN_INCIDENT, "status/404.html"])
def test_the_footer_links_work_under_a_sub_path(browser, sub_path_site, start):
    with open_page(browser, sub_path_site.url + start, 375) as page:
        footer = page.locator("footer.sg-footer")
        names = footer.get_by_role("link").all_inner_texts()
        for name in ("History", "Post-incident reports", "Reliability", "Subscribe", "About"):
            assert any(n.strip().startswith(name) for n in names), (name, names)
        assert footer.get_by_role("link", name="help@harbor.example").get_attribute("href") == \
            "mailto:help@harbor.example"
        hrefs = footer.locator("nav a").evaluate_all("all => all.map(a => a.href)")
        assert all(h.startswith(sub_path_site.url + "status/") for h in hrefs), hrefs
        # By keyboard: on a stale page the notice may cover the foot of the screen (its own business).
        footer.get_by_role("link", name="History").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == sub_path_site.url + "status/history/"
        assert page.locator("h1").first.inner_text() == "Incident history"
        with page.expect_navigation():
            page.locator("header").get_by_role("link", name="Subscribe").click()
        assert page.url == sub_path_site.url + "status/subscribe/"


PAINTED = """() => [document.documentElement, ...document.querySelectorAll('body, body *')]
  .filter(e => e.getClientRects().length || e === document.documentElement)
  .map(e => [e.tagName + '.' + e.className, getComputedStyle(e).backgroundColor])
  .filter(([, c]) => { const m = c.match(/[\\d.]+/g).map(Number);
                       return !(m.length > 3 && m[3] === 0) && (m[0] + m[1] + m[2]) / 3 < 128; })"""


@pytest.mark.parametrize("path", ["", OUTAGE, "about/"])
def test_printed_in_the_dark_scheme_the_paper_is_white_and_only_the_content_prints(browser, reader, path):
    with open_page(browser, reader.url + path, 1280, "dark") as page:
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
        show_as(page, "print", "dark")
        # The page's canvas (html, then body) is white and light: no dark margins with backgrounds printed.
        for element in ("document.documentElement", "document.body"):
            assert page.evaluate(f"getComputedStyle({element}).backgroundColor") in ("rgb(255, 255, 255)",), element
            assert page.evaluate(f"getComputedStyle({element}).colorScheme") == "light", element
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
        # Nothing dark is painted but the status colours (banner outline, bars): no dark block anywhere.
        dark = [d for d in page.evaluate(PAINTED) if "sg-" not in d[0] or "sg-header" in d[0] or "sg-footer" in d[0]]
        assert dark == [], dark
        # Web-only parts are not printed: header (its Subscribe and toggle), footer, skip link, stale notice.
        for selector in ("header", "footer", ".sg-subscribe", "[data-md-component=palette]", ".sg-fresh", ".sg-skip"):
            assert page.locator(selector).filter(visible=True).count() == 0, selector
        # Headings stay with what follows; dates do not break across lines.
        assert page.locator("article h1").first.evaluate("e => getComputedStyle(e).breakAfter") == "avoid"
        if path != "about/":
            times = page.locator("article time").evaluate_all("all => all.map(e => getComputedStyle(e).whiteSpace)")
            assert times and set(times) == {"nowrap"}, set(times)
        if path == OUTAGE:
            # Each timeline dot lies wholly inside the printed column, not cut by its edge.
            cut = page.locator("li.sg-update").evaluate_all(
                """all => all.filter(li => { const r = li.getBoundingClientRect();
                     const column = document.querySelector('article').getBoundingClientRect();
                     return r.left + parseFloat(getComputedStyle(li, '::before').left) < column.left; }).length""")
            assert cut == 0
