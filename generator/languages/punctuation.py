"""The punctuation that joins statusgen's words, as the reader's language writes it.

Wherever statusgen itself puts a label before its text ("Resolved: …"), ends a sentence it assembled,
or lists names for readers ("Public API, Website"), the punctuation comes from here, never from a
literal in the code or a template:

- `labelled(label, text)`: the catalog's "%(label)s: %(text)s". French writes a no-break space
  before the colon ("Résolu : …", U+00A0, so the colon never starts a line); Japanese a full-width
  colon with no space ("解決済み：…").
- `sentence(text)`: the catalog's "%(text)s.": Japanese ends a sentence with "。".
- `names(items)`: a list of names, through Babel's list patterns (CLDR): "A, B et C" in French,
  "A、B、C" in Japanese. English keeps the ", " it has always written, byte for byte.

The same three reach the templates (render.sandbox installs them in every environment: pages and the
message templates), where `labelled` and `sentence` go through the template's own gettext, so a value
is escaped in HTML like any other placeholder.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from .catalogs import N_, gettext_for
from .locales import babel_name

LABELLED = N_("%(label)s: %(text)s")
SENTENCE = N_("%(text)s.")


def labelled(label: str, text: str, code: str) -> str:
    """A label and its text, joined as readers of `code` write it: en "Resolved: x", fr "Résolu : x"."""
    return gettext_for(code)(LABELLED) % {"label": label, "text": text}


def label_head(label: str, code: str) -> str:
    """A label with its colon, for a label set apart from its text by markup ("<b>Contact:</b> …"): the
    form up to its text, its last ordinary space left out (the markup's own space follows it)."""
    return labelled(label, "\x00", code).split("\x00")[0].rstrip(" ")


def separator(code: str) -> str:
    """What goes between a label and its text in `code`: en ": ", fr " : " (for a script that joins them)."""
    return labelled("\x00", "\x01", code).split("\x00", 1)[1].split("\x01", 1)[0]


def sentence(text: str, code: str) -> str:
    """A sentence statusgen assembled, ended as readers of `code` end one: en "x.", ja "x。"."""
    return gettext_for(code)(SENTENCE) % {"text": text}


def sentences(parts) -> str:
    """Sentences one after another: a space after a "." (en, de, fr...), none after a full-width "。" (ja)."""
    out = ""
    for part in parts:
        if out and not out.endswith(("。", "！", "？")):
            out += " "
        out += part
    return out


def english(code: str) -> bool:
    return babel_name(code).split("_")[0] == "en"


def _locale(code: str, custom: frozenset = frozenset()):
    from babel import Locale, UnknownLocaleError  # only for a language other than English

    from .locales import UnknownLanguage, locale_of

    try:
        return locale_of(code, custom)
    except UnknownLanguage:
        try:
            return Locale.parse(babel_name(code))
        except (UnknownLocaleError, ValueError):
            return None


def names(items: Iterable[str], code: str, custom: frozenset = frozenset()) -> str:
    """Names listed for readers of `code`: en "A, B, C" (as it always was), fr "A, B et C", ja "A、B、C"."""
    items = [str(item) for item in items]
    locale = None if len(items) <= 1 or english(code) else _locale(code, custom)
    if locale is None:
        return ", ".join(items)
    from babel.lists import format_list

    return format_list(items, locale=locale)


@lru_cache(maxsize=None)
def joints(count: int, code: str) -> tuple[str, ...]:
    """What goes between `count` names listed for readers of `code`, one joint after each name but the last:
    for a template that lists names inside markup of their own (links). en (", ", ", "), fr (", ", " et "),
    ja ("、", "、")."""
    if count <= 1:
        return ()
    locale = None if english(code) else _locale(code)
    if locale is None:
        return (", ",) * (count - 1)
    from babel.lists import format_list

    marks = [f"\x00{index}\x00" for index in range(count)]
    text = format_list(marks, locale=locale)
    return tuple(text[text.index(marks[i]) + len(marks[i]):text.index(marks[i + 1])] for i in range(count - 1))
