"""The reader's page (issue 11), tried as a customer would: the shipped demo in headless
Chromium at 375 and 1280 px, light and dark, with and without JavaScript, and printed.
"""
from __future__ import annotations

import re
from contextlib import ExitStack

import pytest

from reader_support import (COLOUR_RULES, axe_violations, build_demo, hand_back, horizontal_overflow, leave, open_page,
                            revealed, serve, settle, shown_scheme, switch_scheme)

pytestmark = pytest.mark.browser

REPORT_WITH_TABLE = "incidents/2026-10-29-dashboard-and-api-outage/"
REPORT_TABLES = ["incidents/2026-10-29-dashboard-and-api-outage/", "incidents/2026-07-22-sign-in-outage/"]
OPEN_INCIDENT = "incidents/2026-11-22-webhook-delivery-failures/"


@pytest.mark.parametrize("path", REPORT_TABLES)
@pytest.mark.parametrize("width", [375, 1280])
def test_report_tables_keep_words_whole_and_every_column_in_view(browser, demo, path, width):
    with open_page(browser, demo.url + path, width) as page, ExitStack() as stack:
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
def test_a_printed_report_is_black_on_white_with_site_name_address_and_absolute_times(browser, demo, scheme):
    with open_page(browser, demo.url + REPORT_WITH_TABLE, 1280, scheme) as page:
        page.emulate_media(media="print", color_scheme=scheme)
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
        head = page.locator(".sg-print-head")
        assert head.is_visible()
        assert head.inner_text() == ("Acme Cloud Status · https://status.acme.example/" + REPORT_WITH_TABLE)
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
        assert page.get_by_text("Last updated 2026-11-22 15:00").is_visible()
        # Screens are unchanged: the print heading is for paper only.
        page.emulate_media(media="screen")
        assert not head.is_visible()


def test_incident_facts_keep_each_phrase_on_one_line_and_local_time_is_not_nested(browser, demo):
    with open_page(browser, demo.url + OPEN_INCIDENT, 1280, timezone_id="America/Los_Angeles") as page:
        assert page.locator(".sg-local").count() > 0
        # Each one's own words (the local time is its own block) lie on one line.
        lines = page.locator("dl.sg-facts .sg-time, dl.sg-facts .sg-ago, dl.sg-facts .sg-local").evaluate_all(
            """all => all.map(e => { const r = document.createRange(); r.selectNodeContents(e.firstChild);
                                      return [e.innerText, new Set([...r.getClientRects()].map(x => x.top)).size]; })""")
        assert lines and all(count == 1 for _, count in lines), lines
        started = page.locator("dl.sg-facts > div", has_text="Started").inner_text().replace("\xa0", " ")
        assert "2026-11-22 14:05 UTC" in started and "(2026-11-22 06:05 America/Los Angeles)" in started
        assert "((" not in started and "))" not in started
    with open_page(browser, demo.url, 1280, timezone_id="America/Los_Angeles") as page:
        meta = page.locator(".sg-card__meta", has_text="Started").first.inner_text()
        assert meta.count("(") == 1 and "))" not in meta, meta
        assert "Started 2026-11-22 14:05" in " ".join(meta.split())
    with open_page(browser, demo.url + OPEN_INCIDENT, 375, timezone_id="America/Los_Angeles") as page:
        assert horizontal_overflow(page) <= 0


