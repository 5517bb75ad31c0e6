"""The in-app banner: banner.json read back, and banner.js run in headless Chromium
inside a host page served from 127.0.0.1."""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager, suppress
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.outputs import render_outputs
from reader_support import AXE, hand_back, leave
from sample import ACME, ALL, OPEN, QUIET, append_update
from tools import tool_missing

# Registered before any other script of the page, so no banner check can finish unseen.
LISTEN = ("window.__checks = []; document.addEventListener('statusgen:banner', function (e) "
          "{ window.__checks.push(e.detail.shown); });")
HOST_PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme product</title><script>{LISTEN}</script></head>
<body><h1 id="host-heading">Your dashboard</h1>
<script src="/embed/banner.js" async></script>
</body></html>
"""


@pytest.fixture
def layout():
    return ACME


# banner.json ----------------------------------------------------------------

def banner(out: dict) -> dict:
    return json.loads(out["embed/banner.json"])


def test_banner_json_lists_in_app_incidents_and_running_maintenance(make_state):
    data = banner(render_outputs(make_state(ALL)))
    assert data["page"] == {"name": "Acme <Test> Status", "url": "https://status.acme.example/"}
    items = data["active"]
    # P1 routes to in_app; the open P3 does not; the running maintenance does by default.
    assert [i["id"] for i in items] == ["2026-03-10-sign-in", "2026-03-10-export-migration"]
    sign_in, migration = items
    assert sign_in == {
        "id": "2026-03-10-sign-in", "kind": "incident", "title": "Sign-in failures for some users",
        "status": "investigating", "status_label": "Investigating", "impact": "critical",
        "updated_at": "2026-03-10T11:05:00Z",
        "url": "https://status.acme.example/incidents/2026-03-10-sign-in/",
        "message": "Some users cannot sign in. We are on it & will update.",
    }
    assert migration["status"] == "in_progress" and migration["impact"] == "maintenance"


def test_banner_json_respects_maintenance_channels_and_plain_text(make_state):
    markdown = OPEN.replace("message: Some users cannot sign in. We are on it & will update.",
                            "message: |\n      Some users **cannot**\n      sign in. See [the guide](https://acme.example/).\n\n"
                            "      <script>alert(1)</script>\n\n      - item one\n      - item two")
    out = render_outputs(make_state({"2026-03-10-sign-in": markdown,
                                          "2026-03-10-export-migration": ALL["2026-03-10-export-migration"]},
                               options={"maintenance_channels": ["status_page"]}))
    items = banner(out)["active"]
    assert [i["id"] for i in items] == ["2026-03-10-sign-in"]
    # Soft line breaks read as spaces, markup and script are gone, list items stay on their lines.
    assert items[0]["message"] == "Some users cannot sign in. See the guide.\n\nitem one\nitem two"


@pytest.mark.parametrize("project_incidents", [QUIET])
def test_banner_is_empty_when_nothing_is_active(outputs):
    assert banner(outputs)["active"] == []


@pytest.mark.parametrize("project_incidents", [QUIET])
def test_script_is_small_dependency_free_and_demo_includes_it(outputs):
    out = outputs
    script = out["embed/banner.js"]
    assert len(script) < 5 * 1024
    text = script.decode("utf-8")
    assert "innerHTML" not in text and "import " not in text and "require(" not in text
    assert "document.currentScript" in text and "textContent" in text
    demo = out["embed/demo.html"].decode("utf-8")
    assert '<script src="banner.js" async></script>' in demo
    assert "&lt;script src=&quot;https://status.acme.example/embed/banner.js&quot; async&gt;&lt;/script&gt;" in demo
    assert "Acme &lt;Test&gt; Status" in demo and "Acme <Test>" not in demo


# In the browser ---------------------------------------------------------------

class _Quiet(SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def serve(root: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def host_page(browser, url: str, errors: list):
    """The host page at url (it listens for the banner's checks itself) in the browser's warm tab with
    JavaScript, handed back afterwards with what the banner stored (a dismissal) forgotten, as a new
    reader's browser would have it."""
    context, page = browser.warm_page(1280, 800, "light", True)

    def on_error(exc):
        errors.append(str(exc))

    page.on("pageerror", on_error)
    try:
        page.goto(url)
        page.wait_for_function("window.__checks.length > 0")
        yield page
    finally:
        page.remove_listener("pageerror", on_error)
        hand_back(context, page, True)


def publish(root: Path, out: dict) -> None:
    (root / "embed").mkdir(parents=True, exist_ok=True)
    (root / "host.html").write_text(HOST_PAGE, encoding="utf-8")
    for name in ("embed/banner.js", "embed/banner.json", "embed/demo.html"):
        (root / name).write_bytes(out[name])


def reload(page):
    page.reload()
    page.wait_for_function("window.__checks.length > 0")


@pytest.mark.browser
def test_banner_shows_dismisses_and_returns_on_a_new_update(browser, tmp_path, make_state):
    site = tmp_path / "site"
    only_open = {"2026-03-10-sign-in": OPEN}
    publish(site, render_outputs(make_state(only_open)))
    errors: list[str] = []
    with serve(site) as base, host_page(browser, base + "/host.html", errors) as page:
        notice = page.get_by_role("alert")  # critical impact: announced assertively
        assert notice.count() == 1
        assert "Sign-in failures for some users" in notice.inner_text()
        assert "Some users cannot sign in." in notice.inner_text()
        link = notice.get_by_role("link")
        assert link.get_attribute("href") == "https://status.acme.example/incidents/2026-03-10-sign-in/"
        button = notice.get_by_role("button", name="Dismiss notice: Sign-in failures for some users")
        assert button.count() == 1
        assert page.locator("#host-heading").inner_text() == "Your dashboard"
        assert page.evaluate("window.__checks") == [1]

        button.click()
        assert page.locator("[data-statusgen-banner]").count() == 0
        reload(page)
        assert page.evaluate("window.__checks") == [0]
        assert page.locator("[data-statusgen-banner]").count() == 0  # dismissal remembered

        updated = append_update(OPEN, "2026-03-10T11:30:00Z", "identified", "We found the cause.")
        publish(site, render_outputs(make_state({"2026-03-10-sign-in": updated})))
        reload(page)
        assert page.evaluate("window.__checks") == [1]
        notice = page.get_by_role("alert")
        assert "We found the cause." in notice.inner_text()  # a new update shows it again
    assert errors == []


@pytest.mark.browser
def test_no_banner_when_operational_or_when_the_fetch_fails(browser, tmp_path, make_state):
    site = tmp_path / "site"
    publish(site, render_outputs(make_state(QUIET)))
    errors: list[str] = []
    with serve(site) as base, host_page(browser, base + "/host.html", errors) as page:
        assert page.evaluate("window.__checks") == [0]
        assert page.locator("[data-statusgen-banner]").count() == 0
        assert page.locator("#sgb-style").count() == 0

        (site / "embed/banner.json").unlink()  # 404
        reload(page)
        assert page.evaluate("window.__checks") == [-1]
        (site / "embed/banner.json").write_text("{not json", encoding="utf-8")
        reload(page)
        assert page.evaluate("window.__checks") == [-1]
        assert page.locator("[data-statusgen-banner]").count() == 0
        assert page.locator("#host-heading").inner_text() == "Your dashboard"
    assert errors == []


@pytest.mark.browser
def test_banner_text_is_never_parsed_as_html(browser, tmp_path, make_state):
    hostile = OPEN.replace("title: Sign-in failures for some users",
                           "title: '<img src=x onerror=\"window.__pwned=1\">Sign-in <b>failures</b>'")
    site = tmp_path / "site"
    publish(site, render_outputs(make_state({"2026-03-10-sign-in": hostile})))
    errors: list[str] = []
    with serve(site) as base, host_page(browser, base + "/host.html", errors) as page:
        banner_root = page.locator("[data-statusgen-banner]")
        assert banner_root.count() == 1
        assert '<img src=x onerror="window.__pwned=1">Sign-in <b>failures</b>' in banner_root.inner_text()
        assert banner_root.locator("img, b").count() == 0
        assert page.evaluate("window.__pwned === undefined")
    assert errors == []


@pytest.mark.browser
def test_demo_page_shows_the_banner(browser, tmp_path, make_state):
    site = tmp_path / "site"
    publish(site, render_outputs(make_state(ALL)))
    errors: list[str] = []
    # The demo page is statusgen's own: the test listens from a tab of its own, closed afterwards.
    with serve(site) as base:
        page = browser.warm_context(1280, 800, "light", True).new_page()
        try:
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.add_init_script(LISTEN)
            page.goto(base + "/embed/demo.html")
            page.wait_for_function("window.__checks.length > 0")
            assert page.evaluate("window.__checks") == [2]
            assert page.get_by_role("alert").count() == 1  # the P1 incident
            assert page.get_by_role("status").count() == 1  # the maintenance in progress
            assert page.get_by_role("button").count() == 2
        finally:
            with suppress(Exception):  # the page is gone: nothing it stored
                leave(page)  # what the banner stored goes with the tab
            page.close()
    assert errors == []


@pytest.mark.browser
def test_banner_has_no_axe_violations(browser, tmp_path, make_state):
    if not AXE.is_file():
        tool_missing("axe-core is missing: run npm ci")
    site = tmp_path / "site"
    publish(site, render_outputs(make_state(ALL)))
    errors: list[str] = []
    with serve(site) as base, host_page(browser, base + "/host.html", errors) as page:
        assert page.locator("[data-statusgen-banner]").count() == 1
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run('[data-statusgen-banner]')")
        assert [(v["id"], [n["html"] for n in v["nodes"]]) for v in result["violations"]] == []
        assert any(p["id"] == "color-contrast" for p in result["passes"])  # axe really checked the banner
        assert any(p["id"] == "button-name" for p in result["passes"])
    assert errors == []
