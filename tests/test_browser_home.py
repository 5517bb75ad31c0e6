"""The status page puts the status first (issue #24): in headless Chromium, with two incidents open, the
banner, every component's status and the next update are in the first view without scrolling, on a
phone (375 x 812) and a desktop (1280 x 900); each open incident is a compact card (its latest update,
not its timeline); an incident page with a report shows the report before the updates; maintenance can
be added to a calendar; the reliability tables keep their labels on a phone; the subscribe page's table
fits at 320 and 375 px.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from generator.write.build import build_site
from reader_support import axe_violations, horizontal_overflow, open_at, open_page, serve, switch_scheme
from sample import incident, maintenance, write_project

pytestmark = pytest.mark.browser

NOW = datetime(2026, 5, 20, 15, 0, tzinfo=timezone.utc)
COMPONENTS = [
    {"id": "web-app", "name": "Web application", "group": "Core"},
    {"id": "api", "name": "Public API", "group": "Core"},
    {"id": "auth", "name": "Sign-in and SSO", "group": "Core"},
    {"id": "webhooks", "name": "Webhooks", "group": "Integrations"},
    {"id": "integrations", "name": "Third-party integrations", "group": "Integrations"},
    {"id": "notifications", "name": "Email notifications", "group": "Background services"},
    {"id": "exports", "name": "Data exports", "group": "Background services"},
]
LONG = ("We have rolled the change back in two of our three regions and deliveries there are succeeding again. "
        "The third region follows within the hour; deliveries that failed are retried automatically, so "
        "nothing is lost and you do not need to do anything. ")
FIRST_API = "FIRST-API-UPDATE: the API returns errors for some requests."
REPORT = """
## Summary

The database failover took longer than planned.

## Timeline

| Time (UTC) | Event |
| --- | --- |
| 02:00 | Started |
"""
INCIDENTS = {
    "2026-05-20-api-errors": incident(
        title="Public API returning errors", severity="P1", components={"api": "major_outage"},
        started="2026-05-20T14:10:00Z", updates=[
            ("2026-05-20T14:15:00Z", "investigating", FIRST_API),
            ("2026-05-20T14:35:00Z", "investigating", "We are still looking into it."),
            ("2026-05-20T14:50:00Z", "identified", "LATEST-API-UPDATE: a faulty deploy. " + LONG * 3)]),
    "2026-05-20-webhooks": incident(
        title="Webhook deliveries delayed", severity="P2",
        components={"webhooks": "partial_outage", "integrations": "degraded_performance"},
        started="2026-05-20T13:30:00Z", updates=[
            ("2026-05-20T13:40:00Z", "investigating", "Webhook deliveries are delayed."),
            ("2026-05-20T14:40:00Z", "identified", "A queue is backed up. " + LONG)]),
    "2026-05-10-old": incident(
        title="Slow sign-in", severity="P2", components={"auth": "degraded_performance"},
        started="2026-05-10T09:00:00Z", report=REPORT, updates=[
            ("2026-05-10T09:10:00Z", "investigating", "OLD-FIRST: sign-in is slow."),
            ("2026-05-10T10:00:00Z", "resolved", "Sign-in is fast again.")]),
    "2026-05-25-db-upgrade": maintenance(
        title="Database upgrade", components={"api": "under_maintenance"},
        start="2026-05-25T02:00:00Z", end="2026-05-25T04:00:00Z",
        updates=[("2026-05-15T10:00:00Z", "scheduled", "API requests may be slower for a few minutes.")]),
}
SUBSCRIBE = """\
# Subscribe

| Address | Contents |
| --- | --- |
| [api/v2/summary.json](api/v2/summary.json) | Overall status, every component, unresolved incidents and maintenance |
| [api/v2/incidents/unresolved.json](api/v2/incidents/unresolved.json) | Incidents still open |
| [api/v2/scheduled-maintenances.json](api/v2/scheduled-maintenances.json) | Planned maintenance |
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    root = tmp_path_factory.mktemp("home")
    project = write_project(root, INCIDENTS, components=COMPONENTS, pages={"subscribe.md": SUBSCRIBE},
                            options={"severities": "p1-p4", "reliability_page": {"months": 3}})
    build_site(project.mkdocs, now=NOW)
    with serve(root / "site") as server:
        yield server


def _in_first_view(page, locator) -> list[str]:
    """Texts of the matching elements that are not wholly inside the first view (nothing scrolled)."""
    return locator.evaluate_all("""(all) => all.filter(e => {
        const r = e.getBoundingClientRect();
        return !(r.width > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth);
    }).map(e => e.innerText)""")


