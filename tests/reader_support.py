"""What the browser tests share: a static server that behaves like a real host and Debian's
Chromium driven by playwright, both made once per test worker (tests/conftest.py).

The server gzips like a host does, answers with the site's own 404 page and logs every
request; it has the browser ask again for what it cached (ETag, no-cache), so every request
is seen on every view. Chromium keeps one warm context per way of reading (JavaScript or not,
and options such as a touch screen), shared by every test site, so a test opens a page in a
context whose cache already holds the theme, as a returning reader's browser would. The page's
width, colour scheme, time zone and whether the server strips its scripts are set as it opens.
A test that needs a first visit gets a fresh context.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import os
import re
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        # Scripts here run once per page (the theme's, axe): optimising them costs more CPU than it saves.
        "--js-flags=--no-opt --no-maglev"]
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".rss", ".atom", ".ics", ".txt"}
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
         ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
         ".png": "image/png", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
         ".ics": "text/calendar", ".gz": "application/gzip"}
# Paths of the test harness itself, served beside the site and never logged as the site's requests.
HARNESS = "/__statusgen_tests__/"
AXE_URL = HARNESS + "axe.min.js"
# A page (or a fresh context) that sends this header gets the pages as a browser without JavaScript sees
# them (no script elements, no scripts), while a tool (axe) can still run in them.
NO_SCRIPTS = "X-Statusgen-Test-No-Scripts"
_SCRIPT = re.compile(rb"<script\b.*?</script>", re.S | re.I)
_SERVERS: list["SiteServer"] = []  # serving now


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, directory: Path, gzip_enabled: bool = True):
        self.directory = Path(directory)
        self.gzip_enabled = gzip_enabled
        self.requests: list[str] = []
        self.sent: list[tuple[str, int]] = []  # (path, bytes of body as sent, compressed or not)
        self._bodies: dict[tuple, tuple[str, bytes]] = {}  # file version -> (ETag, body as sent)
        self._bodies_lock = threading.Lock()
        handler = functools.partial(_Handler, directory=str(directory))
        super().__init__(("127.0.0.1", 0), handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def handle_error(self, request, client_address):
        # A browser that closes a page mid-download hangs up on us, as readers do; that is no error.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)

    def body(self, path: Path, compress: bool, strip_scripts: bool) -> tuple[str, bytes]:
        """(ETag, body) of this version of the file as sent: compressed once per version, not per request."""
        stat = path.stat()
        # Only a page differs once stripped: its styles and images keep one version (and one ETag).
        strip_scripts = strip_scripts and path.suffix == ".html"
        key = (str(path), stat.st_mtime_ns, stat.st_size, compress, strip_scripts)
        with self._bodies_lock:
            found = self._bodies.get(key)
        if found is None:
            data = path.read_bytes()
            if strip_scripts:
                data = _SCRIPT.sub(b"", data)
            if compress:
                data = gzip.compress(data, 9, mtime=0)
            found = ('"%s"' % hashlib.sha256(repr(key).encode()).hexdigest()[:32], data)
            with self._bodies_lock:
                self._bodies[key] = found
        return found


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith(HARNESS):
            return self._harness()
        self.server.requests.append(self.path)
        strip = NO_SCRIPTS in self.headers
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # the usual redirect to the folder
            path = path / "index.html"
        if not path.is_file() or (strip and path.suffix == ".js"):
            return self._not_found(strip)
        self._send(200, path, strip)

    def _harness(self):
        if self.path.split("?")[0] != AXE_URL or not AXE.is_file():
            self.send_error(404)
            return
        body = _axe_bytes()
        self.send_response(200)
        self.send_header("Content-Type", TYPES[".js"])
        self.send_header("Cache-Control", "max-age=3600")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _not_found(self, strip: bool):
        page = self.server.directory / "404.html"
        if page.is_file():
            return self._send(404, page, strip)
        self._reply(404, ".html", b"not found", False)

    def _send(self, code: int, path: Path, strip: bool):
        compress = (self.server.gzip_enabled and path.suffix in COMPRESSIBLE
                    and "gzip" in self.headers.get("Accept-Encoding", ""))
        tag, body = self.server.body(path, compress, strip)
        if code == 200 and self.headers.get("If-None-Match") == tag:
            return self._reply(304, path.suffix, b"", compress, tag)
        self._reply(code, path.suffix, body, compress, tag)

    def _reply(self, code: int, suffix: str, body: bytes, compressed: bool, tag: str | None = None):
        self.send_response(code)
        self.send_header("Content-Type", TYPES.get(suffix, "application/octet-stream"))
        if compressed:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        # Cached, but asked again each time (a 304 when unchanged): the warm contexts are shared by
        # every test site, and a site served later on the same port must never be shown stale.
        self.send_header("Cache-Control", "no-cache")
        if tag:
            self.send_header("ETag", tag)
        self.server.sent.append((self.path, len(body)))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if code != 304:
            self.wfile.write(body)


@functools.lru_cache(maxsize=1)
def _axe_bytes() -> bytes:
    return AXE.read_bytes()


@contextmanager
def serve(directory: Path, gzip_enabled: bool = True):
    server = SiteServer(directory, gzip_enabled)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _SERVERS.append(server)
    try:
        yield server
    finally:
        _SERVERS.remove(server)
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _origin(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}/"


def _way_of_reading(javascript, options) -> tuple:
    """What a context is made with; width, height, colour scheme and whether the server strips the
    scripts are set on each page instead."""
    return (javascript, tuple(sorted(options.items())))


def new_context(browser, width: int, height: int, scheme: str, javascript: bool, scripts_stripped: bool = False,
                **options):
    """A new context reading this way; scripts_stripped asks the test server for pages without scripts."""
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                  java_script_enabled=javascript, **options)
    if scripts_stripped:
        context.set_extra_http_headers({NO_SCRIPTS: "1"})
    return context


class Browser:
    """A launched Chromium (every playwright Browser method works on it) that keeps one warm
    context, with one tab, per way of reading: JavaScript or not, and options such as touch. Every
    test site shares them (the test server has the browser revalidate what it cached, so a site
    served later on the same port is never shown stale); a page's size, colour scheme, time zone
    and stripped scripts are set as it opens, so none asks for a context of its own (a new context
    costs about a second of CPU before its cache is warm)."""

    def __init__(self, instance):
        self._instance = instance
        self._contexts: dict[tuple, object] = {}
        self._pages: dict[tuple, object] = {}
        self._zones: dict[tuple, tuple] = {}  # way of reading -> (its tab's DevTools session, zone set on it)
        self._clock = None  # (context, tab) whose clock tests set, made on first use

    def __getattr__(self, name):
        return getattr(self._instance, name)

    def warm_context(self, width: int, height: int, scheme: str, javascript: bool, **options):
        """The context for this way of reading (options: those of new_context, e.g. has_touch),
        made on first use and kept while the browser runs. width, height and scheme
        are its new pages' defaults."""
        key = _way_of_reading(javascript, options)
        if key not in self._contexts:
            self._contexts[key] = new_context(self._instance, width, height, scheme, javascript, **options)
        return self._contexts[key]

    def warm_page(self, width: int, height: int, scheme: str, javascript: bool, scripts_stripped: bool = False,
                  timezone_id: str | None = None, **options):
        """The one tab of that warm context, kept between tests (a new tab costs the browser more
        than the page it shows), sized and coloured as asked, its clock in the reader's time zone
        (the host's if None). open_page hands it over on about:blank and takes it back there."""
        context = self.warm_context(width, height, scheme, javascript, **options)
        key = _way_of_reading(javascript, options)
        page = self._pages.get(key)
        if page is None or page.is_closed():
            page = self._pages[key] = context.new_page()
            self._zones[key] = (context.new_cdp_session(page), None)
        # The zone is the page's, not its context's: a context per zone would cost as much again.
        session, zone = self._zones[key]
        if zone != timezone_id:
            session.send("Emulation.setTimezoneOverride", {"timezoneId": timezone_id or ""})
            self._zones[key] = (session, timezone_id)
        # Pages with and without their scripts share the context (and its cache): the server tags
        # each version of a file apart, so the browser is never given one for the other.
        page.set_extra_http_headers({NO_SCRIPTS: "1"} if scripts_stripped else {})
        page.set_viewport_size({"width": width, "height": height})
        page.emulate_media(media="screen", color_scheme=scheme)
        return context, page

    def clock_page(self, width: int, height: int):
        """The one tab of the context kept for tests that set the reader's clock (see open_at)."""
        if self._clock is None:
            context = new_context(self._instance, width, height, "light", True)
            self._clock = (context, context.new_page())
        context, page = self._clock
        page.set_viewport_size({"width": width, "height": height})
        return context, page


