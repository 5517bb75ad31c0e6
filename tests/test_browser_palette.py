"""The colour toggle without Material's script bundle (issue #24): statusgen's generated pages leave the
bundle out and statusgen.js runs the toggle, keeping the reader's choice where the bundle keeps it, so
generated pages, hand-written pages (which load the bundle) and reloads all show the same palette.
"""
from __future__ import annotations

import pytest

from reader_sample import OPEN_INCIDENT
from reader_support import open_page, settle, shown_scheme

pytestmark = pytest.mark.browser

BUNDLE = "script[src*='assets/javascripts/bundle.']"
GENERATED = ["", "components/api/", OPEN_INCIDENT, "history/", "postmortems/", "reliability/", "no-such-page/"]
HAND_WRITTEN = ["about/", "subscribe/"]
# The header's toggle as a reader finds it: the one visible button of the palette form.
TOGGLE = "[data-md-component=palette] label:not([hidden])"
STORED = "() => __md_get('__palette')"


def _goto(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    settle(page)


def _toggle(page) -> None:
    page.locator(TOGGLE).click()
    settle(page)


def test_generated_pages_leave_the_bundle_out_and_hand_written_pages_keep_it(reader):
    for path in GENERATED:
        file = reader.directory / ("404.html" if path == "no-such-page/" else path + "index.html")
        html = file.read_text(encoding="utf-8")
        assert "assets/javascripts/bundle." not in html, path
        assert "statusgen.js" in html, path
    for path in HAND_WRITTEN:
        html = (reader.directory / path / "index.html").read_text(encoding="utf-8")
        assert "assets/javascripts/bundle." in html, path


def test_the_toggle_switches_the_scheme_and_the_choice_holds_across_pages_reloads_and_the_bundle(browser, reader):
    with open_page(browser, reader.url, 375, scheme="light", fresh=True) as page:
        assert page.locator(BUNDLE).count() == 0
        assert shown_scheme(page) == "light"
        toggle = page.locator(TOGGLE)
        assert toggle.count() == 1 and toggle.is_visible()
        assert toggle.get_attribute("title") == "Switch to dark mode"
        _toggle(page)
        assert shown_scheme(page) == "dark"
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        assert page.locator(TOGGLE).get_attribute("title") == "Switch to light mode"
        assert page.evaluate(STORED)["index"] == 1
        # Another generated page, then a reload: still dark, though the system is light.
        for path in ("history/", OPEN_INCIDENT, "no-such-page/"):
            _goto(page, reader.url + path)
            assert shown_scheme(page) == "dark", path
            assert page.locator(TOGGLE).get_attribute("title") == "Switch to light mode", path
        page.reload()
        page.wait_for_load_state("load")
        settle(page)
        assert shown_scheme(page) == "dark"
        # A hand-written page runs Material's bundle: it reads the same choice ...
        _goto(page, reader.url + "about/")
        assert page.locator(BUNDLE).count() == 1
        assert shown_scheme(page) == "dark"
        assert page.locator(TOGGLE).get_attribute("title") == "Switch to light mode"
        # ... and what it stores, a generated page reads.
        _toggle(page)
        assert shown_scheme(page) == "light"
        _goto(page, reader.url)
        assert shown_scheme(page) == "light"
        assert page.locator(TOGGLE).get_attribute("title") == "Switch to dark mode"
        # Only the deliberate visit to a missing page logs its status.
        assert [e for e in page.errors if "404 (Not Found)" not in e] == []


def test_the_toggle_works_from_the_keyboard(browser, reader):
    with open_page(browser, reader.url + "history/", 1280, scheme="light", fresh=True) as page:
        page.locator("[data-md-component=palette] input").first.focus()
        page.keyboard.press("Enter")
        settle(page)
        assert shown_scheme(page) == "dark"
        page.keyboard.press("Enter")
        settle(page)
        assert shown_scheme(page) == "light"


@pytest.mark.parametrize("path", ["", OPEN_INCIDENT, "no-such-page/", "about/"])
def test_a_first_visit_with_a_dark_system_shows_the_dark_palette_and_keeps_it(browser, reader, path):
    with open_page(browser, reader.url + path, 375, scheme="dark", fresh=True, expect_ok=path != "no-such-page/") \
            as page:
        assert page.evaluate(STORED)["index"] == 1, "the first visit's palette is kept, as Material keeps it"
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        assert shown_scheme(page) == "dark"
        assert page.locator(TOGGLE).get_attribute("title") == "Switch to light mode"
        # The system turning light later does not override the palette the reader has (as with the bundle).
        page.emulate_media(color_scheme="light")
        _goto(page, reader.url + path)
        assert shown_scheme(page) == "dark"


# The toggle's button is shown only once the script runs: its place is kept from the first paint, so
# nothing in the header moves (or rewraps the site's name and pushes the page down) when it appears.
@pytest.mark.parametrize("width", [320, 375, 412])
def test_the_header_does_not_move_when_the_toggle_appears(browser, reader, width):
    boxes = {}
    for javascript in (False, True):
        with open_page(browser, reader.url, width, javascript=javascript) as page:
            # The content below starts where it did (its height changes: the script localises times).
            boxes[javascript] = page.evaluate("""() => [
              ...['header', '.sg-brand'].map(s => { const r = document.querySelector(s).getBoundingClientRect();
                                                   return [r.top, r.width, r.height]; }),
              document.querySelector('.md-content').getBoundingClientRect().top]""")
    assert boxes[True] == boxes[False]


# statusgen.js is deferred on generated pages: what the reader sees first must not wait for it. With the
# script held back (as at the first paint), the page is already in the palette the reader chose, or on a
# first visit the system's, and the toggle's button is there to press.
@pytest.mark.parametrize("system,stored,shown", [("dark", None, "dark"), ("light", None, "light"),
                                                 ("dark", "light", "light"), ("light", "dark", "dark")])
def test_before_statusgen_js_runs_the_page_shows_the_chosen_palette_and_its_toggle(browser, reader, system, stored,
                                                                                     shown):
    from reader_support import new_context

    context = new_context(browser, 375, 812, system, True)
    try:
        page = context.new_page()
        if stored is not None:  # a reader who picked `stored` on an earlier visit
            page.goto(reader.url)
            page.wait_for_load_state("load")
            if shown_scheme(page) != stored:
                _toggle(page)
            assert shown_scheme(page) == stored
        page.route("**/statusgen.js", lambda route: route.abort())
        for path in ("", OPEN_INCIDENT):
            page.goto(reader.url + path)
            page.wait_for_load_state("load")
            assert shown_scheme(page) == shown, path
            toggle = page.locator(TOGGLE)
            assert toggle.count() == 1 and toggle.is_visible(), path
            assert toggle.get_attribute("title") == f"Switch to {'light' if shown == 'dark' else 'dark'} mode", path
    finally:
        context.close()


def test_statusgen_js_is_deferred_on_generated_pages(reader):
    import re

    for path in GENERATED:
        file = reader.directory / ("404.html" if path == "no-such-page/" else path + "index.html")
        tag = re.search(r"<script [^>]*statusgen\.js[^>]*>", file.read_text(encoding="utf-8")).group(0)
        assert " defer" in tag, path
