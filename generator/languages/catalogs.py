"""statusgen's own words in the reader's language: gettext catalogs, one .po file per language.

The catalogs are read as .po files when first needed (Babel parses them; the messages are compiled
in memory) rather than compiled to .mo at build or install time: the wheel then carries exactly the
files in the repository, there is no step to forget before a release, and reading six small catalogs
costs a few milliseconds once per process.

English is the source language: its "catalog" is the identity (gettext's NullTranslations), and the
strings in the code and the templates are the English text. `statusgen.pot` lists every string to
translate; `make catalogs` extracts it again and brings each language's file up to date
(docs/languages.md), and tests/test_catalogs.py fails when a catalog misses a string or keeps a
stale one.
"""
from __future__ import annotations

import gettext
import io
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..core.text import N_  # noqa: F401 - the marker, for modules of this package
from .locales import DEFAULT, babel_name

DOMAIN = "statusgen"
SOURCE_LANGUAGE = DEFAULT


def folder() -> Path:
    """The catalogs, from the checkout or an installed wheel."""
    try:
        found = Path(str(resources.files("generator.languages") / "catalogs"))
        if found.is_dir():
            return found
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent / "catalogs"


def catalog_path(code: str) -> Path:
    """Where the catalog for Material's language `code` is (it may not exist)."""
    return folder() / f"{babel_name(code)}.po"


def languages() -> tuple[str, ...]:
    """The languages statusgen speaks, as Babel names them (English first, then the catalogs)."""
    return (SOURCE_LANGUAGE,) + tuple(sorted(p.stem for p in folder().glob("*.po")))


def has_catalog(code: str) -> bool:
    """Whether statusgen's own words exist in `code` (English always does)."""
    return babel_name(code) == SOURCE_LANGUAGE or catalog_path(code).is_file()


def _candidates(code: str) -> tuple[str, ...]:
    """The catalogs that may serve `code`, closest first: its own; its language in its script (zh-TW is
    written in Traditional characters: zh_Hant); its bare language, only when that is written in the same
    script (zh.po is Simplified Chinese, sr.po Cyrillic: never shown to zh-TW or sh readers)."""
    name = babel_name(code)
    language = name.split("_")[0]
    if name == language:
        return (name,)
    from babel import Locale, UnknownLocaleError  # only for a language other than English
    from babel.core import get_global

    try:
        script = Locale.parse(name).script
    except (UnknownLocaleError, ValueError):
        return (name,)
    usual = str(get_global("likely_subtags").get(language, "")).split("_")
    usual_script = usual[1] if len(usual) > 2 else None
    out = [name]
    if script:
        out.append(f"{language}_{script}")
    if script in (None, usual_script):
        out.append(language)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=None)
def translations(code: str) -> gettext.NullTranslations:
    """The translations for Material's language `code`: its own catalog, else the catalog of its
    language in its script, else of its language without the region when that is the same script
    (pt-PT would read pt.po; zh-TW never zh.po), else English. Fuzzy entries (a translation that
    `make catalogs` guessed and nobody checked) are left out, so they read in English."""
    for name in _candidates(code):
        if name == SOURCE_LANGUAGE:
            break
        path = folder() / f"{name}.po"
        if path.is_file():
            # Imported here: an English site (and every command that renders nothing) never pays for them.
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po

            with path.open("rb") as source:
                catalog = read_po(source, locale=name, domain=DOMAIN)
            compiled = io.BytesIO()
            write_mo(compiled, catalog, use_fuzzy=False)
            compiled.seek(0)
            return gettext.GNUTranslations(compiled)
    return gettext.NullTranslations()


def gettext_for(code: str):
    """The `gettext` function of language `code`: English text in, the reader's language out."""
    return translations(code).gettext
