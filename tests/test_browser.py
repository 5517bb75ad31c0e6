"""The built site in real headless Chromium (Debian's /usr/bin/chromium).

Layout at phone and desktop widths, accessibility with axe-core, and that
everything that matters is there with JavaScript off.
"""
from __future__ import annotations

import functools
import os
import http.server
import threading
from pathlib import Path

import pytest

from generator.write.build import build_site
from sample import NOW, incident, maintenance, write_project

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

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
    directory = root / "site"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = "needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
        if os.environ.get("STATUSGEN_REQUIRE_TOOLS"):  # CI installs it: fail there rather than skip
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


def open_page(browser, url, width=1280, **context_options):
    context = browser.new_context(viewport={"width": width, "height": 900}, **context_options)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(url)
    assert response is not None and response.ok, url
    page.wait_for_load_state("load")
    return context, page, errors


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", ["", "incidents/2026-03-10-webhooks/", "incidents/2026-03-04-api-errors/",
                                  "history/", "components/api/"])
def test_no_console_errors_and_no_horizontal_scroll(browser, site, width, path):
    context, page, errors = open_page(browser, site + path, width)
    try:
        assert errors == []
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{path or '/'} scrolls sideways at {width}px: {scroll} > {inner}"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "incidents/2026-03-04-api-errors/", "history/"])
def test_axe_finds_no_violations(browser, site, path, scheme):
    assert AXE.is_file(), "axe-core is missing: run npm ci"
    context, page, _ = open_page(browser, site + path, 1280, color_scheme=scheme)
    try:
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("async () => await axe.run(document)")
        problems = [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
                    for v in result["violations"]]
        assert problems == []
        assert len(result["passes"]) > 10  # axe really ran
    finally:
        context.close()


def test_status_page_is_complete_without_javascript(browser, site):
    context, page, _ = open_page(browser, site, 375, java_script_enabled=False)
    try:
        banner = page.locator(".sg-banner")
        assert banner.is_visible()
        assert banner.locator(".sg-banner__text").inner_text().strip() == "Partial System Outage"
        active = page.locator("#sg-active + .sg-card")
        assert active.is_visible()
        assert "Webhook deliveries delayed" in active.inner_text()
        assert "We are looking into delayed webhook deliveries." in active.inner_text()
        assert page.get_by_text("Network maintenance").first.is_visible()
        assert page.get_by_text("Last updated 2026-03-10 12:00").is_visible()
        assert page.locator(".sg-local").count() == 0
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", "incidents/2026-03-04-api-errors/", "incidents/2026-03-10-webhooks/", "history/"])
def test_no_horizontal_scroll_on_a_phone_without_javascript(browser, site, path):
    context, page, _ = open_page(browser, site + path, 375, java_script_enabled=False)
    try:
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{path or '/'} scrolls sideways at 375px without JavaScript: {scroll} > {inner}"
    finally:
        context.close()


def test_local_time_is_added_where_javascript_runs(browser, site):
    context, page, errors = open_page(browser, site + "incidents/2026-03-04-api-errors/", 1280,
                                      timezone_id="America/New_York")
    try:
        assert errors == []
        started = page.locator("time.sg-time[datetime='2026-03-04T09:05:00Z']").first
        # 09:05 UTC is 04:05 in New York (EST) on March 4th.
        assert "2026-03-04 04:05 America/New York" in started.inner_text()
        assert "2026-03-04 09:05" in started.inner_text()
    finally:
        context.close()


def test_relative_times_follow_the_readers_clock_and_agree(browser, site):
    from datetime import datetime, timezone

    # Built at 12:00; the incident started at 10:00. A reader at 14:00 sees 4 h, not the build's 2 h.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.clock.install(time=datetime(2026, 3, 10, 14, 0, tzinfo=timezone.utc))
        page.goto(site + "incidents/2026-03-10-webhooks/")
        page.wait_for_load_state("load")
        assert page.locator(".sg-ago").first.inner_text() == "4 h ago"
        assert page.locator(".sg-since").first.inner_text() == "4 h"
    finally:
        context.close()
    context, page, _ = open_page(browser, site + "incidents/2026-03-10-webhooks/", 1280, java_script_enabled=False)
    try:
        assert page.locator(".sg-ago").first.inner_text() == "2 h ago"
        assert page.locator(".sg-since").first.inner_text() == "2 h"
    finally:
        context.close()


def test_print_stylesheet_leaves_a_clean_report(browser, site):
    context, page, _ = open_page(browser, site + "incidents/2026-03-04-api-errors/", 1280)
    try:
        page.emulate_media(media="print")
        assert not page.locator(".md-header").is_visible()
        assert page.locator("#post-incident-report").is_visible()
        assert page.get_by_text("What we are changing").is_visible()
    finally:
        context.close()
