"""The placeholders of the report skeleton `statusgen postmortem` writes, found in a report.

A placeholder is a whole line of the shipped skeleton (templates/postmortem.md.j2)
that asks the author for text: the root cause, who was affected, the action
items... It counts only as that whole line, word for word (spaces around a
table's pipes aside): an author's sentence that starts the same way, or quotes
it, is the author's text and is left alone. Lines inside a fenced code block
are the author's too. A project that overrides the skeleton keeps these checks
only for the lines it kept.

The skeleton is written in the site's language (theme.language), its words read
from statusgen's catalogs; the placeholders are the same catalog strings, so each
language's are derived from its catalog rather than listed again. A report is
always checked against the English skeleton (the one every site wrote before the
skeleton spoke languages, and a project's override may keep), and on a site in
another language against every language's: its skeleton may have been written
while the site spoke another. An English site reads no catalog for it (nor
imports Babel).

Pure: the report's text in, the placeholders left (with their lines) out.
Shared by `validate` (a published report may hold none) and `statusgen
postmortem --publish` (which refuses to publish while any remain).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..languages.catalogs import N_, SOURCE_LANGUAGE, gettext_for, languages
from ..languages.locales import babel_name


@dataclass(frozen=True)
class Placeholder:
    what: str  # what the author is asked for, as messages say it
    pattern: re.Pattern  # the whole line, stripped


# The skeleton's words that make up its placeholder lines, in English (the catalogs' ids). The shipped template
# writes each through the catalog, with these very ids: tests/test_report_publish.py and
# tests/test_postmortem_languages.py render the skeleton in every language and find each placeholder in it.
IMPACT_LINE = N_("**Impact**: %(impact)s")
IMPACT_ASK = N_("Describe what customers of %(components)s experienced.")
ROOT_CAUSE_ASK = N_("Describe what caused the incident, in terms customers can follow.")
USERS_AFFECTED = N_("Users affected:")
USERS_ASK = N_("describe who and how many.")
DATA_EXPOSED = N_("Data exposed:")
# Only in a security incident's skeleton (write.wording.data_exposed): for any other the line says "none."
DATA_ASK = N_("describe what information was involved, and whose.")
MEASURE_ASK = N_("Describe a preventive measure")
TEAM = N_("Team")
OPEN = N_("Open")
DUE_DATE_ASK = "YYYY-MM-DD"  # the same in every language: the date is written as the front matter's are
LESSONS_ASK = N_("Key takeaways for preventing similar incidents.")
ANY = "…"  # "- …": under "What went well" and "What could be improved", in every language

_NAME = re.compile(r"%\((\w+)\)s")


def _filled(text: str, **parts: str) -> str:
    """A regular expression for a catalog's `text`: its words exactly, each %(name)s replaced by parts[name]."""
    pieces = _NAME.split(text)
    return "".join(re.escape(piece) if index % 2 == 0 else parts[piece] for index, piece in enumerate(pieces))


def _placeholders(gettext) -> tuple[Placeholder, ...]:
    """The skeleton's placeholder lines as `gettext`'s language writes them."""
    _ = gettext
    impact = _filled(_(IMPACT_ASK), components=".+")
    row = "|".join((_(MEASURE_ASK), _(TEAM), DUE_DATE_ASK, _(OPEN)))  # as _normal writes a table's row
    return (
        Placeholder("the summary's impact", re.compile("- " + _filled(_(IMPACT_LINE), impact=impact))),
        Placeholder("the root cause", re.compile(re.escape(_(ROOT_CAUSE_ASK)))),
        Placeholder("who was affected", re.compile(re.escape(f"- {_(USERS_AFFECTED)} {_(USERS_ASK)}"))),
        Placeholder("the data exposed", re.compile(re.escape(f"- {_(DATA_EXPOSED)} {_(DATA_ASK)}"))),
        Placeholder("what went well and what could be improved", re.compile(re.escape(f"- {ANY}"))),
        Placeholder("the action items", re.compile(re.escape(f"|{row}|"))),
        Placeholder("the lessons learned", re.compile(re.escape(_(LESSONS_ASK)))),
    )


# The English skeleton's (the source language: no catalog is read for it).
PLACEHOLDERS = _placeholders(lambda text: text)


@lru_cache(maxsize=1)
def every_language() -> tuple[Placeholder, ...]:
    """The placeholders of the skeleton in every language statusgen speaks (English first), each line once."""
    found: dict[str, Placeholder] = {}
    for code in languages():
        for placeholder in (PLACEHOLDERS if code == SOURCE_LANGUAGE else _placeholders(gettext_for(code))):
            found.setdefault(placeholder.pattern.pattern, placeholder)
    return tuple(found.values())


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_TABLE_SPACES = re.compile(r"\s*\|\s*")


@dataclass(frozen=True)
class Found:
    line: int  # 1-based, in the file
    what: str
    text: str  # the line as written


def _normal(line: str) -> str:
    text = line.strip()
    return _TABLE_SPACES.sub("|", text) if text.startswith("|") else text


def unfilled(body: str, first_line: int, language: str = SOURCE_LANGUAGE) -> list[Found]:
    """The skeleton's placeholders left in `body` (a report whose first line is line `first_line` of its file),
    on a site in `language` (Material's code, theme.language)."""
    placeholders = PLACEHOLDERS if babel_name(language).split("_")[0] == SOURCE_LANGUAGE else every_language()
    out = []
    fence = None
    for number, line in enumerate(body.split("\n"), start=first_line):
        opening = _FENCE.match(line)
        if opening:
            mark = opening.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = None
            continue
        if fence is not None:
            continue
        text = _normal(line)
        for placeholder in placeholders:
            if placeholder.pattern.fullmatch(text):
                out.append(Found(number, placeholder.what, line.strip()))
                break
    return out


def describe(found: Found) -> str:
    """One placeholder, for a message: 'the root cause ("Describe what caused ...")'."""
    shown = found.text if len(found.text) <= 80 else found.text[:77] + "…"
    return f'{found.what} ("{shown}")'
