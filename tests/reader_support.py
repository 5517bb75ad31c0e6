"""Shared pieces of the reader's-page browser tests (tests/test_browser_reader*.py).

A static server that behaves like a real host (gzip, the site's own 404 page,
a log of every request) and Debian's Chromium driven by playwright.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
DEMO_CONFIG = ROOT / "mkdocs.yml"
DEMO_NOW = datetime(2026, 11, 22, 15, 0, tzinfo=timezone.utc)
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".rss", ".atom", ".ics", ".txt"}


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, directory: Path, gzip_enabled: bool = True):
        self.directory = Path(directory)
        self.gzip_enabled = gzip_enabled
        self.requests: list[str] = []
        self.sent: list[tuple[str, int]] = []  # (path, bytes of body as sent, compressed or not)
        handler = functools.partial(_Handler, directory=str(directory))
        super().__init__(("127.0.0.1", 0), handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.requests.append(self.path)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # the usual redirect to the folder
            path = path / "index.html"
        if not path.is_file():
            return self._not_found()
        body = path.read_bytes()
        self._send(200, path.suffix, body)

    def _not_found(self):
        page = self.server.directory / "404.html"
        self._send(404, ".html", page.read_bytes() if page.is_file() else b"not found")

    def _send(self, code: int, suffix: str, body: bytes):
        self.send_response(code)
        kind = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
                ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
                ".png": "image/png", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
                ".ics": "text/calendar", ".gz": "application/gzip"}.get(suffix, "application/octet-stream")
        self.send_header("Content-Type", kind)
        if (self.server.gzip_enabled and suffix in COMPRESSIBLE
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(body, 9, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "max-age=600")
        self.server.sent.append((self.path, len(body)))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(directory: Path, gzip_enabled: bool = True):
    server = SiteServer(directory, gzip_enabled)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def build_demo(site_dir: Path, site_url: str | None = None, now: datetime = DEMO_NOW) -> Path:
    """The shipped demo (mkdocs.yml and incidents/ of the repository) as of its fixed moment."""
    from generator.write.build import build_site

    config = DEMO_CONFIG
    if site_url:
        # The same project under another address: a copy of mkdocs.yml beside the original.
        text = DEMO_CONFIG.read_text(encoding="utf-8")
        text = text.replace("site_url: https://status.acme.example/", f"site_url: {site_url}", 1)
        config = site_dir.parent / f"mkdocs-{site_dir.name}.yml"
        text = text.replace("docs_dir: site_src", f"docs_dir: {ROOT / 'site_src'}", 1)
        text = text.replace("incidents_dir: incidents", f"incidents_dir: {ROOT / 'incidents'}", 1)
        config.write_text(text, encoding="utf-8")
    build_site(config, site_dir=site_dir, now=now)
    return site_dir


@contextmanager
def chromium():
    if not CHROMIUM.exists():
        message = "needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
        if os.environ.get("STATUSGEN_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield instance
        finally:
            instance.close()


MODES = [  # (width, scheme, javascript)
    (375, "light", True), (375, "dark", True), (1280, "light", True), (1280, "dark", True),
    (375, "light", False), (375, "dark", False), (1280, "light", False), (1280, "dark", False),
]


def mode_id(mode) -> str:
    width, scheme, js = mode
    return f"{width}-{scheme}-{'js' if js else 'nojs'}"


_SCRIPT = re.compile(rb"<script\b.*?</script>", re.S | re.I)


def is_page(url: str) -> bool:
    """Only pages need their scripts removed; routing every request through Python is slow."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    return path.endswith("/") or path.endswith(".html")


def _without_scripts(route):
    """The page as a browser without JavaScript gets it, for tools that need JavaScript (axe)."""
    if route.request.resource_type == "script":
        return route.abort()
    response = route.fetch()
    body = response.body()
    if "text/html" in response.headers.get("content-type", ""):
        body = _SCRIPT.sub(b"", body)
    route.fulfill(response=response, body=body)


@contextmanager
def open_page(browser, url: str, width: int = 1280, scheme: str = "light", javascript: bool = True,
              expect_ok: bool = True, scripts_stripped: bool = False, viewport_height: int = 800, **options):
    """A page in a fresh context. javascript=False is the real thing (no script runs, and
    neither can a tool); scripts_stripped=True serves the pages without their scripts, so
    the page is what a reader without JavaScript sees while axe can still run."""
    context = browser.new_context(viewport={"width": width, "height": viewport_height}, color_scheme=scheme,
                                  java_script_enabled=javascript, **options)
    if scripts_stripped:
        context.route(is_page, _without_scripts)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        response = page.goto(url)
        if expect_ok:
            assert response is not None and response.ok, url
        page.wait_for_load_state("load")
        page.errors = errors
        yield page
    finally:
        context.close()


@functools.lru_cache(maxsize=1)
def _axe_source() -> str:
    assert AXE.is_file(), "axe-core is missing: run npm ci"
    return AXE.read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    page.add_script_tag(content=_axe_source())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:160]})"
            for v in result["violations"]]


def horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
