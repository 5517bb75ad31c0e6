"""What statusgen.js writes, in the page's language (issue 26), in headless Chromium with the reader's clock
under test control: relative times, the newer-build and stale notices, an overdue promise and a
maintenance's phase on a German page (and a Japanese one), from the words the page carries; no English
word of the script's left."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest

from generator.languages import catalogs
from generator.languages.script_words import WORDS
from generator.write.build import build_site
from reader_support import open_at, open_page, serve
from sample import incident, maintenance, write_project

pytestmark = pytest.mark.browser

BUILT = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
OPEN = incident(title="Fehler in der Schnittstelle", severity="P2", started="2026-03-10T11:40:00Z",
                updates=[("2026-03-10T11:45:00Z", "investigating", "Wir sehen nach.")])  # P2: every 30 min
COMING = maintenance(title="Datenbankwartung", start="2026-03-10T12:20:00Z", end="2026-03-10T13:20:00Z",
                     updates=[("2026-03-05T10:00:00Z", "scheduled", "Kurze Unterbrechungen sind möglich.")])
# Where the script writes: relative times, the notices, a promise, a maintenance's tag.
WRITTEN = ".sg-ago, .sg-stale, .sg-fresh, .sg-next__text, .sg-phase .sg-tag"


def _site(root, language: str):
    project = write_project(root, {"2026-03-10-api.md": OPEN, "2026-03-10-db.md": COMING},
                            options={"stale_after": "45m"})
    text = project.mkdocs.read_text(encoding="utf-8")
    project.mkdocs.write_text(text.replace("  name: material\n", f"  name: material\n  language: {language}\n", 1),
                              encoding="utf-8")
    build_site(project.mkdocs, now=BUILT)
    return project.site


@pytest.fixture(scope="module")
def german(tmp_path_factory):
    site = _site(tmp_path_factory.mktemp("de"), "de")
    with serve(site, gzip_enabled=False) as server:
        yield site, server.url


def _written(page) -> str:
    return " ".join(page.locator(WRITTEN).all_inner_texts()).replace("\xa0", " ")


def _english_pieces(language: str) -> set[str]:
    """The script's English text, in pieces between placeholders, that `language` writes otherwise."""
    _ = catalogs.translations(language)
    pieces = set()
    for word in WORDS:
        forms = word if isinstance(word, tuple) else (word,)
        theirs = " ".join(_.ngettext(forms[0], forms[1], n) for n in (1, 2, 5)) if len(forms) == 2 else _.gettext(word)
        for form in forms:
            for piece in re.split(r"%\(\w+\)s", form):
                piece = piece.strip(" :.,")
                if len(piece) > 2 and piece not in theirs:
                    pieces.add(piece)
    return pieces


def _no_english(text: str, language: str = "de") -> None:
    assert text.strip()
    assert [piece for piece in _english_pieces(language) if piece in text] == [], text


def test_relative_times_and_a_newer_build_are_said_in_german(browser, german):
    root, url = german
    info = root / "build.json"
    original = info.read_bytes()
    try:
        with open_at(browser, url, BUILT + timedelta(minutes=3), 375) as page:
            assert page.locator(".sg-built .sg-ago").inner_text() == "vor 3 Min."
            info.write_text(json.dumps({"built_at": "2026-03-10T12:10:00Z"}))
            page.clock.run_for(91_000)  # the next check: a minute, plus up to half a minute of jitter
            notice = page.locator(".sg-fresh")
            notice.get_by_text("Diese Seite wurde aktualisiert, seit Sie sie geöffnet haben.").wait_for()
            assert notice.get_by_role("link", name="Aktuellen Status anzeigen").is_visible()
            assert notice.inner_text().endswith("Aktuellen Status anzeigen.")
            _no_english(_written(page))
    finally:
        info.write_bytes(original)


def test_an_old_page_and_a_passed_promise_are_said_in_german(browser, german):
    root, url = german
    with open_at(browser, url + "incidents/2026-03-10-api/", BUILT + timedelta(minutes=30), 375) as page:
        page.clock.run_for(16 * 60_000)
        notice = page.locator(".sg-stale")
        text = notice.inner_text().replace("\xa0", " ")
        assert text.startswith("Diese Seite wurde vor 46 Minuten zuletzt aktualisiert ("), text
        assert "). Neuere Änderungen fehlen möglicherweise." in text
        assert notice.get_by_role("button").inner_text() == "Schließen"
        # A stale page cannot know whether the update came since: it says only what was promised.
        assert page.locator(".sg-next__text").inner_text() == "Das nächste Update war erwartet bis"
        _no_english(_written(page))
    with open_at(browser, url + "incidents/2026-03-10-api/", BUILT + timedelta(minutes=1), 375) as page:
        page.clock.run_for(15 * 60_000)  # 12:16, past 11:45 + 30 min, the page still fresh
        assert page.locator(".sg-next__text").inner_text() == \
            "Ein Update ist überfällig: Das nächste war erwartet bis"
        _no_english(_written(page))


def test_a_maintenance_moves_on_in_german(browser, german):
    root, url = german
    with open_at(browser, url, BUILT + timedelta(minutes=30), 375) as page:
        assert page.locator(".sg-phase .sg-tag").first.inner_text() == "Wird durchgeführt"


def test_counted_words_take_the_languages_plural(browser, german):
    root, url = german
    with open_at(browser, url, BUILT + timedelta(days=1, hours=1), 375) as page:
        assert page.locator(".sg-built .sg-ago").inner_text() == "vor 1 Tag"
    with open_at(browser, url, BUILT + timedelta(days=3), 375) as page:
        assert page.locator(".sg-built .sg-ago").inner_text() == "vor 3 Tagen"
        assert "Diese Seite wurde vor 3 Tagen zuletzt aktualisiert" in page.locator(".sg-stale").inner_text()
        _no_english(_written(page))


def test_a_japanese_page_too(browser, tmp_path):
    site = _site(tmp_path, "ja")
    with serve(site, gzip_enabled=False) as server:
        with open_at(browser, server.url, BUILT + timedelta(hours=3), 375) as page:
            assert page.locator(".sg-built .sg-ago").inner_text() == "3 時間前"
            text = page.locator(".sg-stale").inner_text()
            assert text.startswith("このページの最終更新は 3 時間前（"), text
            _no_english(_written(page), "ja")


def test_the_in_app_banner_speaks_the_status_sites_language(browser, tmp_path):
    """In a product page of any language, the banner of a French status site is French and says so."""
    site = _site(tmp_path, "fr")
    with serve(site, gzip_enabled=False) as server:
        with open_page(browser, server.url + "embed/demo.html", 375) as page:
            banner = page.locator("[data-statusgen-banner]")
            banner.locator("[role=status], [role=alert]").first.wait_for()
            assert banner.get_attribute("lang") == "fr"
            assert "Enquête en cours\u00a0: Wir sehen nach." in banner.inner_text()  # French: no break before ":"
            text = banner.inner_text().replace("\xa0", " ")
            assert "Fehler in der Schnittstelle — Enquête en cours : Wir sehen nach." in text, text
            link = banner.get_by_role("link", name="Détails : Fehler in der Schnittstelle")
            assert link.inner_text() == "Détails"
            assert banner.get_by_role("button", name="Fermer l’avis : Fehler in der Schnittstelle").count() == 1
