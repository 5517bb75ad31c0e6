"""An incident's text in other languages: the `translations` of a file and of its updates.

Two ways to write them, for two moments (docs/languages.md):

    updates:
      - at: 2026-03-04T09:12:00Z
        status: investigating
        message: We are investigating errors on the API.
        translations:                  # beside the message, as it is posted (statusgen update --message-in)
          de: Wir untersuchen Fehler in der API.

    translations:                      # all of one language in one place, for whoever translates later
      de:
        title: API nicht erreichbar
        updates:
          2: Ein fehlerhaftes Deployment; wir setzen es zurück.   # the 2nd update (or its time)
        report: |
          ...

A block naming an update by number or time must name one the file has; an update translated into the
same language in both places is refused (which one is meant?); a language code must be one Material and
Babel know, spelled as Material spells it (pt-BR). Every problem is reported, with its line, at once.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..core.diagnostics import WARNING, did_you_mean
from ..core.model import Update
from ..core.timeutil import TimeError, iso_z, parse_time, type_name
from ..core.translations import Translation
from ..languages.locales import UnknownLanguage, locale_of
from ..read import spec

FIELDS = spec.names(spec.TRANSLATION_FIELDS)


@dataclass
class Found:
    """The translations of one file, ready for the model, and their Markdown for the cost checks."""

    incident: dict[str, Translation] = field(default_factory=dict)
    updates: dict[int, dict[str, str]] = field(default_factory=dict)  # update index -> language -> message
    texts: list[tuple] = field(default_factory=list)  # (key path, name, Markdown) as validate._markdown takes


def _text(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
        return None
    return str(value).strip()


class _Checker:
    def __init__(self, report, site_language: str, bad_character: Callable[[str], str | None],
                 custom: frozenset[str] = frozenset()):
        self.report = report
        self.site_language = site_language
        self.custom = custom  # languages the project gives Material (theme.language accepts them too)
        self.bad_character = bad_character
        self.seen: dict[tuple[int, str], tuple] = {}  # (update index, language) -> key path of its translation

    def language(self, code, path: tuple, name: str) -> bool:
        """Whether `code` is a language a translation may be in (said at its line when not)."""
        if not isinstance(code, str):
            self.report.error(path, f"{name}: the language must be a code such as de, fr or pt-BR, "
                                    f"got {type_name(code)}")
            return False
        try:
            locale_of(code, self.custom)
        except UnknownLanguage as exc:
            self.report.error(path, f"{name}: {exc}")
            return False
        if code == self.site_language:
            self.report.error(path, f"{name}: {code} is the site's own language (theme.language in mkdocs.yml): "
                                    "the file's own text is already in it, so this is never shown; remove it",
                              WARNING)
            return False
        return True

    def message(self, value, path: tuple, name: str) -> str | None:
        text = _text(value)
        if text is None:
            self.report.error(path, f"{name}: expected non-empty text (the message in this language)")
            return None
        problem = self.bad_character(text)
        if problem:
            self.report.error(path, f"{name}: {problem}")
            return None
        return text

    def claim(self, index: int, code: str, path: tuple, name: str) -> bool:
        """An update's message may be translated into a language once."""
        earlier = self.seen.get((index, code))
        if earlier is not None:
            self.report.error(path, f"{name}: update {index + 1} is already translated into {code} (line "
                                    f"{self.report.line(*earlier)}); keep one of the two")
            return False
        self.seen[(index, code)] = path
        return True


def check_translations(data: dict, updates: list[Update], site_language: str, report_published: bool,
                       has_report: bool, report, bad_character: Callable[[str], str | None],
                       custom_languages: frozenset[str] = frozenset()) -> Found:
    """Every translation in the file, checked; problems go to `report` (validate._Report).

    `updates` are the file's parsed updates, or [] when they have errors of their own (reported
    already): then the updates a block names by time cannot be checked, and are not."""
    found = Found()
    check = _Checker(report, site_language, bad_character, custom_languages)
    raw = data.get("updates")
    if isinstance(raw, list):
        for index, item in enumerate(raw):
            if isinstance(item, dict) and "translations" in item:
                _inline(item["translations"], index, check, found)
    if "translations" in data:
        _block(data["translations"], raw if isinstance(raw, list) else [], updates, report_published, has_report,
               check, found)
    return found


