"""A German page's times in headless Chromium (issue #26): without JavaScript the build's German
text in the site's zone; with it, the script writes them in the reader's zone in the page's language
(<html lang>, Intl), in the same structure and naming the same instants, never turning English."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from generator.languages.formatting import style_of
from generator.render.clock import short_range, short_time
from generator.write.build import build_site
from reader_support import open_page, serve
from sample import incident, maintenance, write_project
from test_browser_times import BUILT, SITE_ZONE, reader_at, shown_times, shown_windows

pytestmark = pytest.mark.browser

GERMAN = style_of("de")
PAGES = ["", "incidents/2026-03-10-webhooks/", "incidents/2026-03-10-upgrade/", "incidents/2025-12-31-old/",
         "history/"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("times-de")
    project = write_project(root, {
        "2026-03-10-webhooks.md": incident(
            title="Webhook deliveries delayed", started="2026-03-10T10:00:00Z",
            updates=[("2026-03-10T10:05:00Z", "investigating", "We are looking into it.")]),
        "2025-12-31-old.md": incident(
            title="Old outage", started="2026-01-01T03:00:00Z",
            updates=[("2026-01-01T03:05:00Z", "investigating", "Looking."),
                     ("2026-01-01T05:00:00Z", "resolved", "Fixed.")]),
        "2026-03-10-upgrade.md": maintenance(
            title="Database upgrade", start="2026-03-10T12:30:00Z", end="2026-03-10T13:30:00Z",
            updates=[("2026-03-09T10:00:00Z", "scheduled", "We will upgrade the database.")]),
    }, options={"time_zone": SITE_ZONE})
    text = project.mkdocs.read_text(encoding="utf-8")
    project.mkdocs.write_text(text.replace("  name: material\n", "  name: material\n  language: de\n", 1),
                              encoding="utf-8")
    build_site(project.mkdocs, now=BUILT)
    with serve(project.site) as server:
        yield server.url


def german(iso: str, zone: str) -> str:
    local, utc = short_time(datetime.fromisoformat(iso.replace("Z", "+00:00")), ZoneInfo(zone), 2026, GERMAN)
    return f"{local} ({utc})" if utc else local


ENGLISH_DAY = re.compile(r"\d\xa0(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[,\xa0]")  # "10 Mar,"; never "1. Jan."


@pytest.mark.parametrize("path", PAGES)
def test_a_german_pages_times_are_german_with_and_without_javascript_and_name_the_same_instants(
        browser, site, path):
    with open_page(browser, site + path, 375, javascript=False) as page:
        built = shown_times(page)
    assert built and all(text == german(iso, SITE_ZONE) for iso, text in built)
    # A reader in the site's zone: the script writes exactly what the build wrote.
    with reader_at(browser, site + path, BUILT + timedelta(minutes=10), SITE_ZONE) as page:
        assert shown_times(page) == built
        assert page.locator("time.sg-time[data-sg-local]").count() == len(built)  # the script did run
    # A reader in India: the same instants in their zone, still German.
    with reader_at(browser, site + path, BUILT + timedelta(minutes=10), "Asia/Kolkata") as page:
        scripted = shown_times(page)
    assert [iso for iso, _ in scripted] == [iso for iso, _ in built]
    assert [text for _, text in scripted] == [german(iso, "Asia/Kolkata") for iso, _ in scripted]
    assert not any(ENGLISH_DAY.search(text) for _, text in built + scripted)


def test_a_window_over_two_days_reads_german_in_the_readers_zone(browser, site):
    start, end = (datetime(2026, 3, 10, 12, 30, tzinfo=timezone.utc), datetime(2026, 3, 10, 13, 30, tzinfo=timezone.utc))
    local, utc = short_range(start, end, ZoneInfo("Australia/Sydney"), 2026, GERMAN)
    assert " bis " in local and "März" in local
    with reader_at(browser, site + "incidents/2026-03-10-upgrade/", BUILT + timedelta(minutes=10),
                   "Australia/Sydney") as page:
        assert [w[2] for w in shown_windows(page)] == [f"{local} ({utc})"]


def test_ongoing_for_counts_on_in_german_units(browser, site):
    # 2 h 10 min after the incident started (10:00 UTC): the script counts in CLDR's short German units.
    with reader_at(browser, site, BUILT + timedelta(minutes=10), SITE_ZONE) as page:
        counted = page.locator('[data-since="2026-03-10T10:00:00Z"]').first.text_content()
    assert counted == "2\xa0Std. 10\xa0Min."


def test_a_stale_german_page_keeps_the_builds_german_times_and_says_its_age_in_german(browser, site):
    later = BUILT + timedelta(days=13, hours=3)
    with reader_at(browser, site + "incidents/2026-03-10-webhooks/", later, SITE_ZONE) as page:
        assert all(text == german(iso, SITE_ZONE) for iso, text in shown_times(page))
        # "ongoing for" stops at the build, in German units, as of the build's German time
        assert page.locator('[data-since="2026-03-10T10:00:00Z"]').first.text_content() == "2\xa0Std."
        notice = page.locator(".sg-stale").inner_text()
        assert "vor 13 Tagen" in notice.replace("\xa0", " "), notice  # its age in German, a sentence of the catalog
        assert f"10.\xa0März,\xa005:00\xa0PDT" in notice
