"""The reader's page (issue 11), tried as a customer would: the reader's sample (tests/reader_sample.py,
as busy as a real status page) in headless Chromium at 375 and 1280 px, light and dark, with and
without JavaScript, and printed.
"""
from __future__ import annotations

import re
from contextlib import ExitStack

import pytest

from page_sweep import PAIR_IDS, PAIRS, share, site_pages, sweep
from reader_sample import (OPEN_INCIDENT, OPEN_TITLE, OUTAGE, OUTAGE_TITLE, READER_NOW, REPORTS, SITE_NAME,
                           SITE_URL, YESTERDAY_TITLE)
from reader_support import axe_violations, horizontal_overflow, open_page, revealed, show_as

pytestmark = pytest.mark.browser



@pytest.mark.parametrize("path", REPORTS)
@pytest.mark.parametrize("width", [375, 1280])
def test_report_tables_keep_words_whole_and_every_column_in_view(browser, reader, path, width):
    with open_page(browser, reader.url + path, width) as page, ExitStack() as stack:
        tables = page.locator(".sg-table table")
        assert tables.count() >= 1
        assert horizontal_overflow(page) <= 0
        # The report is laid out as the reader nears it (content-visibility: auto); checked laid out.
        assert page.locator(".sg-report").evaluate("e => getComputedStyle(e).contentVisibility") == "auto"
        stack.enter_context(revealed(page))
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


