"""The pollers' schedule, in Chromium with a mocked clock (Playwright's page.clock): the in-app banner
(embed/banner.js, in every view of a product) and the status page's own check of build.json
(statusgen.js) ask at most once a minute, a random part of a minute later, back off doubling on
errors up to a cap, and never ask while the tab is hidden, resuming when it is shown.

Nothing is served over the network: the test's routes answer every request and count them.
"""
from __future__ import annotations

import json

import pytest

from generator.outputs.banner import banner_script
from generator.render import builtin_templates_dir

ORIGIN = "http://127.0.0.1:9"  # never connected to: every request is answered by a route
MINUTE = 60_000

# document.hidden and Math.random under the test's control (Chromium's own tab is always visible).
CONTROLS = """
window.__hidden = false;
window.__random = 0.5;
Object.defineProperty(Document.prototype, "hidden", {configurable: true, get: function () { return window.__hidden; }});
Object.defineProperty(Document.prototype, "visibilityState", {configurable: true,
  get: function () { return window.__hidden ? "hidden" : "visible"; }});
Math.random = function () { return window.__random; };
window.__show = function (hidden) { window.__hidden = hidden; document.dispatchEvent(new Event("visibilitychange")); };
"""
# Over the mocked clock's timers: each poll started, and each wait of a minute or more a poller set
# (the next poll), so the test moves the clock on only once the page has planned its next poll.
WATCH = """
window.__fetches = 0;
window.__waits = [];
var realFetch = window.fetch, realTimeout = window.setTimeout;
window.fetch = function () { window.__fetches++; return realFetch.apply(this, arguments); };
window.setTimeout = function (callback, ms) {
  if (ms >= 60000) window.__waits.push(ms);
  return realTimeout.apply(this, arguments);
};
"""

BANNER_HOST = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Product</title></head>
<body><h1>Your dashboard</h1><script src="{ORIGIN}/embed/banner.js" async></script></body></html>"""
BANNER = json.dumps({"page": {"name": "Acme", "url": "https://status.acme.example/"}, "active": []})

BUILT = "2026-03-10T12:00:00Z"
STATUS_PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Status</title></head>
<body><p class="sg-fresh"></p>
<p class="sg-built" data-built="{BUILT}" data-stale-after="86400" data-build-info="{ORIGIN}/build.json">built</p>
<script src="{ORIGIN}/assets/statusgen/statusgen.js"></script></body></html>"""


class Origin:
    """The routes: fixed files, and one polled path whose answers the test sets and counts."""

    def __init__(self, page, files: dict[str, tuple[str, str]], polled: str, body: str):
        self.page, self.files, self.polled, self.body = page, files, polled, body
        self.status = 200
        self.headers: dict[str, str] = {}
        self.count = 0
        page.route(ORIGIN + "/**", self.answer)

    def answer(self, route):
        path = route.request.url[len(ORIGIN):].split("?")[0]
        if path == self.polled:
            self.count += 1
            route.fulfill(status=self.status, body=self.body if self.status == 200 else "busy",
                          headers={"Content-Type": "application/json", **self.headers})
        elif path in self.files:
            kind, text = self.files[path]
            route.fulfill(status=200, body=text, headers={"Content-Type": kind})
        else:
            route.fulfill(status=404, body="")

    def after(self, page, milliseconds: int) -> int:
        """Run the page's clock on, let what it asked for be answered, and say how many polls so far."""
        page.clock.run_for(milliseconds)
        # Every poll started has been answered and has planned the next one (none when hidden).
        page.wait_for_function("window.__waits.length >= window.__fetches")
        return self.count