@contextmanager
def chromium():
    if not CHROMIUM.exists():
        message = "needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
        if os.environ.get("STATUSGEN_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = Browser(p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS))
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_page(browser, url: str, width: int = 1280, scheme: str = "light", javascript: bool = True,
              expect_ok: bool = True, scripts_stripped: bool = False, viewport_height: int = 800,
              fresh: bool = False, **options):
    """A page as a reader sees it. javascript=False is the real thing (no script runs, and
    neither can a tool); scripts_stripped=True serves the pages without their scripts, so
    the page is what a reader without JavaScript sees while axe can still run.

    The page opens in the browser's warm context for this way of reading (options are those of
    new_context), emptied of what an earlier test stored; fresh=True gives a first visit instead."""
    warm = not fresh and isinstance(browser, Browser)
    if warm:
        context, page = browser.warm_page(width, viewport_height, scheme, javascript or scripts_stripped,
                                          scripts_stripped, **options)
    else:
        context = new_context(browser, width, viewport_height, scheme, javascript or scripts_stripped,
                              scripts_stripped, **options)
        page = context.new_page()
    errors: list[str] = []

    def on_console(message):
        if message.type == "error":
            errors.append(message.text)

    def on_error(error):
        errors.append(str(error))

    page.on("console", on_console)
    page.on("pageerror", on_error)
    try:
        response = page.goto(url)
        if expect_ok:
            assert response is not None and response.ok, url
        page.wait_for_load_state("load")
        if javascript or scripts_stripped:
            settle(page)  # the theme's deferred script sets the palette after load: colours ease in
        page.errors = errors
        yield page
    finally:
        if warm and not page.is_closed():
            page.remove_listener("console", on_console)
            page.remove_listener("pageerror", on_error)
            hand_back(context, page, javascript)
        elif not warm:
            context.close()


@contextmanager
def open_at(browser, url: str, moment, width: int = 1280, viewport_height: int = 800):
    """A page whose reader's clock reads `moment` (a datetime) as it opens and runs on from there;
    page.clock moves it on at will. All such pages share one context: Playwright replays each clock
    setting made in it on every page it opens, in order, so the latest install, this one, is what
    counts. A test that pauses the clock or fixes the time needs a context of its own: install
    would not undo that for the tests after it."""
    context, page = browser.clock_page(width, viewport_height)
    page.clock.install(time=moment.timestamp())
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        yield page
    finally:
        if not page.is_closed():
            hand_back(context, page, True)


# A page being left may still store something: the theme writes its palette again when the emulated
# colour scheme changes, which happens before the next page replaces it. So storing is turned off too.
_LEAVE = """() => {
  try { localStorage.clear(); sessionStorage.clear(); } catch (e) {}
  Storage.prototype.setItem = () => {};
}"""


def leave(page) -> None:
    """The page is done with: what it stored is forgotten, and it stores nothing more."""
    page.evaluate(_LEAVE)


def hand_back(context, page, javascript: bool) -> None:
    """A warm tab handed back after a test: nothing the test's page stored stays for the next test's,
    and the tab waits on about:blank, where nothing of that page runs on (no timer, no request)."""
    context.clear_cookies()
    if javascript:
        try:
            leave(page)
        except Exception:  # the page went away (navigated to nothing, crashed): nothing to clear
            pass
    page.goto("about:blank")


@functools.lru_cache(maxsize=1)
def _axe_source() -> str:
    assert AXE.is_file(), "axe-core is missing: run npm ci"
    return AXE.read_text(encoding="utf-8")


# The axe rules whose answer depends on colours: all a change of colour scheme alone can change.
COLOUR_RULES = ("color-contrast", "link-in-text-block")  # as axe runs them by default (AA)


def axe_violations(page, rules=None) -> list[str]:
    """axe-core's violations on the page (of the given rules, or all); axe is loaded from the page's
    own test server where there is one, so the browser compiles it once, not on every page."""
    if page.evaluate("typeof axe === 'undefined'"):
        if any(page.url.startswith(s.url) for s in _SERVERS):
            page.add_script_tag(url=_origin(page.url) + AXE_URL.lstrip("/"))
        else:
            page.add_script_tag(content=_axe_source())
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    with revealed(page):  # axe checks only what is rendered
        result = page.evaluate("async options => await axe.run(document, options)", options)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:160]})"
            for v in result["violations"]]