@contextmanager
def _first_view(browser, url, width, height, javascript):
    """The page as a reader opens it minutes after the build: with JavaScript on a clock of then (the page is
    fresh, as it is while the pipeline keeps it so), or without JavaScript."""
    if javascript:
        with open_at(browser, url, NOW + timedelta(minutes=3), width, height) as page:
            yield page
    else:
        with open_page(browser, url, width, viewport_height=height, scripts_stripped=True) as page:
            yield page


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("width,height", [(375, 812), (1280, 900)])
def test_banner_every_components_status_and_the_next_update_are_in_the_first_view(browser, home, width, height,
                                                                                  javascript):
    with _first_view(browser, home.url, width, height, javascript) as page:
        assert page.evaluate("window.scrollY") == 0
        banner = page.locator(".sg-banner")
        assert banner.locator(".sg-banner__text").inner_text() == "Major Service Outage"
        assert _in_first_view(page, banner) == []
        # Since the first open incident began, and the soonest update promised (P1: every 15 minutes after
        # 14:50; the P2 promises 15:10).
        # (Times are read from their datetime: how they are worded is the time macros' business.)
        since = banner.locator(".sg-banner__since")
        assert since.inner_text().startswith("Since ")
        assert since.locator("time").first.get_attribute("datetime") == "2026-05-20T13:30:00Z"
        promised = banner.locator(".sg-next")
        assert promised.get_attribute("data-next-update") == "2026-05-20T15:05:00Z"
        assert promised.locator("time").first.get_attribute("datetime") == "2026-05-20T15:05:00Z"
        assert promised.inner_text().startswith("Next update expected by")  # not yet due at the reader's clock
        assert _in_first_view(page, promised.locator("time").first) == []
        # Every component and its status: a quiet group is one line naming its members.
        glance = page.locator("ul.sg-glance")
        for c in COMPONENTS:
            assert glance.get_by_role("link", name=c["name"], exact=True).count() == 1, c["name"]
        statuses = glance.locator(".sg-status")
        assert _in_first_view(page, glance.locator("a")) == []
        assert _in_first_view(page, statuses) == []
        rows = {" ".join(t.split()) for t in glance.locator("li.sg-glance__row").all_inner_texts()}
        assert {"Public API Major outage", "Webhooks Partial outage",
                "Third-party integrations Degraded performance", "Web application Operational"} <= rows, rows
        quiet = glance.locator(".sg-glance__group--quiet")
        assert quiet.count() == 1
        assert " ".join(quiet.locator(".sg-glance__names").inner_text().split()) == \
            "Background services: Email notifications, Data exports"
        assert quiet.locator(".sg-status").inner_text() == "Operational"
        # The cards come after the components, each with its own next update.
        sections = page.locator("section.sg-section > h2").all_inner_texts()
        assert sections[:3] == ["Components", "Active incidents", "Upcoming maintenance"], sections
        assert sections.index("Uptime") < sections.index("Past incidents")
        assert horizontal_overflow(page) <= 0


def test_each_open_incident_is_a_compact_card_with_its_latest_update_and_a_way_to_the_timeline(browser, home):
    with open_page(browser, home.url, 375, viewport_height=812) as page:
        cards = page.locator("#sg-active ~ article.sg-card")
        assert cards.count() == 2
        api = cards.filter(has_text="Public API returning errors")
        text = api.inner_text()
        assert "LATEST-API-UPDATE" in text
        assert "FIRST-API-UPDATE" not in page.content()  # the timeline is on the incident page only
        assert "P1 · Critical" in text
        assert "Still affected:" in text and "Major outage" in text
        assert api.locator(".sg-next time").first.get_attribute("datetime") == "2026-05-20T15:05:00Z"
        # The long update is clamped to a few lines on the card.
        latest = api.locator(".sg-card__text")
        assert latest.evaluate("e => e.scrollHeight > e.clientHeight + 4")
        assert latest.bounding_box()["height"] < 120
        assert axe_violations(page) == []
        switch_scheme(page, "dark")
        assert axe_violations(page) == []
        switch_scheme(page, "light")
        link = api.get_by_role("link", name="Full timeline of Public API returning errors")
        assert "(3 updates)" in api.locator(".sg-card__more").inner_text()
        link.click()
        page.wait_for_load_state("load")
        assert page.url == home.url + "incidents/2026-05-20-api-errors/"
        assert "FIRST-API-UPDATE" in page.locator("ol.sg-timeline").inner_text()


