"""The browser sweep: every page of a served site loaded in a reader's way (width, JavaScript on or
off) and checked in both colour schemes, shared by the sweep of the reader's sample
(tests/test_browser_reader.py) and of the shipped demo (tests/demo/test_demo_browser.py).
"""
from __future__ import annotations

from reader_support import COLOUR_RULES, axe_violations, hand_back, horizontal_overflow, leave, settle, shown_scheme, \
    switch_scheme


def site_pages(server) -> list[str]:
    """Every page of the served site (each folder's index.html), and a page that is not there."""
    pages = sorted(str(p.parent.relative_to(server.directory)) for p in server.directory.rglob("index.html"))
    return [("" if p == "." else p + "/") for p in pages] + ["no-such-page/"]


# The four (width, JavaScript) pairs; with both colour schemes, the eight ways a reader may read a page.
PAIRS = [(1280, True), (375, False), (375, True), (1280, False)]
PAIR_IDS = ["1280-js", "375-nojs", "375-js", "1280-nojs"]

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


def sweep(browser, server, width: int, javascript: bool, pages: list[str]) -> None:
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
            page.goto(server.url + path)
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


def share(pages: list[str], width: int, javascript: bool) -> list[str]:
    """The pages dealt to one (width, JavaScript) pair when every page is checked once: dealt in turn,
    so each pair gets pages of several kinds."""
    turn = PAIRS.index((width, javascript))
    mine = pages[turn::len(PAIRS)]
    assert len({path.split("/")[0] for path in mine}) >= 3, mine
    return mine