def _inline(value, index: int, check: _Checker, found: Found) -> None:
    path, name = ("updates", index, "translations"), f"updates[{index + 1}].translations"
    if not isinstance(value, dict) or not value:
        check.report.error(path, f"{name}: expected the message by language, e.g. {{de: Wir untersuchen das "
                                 f"Problem.}}, got {type_name(value)}")
        return
    for code, text in value.items():
        if not check.language(code, path + (code,), f"{name}.{code}"):
            continue
        message = check.message(text, path + (code,), f"{name}.{code}")
        if message is not None and check.claim(index, code, path + (code,), f"{name}.{code}"):
            found.updates.setdefault(index, {})[code] = message
            found.texts.append((path + (code,), f"{name}.{code}", message))


def _block(value, raw_updates: list, updates: list[Update], report_published: bool, has_report: bool,
           check: _Checker, found: Found) -> None:
    if not isinstance(value, dict) or not value:
        check.report.error(("translations",), "translations: expected languages, each with its title, updates or "
                                              f"report, e.g. {{de: {{title: API nicht erreichbar}}}}, got "
                                              f"{type_name(value)}")
        return
    for code, entry in value.items():
        path, name = ("translations", code), f"translations.{code}"
        if not check.language(code, path, name):
            continue
        if not isinstance(entry, dict) or not entry:
            check.report.error(path, f"{name}: expected {', '.join(FIELDS)} in this language, e.g. "
                                     f"{{title: ...}}, got {type_name(entry)}")
            continue
        for key in entry:
            if key not in FIELDS:
                check.report.error(path + (key,), f'{name}: unknown field "{key}"' + did_you_mean(key, FIELDS)
                                   + f"; allowed: {', '.join(FIELDS)}")
        title = report_text = ""
        if "title" in entry:
            title = _text(entry["title"]) or ""
            problem = "expected non-empty text" if not title else check.bad_character(title)
            if problem:
                check.report.error(path + ("title",), f"{name}.title: {problem}")
                title = ""
        if "report" in entry:
            report_text = _text(entry["report"]) or ""
            # YAML escapes ("\x07") reach the value without being in the file as written, where the
            # file's own report is checked for them: so a translated report is checked here, like a message.
            problem = "expected the report's Markdown" if not report_text else check.bad_character(report_text)
            if problem:
                check.report.error(path + ("report",), f"{name}.report: {problem}")
                report_text = ""
            elif not has_report:
                check.report.error(path + ("report",), f"{name}.report: the file has no report below the front "
                                                       "matter to translate; write it there first", WARNING)
                report_text = ""  # never shown, and unmeasured by the size checks: the model does not hold it
            else:
                found.texts.append((path + ("report",), f"{name}.report", report_text))
        if "updates" in entry:
            _named_updates(entry["updates"], code, path + ("updates",), f"{name}.updates", raw_updates, updates,
                           check, found)
        if title or report_text:
            # A report is public only once report_published says so; its translations with it.
            found.incident[code] = Translation(title=title, report=report_text if report_published else "")


def _named_updates(value, code: str, path: tuple, name: str, raw_updates: list, updates: list[Update],
                   check: _Checker, found: Found) -> None:
    count = len(raw_updates)
    if not isinstance(value, dict) or not value:
        check.report.error(path, f"{name}: expected messages by update number (1 is the first) or time, e.g. "
                                 f"{{1: ...}}, got {type_name(value)}")
        return
    for key, text in value.items():
        where = path + (key,)
        index = _index(key, count, updates, where, name, check)
        if index is None:
            continue
        message = check.message(text, where, f"{name}.{key}")
        if message is not None and check.claim(index, code, where, f"{name}.{key}"):
            found.updates.setdefault(index, {})[code] = message
            found.texts.append((where, f"{name}.{key}", message))


def _index(key, count: int, updates: list[Update], path: tuple, name: str, check: _Checker) -> int | None:
    """The index of the update `key` names (its number from 1, or its time), or None (said why)."""
    span = f"1 to {count}" if count > 1 else "1"
    if isinstance(key, int) and not isinstance(key, bool):
        if 1 <= key <= count:
            return key - 1
        check.report.error(path, f"{name}: {key} names no update; this file has {count} (number them {span}, "
                                 "oldest first)")
        return None
    try:
        moment = key if isinstance(key, datetime) else parse_time(str(key))
    except TimeError:
        check.report.error(path, f'{name}: "{key}" is neither an update number ({span}) nor an update\'s time')
        return None
    if not updates:
        return None  # the updates have errors of their own; their times are not known
    for index, update in enumerate(updates):
        if update.at == moment:
            return index
    times = ", ".join(iso_z(u.at) for u in updates)
    check.report.error(path, f"{name}: no update is at {iso_z(moment)}; the updates are at {times} (or name one "
                             f"by its number, {span})")
    return None