# Parts of a page the browser lays out only near the view (content-visibility: auto, e.g. a report)
# are shown in full while a check of layout or colour runs, as a reader scrolling to them sees them.
# Each such part clips what overflows it, so its own overflow is measured as well as the page's.
_REVEAL = """() => {
  const parts = [...document.querySelectorAll('body *')].filter(e => getComputedStyle(e).contentVisibility === 'auto');
  for (const part of parts) part.style.setProperty('content-visibility', 'visible', 'important');
  window.__sgHeldBack = parts;
  return Math.max(document.documentElement.scrollWidth - window.innerWidth,
                  ...parts.map(part => part.scrollWidth - part.clientWidth));
}"""
_HOLD_BACK = """() => { for (const part of window.__sgHeldBack || []) part.style.removeProperty('content-visibility'); }"""


@contextmanager
def revealed(page):
    """Every part of the page rendered for the duration; yields the widest overflow (page or part), in px."""
    overflow = page.evaluate(_REVEAL)
    page.evaluate(_LAY_OUT)  # the parts just shown report their own styles, not their last known ones
    try:
        yield overflow
    finally:
        page.evaluate(_HOLD_BACK)


# Once something changed (the reader's colour scheme, say): two frames for the page's own listeners
# to react, then every transition that set off taken to its end, where a reader who waits sees it
# (waiting it out would only idle: the colours' transitions alone take a tenth of a second a page).
_SETTLE = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  document.body.getBoundingClientRect();  // starts pending transitions
  for (const a of document.getAnimations()) {
    if (a.effect && a.effect.getTiming().iterations !== Infinity) a.finish();
  }
}"""


# A change of media (print, say) reaches a part the browser skipped (content-visibility: auto) only
# once the page is laid out again; until then that part reports its old styles. Laying it out, then
# taking every transition that set off to its end, gives what the printed page (or a reader who
# waits) sees. It needs no script of the page's own, so it works with JavaScript off.
_LAY_OUT = """() => {
  document.body.getBoundingClientRect();
  for (const a of document.getAnimations()) {
    if (a.effect && a.effect.getTiming().iterations !== Infinity) a.finish();
  }
}"""


def show_as(page, media: str, scheme: str | None = None) -> None:
    """The page as `media` ("print" or "screen") shows it, every part's styles up to date."""
    page.emulate_media(media=media, color_scheme=scheme) if scheme else page.emulate_media(media=media)
    page.evaluate(_LAY_OUT)