@pytest.mark.parametrize("path", ["", "components/api/", OPEN_INCIDENT, "history/"])
def test_pages_request_no_sitemap_and_log_no_errors_while_feeds_stay_discoverable(browser, demo, path):
    demo.requests.clear()
    # Every request is made on every view (the test server has the browser revalidate what it cached).
    with open_page(browser, demo.url + path, 1280) as page:
        page.wait_for_timeout(300)
        assert page.errors == []
        feeds = 4 if path.startswith("components/") else 2
        assert page.locator('head link[rel="alternate"][type$="+xml"]').count() == feeds
    assert [r for r in demo.requests if "sitemap" in r] == []
    twice = sorted({r for r in demo.requests if demo.requests.count(r) > 1})
    assert twice == [], f"fetched twice: {twice}"


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_readers_system_scheme_is_followed_with_and_without_javascript(browser, demo, scheme, javascript):
    with open_page(browser, demo.url, 375, scheme, javascript=javascript) as page:
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
def test_the_404_page_leads_back_to_the_status_page_and_history(browser, demo, width):
    with open_page(browser, demo.url + "incidents/no-such-incident/", width, expect_ok=False) as page:
        assert page.title() == "Page not found - Acme Cloud Status"
        assert page.locator("h1").inner_text() == "Page not found"
        left = page.locator("article.md-content__inner").bounding_box()["x"]
        assert not page.locator(".md-sidebar--primary").is_visible() or width < 1220
        assert page.locator(".sg-notfound__status").inner_text().endswith("Partial System Outage")
        assert axe_violations(page) == []
        assert horizontal_overflow(page) <= 0
        page.get_by_role("link", name="Incident history").click()
        page.wait_for_load_state("load")
        assert page.url == demo.url + "history/"
        assert page.locator("h1").inner_text() == "Incident history"
        # Not offset: the content starts where every other page's does.
        assert abs(page.locator("article.md-content__inner").bounding_box()["x"] - left) < 1
    with open_page(browser, demo.url + "a/b/c/d", width, expect_ok=False) as page:
        page.locator(".sg-notfound__links").get_by_role("link", name="Current status").click()
        page.wait_for_load_state("load")
        assert page.url == demo.url


@pytest.mark.parametrize("site_url", [None, "https://example.org/status/"])
def test_subscribe_snippets_carry_the_sites_own_address(browser, tmp_path, site_url):
    site = build_demo(tmp_path / "site", site_url=site_url)
    base = site_url or "https://status.acme.example/"
    with serve(site) as server, open_page(browser, server.url + "subscribe/", 375) as page:
        snippets = [text.strip() for text in page.locator("pre code").all_inner_texts()]
        assert f"![Acme Cloud Status]({base}badge.svg)" in snippets
        assert f'<script src="{base}embed/banner.js" async></script>' in snippets
        assert "{{" not in page.locator("article").inner_text()
        if site_url:
            assert "acme.example" not in page.locator("article").inner_text()


def test_the_in_app_banner_is_brief_on_a_phone(browser, demo):
    with open_page(browser, demo.url + "embed/demo.html", 375, viewport_height=667) as page:
        notice = page.locator("[data-statusgen-banner] [role=status], [data-statusgen-banner] [role=alert]")
        notice.first.wait_for()
        text = notice.first.inner_text()
        assert "Webhook deliveries failing for some endpoints" in text and "Identified: " in text
        assert "\u2026" in text and len(text) < 220, text  # the full update is 300+ characters
        assert not any(text.split("\u2026")[0].endswith(w) for w in ("-", " ")), text
        height = page.locator("[data-statusgen-banner]").bounding_box()["height"]
        assert height <= 667 / 4, f"the banner takes {height:.0f} of 667 px"
        assert notice.first.get_by_role("link", name="Details: Webhook deliveries failing for some endpoints").count() == 1


@pytest.mark.parametrize("width", [375, 1280])
def test_upcoming_maintenance_comes_before_the_components_and_says_things_once(browser, demo, width):
    with open_page(browser, demo.url, width, javascript=False) as page:
        sections = page.locator("section.sg-section > h2").all_inner_texts()
        assert sections.index("Upcoming maintenance") < sections.index("Components")
        card = page.locator("#sg-maint-next ~ .sg-card").first
        meta = " ".join(card.locator(".sg-card__meta").inner_text().split())
        assert meta.startswith("Scheduled 2026-11-29 02:00 UTC to 2026-11-29"), meta
        assert meta.count("Scheduled") == 1
    with open_page(browser, demo.url + "history/", width, javascript=False) as page:
        severities = page.locator(".sg-list__meta .sg-sev").all_inner_texts()
        assert "P2 · High" in severities
        assert not [s for s in severities if s.strip() in ("P1", "P2", "P3", "P4")]


