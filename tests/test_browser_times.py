"""Every time on a page, in headless Chromium: the build's facts, in the site's zone without JavaScript
and in the reader's own zone with it, on a fresh page and on a stale one; the stale notice's age and
dismissal; maintenance moving on by the reader's clock (issue 24).

The expected texts come from generator/render/clock.py, whose formats test_render_clock.py pins by
hand; here the question is whether the page and its script say the same thing.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, available_timezones

import pytest

from generator.render.clock import short_range, short_time
from generator.write.build import build_site
from reader_support import axe_violations, horizontal_overflow, open_page, serve
from sample import incident, maintenance, write_project

pytestmark = pytest.mark.browser

SITE_ZONE = "America/Los_Angeles"
BUILT = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)  # 05:00 PDT (summer time began on 8 March)
PAGES = ["", "incidents/2026-03-10-webhooks/", "incidents/2026-03-10-upgrade/", "incidents/2025-12-31-old/",
         "history/", "components/api/"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("times")
    project = write_project(root, {
        "2026-03-10-webhooks.md": incident(
            title="Webhook deliveries delayed", started="2026-03-10T10:00:00Z",
            updates=[("2026-03-10T10:05:00Z", "investigating", "We are looking into it.")]),
        # Across New Year in Los Angeles: 31 Dec 2025 there, 1 Jan 2026 in UTC.
        "2025-12-31-old.md": incident(
            title="Old outage", started="2026-01-01T03:00:00Z",
            updates=[("2026-01-01T03:05:00Z", "investigating", "Looking."),
                     ("2026-01-01T05:00:00Z", "resolved", "Fixed.")]),
        # Starts 30 minutes after the build and lasts an hour.
        "2026-03-10-upgrade.md": maintenance(
            title="Database upgrade", start="2026-03-10T12:30:00Z", end="2026-03-10T13:30:00Z",
            updates=[("2026-03-09T10:00:00Z", "scheduled", "We will upgrade the database.")]),
    }, options={"time_zone": SITE_ZONE})
    build_site(project.mkdocs, now=BUILT)
    with serve(project.site) as server:
        yield server.url


@contextmanager
def reader_at(browser, url: str, moment: datetime, zone: str, width: int = 375, storage_from=None):
    """A page read in `zone` whose clock reads `moment` as it opens (a context of its own: the zone
    and the clock are the context's)."""
    context = browser.new_context(viewport={"width": width, "height": 800}, timezone_id=zone)
    try:
        page = context.new_page()
        page.clock.install(time=moment.timestamp())
        page.goto(url)
        page.wait_for_load_state("load")
        yield page
    finally:
        context.close()


def shown_times(page) -> list[tuple[str, str]]:
    """(datetime, text) of every <time class="sg-time"> the page shows, non-breaking spaces kept."""
    return page.locator("time.sg-time").evaluate_all(
        "all => all.map(e => [e.getAttribute('datetime'), e.textContent])")


def expected(iso: str, zone: str, year: int) -> str:
    local, utc = short_time(datetime.fromisoformat(iso.replace("Z", "+00:00")), ZoneInfo(zone), year)
    return f"{local} ({utc})" if utc else local


def shown_windows(page) -> list[tuple[str, str, str]]:
    """(start, end, text) of every maintenance window the page shows."""
    return page.locator(".sg-range").evaluate_all(
        "all => all.map(e => [e.dataset.start, e.dataset.end, e.textContent])")


def expected_window(start: str, end: str, zone: str, year: int) -> str:
    local, utc = short_range(*(datetime.fromisoformat(x.replace("Z", "+00:00")) for x in (start, end)),
                             ZoneInfo(zone), year)
    return f"{local} ({utc})" if utc else local


def test_the_script_shortens_a_window_in_every_zone_as_the_build_does(browser, site):
    # One hour at midday UTC, one across UTC's midnight, one across New Year, one across a summer time change.
    windows = [("2026-03-10T12:30:00Z", "2026-03-10T13:30:00Z"), ("2026-07-15T23:30:00Z", "2026-07-16T00:30:00Z"),
               ("2025-12-31T22:00:00Z", "2026-01-01T02:00:00Z"), ("2026-03-08T09:00:00Z", "2026-03-08T11:00:00Z"),
               ("2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z")]
    with open_page(browser, site, 1280) as page:
        known = sorted(set(page.evaluate("Intl.supportedValuesOf('timeZone')")) & available_timezones())
        got = page.evaluate("""([zones, windows]) => zones.map(z => windows.map(w => {
                                 const t = window.statusgen.shortRange(new Date(w[0]), new Date(w[1]), z, 2026);
                                 return t[1] ? t[0] + ' (' + t[1] + ')' : t[0]; }))""", [known, windows])
    differ = [(zone, w, text, expected_window(*w, zone, 2026))
              for zone, texts in zip(known, got) for w, text in zip(windows, texts)
              if text != expected_window(*w, zone, 2026)]
    assert differ == []


@pytest.mark.parametrize("path", ["", "incidents/2026-03-10-upgrade/"])
def test_a_window_says_its_day_once_in_the_site_zone_and_in_the_readers(browser, site, path):
    d = "\u2013\u2060"
    with open_page(browser, site + path, 320, javascript=False) as page:
        assert [w[2] for w in shown_windows(page)] == [f"10\xa0Mar,\xa005:30{d}06:30\xa0PDT (12:30{d}13:30\xa0UTC)"]
        assert horizontal_overflow(page) <= 0
    # In Sydney the same hour crosses midnight: both days are said there, UTC's once.
    with reader_at(browser, site + path, BUILT + timedelta(minutes=10), "Australia/Sydney", 320) as page:
        assert [w[2] for w in shown_windows(page)] == [
            "10\xa0Mar,\xa023:30\xa0GMT+11 to 11\xa0Mar,\xa000:30\xa0GMT+11 (10\xa0Mar,\xa012:30" + d + "13:30\xa0UTC)"]
        assert horizontal_overflow(page) <= 0
        assert axe_violations(page) == []


def test_the_script_names_every_zone_as_the_build_does(browser, site):
    # Each zone Chromium knows, at the turns of the year and both seasons: the script's text for a reader
    # there is the text the build writes for a site configured there.
    instants = ["2026-01-15T12:00:00Z", "2026-07-15T12:00:00Z", "2026-01-01T03:00:00Z", "2025-12-31T22:30:00Z"]
    with open_page(browser, site, 1280) as page:
        zones = page.evaluate("Intl.supportedValuesOf('timeZone')")
        known = sorted(set(zones) & available_timezones())
        assert len(known) > 300
        got = page.evaluate("""([zones, instants]) => zones.map(z => instants.map(i => {
                                 const t = window.statusgen.shortTime(new Date(i), z, 2026);
                                 return t[1] ? t[0] + ' (' + t[1] + ')' : t[0]; }))""", [known, instants])
    differ = [(zone, instant, text, expected(instant, zone, 2026))
              for zone, texts in zip(known, got) for instant, text in zip(instants, texts)
              if text != expected(instant, zone, 2026)]
    assert differ == []


@pytest.mark.parametrize("path", PAGES)
def test_every_time_is_the_builds_without_javascript(browser, site, path):
    with open_page(browser, site + path, 320, javascript=False) as page:
        times = shown_times(page)
        assert times
        for iso, text in times:
            assert text == expected(iso, SITE_ZONE, 2026), iso
        assert horizontal_overflow(page) <= 0


@pytest.mark.parametrize("path", PAGES)
def test_every_time_is_in_the_readers_zone_with_javascript(browser, site, path):
    # A reader in India, ten minutes after the build: the page is fresh.
    with reader_at(browser, site + path, BUILT + timedelta(minutes=10), "Asia/Kolkata", 320) as page:
        times = shown_times(page)
        assert times
        for iso, text in times:
            assert text == expected(iso, "Asia/Kolkata", 2026), iso
        assert horizontal_overflow(page) <= 0


def test_a_stale_page_keeps_every_time_and_stops_ongoing_at_the_build(browser, site):
    # Thirteen days later, in Los Angeles: times are the same facts; the open incident was "ongoing for
    # 2 h" at the build, and the page says only that.
    later = BUILT + timedelta(days=13, hours=3)
    with reader_at(browser, site + "incidents/2026-03-10-webhooks/", later, SITE_ZONE, 375) as page:
        for iso, text in shown_times(page):
            assert text == expected(iso, SITE_ZONE, 2026), iso
        duration = page.locator("dl.sg-facts > div", has_text="Duration").inner_text().replace("\xa0", " ")
        assert duration.endswith("Ongoing for 2 h as of 10 Mar, 05:00 PDT (12:00 UTC)"), duration
        # The promise of an update that has passed: the page cannot know whether it came since.
        assert "overdue" not in page.locator("article").inner_text()
        # The age is real (13 days, not "more than 30 min") and the time is in the notice itself.
        notice = page.locator(".sg-stale")
        text = notice.inner_text().replace("\xa0", " ")
        assert text.startswith("This page was last updated 13 days ago, at 10 Mar, 05:00 PDT (12:00 UTC)."), text
        assert "below" not in text and "above" not in text


def test_the_stale_notice_covers_nothing_and_stays_dismissed_for_this_build(browser, site):
    later = BUILT + timedelta(hours=5)
    with reader_at(browser, site, later, SITE_ZONE, 320) as page:
        notice = page.locator(".sg-stale")
        assert notice.inner_text().startswith("This page was last updated 5 hours ago")
        # In the flow at the top of the page: nothing is under it, nothing scrolls sideways at 320 px.
        assert notice.evaluate("e => getComputedStyle(e).position") == "static"
        box, banner = notice.bounding_box(), page.locator(".sg-banner").bounding_box()
        assert box["y"] + box["height"] <= banner["y"]
        assert horizontal_overflow(page) <= 0
        assert axe_violations(page) == []
        notice.get_by_role("button", name="Dismiss").click()
        assert notice.count() == 0
        page.clock.run_for(61_000)  # the next minute's check does not bring it back
        assert notice.count() == 0
        page.reload()
        page.wait_for_load_state("load")
        assert page.locator(".sg-built").is_visible()
        assert notice.count() == 0  # dismissed for this build, in this tab
        # Another build is another notice: the dismissal names the build it was for.
        page.evaluate("sessionStorage.setItem('statusgen-stale-dismissed', '2026-03-01T00:00:00Z')")
        page.reload()
        page.wait_for_load_state("load")
        notice.wait_for()
        assert notice.count() == 1


@pytest.mark.parametrize("path", ["", "incidents/2026-03-10-upgrade/"])
def test_maintenance_starts_and_ends_on_the_readers_clock(browser, site, path):
    # Built at 12:00 while it was still scheduled (12:30-13:30); the reader opens the page at 12:29.
    with reader_at(browser, site + path, BUILT + timedelta(minutes=29), SITE_ZONE, 375) as page:
        tag = page.locator(".sg-phase[data-window-start] .sg-tag").first
        assert tag.inner_text() == "Scheduled"
        page.clock.run_for(2 * 60_000)  # 12:31: no rebuild, the window has begun
        assert tag.inner_text() == "In progress"
        page.clock.run_for(60 * 60_000)  # 13:31: the window has ended
        assert tag.inner_text() == "Completed"
        assert "sg-tone-ok" in tag.get_attribute("class")
        if path:  # the page's headline said "as of" the build; the reader's clock decides it now
            assert page.locator(".sg-incident-status .sg-asof").is_hidden()


def facts(page) -> dict[str, str]:
    """The incident page's facts a reader sees: {label: text}, non-breaking spaces as spaces."""
    rows = page.locator("dl.sg-facts > div:visible").evaluate_all(
        "all => all.map(e => [e.querySelector('dt').textContent, e.querySelector('dd').textContent])")
    return {k: v.replace("\xa0", " ").replace("\u2060", "") for k, v in rows}


def test_the_maintenance_pages_end_and_duration_follow_the_readers_clock(browser, site):
    # Built while scheduled (12:30-13:30 UTC): its end and duration rows move on with the tag, no rebuild.
    with reader_at(browser, site + "incidents/2026-03-10-upgrade/", BUILT + timedelta(minutes=29),
                   SITE_ZONE, 320) as page:
        shown = facts(page)
        assert shown["Duration"] == "Planned for 1 h" and "Ends" not in shown and "Ended" not in shown
        page.clock.run_for(12 * 60_000)  # 12:41
        shown = facts(page)
        assert shown["Ends"] == "Planned for 10 Mar, 06:30 PDT (13:30 UTC)"
        assert shown["Duration"] == "Ongoing for 11 min"
        page.clock.run_for(50 * 60_000)  # 13:31
        shown = facts(page)
        assert shown["Ended"] == "10 Mar, 06:30 PDT (13:30 UTC), the end of its window"
        assert shown["Duration"] == "1 h" and "Ends" not in shown
        assert horizontal_overflow(page) <= 0
        assert axe_violations(page) == []
    # Thirteen days later the page is stale, and its window still says it ended.
    with reader_at(browser, site + "incidents/2026-03-10-upgrade/", BUILT + timedelta(days=13),
                   SITE_ZONE, 375) as page:
        shown = facts(page)
        assert shown["Ended"].endswith("the end of its window") and shown["Duration"] == "1 h"


def test_without_javascript_maintenance_says_what_was_true_at_the_build(browser, site):
    with open_page(browser, site + "incidents/2026-03-10-upgrade/", 375, javascript=False) as page:
        status = page.locator(".sg-incident-status").inner_text().replace("\xa0", " ")
        assert status.startswith("Scheduled as of 10 Mar, 05:00 PDT (12:00 UTC)"), status
        # Only the build's rows: planned for an hour, nothing ended.
        shown = facts(page)
        assert shown["Duration"] == "Planned for 1 h" and not {"Ends", "Ended"} & set(shown)


def maintenance_sections(page) -> dict[str, list[str]]:
    """{heading: titles of its cards} of the status page's maintenance sections a reader sees."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('section.sg-section')]
      .filter(s => s.checkVisibility() && /maintenance/i.test(s.querySelector('h2').textContent))
      .map(s => [s.querySelector('h2').textContent,
                 [...s.querySelectorAll('.sg-card')].filter(c => c.checkVisibility())
                   .map(c => c.querySelector('.sg-card__title').textContent.trim())]))""")


