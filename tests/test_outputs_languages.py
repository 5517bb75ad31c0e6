"""The outputs outside the pages in the site's language (issue 26): a German site's feeds, calendar,
badges and banner carry no English word of statusgen's, their ids are those of the same site in English,
and the JSON API stays the same in every language."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import feedparser
import pytest
from babel.messages.pofile import read_po
from icalendar import Calendar

from generator.languages import catalogs
from generator.outputs import render_outputs
from generator.outputs.badges import text_width
from sample import load_state, write_project

SVG = "{http://www.w3.org/2000/svg}"
COMPONENTS = [
    {"id": "api", "name": "Schnittstelle"},
    {"id": "web", "name": "Webanwendung"},
    {"id": "hooks", "name": "Rückrufe"},
]
# Every kind of entry the outputs write words around: an incident whose impact changes, resolved, with a
# published report; an open one; a maintenance done, one under way and one to come. German text only,
# so that any English left in the outputs is statusgen's.
RESOLVED = """\
---
title: Fehler in der Schnittstelle
severity: P2
components:
  api: partial_outage
  hooks: degraded_performance
started: 2026-03-04T09:05:00Z
updates:
  - at: 2026-03-04T09:12:00Z
    status: investigating
    message: Wir untersuchen erhöhte Fehlerraten.
  - at: 2026-03-04T09:40:00Z
    status: identified
    message: Ein fehlerhaftes Deployment; wir setzen es zurück.
    components:
      hooks: operational
  - at: 2026-03-04T10:05:00Z
    status: monitoring
    message: Die Korrektur ist ausgerollt.
  - at: 2026-03-04T10:40:00Z
    status: resolved
    message: Die Fehlerrate ist wieder normal.
report_published: 2026-03-06T10:00:00Z
---
## Zusammenfassung

Ein Zertifikat fehlte.
"""
OPEN = """\
---
title: Anmeldung gestört
severity: P1
components:
  web: major_outage
started: 2026-03-10T11:00:00Z
updates:
  - at: 2026-03-10T11:05:00Z
    status: investigating
    message: Manche Nutzer können sich nicht anmelden.