# A phone at 375 px and a tablet at 1280 share one context; at 1280 the tablet stands for any wide touch
# screen (a laptop's lays the page out the same: the page sets its viewport to the device's width).
TOUCH_SCREEN = {"has_touch": True, "is_mobile": True}


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("width", [375, 1280])
def test_uptime_days_on_a_phone_and_without_a_mouse(browser, demo, width, javascript):
    # On a touch screen. Without JavaScript: the page as such a reader gets it, its scripts stripped
    # (nothing of the page runs).
    with open_page(browser, demo.url, width, scripts_stripped=not javascript, **TOUCH_SCREEN) as page:
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
        assert days.bounding_box()["width"] / shown - 1 >= (8 if width < 600 else 10)
        assert days.locator("path.sg-bar__gaps").get_attribute("d").count("M") == shown - 1
        details = row.locator("details.sg-uptime")
        day = details.locator("li.sg-daylist__day", has_text="Oct 29, 2026")
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
        day.get_by_role("link", name="Dashboard and API unavailable").click()
        page.wait_for_load_state("load")
        assert page.url == demo.url + "incidents/2026-10-29-dashboard-and-api-outage/"


DAYS_UNDER = """points => points.map(([x, y]) => {
  const shape = document.elementFromPoint(x, y);
  return shape && shape.matches('rect.sg-run') ? shape.querySelector('title').textContent : null;
})"""


