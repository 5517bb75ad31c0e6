"""A German site contains no English statusgen string (issue #26): a small project with
`theme.language: de`, written in German, is built, and every page's visible text and reader-facing
attributes are read against the German catalog.

What this test leaves to others, and why: dates, times, durations and numbers (month names, "h",
"min") are formatted by render/clock.py, days.py and bars.py, which Babel formats in the site's
language (h-babel); the uptime bar's per-day tooltips (<title> inside its SVG, written by
render/bars.py) are theirs too. statusgen.js's own words (relative times, the stale notice) are
written by the script, not in the built HTML; embed/demo.html, the in-app banner's demonstration for
integrators, is the banner's (outputs/banner.py).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator.languages import catalogs
from generator.write.build import build_site

from sample import COMPONENTS, NOW, incident, maintenance, write_project

# Reader-facing attributes: read aloud (aria-label), shown on hover (title), instead of an image (alt),
# in an empty field (placeholder), and shown by the stylesheet as a table cell's heading on a phone.
ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "data-label")
# What a link pasted into chat shows.
META = ("description", "og:title", "og:description", "twitter:title", "twitter:description")

GERMAN_COMPONENTS = [dict(c, name=name, **({"group": "Kern"} if c.get("group") == "Core" else {}),
                          **({"description": "Die REST-API."} if "description" in c else {}))
                     for c, name in zip(COMPONENTS, ("Öffentliche API", "Webseite", "Webhooks", "Datenexporte"))]
REPORT = """
## Zusammenfassung

Ein fehlerhaftes Deployment hat die API für 40 Minuten teilweise lahmgelegt.

| Zeitpunkt | Was geschah |
| --- | --- |
| 09:05 | Fehlerrate steigt |
| 09:45 | Rückgängig gemacht |
"""

# A notice: it names no component.
NOTICE = """\
---
title: Gefälschte E-Mails in unserem Namen
severity: P4
components: {}
updates:
  - at: 2026-03-09T09:00:00Z
    status: investigating
    message: Wir fragen nie per E-Mail nach Passwörtern.
---
"""


class _Reader(HTMLParser):
    """A page's text as a reader meets it: its text (without scripts, styles and the uptime bars'
    tooltips), the reader-facing attributes, its <title> and the tags a shared link shows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.lang: str | None = None
        self._skip: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        if tag in ("script", "style", "svg"):
            self._skip.append(tag)
        for name in ATTRIBUTES:
            if found.get(name):
                self.texts.append(found[name])
        if tag == "meta" and (found.get("name") in META or found.get("property") in META):
            self.texts.append(found.get("content") or "")

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def _read(page: Path) -> _Reader:
    reader = _Reader()
    reader.feed(page.read_text(encoding="utf-8"))
    return reader


# English pieces that are German words as well ("(in %(original)s)" leaves "in").
GERMAN_TOO = {"in"}


