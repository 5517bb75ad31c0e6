"""The placeholders of the report skeleton `statusgen postmortem` writes, found in a report.

A placeholder is a whole line of the shipped skeleton (templates/postmortem.md.j2)
that asks the author for text: the root cause, who was affected, the action
items... It counts only as that whole line, word for word (spaces around a
table's pipes aside): an author's sentence that starts the same way, or quotes
it, is the author's text and is left alone. Lines inside a fenced code block
are the author's too. A project that overrides the skeleton keeps these checks
only for the lines it kept.

Pure: the report's text in, the placeholders left (with their lines) out.
Shared by `validate` (a published report may hold none) and `statusgen
postmortem --publish` (which refuses to publish while any remain).
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Placeholder:
    what: str  # what the author is asked for, as messages say it
    pattern: re.Pattern  # the whole line, stripped


def _line(text: str, what: str) -> Placeholder:
    return Placeholder(what, re.compile(re.escape(text)))


# Kept in step with templates/postmortem.md.j2 (tests/test_report_publish.py renders the skeleton and checks that
# each of these is found in it, and nothing else).
PLACEHOLDERS = (
    Placeholder("the summary's impact",
                re.compile(r"- \*\*Impact\*\*: Describe what customers of .+ experienced\.")),
    _line("Describe what caused the incident, in terms customers can follow.", "the root cause"),
    _line("- Users affected: describe who and how many.", "who was affected"),
    # Only in a security incident's skeleton (write.wording.data_exposed): for any other it says "none."
    _line("- Data exposed: describe what information was involved, and whose.", "the data exposed"),
    _line("- …", "what went well and what could be improved"),
    _line("|Describe a preventive measure|Team|YYYY-MM-DD|Open|", "the action items"),
    _line("Key takeaways for preventing similar incidents.", "the lessons learned"),
)

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


def unfilled(body: str, first_line: int) -> list[Found]:
    """The skeleton's placeholders left in `body` (a report whose first line is line `first_line` of its file)."""
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
        for placeholder in PLACEHOLDERS:
            if placeholder.pattern.fullmatch(text):
                out.append(Found(number, placeholder.what, line.strip()))
                break
    return out


def describe(found: Found) -> str:
    """One placeholder, for a message: 'the root cause ("Describe what caused ...")'."""
    shown = found.text if len(found.text) <= 80 else found.text[:77] + "…"
    return f'{found.what} ("{shown}")'
