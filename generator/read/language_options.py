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
