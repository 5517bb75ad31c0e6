"""The shipped demo, not statusgen, in headless Chromium: every page of the demo (its incidents,
reports and hand-written pages as a visitor of this repository's own status page reads them) checked
as tests/test_browser_reader.py checks the reader's sample, and its status page's first view.
Its German pages (/de/, the same pages in another language) are checked one of each kind, on a phone:
the sweep of every page would take twice as long to find what one page of each kind finds.
Skipped where the demo's incidents are gone (tests/demo/conftest.py).
"""
from __future__ import annotations

import pytest

from page_sweep import PAIR_IDS, PAIRS, share, site_pages, sweep
from reader_support import axe_violations, horizontal_overflow, open_page

pytestmark = pytest.mark.browser

# One German page of each kind (mkdocs.yml: languages: [de]): the incidents translated in incidents/2026/
# (the open one, and a resolved one with its report), one that is not and falls back to English, visibly.
GERMAN = {"status": "de/", "report": "de/incidents/2026-11-05-api-rate-limit-errors/",
          "open": "de/incidents/2026-11-22-webhook-delivery-failures/",
          "fallback": "de/incidents/2026-11-21-slow-sign-in/", "component": "de/components/webhooks/",
          "history": "de/history/", "reliability": "de/reliability/", "about": "de/about/"}


def own_pages(server) -> list[str]:
    """Every page of the site's own language (the /de/ tree is checked by kind, below)."""
    return [path for path in site_pages(server) if not path.startswith("de/")]


# Every page once, in both schemes, in make test; in all eight ways in make test-exhaustive (and CI).
@pytest.mark.parametrize("width,javascript", PAIRS, ids=PAIR_IDS)
def test_every_demo_page_has_no_axe_violations_and_no_sideways_scroll_in_either_scheme(browser, demo, width,
                                                                                       javascript):
    pages = own_pages(demo)
    assert len(pages) > 25
    sweep(browser, demo, width, javascript, share(pages, width, javascript))


@pytest.mark.exhaustive
@pytest.mark.parametrize("width,javascript", PAIRS, ids=PAIR_IDS)
def test_every_demo_page_in_every_way_of_reading_has_no_axe_violations_and_no_sideways_scroll(browser, demo, width,
                                                                                              javascript):
    pages = own_pages(demo)
    assert len(pages) > 25
    sweep(browser, demo, width, javascript, pages)


@pytest.mark.parametrize("kind", GERMAN)
def test_a_german_page_of_each_kind_passes_axe_fits_a_phone_and_leads_to_its_english_counterpart(browser, demo,
                                                                                                  kind):
    path = GERMAN[kind]
    with open_page(browser, demo.url + path, 320, viewport_height=640) as page:
        assert page.evaluate("document.documentElement.lang") == "de"
        assert horizontal_overflow(page) == 0
        page.locator("header summary.sg-lang__button").click()  # the open menu is checked too
        assert axe_violations(page) == []
        assert horizontal_overflow(page) == 0
        with page.expect_navigation():
            page.locator("header .sg-lang__list a[hreflang='en']").click()
        assert page.url == demo.url + path.removeprefix("de/")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.errors == []


# Issue #24's acceptance budget: the status page's first view, everything the browser fetches, gzipped.
def test_first_view_of_the_demo_status_page_is_under_60_kb_gzipped(browser, demo):
    demo.sent.clear()
    with open_page(browser, demo.url, 1280, fresh=True) as page:
        page.wait_for_timeout(500)
    total = sum(size for _, size in demo.sent)
    print(f"first view: {total / 1024:.1f} KB over {len(demo.sent)} responses")
    assert total <= 60 * 1024, sorted(demo.sent, key=lambda x: -x[1])[:5]
