"""From mkdocs.yml's `theme.language` (Material's code) to the locale Babel formats with.

Material names a language as a web page does ("pt-BR", "zh-Hant"), Babel as CLDR does ("pt_BR",
"zh_Hant"). The site's language must be one Material has interface strings for (its search box and
buttons would otherwise be missing) and one Babel knows (dates and numbers); whether statusgen has a
catalog of its own words for it is a third question (catalogs.py).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

DEFAULT = "en"  # Material's default when theme.language is not set


class UnknownLanguage(ValueError):
    """A language code statusgen cannot serve; the message says why and what to write instead."""


@lru_cache(maxsize=1)
def material_languages() -> frozenset[str]:
    """The codes Material ships interface strings for (its partials/languages/<code>.html)."""
    try:
        folder = resources.files("material") / "templates" / "partials" / "languages"
        return frozenset(entry.name.removesuffix(".html") for entry in folder.iterdir()
                         if entry.name.endswith(".html") and entry.name != "custom.html")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return frozenset()


# Material's codes that CLDR spells otherwise: Serbo-Croatian is Serbian in the Latin script.
_ALIASES = {"sh": "sr_Latn"}


def babel_name(code: str) -> str:
    """Material's code as Babel writes it: "pt-BR" -> "pt_BR"."""
    return _ALIASES.get(code, code.replace("-", "_"))


@lru_cache(maxsize=None)
def locale_of(code: str, custom: frozenset[str] = frozenset()) -> Locale:
    """The Babel locale for a Material language code; raises UnknownLanguage.

    `custom` holds the codes the project gives Material itself (partials/languages/<code>.html in its
    theme.custom_dir), which Material accepts besides its own.
    """
    if not isinstance(code, str) or not code.strip():
        raise UnknownLanguage("must be a language code, e.g. en, de or pt-BR")
    # Imported here: a site in the default language with no translations never asks, and every command
    # (statusgen validate, update...) reads the configuration, so it would pay for Babel's import each time.
    from babel import Locale, UnknownLocaleError

    shipped = material_languages()
    if shipped and code not in shipped and code not in custom:
        near = _near(code, shipped)
        raise UnknownLanguage(f'"{code}" is not a language Material for MkDocs has interface strings for'
                              + (f' (did you mean "{near}"?)' if near else "; see its list of languages"))
    try:
        return Locale.parse(babel_name(code))
    except (UnknownLocaleError, ValueError):
        raise UnknownLanguage(f'"{code}" is not a language Babel can write dates and numbers in; use a code '
                              'such as de, fr or pt-BR') from None


def _near(code: str, choices) -> str:
    """The closest code: a case or separator slip (pt_br, PT-BR), else the same language without a region."""
    folded = {c.lower().replace("_", "-"): c for c in choices}
    wanted = code.lower().replace("_", "-")
    if wanted in folded:
        return folded[wanted]
    return folded.get(wanted.split("-")[0], "")