---
"""


def maintenance(title: str, component: str, start: str, end: str, updates: list[tuple[str, str, str]]) -> str:
    lines = ["---", "type: maintenance", f"title: {title}", "components:", f"  {component}: under_maintenance",
             "window:", f"  start: {start}", f"  end: {end}", "updates:"]
    for at, status, message in updates:
        lines += [f"  - at: {at}", f"    status: {status}", f"    message: {message}"]
    return "\n".join(lines + ["---", ""])


INCIDENTS = {
    "2026-03-04-fehler": RESOLVED,
    "2026-03-10-anmeldung": OPEN,
    "2026-03-01-datenbank": maintenance("Datenbank-Aktualisierung", "api", "2026-03-01T02:00:00Z",
                                        "2026-03-01T04:00:00Z",
                                        [("2026-02-25T10:00:00Z", "scheduled", "Wir aktualisieren die Datenbank."),
                                         ("2026-03-01T02:00:00Z", "in_progress", "Die Arbeiten haben begonnen."),
                                         ("2026-03-01T03:30:00Z", "completed", "Die Arbeiten sind beendet.")]),
    "2026-03-10-umzug": maintenance("Speicherumzug", "hooks", "2026-03-10T11:30:00Z", "2026-03-10T13:00:00Z",
                                    [("2026-03-08T10:00:00Z", "scheduled", "Rückrufe pausieren währenddessen.")]),
    "2026-03-20-netz": maintenance("Netzwerkwartung", "web", "2026-03-20T02:00:00Z", "2026-03-20T03:00:00Z",
                                   [("2026-03-05T10:00:00Z", "scheduled", "Kurze Unterbrechungen sind möglich.")]),
}
OPTIONS = {"severities": "p1-p4"}  # P1 and running maintenance reach the banner


def _outputs(root, language: str | None) -> dict[str, bytes]:
    project = write_project(root, INCIDENTS, components=COMPONENTS, site_name="Beispiel AG", options=OPTIONS)
    if language:
        text = project.mkdocs.read_text(encoding="utf-8")
        project.mkdocs.write_text(text.replace("  name: material\n", f"  name: material\n  language: {language}\n", 1),
                                  encoding="utf-8")
    state = load_state(project)
    assert state.config.language == (language or "en")
    return render_outputs(state)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    return {language: _outputs(tmp_path_factory.mktemp(language), None if language == "en" else language)
            for language in ("en", "de", "ja")}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def _feed_text(data: bytes) -> list[str]:
    feed = feedparser.parse(data)
    out = [feed.feed.get("title", ""), feed.feed.get("subtitle", ""), feed.feed.get("author", "")]
    for entry in feed.entries:
        out += [entry.title, _html_text(entry.get("summary", ""))]
        out += [_html_text(content.value) for content in entry.get("content", [])]
        out += [tag.get("label") or "" for tag in entry.get("tags", [])]
    return out


def _calendar_text(data: bytes) -> list[str]:
    calendar = Calendar.from_ical(data)
    out = [str(calendar.get("x-wr-calname", "")), str(calendar.get("x-wr-caldesc", ""))]
    for event in calendar.walk("VEVENT"):
        out += [str(event.get("summary")), str(event.get("description"))]
        out += [str(category) for category in event.get("categories").cats]
    return out


def _badge_text(path: str, data: bytes) -> list[str]:
    if path.endswith(".json"):
        endpoint = json.loads(data)
        return [endpoint["label"], endpoint["message"]]
    svg = ET.fromstring(data)
    return [svg.get("aria-label"), svg.find(f"{SVG}title").text] + [t.text for t in svg.iter(f"{SVG}text")]


def _banner_text(data: bytes) -> list[str]:
    banner = json.loads(data)
    return [item["status_label"] for item in banner["active"]] + list(banner.get("words", {}).values())


def people_text(out: dict[str, bytes]) -> dict[str, list[str]]:
    """What a person reads in each output outside the pages (addresses left out: they are not words)."""
    found = {}
    for path, data in out.items():
        if path.endswith((".rss", ".atom")):
            found[path] = _feed_text(data)
        elif path.endswith(".ics"):
            found[path] = _calendar_text(data)
        elif "badge" in path:
            found[path] = _badge_text(path, data)
        elif path == "embed/banner.json":
            found[path] = _banner_text(data)
    return {path: [re.sub(r"https?://\S+", " ", text) for text in texts] for path, texts in found.items()}


def english_words(language: str) -> set[str]:
    """statusgen's English words of the outputs and of its vocabulary (what the catalog's template says is
    marked in generator/outputs/ or core/model.py), as the pieces between placeholders, less the pieces
    `language` writes the same way (German "Details", "Status")."""
    with (catalogs.folder() / "statusgen.pot").open("rb") as source:
        template = read_po(source)
    with catalogs.catalog_path(language).open("rb") as source:
        translated = read_po(source, locale=language.replace("-", "_"))
    theirs = " ".join(" ".join(m.string) if isinstance(m.string, tuple) else m.string
                      for m in translated if m.id)
    pieces = set()
    for message in template:
        if not message.id or not any(f.startswith(("generator/outputs/", "generator/core/model.py"))
                                     for f, _ in message.locations):
            continue
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in re.split(r"%\(\w+\)s", text):
                piece = piece.strip(" :.;,")
                if len(re.sub(r"\W", "", piece)) >= 2 and not re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", theirs):
                    pieces.add(piece)
    return pieces


def test_the_words_looked_for_are_statusgens_own():
    """The check below is only as good as its list: it holds the feeds', badges' and banner's words."""
    words = english_words("de")
    for expected in ("incident history", "Maintenance", "Affected", "Resolved", "Scheduled window",
                     "operational", "partial outage", "read the report", "Dismiss notice", "to"):
        assert expected in words