CONTRAST = """(sel) => {
  function rgb(c) { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 && m[3] === 0 ? null : m; }
  function lum([r, g, b]) {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  }
  function background(e) {
    for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c) return c; }
    return [255, 255, 255];
  }
  return [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length).map(e => {
    const a = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));
    return [e.className || e.tagName, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_printed_report_is_black_on_white_with_site_name_address_and_absolute_times(browser, reader, scheme):
    with open_page(browser, reader.url + OUTAGE, 1280, scheme) as page:
        show_as(page, "print", scheme)
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
        head = page.locator(".sg-print-head")
        assert head.is_visible()
        assert head.inner_text() == f"{SITE_NAME} · {SITE_URL}{OUTAGE}"
        # Labels, timestamps, status pills and the report's text are dark on the white paper.
        for selector in ("dl.sg-facts dt", "dl.sg-facts dd", ".sg-update__at", ".sg-update__status", ".sg-tag",
                         ".sg-built", ".sg-report p", ".sg-report td", "h1"):
            found = page.evaluate(CONTRAST, selector)
            assert found, selector
            assert all(ratio >= 7 for _, ratio in found), (selector, found)
        # Times are absolute: no "24 d ago" that is wrong by the time it is read.
        assert page.locator(".sg-ago").count() >= 1
        assert page.locator(".sg-ago").filter(visible=True).count() == 0
        assert "ago" not in page.locator("article").inner_text()
        assert page.get_by_text("Last updated 20 May, 15:00 UTC").is_visible()
        # Screens are unchanged: the print heading is for paper only.
        show_as(page, "screen")
        assert not head.is_visible()


def test_incident_facts_keep_each_phrase_on_one_line_and_local_time_is_not_nested(browser, reader):
    with open_page(browser, reader.url + OPEN_INCIDENT, 1280, timezone_id="America/Los_Angeles") as page:
        assert page.locator("time.sg-time[data-sg-local]").count() > 0
        # The local time and the UTC beside it each lie on one line.
        lines = page.locator("dl.sg-facts .sg-when, dl.sg-facts .sg-utc, dl.sg-facts .sg-ago").evaluate_all(
            """all => all.map(e => { const r = document.createRange(); r.selectNodeContents(e.firstChild);
                                      return [e.innerText, new Set([...r.getClientRects()].map(x => x.top)).size]; })""")
        assert lines and all(count == 1 for _, count in lines), lines
        started = page.locator("dl.sg-facts > div", has_text="Started").inner_text().replace("\xa0", " ")
        # Los Angeles keeps summer time (UTC-7) in May: local first, UTC beside it.
        assert "20 May, 07:05 PDT (14:05 UTC)" in started
        assert "((" not in started and "))" not in started
    with open_page(browser, reader.url, 1280, timezone_id="America/Los_Angeles") as page:
        meta = page.locator(".sg-card__meta", has_text="Started").first.inner_text()
        assert meta.count("(") == 1 and "))" not in meta, meta
        assert "Started 20 May, 07:05 PDT (14:05 UTC)" in " ".join(meta.split())
    with open_page(browser, reader.url + OPEN_INCIDENT, 375, timezone_id="America/Los_Angeles") as page:
        assert horizontal_overflow(page) <= 0


@pytest.mark.parametrize("path", ["", "components/api/", OPEN_INCIDENT, "history/"])
def test_pages_request_no_sitemap_and_log_no_errors_while_feeds_stay_discoverable(browser, reader, path):
    reader.requests.clear()
    # Every request is made on every view (the test server has the browser revalidate what it cached).
    with open_page(browser, reader.url + path, 1280) as page:
        page.wait_for_timeout(300)
        assert page.errors == []
        feeds = 4 if path.startswith("components/") else 2
        assert page.locator('head link[rel="alternate"][type$="+xml"]').count() == feeds
    assert [r for r in reader.requests if "sitemap" in r] == []
    twice = sorted({r for r in reader.requests if reader.requests.count(r) > 1})
    assert twice == [], f"fetched twice: {twice}"


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_readers_system_scheme_is_followed_with_and_without_javascript(browser, reader, scheme, javascript):
    with open_page(browser, reader.url, 375, scheme, javascript=javascript) as page:
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        text = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).color")
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")

        def light(colour):
            return sum(int(float(v)) for v in colour[colour.index("(") + 1:-1].split(",")[:3]) > 3 * 128

        if scheme == "dark":
            assert not light(background) and light(text) and not light(header), (background, text, header)
        else:
            assert light(background) and not light(text), (background, text)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_404_page_leads_back_to_the_status_page_and_history(browser, reader, width):
    with open_page(browser, reader.url + "incidents/no-such-incident/", width, expect_ok=False) as page:
        assert page.title() == f"Page not found - {SITE_NAME}"
        assert page.locator("h1").inner_text() == "Page not found"
        left = page.locator("article.md-content__inner").bounding_box()["x"]
        assert not page.locator(".md-sidebar--primary").is_visible() or width < 1220
        assert page.locator(".sg-notfound__status").inner_text().endswith("Partial System Outage")
        assert axe_violations(page) == []
        assert horizontal_overflow(page) <= 0
        page.get_by_role("link", name="Incident history").click()
        page.wait_for_load_state("load")
        assert page.url == reader.url + "history/"
        assert page.locator("h1").inner_text() == "Incident history"
        # Not offset: the content starts where every other page's does.
        assert abs(page.locator("article.md-content__inner").bounding_box()["x"] - left) < 1
    with open_page(browser, reader.url + "a/b/c/d", width, expect_ok=False) as page:
        page.locator(".sg-notfound__links").get_by_role("link", name="Current status").click()
        page.wait_for_load_state("load")
        assert page.url == reader.url


def test_the_in_app_banner_is_brief_on_a_phone(browser, reader):
    with open_page(browser, reader.url + "embed/demo.html", 375, viewport_height=667) as page:
        notice = page.locator("[data-statusgen-banner] [role=status], [data-statusgen-banner] [role=alert]")
        notice.first.wait_for()
        text = notice.first.inner_text()
        assert OPEN_TITLE in text and "Identified: " in text
        assert "\u2026" in text and len(text) < 220, text  # the full update is 300+ characters
        assert not any(text.split("\u2026")[0].endswith(w) for w in ("-", " ")), text
        height = page.locator("[data-statusgen-banner]").bounding_box()["height"]
        assert height <= 667 / 4, f"the banner takes {height:.0f} of 667 px"
        assert notice.first.get_by_role("link", name=f"Details: {OPEN_TITLE}").count() == 1


@pytest.mark.parametrize("width", [375, 1280])
def test_upcoming_maintenance_comes_after_the_status_and_open_incidents_and_says_things_once(browser, reader, width):
    with open_page(browser, reader.url, width, javascript=False) as page:
        # Status first (issue #24): components, open incidents, maintenance, then the uptime bars and past days.
        sections = page.locator("section.sg-section > h2").all_inner_texts()
        assert sections == ["Components", "Active incidents", "Upcoming maintenance", "Uptime", "Past incidents"]
        card = page.locator("#sg-maint-next ~ .sg-card").first
        meta = " ".join(card.locator(".sg-card__meta").inner_text().split())
        assert meta.startswith("Scheduled 25 May, 02:00\u2013\u206004:00 UTC"), meta  # one day: said once
        assert meta.count("Scheduled") == 1
    with open_page(browser, reader.url + "history/", width, javascript=False) as page:
        severities = page.locator(".sg-list__meta .sg-sev").all_inner_texts()
        assert "P2 · High" in severities
        assert not [s for s in severities if s.strip() in ("P1", "P2", "P3", "P4")]


# A phone at 375 px and a tablet at 1280 share one context; at 1280 the tablet stands for any wide touch
# screen (a laptop's lays the page out the same: the page sets its viewport to the device's width).
TOUCH_SCREEN = {"has_touch": True, "is_mobile": True}


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("width", [375, 1280])
def test_uptime_days_on_a_phone_and_without_a_mouse(browser, reader, width, javascript):
    # On a touch screen. Without JavaScript: the page as such a reader gets it, its scripts stripped
    # (nothing of the page runs).
    with open_page(browser, reader.url, width, scripts_stripped=not javascript, **TOUCH_SCREEN) as page:
        row = page.locator("li.sg-component", has=page.locator("a.sg-component__name", has_text="Web application"))
        group = page.locator("details.sg-group", has=row)
        if group.get_attribute("open") is None:  # a quiet group is folded: unfold it
            group.locator("summary.sg-group__summary").click()
        days = row.locator("svg.sg-bar__days").filter(visible=True)  # one SVG of the days shown (render.bars)
        assert days.count() == 1
        shown = int(days.get_attribute("data-days"))
        assert shown == (30 if width < 600 else 90)
        legend = row.locator(".sg-bar__legend").inner_text()
        assert ("30 days ago" if width < 600 else "90 days ago") in legend
        # Every day is wide enough to see: a day is the bar's width over the days shown, less its 1 px gap.
        # (Wide, 90 days share the reading column's width, about 800 px: 7.5 px a day.)
        assert days.bounding_box()["width"] / shown - 1 >= (8 if width < 600 else 7)
        assert days.locator("path.sg-bar__gaps").get_attribute("d").count("M") == shown - 1
        details = row.locator("details.sg-uptime")
        day = details.locator("li.sg-daylist__day", has_text="6\xa0May\xa02026")
        assert not day.is_visible()
        # By keyboard: Tab reaches the bar, Enter opens the days.
        summary = details.locator("summary")
        # The bar is the next stop after the component's name, so the Tab key reaches it.
        row.locator("a.sg-component__name").focus()
        page.keyboard.press("Tab")
        assert summary.evaluate("e => e === document.activeElement"), "the uptime bar cannot be reached with the keyboard"
        page.keyboard.press("Enter")
        assert day.is_visible()
        assert re.search(r"Major outage for (\d+ h )?\d+ min", day.inner_text()), day.inner_text()
        # By touch: tapping the bar closes and opens it again.
        summary.locator(".sg-bar").tap()
        assert not day.is_visible()
        summary.locator(".sg-bar").tap()
        assert day.is_visible()
        day.get_by_role("link", name=OUTAGE_TITLE).click()
        page.wait_for_load_state("load")
        assert page.url == reader.url + OUTAGE


DAYS_UNDER = """points => points.map(([x, y]) => {
  const shape = document.elementFromPoint(x, y);
  return shape && shape.matches('rect.sg-run') ? shape.querySelector('title').textContent : null;
})"""


def _days_named(title: str) -> list:
    """The days a bar's tooltip speaks of: "29 Oct 2026: ..." or "14 Sep to 28 Oct 2026: ..."."""
    from datetime import datetime, timedelta

    dates = title.split(": ", 1)[0].replace("\xa0", " ")
    first, _, last = dates.partition(" to ")
    last_day = datetime.strptime(last or first, "%d %b %Y").date()
    first_day = datetime.strptime(first if first.count(" ") == 2 else f"{first} {last_day.year}", "%d %b %Y").date()
    return [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_pointer_on_any_day_of_an_uptime_bar_tells_what_happened_that_day(browser, reader, width):
    from datetime import timedelta

    with open_page(browser, reader.url, width) as page:
        row = page.locator("li.sg-component", has=page.locator("a.sg-component__name", has_text="Event deliveries"))
        bar = row.locator("svg.sg-bar__days").filter(visible=True)
        bar.scroll_into_view_if_needed()
        shown, box = int(bar.get_attribute("data-days")), bar.bounding_box()
        today = READER_NOW.date()
        # The middle of each day, oldest first.
        points = [[box["x"] + (index + 0.5) * box["width"] / shown, box["y"] + box["height"] / 2] for index in range(shown)]
        titles = page.evaluate(DAYS_UNDER, points)
        for index, title in enumerate(titles):
            assert title, f"nothing under day {index}"
            assert today - timedelta(days=shown - 1 - index) in _days_named(title), (index, title)
        assert "20\xa0May\xa02026: partial outage, 1 incident" in " ".join(titles)
        assert all(t.endswith((": no incidents", ": no data yet", "% uptime")) for t in titles), titles
        # A tooltip names only days the bar shows.
        assert min(_days_named(titles[0])) == today - timedelta(days=shown - 1)
        # The bar shown is one image whose label says it in words, over the days it shows (the other
        # width's bar is hidden, so it is out of the accessibility tree).
        assert bar.get_attribute("role") == "img" and bar.get_attribute("aria-hidden") is None
        assert f"uptime over the last {shown} days" in bar.get_attribute("aria-label")
        pct = row.locator(".sg-bar__pct").inner_text()
        assert pct.endswith("% uptime") and pct.count("%") == 1  # one figure, the one of the days shown


@pytest.mark.parametrize("width", [375, 1280])
def test_past_incidents_day_by_day_including_quiet_days(browser, reader, width):
    with open_page(browser, reader.url, width, javascript=False) as page:
        days = page.locator("#sg-past ~ .sg-pastday")
        assert days.count() == 15
        dates = days.locator(".sg-pastday__date").all_inner_texts()
        assert dates[0] == "20\xa0May\xa02026" and dates[-1] == "6\xa0May\xa02026"
        today = days.nth(0)
        assert today.get_by_role("link", name=OPEN_TITLE).is_visible()
        yesterday = days.nth(1)
        assert yesterday.get_by_role("link", name=YESTERDAY_TITLE).is_visible()
        quiet = days.filter(has_text="No incidents reported.")
        assert 0 < quiet.count() < 15 and quiet.first.is_visible()
        assert horizontal_overflow(page) <= 0


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("width", [375, 1280])
def test_component_groups_fold_and_show_their_worst_status(browser, reader, width, javascript):
    # On a touch screen. Without JavaScript: the page as such a reader gets it, its scripts stripped
    # (nothing of the page runs).
    with open_page(browser, reader.url, width, scripts_stripped=not javascript, **TOUCH_SCREEN) as page:
        groups = page.locator("details.sg-group")
        assert groups.count() == 3
        integrations = groups.filter(has=page.locator(".sg-group__label", has_text="Integrations"))
        core = groups.filter(has=page.locator(".sg-group__label", has_text="Core"))
        # A group with a problem is open and says its worst status; a quiet one is folded.
        assert integrations.locator("summary.sg-group__summary .sg-status").inner_text() == "Partial outage"
        assert integrations.locator("a.sg-component__name", has_text="Event deliveries").is_visible()
        assert core.locator("summary.sg-group__summary .sg-status").inner_text() == "Operational"
        assert core.locator("summary.sg-group__summary").is_visible()
        component = core.locator("a.sg-component__name", has_text="Public API")
        assert not component.is_visible()
        core.locator("summary.sg-group__summary").tap()
        assert component.is_visible()
        core.locator("summary.sg-group__summary").focus()
        page.keyboard.press("Enter")
        assert not component.is_visible()
        assert horizontal_overflow(page) <= 0


def test_a_shared_link_tells_the_story(browser, reader):
    def meta(page, key):
        return page.locator(f'head meta[property="{key}"], head meta[name="{key}"]').get_attribute("content")

    with open_page(browser, reader.url, 375, javascript=False) as page:
        assert page.title() == f"{SITE_NAME}: Partial System Outage"
        assert meta(page, "og:title") == page.title()
        assert meta(page, "description").startswith(f"Partial System Outage. Active: {OPEN_TITLE}")
    with open_page(browser, reader.url + OPEN_INCIDENT, 1280, javascript=False) as page:
        assert meta(page, "og:title") == OPEN_TITLE
        assert meta(page, "twitter:card") == "summary"
        assert meta(page, "og:url") == SITE_URL + OPEN_INCIDENT
        description = meta(page, "og:description")
        assert description == meta(page, "description") == meta(page, "twitter:description")
        assert description.startswith("Identified · P2 High · Affects Event deliveries, Public API. "
                                       "Latest update (2026-05-20 14:40 UTC): A certificate bundle")
        assert len(description) <= 241


# The suite checks every page once, in both schemes: the pages are dealt in turn to the four pairs, so
# each pair gets pages of several kinds. The exhaustive run (make test-exhaustive, which CI runs too)
# checks every page in all eight ways; at about half a second of CPU a check, that alone would take
# most of the suite's time. (tests/demo/ sweeps the shipped demo's pages the same way.)
KINDS = {"", "about", "components", "history", "incidents", "postmortems", "reliability", "subscribe", "no-such-page"}


@pytest.mark.parametrize("width,javascript", PAIRS, ids=PAIR_IDS)
def test_every_page_has_no_axe_violations_and_no_sideways_scroll_in_either_scheme(browser, reader, width, javascript):
    pages = site_pages(reader)
    assert {path.split("/")[0] for path in pages} == KINDS
    sweep(browser, reader, width, javascript, share(pages, width, javascript))


@pytest.mark.exhaustive
@pytest.mark.parametrize("width,javascript", PAIRS, ids=PAIR_IDS)
def test_every_page_in_every_way_of_reading_has_no_axe_violations_and_no_sideways_scroll(browser, reader, width,
                                                                                        javascript):
    pages = site_pages(reader)
    assert {path.split("/")[0] for path in pages} == KINDS
    sweep(browser, reader, width, javascript, pages)


def test_first_view_of_the_status_page_is_under_80_kb_gzipped(browser, reader):
    reader.sent.clear()
    with open_page(browser, reader.url, 1280, fresh=True) as page:
        page.wait_for_timeout(500)
    total = sum(size for _, size in reader.sent)
    print(f"first view: {total / 1024:.1f} KB over {len(reader.sent)} responses")
    assert total < 80 * 1024, sorted(reader.sent, key=lambda x: -x[1])[:5]
