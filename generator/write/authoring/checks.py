"""Finding, loading and checking incident files before and after an edit.

Before anything is written the result is checked twice: it must load as the
old front matter plus exactly what was added, and it must pass the validator
as a build would.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ...core.diagnostics import ERROR, Diagnostic, UserError, did_you_mean
from ...core.model import Incident
from ...languages.locales import UnknownLanguage, locale_of
from ...read.config import Config
from ...read.reader import discover, read_source, shown_path, split_source
from ...validate.characters import bad_character
from ...validate.targets import policy_warnings
from ...validate.validate import parse_incident
from ..safely import changed_meanwhile
from .target import Candidate, pick
from .yamlvalues import UNREADABLE, facts_of

# terminals and YAML 1.2 tools mostly do not: written raw they end a line only for some readers.
_INVISIBLE_BREAKS = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}


def text_problem(option: str, value: str) -> str | None:
    """Why a command-line text cannot go into an incident file, if it cannot."""
    for char, name in _INVISIBLE_BREAKS.items():
        if char in value:
            return (f"{option} contains U+{ord(char):04X} ({name}), an invisible line break that YAML, editors "
                    "and browsers each read differently (it usually comes from copy and paste); replace it with "
                    "an ordinary line break or a space and run the command again")
    problem = bad_character(value)
    return f"{option} {problem}" if problem else None




def translation_problems(config: Config, shown: str, option: str, translations: dict[str, str],
                         one_line: bool = False) -> list[Diagnostic]:
    """--message-in / --title-in LANG=TEXT: a language Material and Babel know, other than the site's, and
    text a file can hold (`one_line`: a title, held to --title's single line); every problem at once,
    naming the option."""
    problems = []
    for code, text in translations.items():
        try:
            locale_of(code, config.custom_languages)
        except UnknownLanguage as exc:
            problems.append(Diagnostic(shown, None, f"{option} {code}=...: {exc}"))
            continue
        if code == config.language:
            problems.append(Diagnostic(shown, None, f"{option} {code}=...: {code} is the site's own language "
                                                    "(theme.language); give that text with the option without -in"))
        elif not text.strip():
            problems.append(Diagnostic(shown, None, f"{option} {code}=...: the text must not be empty"))
        elif one_line and ("\n" in text.strip() or "\r" in text):
            problems.append(Diagnostic(shown, None, f"{option} {code}=...: must be a single line, like --title"))
        else:
            problem = text_problem(f"{option} {code}=...", text)
            if problem:
                problems.append(Diagnostic(shown, None, problem))
    return problems

# --- Loading and checking -------------------------------------------------------------------------

def find_file(config: Config, incident_id: str | Path) -> Path:
    """The file of incident `incident_id` (exactly that id); a Path is taken as the file itself."""
    if isinstance(incident_id, Path):
        return incident_id
    paths = discover(config.incidents_dir)
    found = [path for path in paths if path.stem == incident_id]
    if len(found) > 1:
        shown = ", ".join(shown_path(p, config.base_dir) for p in found)
        raise UserError([Diagnostic(shown_path(found[1], config.base_dir), None,
                                    f'the id "{incident_id}" is used by {shown}; rename one before editing')])
    if found:
        return found[0]
    hint = did_you_mean(incident_id, [p.stem for p in paths])
    raise UserError([Diagnostic(shown_path(config.incidents_dir, config.base_dir), None,
                                f'no incident with id "{incident_id}"{hint}; the id is the file name without .md')])


def load(config: Config, path: Path) -> tuple[Incident, bytes, str]:
    """The file's incident, the exact bytes the edit is made from and their text; refuse an invalid file."""
    shown = shown_path(path, config.base_dir)
    try:
        raw = path.read_bytes()  # read first: the edit and the changed-meanwhile check start from these bytes
    except OSError as exc:
        raise UserError([Diagnostic(shown, None, f"cannot be read: {exc.strerror or exc}")]) from None
    source, problems = read_source(path, config.base_dir)
    parsed = parse_incident(source, config) if source else None
    if parsed:
        problems += parsed.problems
    errors = [p for p in problems if p.level == ERROR]
    if errors or not parsed or parsed.incident is None:
        raise UserError(errors or [Diagnostic(shown, None, "cannot be read")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # valid when validated a moment later: it was being saved
        raise changed_meanwhile(shown) from None
    return parsed.incident, raw, text


def _as_published(facts):
    """Front-matter facts with each update's message stripped, as the model keeps it.

    A block message at the very end of the front matter has no line break
    after it; adding an update below gives it one, which changes nothing shown.
    """
    if not isinstance(facts, dict) or not isinstance(facts.get("updates"), list):
        return facts
    updates = [{**item, "message": item["message"].strip()}
               if isinstance(item, dict) and isinstance(item.get("message"), str) else item
               for item in facts["updates"]]
    return {**facts, "updates": updates}


def loose(value):
    """Facts with the line breaks around every text ignored: a block scalar that ends the front
    matter gains one when a line is added below it, which changes nothing anyone reads."""
    if isinstance(value, str):
        return value.strip("\n")
    if isinstance(value, dict):
        return {k: loose(v) for k, v in value.items()}
    if isinstance(value, list):
        return [loose(v) for v in value]
    return value


def check_only_added(shown: str, line: int, front: str, text: str, new_item: dict) -> None:
    """Refuse unless `text`'s front matter loads as `front`'s plus exactly `new_item`.

    The insertion is placed by reading the layout; this proves it, so an
    unforeseen layout is refused instead of quietly changing another value.
    """
    source, _ = split_source(text, Path(), shown)
    before = _as_published(facts_of(front))
    after = _as_published(facts_of(source.front_matter) if source else UNREADABLE)
    if isinstance(before, dict) and isinstance(before.get("updates"), list):
        expected = {**before, "updates": [*before["updates"], _as_published({"updates": [new_item]})["updates"][0]]}
        if after == expected or (after is not UNREADABLE and repr(after) == repr(expected)):  # repr: NaN
            return
    raise UserError([layout_refused(shown, line)])


def layout_refused(shown: str, line: int) -> Diagnostic:
    return Diagnostic(shown, line, "statusgen cannot add an update to this layout of the updates list without "
                                   "changing other values; nothing was written. Add it by hand: copy the last "
                                   "update, then change at, status and message")


def check_written(config: Config, path: Path, text: str, now: datetime) -> list[Diagnostic]:
    """Validate the new text as a build would, before it replaces the file."""
    shown = shown_path(path, config.base_dir)
    source, problems = split_source(text.replace("\r\n", "\n").removeprefix("\ufeff"), path, shown)
    parsed = parse_incident(source, config) if source else None
    problems += parsed.problems if parsed else []
    errors = [d for d in problems if d.level == ERROR]
    if errors or parsed is None or parsed.incident is None:
        raise UserError(errors or [Diagnostic(shown, None, "the edit would make this file invalid; nothing was "
                                                           "written")])
    return policy_warnings(parsed.incident, config, now, parsed.internal)



def impact_problems(config: Config, shown: str, components: dict[str, str], allowed) -> list[Diagnostic]:
    """-c ID=IMPACT values: each names a configured component and an impact the file takes."""
    known = [c.id for c in config.components]
    problems = []
    for cid, impact in components.items():
        if cid not in known:
            problems.append(Diagnostic(shown, None, f'-c: unknown component "{cid}"{did_you_mean(cid, known)}; '
                                                    f"configured: {', '.join(known)}"))
        if impact not in allowed:
            problems.append(Diagnostic(shown, None, f'-c: "{impact}" is not an impact for {cid}'
                                                    f"{did_you_mean(impact, allowed)}; use one of {', '.join(allowed)}"))
    return problems



def find_target(config: Config, argument: str | None, *, want: str, command: str, cwd: Path | None = None) -> Path:
    """The file a command's ID argument names (see .target): an id, the start of one, a path, or nothing."""
    paths = discover(config.incidents_dir)
    where = dict(want=want, cwd=cwd or Path.cwd(), incidents_dir=config.incidents_dir,
                 shown_dir=shown_path(config.incidents_dir, config.base_dir), command=command)
    if argument and argument.strip():
        # An id or a path needs only the file names: read every file only to list candidates in a refusal.
        try:
            return Path(pick(argument, [Candidate(p.stem, p, shown_path(p, config.base_dir)) for p in paths],
                             **where).path)
        except UserError:
            pass
    return Path(pick(argument, candidates(config, paths), **where).path)


def candidates(config: Config, paths: list[Path]) -> list[Candidate]:
    """The incident files at `paths`, with what choosing between them needs (read as a build would read it)."""
    out = []
    for path in paths:
        shown = shown_path(path, config.base_dir)
        source, _ = read_source(path, config.base_dir)
        parsed = parse_incident(source, config) if source else None
        incident = parsed.incident if parsed else None
        if incident is None or any(p.level == ERROR for p in parsed.problems):
            out.append(Candidate(path.stem, path, shown))
            continue
        severity = config.severity_map.get(incident.severity) if incident.severity else None
        out.append(Candidate(
            path.stem, path, shown, title=incident.title, status=str(incident.status),
            open=not incident.is_maintenance and not incident.is_closed, draft=parsed.draft,
            awaiting_report=(not incident.is_maintenance and incident.is_closed and not source.body.strip()
                             and severity is not None and severity.postmortem_within is not None),
            unpublished_report=(incident.is_closed and bool(source.body.strip())
                                and incident.report_published_at is None)))
    return out
