"""theme.language: the one language a site is written in, as Material for MkDocs names it.

    theme:
      name: material
      language: de      # or pt-BR, ja...; Material's own code, default en

statusgen reads the same setting Material does, so its own words, dates and numbers are in the
language of Material's search box and buttons, and `<html lang>` says so. The code must be one
Material has interface strings for (or one the project gives it in
<custom_dir>/partials/languages/<code>.html) and one Babel can write dates and numbers in; see
generator.languages.locales. Kept apart from config.py, which only calls `read_language` and
`custom_languages`.
"""
from __future__ import annotations

from pathlib import Path

from ..core.diagnostics import Diagnostic
from ..languages.locales import DEFAULT, UnknownLanguage, locale_of


def custom_languages(theme, base_dir: Path) -> frozenset[str]:
    """The language files the project gives Material in its custom_dir (languages its text may be in)."""
    if not isinstance(theme, dict):
        return frozenset()
    custom = theme.get("custom_dir")
    if not isinstance(custom, str) or not custom.strip():
        return frozenset()
    folder = base_dir / custom.strip() / "partials" / "languages"
    if not folder.is_dir():
        return frozenset()
    return frozenset(p.stem for p in folder.glob("*.html"))


def read_language(theme, base_dir: Path, shown: str, located) -> tuple[str, list[Diagnostic]]:
    """(the site's language code, as Material spells it; problems with mkdocs.yml's file and line)."""
    if not isinstance(theme, dict) or theme.get("language") is None:
        return DEFAULT, []
    code = theme["language"]
    line = located.line("theme", "language")
    if not isinstance(code, str):
        return DEFAULT, [Diagnostic(shown, line, "theme.language: must be a language code such as en, de or pt-BR")]
    try:
        locale_of(code, custom_languages(theme, base_dir))
    except UnknownLanguage as exc:
        return DEFAULT, [Diagnostic(shown, line, f"theme.language: {exc}")]
    return code, []


LANGUAGES_HELP = ("more languages the site is built in, each under /<code>/ (Material's codes, e.g. [de, ja]); "
                  "theme.language stays the one at the root")


def read_languages(value, site_language: str, custom: frozenset[str], shown: str, located,
                   root: tuple) -> tuple[tuple[str, ...], list[Diagnostic]]:
    """plugins.statusgen.languages: the languages built beside the site's own, each in /<code>/.

        plugins:
          - statusgen:
              languages: [de, ja]    # theme.language (say en) stays at the root: /, /de/, /ja/

    (the codes in the order given, without the site's own; problems with file and line). A code
    follows theme.language's rules (Material and Babel must know it, spelled Material's way); the site's
    own language or a code given twice is an error, since either would build a tree twice."""
    if value is None:
        return (), []
    key = root + ("languages",)
    name = "plugins.statusgen.languages"
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return (), [Diagnostic(shown, located.line(*key), f"{name}: must be a list of language codes, e.g. [de, ja]")]
    found: list[str] = []
    problems: list[Diagnostic] = []
    for index, code in enumerate(value):
        line = located.line(*key, index)
        where = f"{name}[{index + 1}]"
        if not isinstance(code, str):
            problems.append(Diagnostic(shown, line, f"{where}: must be a language code such as de, fr or pt-BR"))
            continue
        try:
            locale_of(code, custom)
        except UnknownLanguage as exc:
            problems.append(Diagnostic(shown, line, f"{where}: {exc}"))
            continue
        if code == site_language:
            problems.append(Diagnostic(shown, line, f'{where}: "{code}" is theme.language, the language at the root '
                                                    "of the site; list only the other languages"))
        elif code in found:
            problems.append(Diagnostic(shown, line, f'{where}: "{code}" is listed twice'))
        elif "/" in code or code in RESERVED_FOLDERS:
            problems.append(Diagnostic(shown, line, f'{where}: "{code}" would be built into a folder statusgen uses'))
        else:
            found.append(code)
    return tuple(found), problems


# Folders of the site a language's tree must not take (core.urls); no Material code is one of them.
RESERVED_FOLDERS = frozenset({"api", "assets", "components", "embed", "history", "incidents", "postmortems",
                              "reliability", "search"})