def test_the_status_pages_maintenance_card_moves_on_the_readers_clock(browser, site):
    # Built at 12:00 while it was still scheduled (12:30-13:30): the card moves with its tag, no rebuild.
    with reader_at(browser, site, BUILT + timedelta(minutes=29), SITE_ZONE, 375) as page:
        assert maintenance_sections(page) == {"Upcoming maintenance": ["Database upgrade"]}
        page.clock.run_for(2 * 60_000)  # 12:31: the window has begun
        assert maintenance_sections(page) == {"Maintenance in progress": ["Database upgrade"]}
        headings = page.locator("section.sg-section:visible > h2").all_inner_texts()
        assert headings.index("Maintenance in progress") < headings.index("Uptime")
        assert page.locator(".sg-card .sg-phase .sg-tag").first.inner_text() == "In progress"
        assert axe_violations(page) == []
        page.clock.run_for(60 * 60_000)  # 13:31: the window has ended, the card leaves the status page
        assert maintenance_sections(page) == {}
    # Opened after its window began (an old build): the card is under "in progress" from the start.
    with reader_at(browser, site, BUILT + timedelta(minutes=45), SITE_ZONE, 375) as page:
        assert maintenance_sections(page) == {"Maintenance in progress": ["Database upgrade"]}


def test_without_javascript_the_status_page_keeps_the_builds_maintenance_sections(browser, site):
    with open_page(browser, site, 375, javascript=False) as page:
        assert maintenance_sections(page) == {"Upcoming maintenance": ["Database upgrade"]}
