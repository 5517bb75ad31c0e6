"""An incident's text in more languages than the site's own: what the model holds and how a reader's
language picks from it.

The file's own title, messages and report are in the site's language (theme.language); translations
add other languages beside them. A reader of a language the authors did not write in reads the
site's own text, and is told so: `InLanguage.fallback` is what the page shows a note for. Nothing
here decides which languages exist (validate/translations.py checks the codes).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Translation:
    """An incident's title and report in one more language; empty: not translated."""

    title: str = ""
    report: str = ""  # Markdown, untrusted; only ever set while the file's own report is published


@dataclass(frozen=True)
class InLanguage:
    """A text as readers of one language see it.

    fallback: the text is the site's own language, because nobody translated it into theirs; the page
    says so (with `lang` on the element, so a screen reader reads it with the right voice)."""

    text: str
    fallback: bool = False


def pick(own: str, translated: Mapping[str, str], language: str | None, own_language: str = "") -> InLanguage:
    """`own` (written in `own_language`, the site's), or its translation into `language` when there is one.

    language None or `own_language` reads `own` without a fallback note. An empty `own` (no report)
    stays empty and is never a fallback: there is nothing to translate."""
    if language is None or language == own_language or not own:
        return InLanguage(own)
    if translated.get(language):
        return InLanguage(translated[language])
    return InLanguage(own, fallback=True)
