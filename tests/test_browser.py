"""The built site in real headless Chromium (Debian's /usr/bin/chromium).

Layout at phone and desktop widths, accessibility with axe-core, and that
everything that matters is there with JavaScript off.
"""
from __future__ import annotations

import pytest

from generator.write.build import build_site
from reader_support import axe_violations, horizontal_overflow, open_at, open_page, serve, show_as, shown_scheme, switch_scheme
from sample import NOW, incident, maintenance, write_project

pytestmark = pytest.mark.browser

REPORT = """
## Summary

A configuration change to the API gateway rejected valid tokens for 53 minutes.

## Timeline

| Time (UTC) | Event | Detail | Owner | Ticket |
| --- | --- | --- | --- | --- |
| 09:05 | Change deployed | The gateway configuration with the new token audience went to all regions | Platform team | OPS-1234 |
| 09:58 | Change rolled back | The previous configuration was restored from the release pipeline | Platform team | OPS-1235 |

```
2026-03-04T09:05:11Z gateway[812]: token audience mismatch: expected=https://api.example.com/v1 got=https://api.example.com/v2 request_id=7f9c2b6a
```

## What we are changing

- Validate gateway configuration in staging first.
- Alert on the rate of rejected tokens.
"""

LONG_WORD = "Averyveryverylongidentifierwithoutanyspacesthatcouldbreakthelayoutonsmallscreens" * 2


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    config = write_project(root, {
        "2026-03-04-api-errors.md": incident(report=REPORT),
        "2026-03-10-webhooks.md": incident(
            title="Webhook deliveries delayed", severity="P2",
            components={"webhooks": "partial_outage", "api": "degraded_performance"}, started="2026-03-10T10:00:00Z",
            updates=[("2026-03-10T10:05:00Z", "investigating", "We are looking into delayed webhook deliveries."),
                     ("2026-03-10T10:40:00Z", "identified",
                      f"A queue is backed up. Reference: `{LONG_WORD}` and {LONG_WORD}.")]),
        "2026-03-12-db.md": maintenance(),
        "2026-03-10-maint-now.md": maintenance(title="Network maintenance", components={"web": "under_maintenance"},
                                               start="2026-03-10T11:00:00Z", end="2026-03-10T13:00:00Z"),
    }, options={"history_per_page": 2}).mkdocs
    build_site(config, now=NOW)
    with serve(root / "site") as server:
        yield server.url


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", ["", "incidents/2026-03-10-webhooks/", "incidents/2026-03-04-api-errors/",
                                  "history/", "components/api/"])
def test_no_console_errors_and_no_horizontal_scroll(browser, site, width, path):
    with open_page(browser, site + path, width) as page:
        assert page.errors == []
        overflow = horizontal_overflow(page)
        assert overflow <= 0, f"{path or '/'} scrolls sideways at {width}px by {overflow}px"


@pytest.mark.parametrize("path", ["", "incidents/2026-03-04-api-errors/", "history/"])
def test_axe_finds_no_violations_in_either_scheme(browser, site, path):
    with open_page(browser, site + path, 1280, "light") as page:
        assert shown_scheme(page) == "light"
        assert axe_violations(page) == []
        assert page.evaluate("axe.getRules().length") > 50  # axe really ran, with its rules
        switch_scheme(page, "dark")
        assert shown_scheme(page) == "dark"
        assert axe_violations(page) == []


def test_status_page_is_complete_without_javascript(browser, site):
    with open_page(browser, site, 375, javascript=False) as page:
        banner = page.locator(".sg-banner")
        assert banner.is_visible()
        assert banner.locator(".sg-banner__text").inner_text().strip() == "Partial System Outage"
        active = page.locator("#sg-active + .sg-card")
        assert active.is_visible()
        assert "Webhook deliveries delayed" in active.inner_text()
        # A compact card: the latest update; the whole timeline is on the incident's page.
        assert "A queue is backed up." in active.inner_text()
        assert "We are looking into delayed webhook deliveries." not in active.inner_text()
        assert page.get_by_text("Network maintenance").first.is_visible()
        assert page.get_by_text("Last updated 10 Mar, 12:00 UTC").is_visible()
        assert page.locator("time[data-sg-local]").count() == 0  # as built: the site's zone
        assert horizontal_overflow(page) <= 0


@pytest.mark.parametrize("path", ["", "incidents/2026-03-04-api-errors/", "incidents/2026-03-10-webhooks/", "history/"])
def test_no_horizontal_scroll_on_a_phone_without_javascript(browser, site, path):
    with open_page(browser, site + path, 375, javascript=False) as page:
        overflow = horizontal_overflow(page)
        assert overflow <= 0, f"{path or '/'} scrolls sideways at 375px without JavaScript by {overflow}px"


def test_local_time_is_written_where_javascript_runs(browser, site):
    # A reader in Los Angeles (the time zone is set on the warm tab for this page only).
    with open_page(browser, site + "incidents/2026-03-04-api-errors/", 1280, timezone_id="America/Los_Angeles") as page:
        assert page.errors == []
        started = page.locator("time.sg-time[datetime='2026-03-04T09:05:00Z']").first
        # 09:05 UTC is 01:05 in Los Angeles (PST) on March 4th; UTC stays beside it.
        assert started.inner_text().replace("\xa0", " ") == "4 Mar, 01:05 PST (09:05 UTC)"


def test_relative_times_follow_the_readers_clock_and_agree(browser, site):
    from datetime import datetime, timezone

    # Built at 12:00; the incident started at 10:00. A reader at 12:25 (the page is fresh: stale_after is
    # 30 min) sees 2 h 25 min, not the build's 2 h, and no "as of" (the figure is the reader's own now).
    with open_at(browser, site + "incidents/2026-03-10-webhooks/", datetime(2026, 3, 10, 12, 25, tzinfo=timezone.utc),
                 1280, 900) as page:
        assert page.locator(".sg-ago").first.inner_text() == "2 h ago"
        assert page.locator(".sg-since").first.inner_text() == "2 h 25 min"
        assert page.locator(".sg-rel").first.is_visible()
        assert page.locator(".sg-asof").filter(visible=True).count() == 0
    # At 14:00 the page is stale: it cannot know whether the incident still goes on, so "ongoing for"
    # stops at the build, said as such, instead of counting on to 4 h.
    with open_at(browser, site + "incidents/2026-03-10-webhooks/", datetime(2026, 3, 10, 14, 0, tzinfo=timezone.utc),
                 1280, 900) as page:
        duration = page.locator("dl.sg-facts > div", has_text="Duration").inner_text().replace("\xa0", " ")
        assert duration.endswith("Ongoing for 2 h as of 10 Mar, 12:00 UTC"), duration
    # Without JavaScript nothing relative is claimed: the build's "2 h ago" would stay forever.
    with open_page(browser, site + "incidents/2026-03-10-webhooks/", 1280, javascript=False) as page:
        assert page.locator(".sg-ago").count() >= 1
        assert page.locator(".sg-rel").filter(visible=True).count() == 0
        assert " ago" not in page.locator("article").inner_text()
        assert page.locator(".sg-since").first.inner_text() == "2 h"


def test_print_stylesheet_leaves_a_clean_report(browser, site):
    with open_page(browser, site + "incidents/2026-03-04-api-errors/", 1280) as page:
        show_as(page, "print")
        assert not page.locator(".md-header").is_visible()
        assert page.locator("#post-incident-report").is_visible()
        assert page.get_by_text("What we are changing").is_visible()