@pytest.mark.parametrize("language", ["de", "ja"])
def test_a_sites_feeds_calendar_badges_and_banner_carry_no_english_word_of_statusgen(builds, language):
    texts = people_text(builds[language])
    kinds = {p.rsplit(".", 1)[-1] for p in texts}
    assert {"rss", "atom", "ics", "svg", "json"} <= kinds and "embed/banner.json" in texts
    english = english_words(language)
    found = sorted({(path, word) for path, values in texts.items() for text in values for word in english
                    if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)})
    assert found == []


def test_the_german_words_are_there(builds):
    out = builds["de"]
    feed = feedparser.parse(out["history.atom"])
    assert feed.feed.title == "Beispiel AG: Störungsverlauf"
    assert feed.feed.language == "de"
    assert "Wartung: Netzwerkwartung" in [e.title for e in feed.entries]
    resolved = next(e for e in feed.entries if e.title == "Fehler in der Schnittstelle")
    body = _html_text(resolved.content[0].value)
    assert "Betroffen: Schnittstelle (Teilausfall) und Rückrufe (Eingeschränkte Leistung)" in body
    assert "Rückrufe: eingeschränkte Leistung → betriebsbereit" in body
    assert "Störungsbericht veröffentlicht am" in body and "Bericht lesen" in body
    assert resolved.summary == "Behoben: Die Fehlerrate ist wieder normal."
    assert b'aria-label="Status: schwerer Ausfall"' in out["badge.svg"]
    assert json.loads(out["components/hooks/badge.json"])["message"] == "in Wartung"
    banner = json.loads(out["embed/banner.json"])
    assert banner["page"]["language"] == "de"
    assert {i["status_label"] for i in banner["active"]} == {"Wird untersucht", "Wird durchgeführt"}
    assert banner["words"]["Dismiss notice: %(title)s"] == "Hinweis schließen: %(title)s"
    event = Calendar.from_ical(out["maintenance.ics"]).walk("VEVENT")[0]
    assert str(event.get("summary")).startswith("Wartung: ")


def test_ids_do_not_depend_on_the_language(builds):
    """Feed, entry and event ids are what readers and calendars follow: a site that changes its language
    must not look like a new feed full of new items."""
    english, *others = (builds[language] for language in ("en", "de", "ja"))
    for out in others:
        assert sorted(out) == sorted(english)  # the same files at the same addresses
        for path in (p for p in english if p.endswith((".atom", ".rss"))):
            a, b = feedparser.parse(english[path]), feedparser.parse(out[path])
            assert a.feed.id == b.feed.id if path.endswith(".atom") else True
            assert [e.id for e in a.entries] == [e.id for e in b.entries] and a.entries, path
            assert [e.link for e in a.entries] == [e.link for e in b.entries]
        for path in (p for p in english if p.endswith(".ics")):
            uids = [[(str(e.get("uid")), int(e.get("sequence"))) for e in Calendar.from_ical(o[path]).walk("VEVENT")]
                    for o in (english, out)]
            assert uids[0] == uids[1] and uids[0], path


def test_the_json_api_stays_language_neutral(builds):
    """Statuspage-compatible clients read the same API from a German site as from an English one."""
    api = [p for p in builds["en"] if p.startswith("api/")]
    assert api
    for language in ("de", "ja"):
        assert {p: builds[language][p] for p in api} == {p: builds["en"][p] for p in api}


def test_an_english_banner_json_says_nothing_more_than_before(builds):
    banner = json.loads(builds["en"]["embed/banner.json"])
    assert set(banner) == {"active", "page"} and set(banner["page"]) == {"name", "url"}


def test_japanese_badges_are_wide_enough_for_their_words(builds):
    """Japanese characters are full-width: each is a whole em (11 px at the badge's size), by Unicode's
    definition of them, where a Latin letter is about 7 px. The badge is as wide as its words."""
    svg = ET.fromstring(builds["ja"]["components/hooks/badge.svg"])
    label, message = (t for t in svg.iter(f"{SVG}text"))
    assert message.text == "メンテナンス中"
    assert int(message.get("textLength")) >= 11 * len(message.text)
    assert text_width("部分的な障害") >= 66