def _days_named(title: str) -> list:
    """The days a bar's tooltip speaks of: "Oct 29, 2026: ..." or "Sep 14 to Oct 28, 2026: ..."."""
    from datetime import datetime, timedelta

    dates = title.split(": ", 1)[0]
    first, _, last = dates.partition(" to ")
    last_day = datetime.strptime(last or first, "%b %d, %Y").date()
    first_day = datetime.strptime(first if "," in first else f"{first}, {last_day.year}", "%b %d, %Y").date()
    return [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_pointer_on_any_day_of_an_uptime_bar_tells_what_happened_that_day(browser, demo, width):
    from datetime import timedelta

    from reader_support import DEMO_NOW

    with open_page(browser, demo.url, width) as page:
        row = page.locator("li.sg-component", has=page.locator("a.sg-component__name", has_text="Webhooks"))
        bar = row.locator("svg.sg-bar__days").filter(visible=True)
        bar.scroll_into_view_if_needed()
        shown, box = int(bar.get_attribute("data-days")), bar.bounding_box()
        today = DEMO_NOW.date()
        # The middle of each day, oldest first.
        points = [[box["x"] + (index + 0.5) * box["width"] / shown, box["y"] + box["height"] / 2] for index in range(shown)]
        titles = page.evaluate(DAYS_UNDER, points)
        for index, title in enumerate(titles):
            assert title, f"nothing under day {index}"
            assert today - timedelta(days=shown - 1 - index) in _days_named(title), (index, title)
        assert "Nov 22, 2026: partial outage, 1 incident" in " ".join(titles)
        assert all(t.endswith((": no incidents", ": no data yet", "% uptime")) for t in titles), titles
        # A tooltip names only days the bar shows.
        assert min(_days_named(titles[0])) == today - timedelta(days=shown - 1)
        # The SVG is drawing, not content: the bar's own label says it in words.
        assert bar.get_attribute("aria-hidden") == "true"
        assert "uptime over the last 90 days" in row.locator(".sg-bar").get_attribute("aria-label")


@pytest.mark.parametrize("width", [375, 1280])
def test_past_incidents_day_by_day_including_quiet_days(browser, demo, width):
    with open_page(browser, demo.url, width, javascript=False) as page:
        days = page.locator("#sg-past ~ .sg-pastday")
        assert days.count() == 15
        dates = days.locator(".sg-pastday__date").all_inner_texts()
        assert dates[0] == "Nov 22, 2026" and dates[-1] == "Nov 8, 2026"
        today = days.nth(0)
        assert today.get_by_role("link", name="Webhook deliveries failing for some endpoints").is_visible()
        yesterday = days.nth(1)
        assert yesterday.get_by_role("link", name="Slow sign-in and single sign-on timeouts").is_visible()
        quiet = days.filter(has_text="No incidents reported.")
        assert 0 < quiet.count() < 15 and quiet.first.is_visible()
        assert horizontal_overflow(page) <= 0


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("width", [375, 1280])
def test_component_groups_fold_and_show_their_worst_status(browser, demo, width, javascript):
    # On a touch screen. Without JavaScript: the page as such a reader gets it, its scripts stripped
    # (nothing of the page runs).
    with open_page(browser, demo.url, width, scripts_stripped=not javascript, **TOUCH_SCREEN) as page:
        groups = page.locator("details.sg-group")
        assert groups.count() == 3
        integrations = groups.filter(has=page.locator(".sg-group__label", has_text="Integrations"))
        core = groups.filter(has=page.locator(".sg-group__label", has_text="Core"))
        # A group with a problem is open and says its worst status; a quiet one is folded.
        assert integrations.locator("summary.sg-group__summary .sg-status").inner_text() == "Partial outage"
        assert integrations.locator("a.sg-component__name", has_text="Webhooks").is_visible()
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


def test_a_shared_link_tells_the_story(browser, demo):
    def meta(page, key):
        return page.locator(f'head meta[property="{key}"], head meta[name="{key}"]').get_attribute("content")

    with open_page(browser, demo.url, 375, javascript=False) as page:
        assert page.title() == "Acme Cloud Status: Partial System Outage"
        assert meta(page, "og:title") == page.title()
        assert meta(page, "description").startswith("Partial System Outage. Active: Webhook deliveries failing")
    with open_page(browser, demo.url + OPEN_INCIDENT, 1280, javascript=False) as page:
        assert meta(page, "og:title") == "Webhook deliveries failing for some endpoints"
        assert meta(page, "twitter:card") == "summary"
        assert meta(page, "og:url") == "https://status.acme.example/" + OPEN_INCIDENT
        description = meta(page, "og:description")
        assert description == meta(page, "description") == meta(page, "twitter:description")
        assert description.startswith("Identified · P2 High · Affects Webhooks, Public API. Latest update (2026-11-22 14:50 UTC): The rollback")
        assert len(description) <= 241


def site_pages(server) -> list[str]:
    pages = sorted(str(p.parent.relative_to(server.directory)) for p in server.directory.rglob("index.html"))
    return [("" if p == "." else p + "/") for p in pages] + ["no-such-page/"]


# The four (width, JavaScript) pairs; with both colour schemes, the eight ways a reader may read a page.
PAIRS = [(1280, True), (375, False), (375, True), (1280, False)]

# Where the reader's system switches scheme, only colours change: the same elements, shown the same
# way, in the same boxes give the same answers to every rule of axe but its colour rules. (A border
# may differ by a pixel from one scheme to the other; that moves boxes, it changes no answer.)
# The layout is kept in the page and compared there: a page of thousands of elements is not sent over.
# The theme's scheme toggle is left out: it shows the other of its two buttons, alike but for icon and
# title, and each is checked with every rule on the pages that load in its scheme.
_ELEMENTS = """[...document.querySelectorAll('body *')].filter(e => !e.closest(PALETTE)).map(e => {
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return [e.tagName, s.visibility, s.display, r.x, r.y, r.width, r.height];
})"""
LAYOUT_KEEP = "() => { const PALETTE = '[data-md-component=palette]'; window.__sgLayout = " + _ELEMENTS + "; }"
LAYOUT_SAME = """() => {
  const PALETTE = '[data-md-component=palette]';
  const now = """ + _ELEMENTS + """, then = window.__sgLayout;
  return now.length === then.length && now.every((a, i) => { const b = then[i];
    return a.slice(0, 3).every((v, k) => v === b[k]) && a.slice(3).every((v, k) => Math.abs(v - b[k + 3]) <= 2); });
}"""


# What makes a page read as a status site, not as the documentation theme it is built with: no
# previous/next footer links, no theme credit, and the font size and weight of each visible heading
# level in the article (the same for generated, hand-written and report pages).
DOCS_SITE = """() => {
  const shown = e => { const r = e.getBoundingClientRect();
                       return e.checkVisibility({visibilityProperty: true}) && r.width > 0 && r.height > 0; };
  return {
  footer: [...document.querySelectorAll('.md-footer__link')].filter(shown).length,
  credit: document.body.innerText.includes('Material for MkDocs'),
  headings: Object.fromEntries(['h1', 'h2'].map(level => [level,
    [...document.querySelectorAll('article ' + level)].filter(shown)
      .map(e => { const s = getComputedStyle(e); return s.fontSize + ' ' + s.fontWeight; })]))
  };
}"""


def sweep(browser, demo, width: int, javascript: bool, pages: list[str]) -> None:
    """Each page loaded once at this width, with or without JavaScript, and checked in both schemes:
    axe (all rules), no sideways scroll, and no error logged but the deliberate 404's. Each also reads
    as a status site, not a docs site: no footer links, no theme credit, and one heading style per
    level across the pages of this sweep (generated, hand-written and reports alike)."""
    # Axe needs JavaScript: without it, the pages come as a reader without JavaScript gets them.
    context, page = browser.warm_page(width, 800, "light", True, scripts_stripped=not javascript)
    errors = []

    def on_console(message):
        if message.type == "error" and javascript:
            errors.append(message.text)

    page.on("console", on_console)
    try:
        problems = {}
        styles = {"h1": {}, "h2": {}}  # level -> style -> the pages showing it
        for number, path in enumerate(pages):
            # Half the pages load dark and switch to light, half the other way round.
            first, second = ("light", "dark") if number % 2 == 0 else ("dark", "light")
            page.emulate_media(color_scheme=first)
            page.goto(demo.url + path)
            settle(page)
            found = [] if shown_scheme(page) == first else [f"shows {shown_scheme(page)}, not {first}"]
            found += [f"{first}: {v}" for v in axe_violations(page)]
            page.evaluate(LAYOUT_KEEP)
            if horizontal_overflow(page) > 0:
                found.append("scrolls sideways")
            docs = page.evaluate(DOCS_SITE)
            if docs["footer"]:
                found.append(f"shows {docs['footer']} previous/next footer link(s)")
            if docs["credit"]:
                found.append("credits Material for MkDocs")
            for level, seen in docs["headings"].items():
                for style in seen:
                    styles[level].setdefault(style, []).append(path)
            switch_scheme(page, second)
            if shown_scheme(page) != second:
                found.append(f"shows {shown_scheme(page)} after switching to {second}")
            # The same layout in the other scheme needs only axe's colour rules; any other change, all of them.
            rules = COLOUR_RULES if page.evaluate(LAYOUT_SAME) else None
            found += [f"{second}: {v}" for v in axe_violations(page, rules)]
            # The next page loads as on a first visit: the theme picks its palette from the system's scheme.
            leave(page)
            if found:
                problems[path] = found
        assert problems == {}
        # Generated and hand-written headings (and a report's) share one style per level.
        assert len(styles["h1"]) == 1 and len(styles["h2"]) == 1, styles
        # Only the deliberate 404 may log its status.
        assert [e for e in errors if "404" not in e] == [] and len(errors) <= 1
    finally:
        page.remove_listener("console", on_console)
        hand_back(context, page, True)  # as open_page leaves it


# The suite checks every page once, in both schemes: the pages are dealt in turn to the four pairs, so
# each pair gets pages of several kinds. The exhaustive run (make test-exhaustive, which CI runs too)
# checks every page in all eight ways; at about half a second of CPU a check, that alone would take
# most of the suite's time.
@pytest.mark.parametrize("width,javascript", PAIRS, ids=["1280-js", "375-nojs", "375-js", "1280-nojs"])
def test_every_page_has_no_axe_violations_and_no_sideways_scroll_in_either_scheme(browser, demo, width, javascript):
    pages = site_pages(demo)
    assert len(pages) > 25
    turn = PAIRS.index((width, javascript))
    mine = pages[turn::len(PAIRS)]
    # Each pair's share holds pages of several kinds, and the shares together hold every page once.
    assert len({path.split("/")[0] for path in mine}) >= 3
    sweep(browser, demo, width, javascript, mine)


@pytest.mark.exhaustive
@pytest.mark.parametrize("width,javascript", PAIRS, ids=["1280-js", "375-nojs", "375-js", "1280-nojs"])
def test_every_page_in_every_way_of_reading_has_no_axe_violations_and_no_sideways_scroll(browser, demo, width,
                                                                                        javascript):
    pages = site_pages(demo)
    assert len(pages) > 25
    sweep(browser, demo, width, javascript, pages)


def test_first_view_of_the_status_page_is_under_80_kb_gzipped(browser, demo):
    demo.sent.clear()
    with open_page(browser, demo.url, 1280, fresh=True) as page:
        page.wait_for_timeout(500)
    total = sum(size for _, size in demo.sent)
    print(f"first view: {total / 1024:.1f} KB over {len(demo.sent)} responses")
    assert total < 80 * 1024, sorted(demo.sent, key=lambda x: -x[1])[:5]