@pytest.fixture
def clock_page(browser):
    """A tab of a context of its own, with the mocked clock, a fixed Math.random and a visibility the test sets."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(CONTROLS)
    page.clock.install(time=1_773_144_000)  # 2026-03-10 12:00 UTC
    # Paused: time moves only when the test runs the clock on, never by the real time a busy machine
    # takes between two steps (so a wait of exactly a minute is told from one a millisecond short).
    page.clock.pause_at(1_773_144_000)
    page.add_init_script(WATCH)
    try:
        yield page
    finally:
        context.close()


@pytest.mark.browser
def test_banner_polls_a_minute_apart_with_jitter_backs_off_and_rests_while_hidden(clock_page):
    page = clock_page
    origin = Origin(page, {"/host.html": ("text/html", BANNER_HOST),
                           "/embed/banner.js": ("text/javascript", banner_script().decode("utf-8"))},
                    "/embed/banner.json", BANNER)
    page.goto(ORIGIN + "/host.html")
    page.wait_for_function("document.readyState === 'complete'")
    assert origin.after(page, 0) == 1  # the first check, as the page opens

    # Math.random() = 0.5: a minute and half of the jitter's half minute, 75 s.
    assert origin.after(page, 74_999) == 1
    assert origin.after(page, 1) == 2
    page.evaluate("window.__random = 0")  # the least jitter: exactly a minute, never less
    assert origin.after(page, 74_999) == 2  # the wait planned before (75 s) runs out first
    assert origin.after(page, 1) == 3
    assert origin.after(page, 59_999) == 3
    assert origin.after(page, 1) == 4

    # Errors: 2, 4, 8 ... minutes, capped at 15 (jitter 0 here).
    origin.status = 503
    assert origin.after(page, MINUTE) == 5  # failed: the next wait doubles
    waits = []
    for expected in range(6, 10):
        before = origin.count
        waited = 0
        while origin.count == before:
            assert origin.after(page, MINUTE) <= before + 1
            waited += 1
            assert waited <= 16, "no poll in 16 minutes: the back-off has no cap"
        waits.append(waited)
        assert origin.count == expected
    assert waits == [2, 4, 8, 15]

    # Back to normal after one good answer.
    origin.status = 200
    while origin.count == 9:
        origin.after(page, MINUTE)
    assert origin.count == 10
    assert origin.after(page, MINUTE) == 11

    # A hidden tab asks nothing, however long; shown again, it asks once, then a minute later.
    page.evaluate("window.__show(true)")
    assert origin.after(page, 30 * MINUTE) == 11
    page.evaluate("window.__show(false)")
    assert origin.after(page, 0) == 12
    # Hidden and shown again within the minute: no extra poll.
    page.evaluate("window.__show(true)")
    page.evaluate("window.__show(false)")
    assert origin.after(page, 59_000) == 12
    assert origin.after(page, 1_000) == 13

    # An origin that asks for a pause (Retry-After) gets it.
    origin.status, origin.headers = 429, {"Retry-After": "1200"}
    assert origin.after(page, MINUTE) == 14
    assert origin.after(page, 19 * MINUTE) == 14
    assert origin.after(page, MINUTE) == 15
    # The waits the banner planned, in order: jitter, back-off and its cap, the pause asked for.
    assert page.evaluate("window.__waits") == [75_000, 75_000, 60_000, 60_000, 120_000, 240_000, 480_000,
                                               900_000, 900_000, 60_000, 60_000, 60_000, 60_000, 1_200_000,
                                               1_200_000]


@pytest.mark.browser
def test_the_status_page_checks_build_json_a_minute_apart_revalidating_and_never_while_hidden(clock_page):
    page = clock_page
    script = (builtin_templates_dir() / "assets" / "statusgen.js").read_text(encoding="utf-8")
    origin = Origin(page, {"/index.html": ("text/html", STATUS_PAGE),
                           "/assets/statusgen/statusgen.js": ("text/javascript", script)},
                    "/build.json", json.dumps({"built_at": BUILT}))
    urls = []
    page.on("request", lambda request: urls.append(request.url) if "build.json" in request.url else None)
    page.goto(ORIGIN + "/index.html")
    page.wait_for_function("document.readyState === 'complete'")
    assert origin.after(page, 0) == 1
    assert origin.after(page, 74_000) == 1
    assert origin.after(page, 1_000) == 2
    # One address, no cache-busting query: an edge cache answers (304 when nothing changed).
    assert set(urls) == {ORIGIN + "/build.json"}

    origin.status = 503
    assert origin.after(page, 75_000) == 3
    assert origin.after(page, 149_000) == 3  # doubled after the failure: 150 s with the jitter
    assert origin.after(page, 1_000) == 4
    origin.status = 200

    page.evaluate("window.__show(true)")
    assert origin.after(page, 30 * MINUTE) == 4
    page.evaluate("window.__show(false)")
    assert origin.after(page, 0) == 5
    page.evaluate("window.__show(true)")
    page.evaluate("window.__show(false)")  # shown again within the minute: nothing more
    assert origin.after(page, 10_000) == 5
    assert origin.after(page, 65_000) == 6
