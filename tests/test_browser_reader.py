"""The reader's page (issue 11), tried as a customer would: the shipped demo in headless
Chromium at 375 and 1280 px, light and dark, with and without JavaScript, and printed.
"""
from __future__ import annotations

import pytest

from reader_support import MODES, axe_violations, build_demo, chromium, horizontal_overflow, mode_id, open_page, serve

pytestmark = pytest.mark.browser

REPORT_WITH_TABLE = "incidents/2026-10-29-dashboard-and-api-outage/"
REPORT_TABLES = ["incidents/2026-10-29-dashboard-and-api-outage/", "incidents/2026-07-22-sign-in-outage/"]
OPEN_INCIDENT = "incidents/2026-11-22-webhook-delivery-failures/"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    site = build_demo(tmp_path_factory.mktemp("reader") / "site")
    with serve(site) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


@pytest.mark.parametrize("path", REPORT_TABLES)
@pytest.mark.parametrize("width", [375, 1280])
def test_report_tables_keep_words_whole_and_every_column_in_view(browser, demo, path, width):
    with open_page(browser, demo.url + path, width) as page:
        tables = page.locator(".sg-table table")
        assert tables.count() >= 1
        assert horizontal_overflow(page) <= 0
        # No cell is wider than its content box allows, and no scroll box hides a column.
        hidden = page.evaluate("""() => [...document.querySelectorAll(
                '.sg-table, .sg-table table, .md-typeset__scrollwrap, .md-typeset__table')].filter(e => e.scrollWidth > e.clientWidth + 1).length""")
        assert hidden == 0
        # Words are never cut: every line break inside a cell falls between words.
        cut = page.evaluate("""() => {
            const cut = [];
            for (const cell of document.querySelectorAll('.sg-table td, .sg-table th')) {
              const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
              for (let node; (node = walker.nextNode());) {
                if (node.parentElement.closest('code, a')) continue;
                const words = node.textContent.split(/(\\s+)/);
                let offset = 0;
                for (const word of words) {
                  if (word.trim().length > 1) {
                    const range = document.createRange();
                    range.setStart(node, offset); range.setEnd(node, offset + word.length);
                    if (range.getClientRects().length > 1) cut.push(word);
                  }
                  offset += word.length;
                }
              }
            }
            return cut;
        }""")
        assert cut == []
        if width == 375:
            # On a phone each row is a block, every value under its column's heading.
            first = tables.first.locator("tbody tr").first.locator("td").first
            label = first.get_attribute("data-label")
            assert label and label == tables.first.locator("thead th").first.inner_text().strip()
            assert first.evaluate("e => getComputedStyle(e, '::before').content").startswith('"' + label[:3])
        else:
            assert tables.first.evaluate("e => getComputedStyle(e).display") == "table"
        assert page.errors == []


@pytest.mark.parametrize("mode", MODES, ids=mode_id)
def test_report_pages_have_no_axe_violations(browser, demo, mode):
    width, scheme, javascript = mode
    for path in REPORT_TABLES:
        with open_page(browser, demo.url + path, width, scheme, scripts_stripped=not javascript) as page:
            assert axe_violations(page) == [], path
            assert horizontal_overflow(page) <= 0, path
