"""The page knows its age (issue 10), in headless Chromium with the reader's clock under test control.

A newer build is offered (checked from build.json while the page is visible), an old page says it may be
out of date, and a promised next update that has passed is never shown as still open.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from generator.write.build import build_site
from reader_support import axe_violations, open_at, serve
from sample import incident, write_project

pytestmark = pytest.mark.browser

BUILT = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
OPEN = incident(title="Elevated API errors", severity="P2", started="2026-03-10T11:40:00Z",
                updates=[("2026-03-10T11:45:00Z", "investigating", "We are looking.")])  # P2: every 30 min


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp("fresh"), {"2026-03-10-api.md": OPEN},
                            options={"stale_after": "45m"})
    build_site(project.mkdocs, now=BUILT)
    with serve(project.site, gzip_enabled=False) as server:
        yield project.site, server.url


def test_without_news_the_notice_is_empty_and_the_build_time_is_said(browser, site):
    root, url = site
    with open_at(browser, url, BUILT + timedelta(minutes=3), 375) as page:
        assert page.locator(".sg-built").inner_text().startswith("Last updated 10\xa0Mar,\xa012:00\xa0UTC")
        assert "3 min ago" in page.locator(".sg-built").inner_text()
        page.clock.run_for(61_000)
        assert page.locator(".sg-fresh").inner_text() == ""
        assert page.locator(".sg-fresh").get_attribute("role") == "status"


def test_a_newer_build_is_offered(browser, site):
    root, url = site
    info = root / "build.json"
    original = info.read_bytes()
    try:
        with open_at(browser, url, BUILT + timedelta(minutes=5), 375) as page:
            info.write_text(json.dumps({"built_at": "2026-03-10T12:10:00Z"}))
            page.clock.run_for(61_000)  # the next minute's check
            notice = page.locator(".sg-fresh")
            notice.get_by_text("This page has been updated since you opened it.").wait_for()
            assert notice.get_attribute("aria-live") == "polite"
            assert notice.get_by_role("link", name="Show the latest status").is_visible()
    finally:
        info.write_bytes(original)


def test_an_old_page_says_how_old_it_is(browser, site):
    root, url = site
    with open_at(browser, url, BUILT + timedelta(minutes=30), 375) as page:
        assert page.locator(".sg-stale").count() == 0  # within the 45 minutes configured
        page.clock.run_for(16 * 60_000)
        notice = page.locator(".sg-stale")
        text = notice.inner_text().replace("\xa0", " ")
        # Its real age and the time itself, not a pointer to somewhere else on the page.
        assert text.startswith("This page was last updated 46 minutes ago, at 10 Mar, 12:00 UTC."), text
        # In the page's flow at its top: it covers nothing, and is read before the banner.
        assert notice.evaluate("e => getComputedStyle(e).position") == "static"
        assert notice.evaluate("e => !!(e.compareDocumentPosition(document.querySelector('.sg-banner')) & 4)")
        assert axe_violations(page) == []


def test_a_passed_promise_of_an_update_is_not_shown_as_open(browser, site):
    root, url = site
    with open_at(browser, url + "incidents/2026-03-10-api/", BUILT + timedelta(minutes=1), 375) as page:
        promise = page.locator(".sg-next")
        assert promise.inner_text().replace("\xa0", " ").startswith("Next update expected by 10 Mar, 12:15 UTC")
        page.clock.run_for(15 * 60_000)  # 12:16, past 11:45 + 30 min
        assert promise.inner_text().replace("\xa0", " ").startswith(
            "An update is overdue: the next one was expected by 10 Mar, 12:15 UTC")


def test_the_promise_is_overdue_in_the_html_when_the_build_is_late(tmp_path):
    project = write_project(tmp_path, {"2026-03-10-api.md": OPEN})
    build_site(project.mkdocs, now=BUILT + timedelta(minutes=40))
    html = (project.site / "index.html").read_text()
    assert "An update is overdue: the next one was expected by" in html
    assert "Next update expected by" not in html