@pytest.mark.parametrize("media", ["screen", "print"])
def test_a_published_report_comes_before_the_updates(browser, home, media):
    with open_page(browser, home.url + "incidents/2026-05-10-old/", 1280) as page:
        page.emulate_media(media=media)
        report = page.locator("#post-incident-report").bounding_box()
        updates = page.locator("#updates").bounding_box()
        assert report["y"] < updates["y"]
        assert page.get_by_text("The database failover took longer than planned.").is_visible()
        assert page.locator("h2").all_inner_texts()[:2] == ["Post-incident report", "Updates"]


def test_maintenance_can_be_added_to_a_calendar_with_the_event_of_the_whole_calendar(browser, home):
    full = Calendar.from_ical((home.directory / "maintenance.ics").read_bytes())
    [whole] = [e for e in full.walk("VEVENT") if str(e["uid"]).startswith("2026-05-25-db-upgrade@")]
    for path in ("", "incidents/2026-05-25-db-upgrade/"):
        # Minutes after the build: on the reader's clock of today the window is long over, and its card
        # has left the status page.
        with open_at(browser, home.url + path, NOW + timedelta(minutes=3), 375, 812) as page:
            link = page.get_by_role("link", name="Add to calendar for Database upgrade (.ics)")
            assert link.count() == 1 and link.is_visible()
            assert link.get_attribute("download") == "2026-05-25-db-upgrade.ics"
            with page.expect_download() as download:
                link.click()
            body = open(download.value.path(), "rb").read()
    own = Calendar.from_ical(body)
    [event] = own.walk("VEVENT")
    assert own["version"] == "2.0" and own["prodid"]
    for key in ("uid", "sequence", "dtstart", "dtend", "summary", "status", "dtstamp"):
        assert event[key].to_ical() == whole[key].to_ical(), key
    assert event.to_ical() == whole.to_ical()
    # No link on an incident, nor on a maintenance that is over.
    with open_page(browser, home.url + "incidents/2026-05-20-api-errors/", 375) as page:
        assert page.locator("a.sg-ics").count() == 0


def test_reliability_tables_keep_their_column_labels_on_a_phone(browser, home):
    with open_page(browser, home.url + "reliability/", 375) as page:
        tables = page.locator(".sg-table table")
        assert tables.count() >= 2
        checked = 0
        for t in range(tables.count()):
            table = tables.nth(t)
            headings = [" ".join(h.split()) for h in table.locator("thead th").all_inner_texts()]
            for row in table.locator("tbody tr").all():
                cells = row.locator("td")
                for n in range(cells.count()):
                    cell = cells.nth(n)
                    label = cell.get_attribute("data-label")
                    assert label == headings[n + 1], (label, headings)
                    shown = cell.evaluate("e => getComputedStyle(e, '::before').content")
                    assert shown.startswith('"' + label), shown  # shown above the value
                    assert cell.evaluate("e => getComputedStyle(e).display") == "block"
                    checked += 1
        assert checked > 10
        # Announced: the table stays a table, so a screen reader names each value's column.
        assert page.get_by_role("table").count() == tables.count()
        assert page.get_by_role("columnheader", name="Uptime").count() >= 1
        assert page.get_by_role("cell").count() == checked
        assert axe_violations(page) == []
        assert horizontal_overflow(page) <= 0


@pytest.mark.parametrize("width", [320, 375])
def test_the_subscribe_table_fits_a_phone(browser, home, width):
    with open_page(browser, home.url + "subscribe/", width) as page:
        assert horizontal_overflow(page) <= 0
        table = page.locator("article table")
        assert table.count() == 1
        # Nothing clipped: no part of the table is wider than the box it is in, or outside the screen.
        clipped = page.evaluate("""() => [...document.querySelectorAll(
                'article table, article table *, .md-typeset__scrollwrap, .md-typeset__table, .sg-table')]
            .filter(e => !e.closest('thead'))  // the headings are for screen readers only, on a phone
            .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > innerWidth + 0.5)
            .map(e => e.tagName + ' ' + e.className)""")
        assert clipped == []
        link = page.get_by_role("link", name="api/v2/scheduled-maintenances.json")
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        # Each value under its column's heading.
        first = page.locator("article table tbody td").first
        assert first.get_attribute("data-label") == "Address"
        assert axe_violations(page) == []
