"""statusgen's own words in every shipped language: the catalogs are complete and current, and the
templates read them (generator.languages.catalogs, babel.cfg, render.sandbox)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from generator.core.model import Impact, Kind, Status
from generator.languages import catalogs
from generator.languages.labels import IMPACT_TEXT, label
from generator.render import sandbox

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("de", "es", "fr", "ja", "pt_BR")


def _read(path: Path):
    with path.open("rb") as source:
        return read_po(source)


def _extracted(tmp_path, tree: Path = ROOT) -> set[str]:
    """Every marked string of the code and the templates of `tree`, extracted now as `make catalogs` does."""
    out = tmp_path / "now.pot"
    subprocess.run([sys.executable, "-c", "from babel.messages.frontend import main; main()", "-q", "extract",
                    "-F", str(ROOT / "babel.cfg"), "--no-location", "-o", str(out), "."], cwd=tree, check=True,
                   timeout=120)
    return {message.id if isinstance(message.id, str) else message.id[0] for message in _read(out) if message.id}


def _ids(catalog) -> set[str]:
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    return _extracted(tmp_path_factory.mktemp("extract"))


def test_the_shipped_languages_are_the_issues_six():
    assert catalogs.languages() == ("en",) + SHIPPED


def test_the_template_holds_every_marked_string_and_nothing_else(extracted):
    kept = _ids(_read(catalogs.folder() / "statusgen.pot"))
    assert extracted - kept == set(), "marked but not in statusgen.pot: run make catalogs"
    assert kept - extracted == set(), "in statusgen.pot but no longer marked: run make catalogs"


@pytest.mark.parametrize("language", SHIPPED)
def test_each_catalog_translates_every_string_and_keeps_no_stale_one(language, extracted):
    catalog = _read(catalogs.folder() / f"{language}.po")
    ids = _ids(catalog)
    assert extracted - ids == set(), f"{language}.po misses these: run make catalogs and translate them"
    assert ids - extracted == set(), f"{language}.po keeps strings no longer used: run make catalogs"
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert untranslated == [], f"{language}.po leaves these empty"
    unchecked = [m.id for m in catalog if m.id and m.fuzzy]
    assert unchecked == [], f"{language}.po has guesses nobody checked (fuzzy): translate them and drop the flag"
    assert catalog.locale is not None and str(catalog.locale) == language
    assert catalog.num_plurals == get_plural(language).num_plurals  # ngettext picks the right form


@pytest.mark.parametrize("language", SHIPPED)
def test_placeholders_survive_translation(language):
    """A translation that drops or renames %(name)s would fail at render time in that language only."""
    for message in _read(catalogs.folder() / f"{language}.po"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)s", " ".join(ids)))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)s", string)) == wanted, (language, message.id, string)


def test_the_extraction_finds_what_is_marked_in_pages_messages_and_code(tmp_path):
    """The checks above can fail: babel.cfg's extraction sees a string newly marked in a page template, a
    message template or the code, and nothing unmarked nor in a file outside its folders."""
    tree = tmp_path / "tree"
    (tree / "templates" / "partials").mkdir(parents=True)
    (tree / "generator" / "render").mkdir(parents=True)
    (tree / "docs").mkdir()
    (tree / "templates" / "partials" / "probe.html").write_text(
        '{% trans n=count %}One incident{% pluralize %}{{ n }} incidents{% endtrans %}{{ _("Page probe") }}\n'
        "Not marked\n", encoding="utf-8")
    (tree / "templates" / "probe.txt.j2").write_text('{{ _("Message probe") }}\n', encoding="utf-8")
    (tree / "generator" / "render" / "probe.py").write_text(
        'from ..core.text import N_\nWORD = N_("Code probe")\nOTHER = "Not marked either"\n', encoding="utf-8")
    (tree / "docs" / "probe.py").write_text('N_("Outside")\n', encoding="utf-8")
    assert _extracted(tmp_path, tree) == {"One incident", "Page probe", "Message probe", "Code probe"}


def test_the_words_of_the_vocabulary_in_each_language():
    assert [label(word, "de") for word in (Impact.DEGRADED_PERFORMANCE, Impact.PARTIAL_OUTAGE, Impact.MAJOR_OUTAGE,
                                           Impact.UNDER_MAINTENANCE, Status.MONITORING, Status.RESOLVED)] == [
        "Eingeschränkte Leistung", "Teilausfall", "Schwerer Ausfall", "In Wartung", "Wird beobachtet", "Behoben"]
    assert label(Impact.MAJOR_OUTAGE, "pt-BR") == "Interrupção grave"
    assert label(Status.INVESTIGATING, "ja") == "調査中"
    assert label(Status.IDENTIFIED, "fr") == "Cause identifiée"
    assert label(Status.MONITORING, "es") == "En observación"
    assert label("critical", "de") == "Kritisch"
    for word in (*Impact, *Status, *Kind):
        assert label(word, "en") == word.label


def test_a_language_without_a_catalog_reads_english_and_a_region_reads_its_language():
    assert label(Status.RESOLVED, "it") == "Resolved"
    assert label(Status.RESOLVED, "pt") == "Resolved"  # European Portuguese: no catalog of its own yet
    assert label(Status.RESOLVED, "zh-TW") == "Resolved"
    assert catalogs.has_catalog("pt-BR") and catalogs.has_catalog("en") and not catalogs.has_catalog("it")


def test_every_impact_text_is_marked():
    assert set(IMPACT_TEXT) == {"none", "minor", "major", "critical", "maintenance"}


@pytest.mark.parametrize("sandboxed", [True, False])
def test_templates_speak_the_sites_language(tmp_path, sandboxed):
    (tmp_path / "page.html").write_text(
        '{% trans %}Resolved{% endtrans %} · {{ _("Degraded performance") }} · '
        '{{ _("Not in any catalog %(name)s", name=who) }}', encoding="utf-8")
    rendered = {}
    for language in ("en", "de", "ja", "it"):
        env = sandbox.environment([], tmp_path, sandboxed=sandboxed, language=language, autoescape=True)
        rendered[language] = env.get_template("page.html").render(who="<b>")
    assert rendered["de"] == "Behoben · Eingeschränkte Leistung · Not in any catalog &lt;b&gt;"
    assert rendered["ja"] == "解決済み · パフォーマンス低下 · Not in any catalog &lt;b&gt;"
    assert rendered["en"] == rendered["it"] == "Resolved · Degraded performance · Not in any catalog &lt;b&gt;"


def test_the_catalogs_are_in_the_wheels_package_data():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"generator.languages.catalogs"' in pyproject and '"*.po"' in pyproject


def _catalog(folder: Path, name: str, resolved: str) -> None:
    (folder / f"{name}.po").write_text(
        f'msgid ""\nmsgstr ""\n"Language: {name}\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        f'msgid "Resolved"\nmsgstr "{resolved}"\n', encoding="utf-8")


def test_a_region_falls_back_to_its_language_only_in_the_same_script(tmp_path, monkeypatch):
    """zh.po is Simplified Chinese and sr.po Cyrillic: readers of zh-TW, zh-Hant and sh never get them."""
    _catalog(tmp_path, "zh", "已解决")
    _catalog(tmp_path, "sr", "Решено")
    _catalog(tmp_path, "pt", "Resolvido (pt)")
    monkeypatch.setattr(catalogs, "folder", lambda: tmp_path)
    catalogs.translations.cache_clear()
    try:
        read = {code: label(Status.RESOLVED, code) for code in ("zh", "zh-TW", "zh-Hant", "sr", "sh", "pt-BR")}
        assert read == {"zh": "已解决", "zh-TW": "Resolved", "zh-Hant": "Resolved", "sr": "Решено", "sh": "Resolved",
                        "pt-BR": "Resolvido (pt)"}
        _catalog(tmp_path, "zh_Hant", "已解決")
        catalogs.translations.cache_clear()
        assert label(Status.RESOLVED, "zh-TW") == label(Status.RESOLVED, "zh-Hant") == "已解決"
    finally:
        catalogs.translations.cache_clear()