def _english_pieces(catalog) -> dict[str, str]:
    """Every piece of English text of a msgid that German says differently: {piece: msgid}. A msgid is
    cut at its placeholders and tags ("Since %(time)s" -> "Since"); pieces with no letters, and those
    German keeps ("RSS", "Atom"), are left out."""
    pieces: dict[str, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if set(ids) <= set(strings):  # the same word in German ("Status", "Webhooks")
            continue
        for english in ids:
            for piece in re.split(r"%\(\w+\)s|<[^>]+>|%%|&nbsp;", english):
                piece = piece.strip(" \n,.:;()→←")
                if piece in GERMAN_TOO:
                    continue
                if re.search(r"[A-Za-z]{2}", piece) and not any(_found(piece, s) for s in strings):  # "RSS"
                    pieces.setdefault(piece, message.id if isinstance(message.id, str) else message.id[0])
    return pieces


def _found(piece: str, text: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(piece) + r"(?![\w-])", text) is not None


@pytest.fixture(scope="module")
def german_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("de")
    incidents = {
        # open, with a next update promised (P2's cadence)
        "2026-03-10-api.md": incident(
            title="Fehlerhafte Antworten der API", severity="P2", components={"api": "partial_outage"},
            started="2026-03-10T10:00:00Z",
            updates=[("2026-03-10T10:05:00Z", "investigating", "Wir untersuchen erhöhte Fehlerraten."),
                     ("2026-03-10T11:45:00Z", "identified", "Die Ursache ist gefunden; wir beheben sie.")]),
        # resolved, with a published report
        "2026-03-04-web.md": incident(
            title="Webseite langsam", severity="P3", components={"web": "degraded_performance", "api": "partial_outage"},
            started="2026-03-04T09:05:00Z", report=REPORT,
            updates=[("2026-03-04T09:12:00Z", "investigating", "Wir untersuchen langsame Seitenaufrufe."),
                     ("2026-03-04T09:30:00Z", "monitoring", "Eine Korrektur ist ausgerollt; wir beobachten."),
                     ("2026-03-04T09:45:00Z", "resolved", "Alles läuft wieder normal.")]),
        # a maintenance in progress, one to come and one that ended at the end of its window
        "2026-03-10-db.md": maintenance(
            title="Datenbank-Upgrade", components={"api": "under_maintenance"},
            start="2026-03-10T11:00:00Z", end="2026-03-10T13:00:00Z",
            updates=[("2026-03-08T10:00:00Z", "scheduled", "Wir aktualisieren die Datenbank.")]),
        "2026-03-12-net.md": maintenance(
            title="Netzwerkwartung", components={"webhooks": "under_maintenance"},
            start="2026-03-12T02:00:00Z", end="2026-03-12T04:00:00Z",
            updates=[("2026-03-05T10:00:00Z", "scheduled", "Wir tauschen Router aus.")]),
        "2026-03-02-old.md": maintenance(
            title="Zertifikatswechsel", components={"web": "under_maintenance"},
            start="2026-03-02T02:00:00Z", end="2026-03-02T03:00:00Z",
            updates=[("2026-03-01T10:00:00Z", "scheduled", "Wir erneuern Zertifikate.")]),
        "2026-03-06-dns.md": maintenance(
            title="DNS-Umstellung", components={"web": "under_maintenance"},
            start="2026-03-06T02:00:00Z", end="2026-03-06T03:00:00Z",
            updates=[("2026-03-03T10:00:00Z", "scheduled", "Wir stellen DNS um."),
                     ("2026-03-05T10:00:00Z", "cancelled", "Abgesagt; ein neuer Termin folgt.")]),
        "2026-03-09-hinweis.md": NOTICE,
    }
    about = "# Über diese Seite\n\nWir melden uns {{ update_cadence }}.\n"
    project = write_project(root, incidents, components=GERMAN_COMPONENTS, site_name="Beispiel Status",
                            pages={"about.md": about},
                            options={"contact": "mailto:hilfe@example.com", "history_per_page": 3,
                                     "reliability_page": {"months": 3}})
    text = project.mkdocs.read_text(encoding="utf-8")
    text = text.replace("  name: material\n", "  name: material\n  language: de\n", 1)
    project.mkdocs.write_text(text, encoding="utf-8")
    return build_site(project.mkdocs, now=NOW).site_dir


@pytest.fixture(scope="module")
def german_catalog():
    with catalogs.catalog_path("de").open("rb") as source:
        return read_po(source)


def test_a_german_site_contains_no_english_statusgen_string(german_site, german_catalog):
    pieces = _english_pieces(german_catalog)
    assert {"Active incidents", "Next update expected by", "Last updated", "Post-incident report"} <= set(pieces)
    # embed/demo.html shows integrators the in-app banner (outputs/banner.py, h-outwords' part of #26)
    pages = sorted(p for p in german_site.rglob("*.html") if p.parts[-2] != "embed")
    assert len(pages) >= 12
    english = {}
    for page in pages:
        reader = _read(page)
        assert reader.lang == "de", page
        text = re.sub(r"https?://\S+", " ", "\n".join(reader.texts))  # addresses are not words (/incidents/)
        for piece, msgid in pieces.items():
            if _found(piece, text):
                english.setdefault(str(page.relative_to(german_site)), []).append(f"{piece!r} (from {msgid!r})")
    assert english == {}, "English statusgen text on a German site"


def test_the_german_pages_say_it_in_german(german_site):
    def text(path: str) -> str:
        return "\n".join(_read(german_site / path).texts)

    home = text("index.html")
    for words in ("Aktuelle Störungen", "Laufende Wartung", "Geplante Wartungen", "Komponenten", "Verfügbarkeit",
                  "Vergangene Störungen", "Teilausfall", "Ursache erkannt", "Nächstes Update erwartet bis",
                  "Zuletzt aktualisiert", "P2 · Hoch", "Störungsverlauf", "Beispiel Status: Teilweiser Systemausfall"):
        assert words in home, words
    report = text("incidents/2026-03-04-web/index.html")
    for words in ("Störungsbericht", "Begonnen", "Behoben", "Dauer", "Betroffen", "Wird beobachtet", "Updates"):
        assert words in report, words
    assert "Zeitfenster" in text("incidents/2026-03-10-db/index.html")
    assert "das Ende ihres Zeitfensters" in text("incidents/2026-03-02-old/index.html")
    assert "Verlauf" in text("history/index.html") and "Seite nicht gefunden" in text("404.html")
    assert "Diese Komponente verfolgen:" in text("components/api/index.html")
    history = text("history/page/2/index.html")
    assert "Seite 2 von 3" in history and "Ältere →" in history and "← Neuere" in history and "Mitteilung" in history
    assert ", bevor sie begann" in text("incidents/2026-03-06-dns/index.html")  # a cancelled maintenance
    assert "Eine Mitteilung: Keine Komponente ist betroffen." in home
    # the cadence a hand-written page promises, from the severities (preset names in German)
    assert "mindestens alle 15 Minuten bei P1 (Kritisch), alle 30 Minuten bei P2 (Hoch)" in text("about/index.html")
    reliability = text("reliability/index.html")
    assert "Monatliche Verfügbarkeit" in reliability and "Im Ziel" in reliability and "P3 Mittel" in reliability


@pytest.mark.browser
def test_the_german_pages_pass_axe_and_fit_a_phone(browser, german_site):
    """German words are longer than English ones: every page still fits 320 px without sideways
    scrolling, and axe finds nothing, with lang="de" read by the browser."""
    from reader_support import axe_violations, horizontal_overflow, open_page, serve

    pages = sorted(p for p in german_site.rglob("*.html") if p.parts[-2] != "embed" and p.name != "404.html")
    with serve(german_site) as server:
        for page_file in pages:
            path = page_file.relative_to(german_site).as_posix().removesuffix("index.html")
            with open_page(browser, server.url + path, 320) as page:
                assert page.evaluate("document.documentElement.lang") == "de", path
                assert horizontal_overflow(page) == 0, path
                assert axe_violations(page) == [], path
