"""An incident's text in more than one language: the file's `translations`, checked with their lines,
held by the model with a visible fallback, and kept out of the language-neutral JSON API."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from generator.core.model import Incident, Update
from generator.core.translations import InLanguage, Translation
from generator.outputs import render_outputs
from generator.read.config import load_config
from generator.validate.project import load_project

from sample import NOW, incident, state_of, write_project

UPDATES = [("2026-03-04T09:12:00Z", "investigating", "We are investigating errors on the API."),
           ("2026-03-04T09:30:00Z", "identified", "A faulty deploy; rolling back."),
           ("2026-03-04T09:55:00Z", "resolved", "Error rates are back to normal.")]
REPORT = "## What happened\n\nA faulty deploy.\n"


def _file(translations: str = "", inline: str = "", report: str = REPORT, report_published="auto") -> str:
    """An incident with three updates; `translations` goes before updates:, `inline` under the first message."""
    text = incident(updates=UPDATES, report=report, report_published=report_published)
    text = text.replace("\nupdates:\n", "\n" + translations + "updates:\n", 1)
    first = "    message: We are investigating errors on the API.\n"
    return text.replace(first, first + inline, 1)


def _load(tmp_path, text: str):
    project = write_project(tmp_path, {"2026/2026-03-04-api": text})
    config = load_config(project.mkdocs)
    return config, load_project(config, NOW)


def _lines(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), 1) if needle in line)


BOTH_WAYS = """translations:
  de:
    title: API-Fehler
    updates:
      2: Ein fehlerhaftes Deployment; wir setzen es zurück.
      2026-03-04T10:55:00+01:00: Die Fehlerrate ist wieder normal.
    report: |
      ## Was geschah

      Ein fehlerhaftes Deployment.
  ja:
    title: API のエラー
"""
INLINE = "    translations:\n      de: Wir untersuchen Fehler in der API.\n      pt-BR: Estamos investigando erros na API.\n"


def test_translations_reach_the_model_from_both_places(tmp_path):
    _config, loaded = _load(tmp_path, _file(BOTH_WAYS, INLINE))
    assert [d.format() for d in loaded.errors + loaded.warnings] == []
    [item] = loaded.incidents
    assert [u.translations for u in item.updates] == [
        {"de": "Wir untersuchen Fehler in der API.", "pt-BR": "Estamos investigando erros na API."},
        {"de": "Ein fehlerhaftes Deployment; wir setzen es zurück."},
        {"de": "Die Fehlerrate ist wieder normal."},  # named by its time, written with another offset
    ]
    assert item.translations == {"de": Translation("API-Fehler", "## Was geschah\n\nEin fehlerhaftes Deployment."),
                                 "ja": Translation("API のエラー", "")}
    assert item.languages == {"de", "ja", "pt-BR"}


def test_a_reader_of_a_language_reads_its_text_or_the_sites_own_marked_as_a_fallback(tmp_path):
    _config, loaded = _load(tmp_path, _file(BOTH_WAYS, INLINE))
    [item] = loaded.incidents
    assert item.title_in("de") == InLanguage("API-Fehler")
    assert item.title_in("pt-BR") == InLanguage("Elevated API errors", fallback=True)
    assert item.title_in(None) == InLanguage("Elevated API errors")  # the site's own language: no note
    assert [u.message_in("pt-BR") for u in item.updates] == [
        InLanguage("Estamos investigando erros na API."),
        InLanguage("A faulty deploy; rolling back.", fallback=True),
        InLanguage("Error rates are back to normal.", fallback=True)]
    assert item.report_in("de") == InLanguage("## Was geschah\n\nEin fehlerhaftes Deployment.")
    assert item.report_in("ja") == InLanguage(REPORT.strip("\n"), fallback=True)


def test_an_unpublished_report_keeps_its_translations_out_too(tmp_path):
    _config, loaded = _load(tmp_path, _file(BOTH_WAYS, report_published=None))
    [item] = loaded.incidents
    assert item.report == "" and item.report_in("de") == InLanguage("")
    assert item.title_in("de").text == "API-Fehler"


def test_every_mistake_in_translations_is_reported_at_once_with_its_line(tmp_path):
    block = """translations:
  pt_BR:
    title: API indisponível
  de:
    titel: API-Fehler
    updates:
      4: Behoben.
      2026-03-04T09:31:00Z: Zurückgesetzt.
      soon: Bald.
      1: Wir untersuchen.
  en:
    title: Same language
  fr: Erreurs
