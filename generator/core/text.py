"""Untrusted text made safe to cut and to place on a line: one line, grapheme clusters, bidi controls.

Cutting: a reader sees user-perceived characters (extended grapheme clusters,
Unicode Standard Annex #29), not code points. A cut between an emoji and its
zero-width joiner, a flag's tag characters or a letter and its accent shows a
broken glyph, so text is only ever cut between clusters. The segmentation
comes from the `regex` package (`\\X`), which follows each Unicode version
(including the Indic conjunct rule of Unicode 15.1) and is kept up to date;
Python's own `re` and `unicodedata` have no grapheme segmentation.

Bidirectional controls: an embedding, override or isolate that a title opens
and never closes goes on reordering everything after it to the end of the
paragraph, so in a one-line message a title could reverse the link after it.
Each untrusted piece is closed at its end (close_bidi) rather than stripped:
a right-to-left title keeps its intended look within itself, and nothing
outside it changes.
"""
from __future__ import annotations

import functools
import re

_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")  # control characters and line separators
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")

# UAX #9: embeddings and overrides end with PDF, isolates with PDI.
PDF, PDI = "\u202c", "\u2069"
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE, RLE, LRO, RLO
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
BIDI_CONTROLS = frozenset(_EMBEDDINGS | _ISOLATES | {PDF, PDI})


@functools.lru_cache(maxsize=1)
def _cluster():
    # Imported when first needed (comms, intake): `regex` takes 20-30 ms to import, which every
    # `statusgen build` paid, and a build never cuts text.
    import regex

    return regex.compile(r"\X")


def graphemes(text: str) -> list[str]:
    """`text` as its extended grapheme clusters: joined again, they give `text` back."""
    return _cluster().findall(text)


def grapheme_count(text: str) -> int:
    return sum(1 for _ in _cluster().finditer(text))


def close_bidi(text: str) -> str:
    """`text` with every embedding, override and isolate it leaves open closed at its end.

    Follows the matching of UAX #9 (rules X6a and X7): a PDI closes the
    innermost open isolate and whatever was opened inside it; a PDF closes
    the innermost embedding or override, but never one outside the isolate it
    stands in; a closer with nothing to close is ignored by readers and left.
    """
    if not BIDI_CONTROLS.intersection(text):
        return text
    open_: list[str] = []
    for char in text:
        if char in _EMBEDDINGS or char in _ISOLATES:
            open_.append(char)
        elif char == PDI and any(c in _ISOLATES for c in open_):
            while open_.pop() not in _ISOLATES:
                pass
        elif char == PDF and open_ and open_[-1] in _EMBEDDINGS:
            open_.pop()
    return text + "".join(PDI if c in _ISOLATES else PDF for c in reversed(open_))


def one_line(value) -> str:
    """`value` as a single line: each run of control characters becomes one space.

    For fields that are one line by nature (titles, names, statuses) and for
    every line statusgen prints: a newline in a title would otherwise forge a
    line of its own in the chat channel, or in a CI log, where a line that
    starts with `::` is a workflow command. A right-to-left override it
    leaves open is closed at its end, so it cannot reorder the rest of the line.
    """
    return close_bidi(_LINE_BREAKING.sub(" ", str(value)))


# Runs of white space, except the no-break spaces a language's punctuation holds to its word (French
# "Résolu : …" has U+00A0 before its colon; languages.punctuation): str.split() would take them for spaces.
_SPACES = re.compile(r"(?:(?![\u00a0\u2007\u202f])\s)+")


def squeezed(text: str, no_break: bool = True) -> str:
    """Every run of white space one space, none at either end, as " ".join(text.split()) does, but keeping
    the no-break spaces (unless no_break is False: English text has always had them squeezed too)."""
    if not no_break:
        return " ".join(text.split())
    return _SPACES.sub(" ", text).strip(" ")  # a run at either end is one space by then


def md(text: str) -> str:
    """Text for Markdown prose: one line, every character that could start markup escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(one_line(text).split()))


def code(text: str) -> str:
    """Text for inside a `code span`, where escapes do not work."""
    return " ".join(one_line(text).replace("`", "'").split())


def N_(text: str) -> str:  # noqa: N802 - gettext's conventional name, which `make catalogs` looks for
    """Marks reader-facing English `text` for the catalogs (generator/languages) where it is defined; it
    is translated where it is shown, so the definition stays plain English for every other use."""
    return text
