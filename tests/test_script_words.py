"""The words statusgen.js and the banner script write come from the page (and banner.json) in its language:
the lists the catalogs translate are exactly the texts the scripts ask for (generator/languages/
script_words.py, outputs/banner.py), and a page carries them only when it is not in English."""
from __future__ import annotations

import json
import re
from pathlib import Path

from generator.languages.script_words import ELEMENT_ID, WORDS, script_words
from generator.outputs.banner import SCRIPT_WORDS as BANNER_WORDS
from generator.write.build import build_site
from sample import NOW

ROOT = Path(__file__).resolve().parents[1]
STATUSGEN_JS = ROOT / "templates" / "assets" / "statusgen.js"
BANNER_JS = ROOT / "generator" / "outputs" / "assets" / "banner.js"
STRING = r'"((?:[^"\\]|\\.)*)"'


def _asked(source: str) -> set[str]:
    """Every text a script gives say(): the English and, for a counted text, its English plural."""
    calls = re.finditer(rf"\bsay\({STRING}(?:,[^;]*?)?\)[;,)\s]", source)
    kept = ("%(time)s", "%(link)s")  # placeholders the script puts back, to split the sentence around them
    return {text for call in calls for text in re.findall(STRING, call.group(0)) if text not in kept}


def test_statusgen_js_asks_for_exactly_the_words_the_catalogs_translate():
    source = STATUSGEN_JS.read_text(encoding="utf-8")
    asked = _asked(source)
    phases = re.search(r"var PHASES = \{(.*?)\};", source, re.S).group(1)
    asked |= set(re.findall(STRING, phases))  # said as say(PHASES[phase])
    listed = {text for word in WORDS for text in (word if isinstance(word, tuple) else (word,))}
    assert asked == listed
    assert f'getElementById("{ELEMENT_ID}")' in source


def test_the_banner_script_asks_for_exactly_banner_jsons_words():
    asked = _asked(BANNER_JS.read_text(encoding="utf-8"))
    assert asked == set(BANNER_WORDS)


def test_counted_words_come_in_the_languages_plural_categories():
    german, french, japanese = script_words("de"), script_words("fr"), script_words("ja")
    assert german["%(count)s d ago"] == {"one": "vor %(count)s Tag", "other": "vor %(count)s Tagen"}
    assert set(french["%(count)s d ago"]) == {"one", "many", "other"}
    assert set(japanese["%(count)s d ago"]) == {"other"}
    assert german["just now"] == "gerade eben"
    assert script_words("en") == {} and script_words("it") == {}  # the script's own English


def test_a_german_page_carries_the_words_and_an_english_one_does_not(built_site, make_project, tmp_path):
    english = (built_site / "index.html").read_text(encoding="utf-8")
    assert ELEMENT_ID not in english

    project = make_project(root=tmp_path / "de")
    text = project.mkdocs.read_text(encoding="utf-8")
    project.mkdocs.write_text(text.replace("  name: material\n", "  name: material\n  language: de\n", 1),
                              encoding="utf-8")
    build_site(project.mkdocs, now=NOW)
    page = (project.site / "index.html").read_text(encoding="utf-8")
    carried = re.search(rf'<script id="{ELEMENT_ID}" type="application/json">(.*?)</script>', page).group(1)
    assert json.loads(carried) == script_words("de")
