"""Generated pages link only the part of Material's stylesheets they can use (generator.write.material_css):
read in Chromium, every element of every kind of page looks exactly as it does with Material's whole
main and palette stylesheets, in both palettes, on a phone and a desktop, with and without JavaScript.
"""
from __future__ import annotations

import re

import pytest

from reader_sample import OPEN_INCIDENT, OUTAGE
from reader_support import open_page, revealed

pytestmark = pytest.mark.browser

GENERATED = ["", "components/api/", OPEN_INCIDENT, OUTAGE, "history/", "postmortems/", "reliability/",
             "no-such-page/"]
USED = re.compile(r'href="[^"]*(assets/stylesheets/statusgen-material\.[0-9a-f]{8}\.min\.css)"')

# Every computed property of every element and of its ::before and ::after, one string per element
# (custom properties count through the properties that use them).
STYLES = """() => [...document.querySelectorAll('*')].map(e => [null, '::before', '::after'].map(p => {
  const s = getComputedStyle(e, p); let out = e.tagName + (p || '');
  if (p && s.content === 'none') return out;
  for (let i = 0; i < s.length; i++) if (!s[i].startsWith('--')) out += '|' + s[i] + ':' + s.getPropertyValue(s[i]);
  return out; }).join('\\n'))"""


def _styles(browser, url: str, width: int, scheme: str, javascript: bool, whole: str | None) -> list[str]:
    with open_page(browser, url, width, scheme=scheme, javascript=javascript, fresh=True,
                   expect_ok=not url.endswith("no-such-page/")) as page:
        if whole is not None:  # the same page with Material's whole stylesheets in place of the used part
            page.route("**/statusgen-material.*.min.css",
                       lambda route: route.fulfill(body=whole, content_type="text/css"))
            page.reload()
            page.wait_for_load_state("load")
        # A report is laid out only near the view (content-visibility: auto), its height estimated
        # until then: both ways of reading compare every part laid out, as a reader scrolling sees it.
        with revealed(page):
            return page.evaluate(STYLES)


def test_generated_pages_link_the_used_part_and_hand_written_pages_the_whole_stylesheets(reader):
    used = set()
    for path in GENERATED:
        html = (reader.directory / ("404.html" if path == "no-such-page/" else path + "index.html")).read_text("utf-8")
        assert "assets/stylesheets/main." not in html and "assets/stylesheets/palette." not in html, path
        used.update(USED.findall(html))
    assert len(used) == 1
    sheet = (reader.directory / used.pop()).read_text("utf-8")
    whole = sum(len(p.read_text("utf-8")) for p in (reader.directory / "assets/stylesheets").glob("*.min.css")
                if not p.name.startswith("statusgen-material."))
    assert len(sheet) < whole / 2
    for chrome in (".md-search", ".md-nav", ".md-tabs", ".md-sidebar", "[data-md-color-primary=red]"):
        assert chrome not in sheet, chrome
    for path in ("about/", "subscribe/"):
        html = (reader.directory / path / "index.html").read_text("utf-8")
        assert "assets/stylesheets/main." in html and "statusgen-material." not in html, path


@pytest.mark.parametrize("scheme,width,javascript", [("light", 375, True), ("dark", 1280, False)])
def test_every_element_looks_as_with_materials_whole_stylesheets(browser, reader, scheme, width, javascript):
    folder = reader.directory / "assets/stylesheets"
    whole = "".join(next(folder.glob(f"{name}.*.min.css")).read_text("utf-8").replace('@charset "UTF-8";', "")
                    for name in ("main", "palette"))
    for path in ("", OUTAGE, "no-such-page/"):  # the status page, a report, the 404 page (another depth)
        used = _styles(browser, reader.url + path, width, scheme, javascript, None)
        full = _styles(browser, reader.url + path, width, scheme, javascript, whole)
        assert len(used) == len(full), path
        differ = [(a, b) for a, b in zip(used, full) if a != b]
        if differ:
            a, b = differ[0]
            props = [(x, y) for x, y in zip(a.split("|"), b.split("|")) if x != y]
            pytest.fail(f"{path}: {len(differ)} elements differ; first: {props[:5]}")
