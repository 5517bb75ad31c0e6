"""The shipped demo, not statusgen, in headless Chromium: every page of the demo (its incidents,
reports and hand-written pages as a visitor of this repository's own status page reads them) checked
as tests/test_browser_reader.py checks the reader's sample, and its status page's first view.
Skipped where the demo's incidents are gone (tests/demo/conftest.py).
"""
from __future__ import annotations

import pytest

from page_sweep import PAIR_IDS, PAIRS, share, site_pages, sweep
from reader_support import open_page

pytestmark = pytest.mark.browser


# Every page once, in both schemes, in make test; in all eight ways in make test-exhaustive (and CI).
@pytest.mark.parametrize("width,javascript", PAIRS, ids=PAIR_IDS)
def test_every_demo_page_has_no_axe_violations_and_no_sideways_scroll_in_either_scheme(browser, demo, width,
                                                                                       javascript):
    pages = site_pages(demo)
    assert len(pages) > 25
    sweep(browser, demo, width, javascript, share(pages, width, javascript))


@pytest.mark.exhaustive
@pytest.mark.parametrize("width,javascript", PAIRS, ids=PAIR_IDS)
def test_every_demo_page_in_every_way_of_reading_has_no_axe_violations_and_no_sideways_scroll(browser, demo, width,
                                                                                              javascript):
    pages = site_pages(demo)
    assert len(pages) > 25
    sweep(browser, demo, width, javascript, pages)


# Issue #24's acceptance budget: the status page's first view, everything the browser fetches, gzipped.
def test_first_view_of_the_demo_status_page_is_under_60_kb_gzipped(browser, demo):
    demo.sent.clear()
    with open_page(browser, demo.url, 1280, fresh=True) as page:
        page.wait_for_timeout(500)
    total = sum(size for _, size in demo.sent)
    print(f"first view: {total / 1024:.1f} KB over {len(demo.sent)} responses")
    assert total <= 60 * 1024, sorted(demo.sent, key=lambda x: -x[1])[:5]