def settle(page) -> None:
    """Waits for the page to stop moving (needs the page's JavaScript, or scripts_stripped=True)."""
    page.evaluate(_SETTLE)


# The scheme a page shows, told by its background: what the reader sees, whether the theme's script set
# it or, without JavaScript, the stylesheet's media query did.
_SHOWN_SCHEME = """() => {
  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number);
  return r + g + b > 3 * 128 ? 'light' : 'dark';
}"""
# Material keeps the palette it picked on a reader's first visit (in localStorage) and does not follow a
# later change of the system's scheme; a reader changes it with the header's toggle.
_PICK_PALETTE = """scheme => {
  const input = document.querySelector(`input[data-md-color-media="(prefers-color-scheme: ${scheme})"]`);
  if (input && !input.checked) input.click();
}"""


def shown_scheme(page) -> str:
    """'light' or 'dark': the colour scheme the page shows."""
    return page.evaluate(_SHOWN_SCHEME)


def switch_scheme(page, scheme: str) -> None:
    """The reader's system turns to `scheme` while the page is open, and the reader picks that
    palette with the theme's toggle too (the theme keeps the one it first chose; without the
    theme's script the toggle does nothing and the stylesheet follows the system)."""
    page.emulate_media(color_scheme=scheme)
    page.evaluate(_PICK_PALETTE, scheme)
    settle(page)  # colours ease into the new scheme; a reader reads them once settled


def horizontal_overflow(page) -> int:
    with revealed(page) as overflow:
        return overflow