"""
    inline = "    translations:\n      de: Wir untersuchen Fehler in der API.\n      ja: ''\n"
    text = _file(block, inline)
    _config, loaded = _load(tmp_path, text)
    shown = "incidents/2026/2026-03-04-api.md"
    found = [d.format() for d in loaded.errors + loaded.warnings]
    assert sorted(found) == sorted([
        f'{shown}:{_lines(text, "pt_BR:")}: translations.pt_BR: "pt_BR" is not a language Material for MkDocs has '
        'interface strings for (did you mean "pt-BR"?)',
        f'{shown}:{_lines(text, "titel:")}: translations.de: unknown field "titel" (did you mean "title"?); allowed: '
        "title, report, updates",
        f"{shown}:{_lines(text, '4: Behoben')}: translations.de.updates: 4 names no update; this file has 3 (number "
        "them 1 to 3, oldest first)",
        f"{shown}:{_lines(text, '09:31:00Z: Zur')}: translations.de.updates: no update is at 2026-03-04T09:31:00Z; "
        "the updates are at 2026-03-04T09:12:00Z, 2026-03-04T09:30:00Z, 2026-03-04T09:55:00Z (or name one by "
        "its number, 1 to 3)",
        f'{shown}:{_lines(text, "soon: Bald")}: translations.de.updates: "soon" is neither an update number (1 to 3) '
        "nor an update's time",
        f"{shown}:{_lines(text, '1: Wir untersuchen.')}: translations.de.updates.1: update 1 is already translated "
        f"into de (line {_lines(text, '      de: Wir untersuchen')}); keep one of the two",
        f"{shown}:{_lines(text, '  en:')}: warning: translations.en: en is the site's own language (theme.language "
        "in mkdocs.yml): the file's own text is already in it, so this is never shown; remove it",
        f"{shown}:{_lines(text, 'fr: Erreurs')}: translations.fr: expected title, report, updates in this language, "
        "e.g. {title: ...}, got text",
        f"{shown}:{_lines(text, 'ja: ')}: updates[1].translations.ja: expected non-empty text (the message in this "
        "language)",
    ])


def test_a_translation_whose_update_has_errors_of_its_own_is_not_blamed_for_them(tmp_path):
    text = _file("translations:\n  de:\n    updates:\n      2026-03-04T09:30:00Z: Zurückgesetzt.\n")
    text = text.replace("status: identified", "status: identifed", 1)
    _config, loaded = _load(tmp_path, text)
    assert [d.message for d in loaded.errors] == [
        'updates[2].status: "identifed" is not allowed for an incident (did you mean "identified"?); use one of '
        "investigating, identified, monitoring, resolved"]


def test_a_translated_message_is_held_to_the_same_size_as_the_message(tmp_path):
    inline = "    translations:\n      de: " + "x" * 10_001 + "\n"
    _config, loaded = _load(tmp_path, _file(inline=inline))
    assert [d.message for d in loaded.errors] == [
        "updates[1].translations.de: 10,001 characters; at most 10,000 are allowed in an update message: keep it "
        "short and put the details in the post-incident report"]


def test_the_json_api_stays_language_neutral(tmp_path):
    config, loaded = _load(tmp_path, _file(BOTH_WAYS, INLINE))
    outputs = render_outputs(state_of(config))
    api = {path: body for path, body in outputs.items() if path.startswith("api/")}
    assert api and all(b"API-Fehler" not in body and b"Wir untersuchen" not in body for body in api.values())
    incidents = json.loads(api["api/v2/incidents.json"])["incidents"]
    assert [u["body"] for u in incidents[0]["incident_updates"]][-1] == "We are investigating errors on the API."


def test_the_model_without_translations_reads_as_before():
    update = Update(at=datetime(2026, 3, 4, 9, 12, tzinfo=timezone.utc), status="investigating", message="Looking.")
    item = Incident(id="x", source="x.md", kind="incident", title="T", severity="P2", components={},
                    updates=(update,), started_at=update.at)
    assert item.title_in("de") == InLanguage("T", fallback=True) and item.title_in(None) == InLanguage("T")
    assert item.report_in("de") == InLanguage("")  # nothing to translate: no note
    assert item.languages == frozenset()


@pytest.mark.parametrize("language", ["de", "pt-BR"])
def test_a_site_in_another_language_may_carry_an_english_translation(tmp_path, language):
    text = _file(inline="    translations:\n      en: We are looking into it.\n")
    project = write_project(tmp_path, {"2026/2026-03-04-api": text})
    project.mkdocs.write_text(project.mkdocs.read_text(encoding="utf-8").replace(
        "  name: material\n", f"  name: material\n  language: {language}\n", 1), encoding="utf-8")
    loaded = load_project(load_config(project.mkdocs), NOW)
    assert loaded.errors == [] and loaded.incidents[0].updates[0].message_in("en").text == "We are looking into it."


def test_adding_a_translation_later_is_not_news(tmp_path):
    from generator.changes.detect import detect_changes

    _config, plain = _load(tmp_path / "before", _file())
    _config, translated = _load(tmp_path / "after", _file(BOTH_WAYS, INLINE))
    [before], [after] = plain.incidents, translated.incidents
    assert after.languages and detect_changes({before.id: before}, {after.id: after}) == []
    edited = _file(BOTH_WAYS, INLINE).replace("title: Elevated API errors", "title: API errors", 1)
    _config, retitled = _load(tmp_path / "edited", edited)
    assert [c.kinds for c in detect_changes({before.id: before}, {after.id: retitled.incidents[0]})] == [("edited",)]


def test_readers_of_the_sites_own_language_read_the_file_as_written_without_a_note(tmp_path):
    _config, loaded = _load(tmp_path, _file(BOTH_WAYS, INLINE))
    [item] = loaded.incidents
    assert item.language == "en" and {u.language for u in item.updates} == {"en"}
    assert item.title_in("en") == InLanguage("Elevated API errors")
    assert [u.message_in("en").fallback for u in item.updates] == [False, False, False]
    assert item.report_in("en") == InLanguage(REPORT.strip("\n"))


def test_a_translated_report_is_checked_for_unpublishable_characters_like_a_message(tmp_path):
    # A YAML escape puts a control character in the value that the file, as written, does not show.
    text = _file('translations:\n  de:\n    title: API-Fehler\n    report: "Bericht \\x1b[31m rot"\n')
    _config, loaded = _load(tmp_path, text)
    assert [(d.line, d.message) for d in loaded.errors] == [
        (_lines(text, "report: \"Bericht"), "translations.de.report: contains the control character U+001B (ESC), "
                                            "which cannot be published; remove it")]


def test_a_translated_report_without_a_report_to_translate_is_not_held(tmp_path):
    # Only the warning: the text is measured by no size check, so the model must not carry it to a page.
    text = _file('report_published: 2026-03-05T00:00:00Z\ntranslations:\n  de:\n    title: API-Fehler\n'
                 '    report: "' + "x" * 300_000 + '"\n', report="", report_published=None)
    _config, loaded = _load(tmp_path, text)
    assert loaded.errors == []
    [item] = loaded.incidents
    assert item.translations == {"de": Translation("API-Fehler", "")}
