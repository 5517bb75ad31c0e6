"""Creating and editing incident files for authors.

An edit never re-dumps the author's YAML: no YAML library writes a document
back as it was read (fractional seconds, escapes, spacing, anchors and long
lines all change). `update` and `resolve` insert the new update's lines right
after the last line of the existing updates list, in that list's own style;
`postmortem` appends to the body. Every other byte stays as the author wrote it.

Before anything is written the result is checked twice: it must load as the
old front matter plus exactly the new update, and it must pass the validator
as a build would. The file is then replaced atomically while its folder is
locked, so two commands on one file take turns instead of losing an edit.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from ..read.yamllayout import LOADER, Node, column, layout, line_of
from ..read import spec
from . import wording
from ..read.config import Config
from ..core.diagnostics import ERROR, Diagnostic, UserError, did_you_mean
from ..core.model import (INCIDENT, INCIDENT_IMPACTS, IMPACTS, MAINTENANCE, STATUSES, TERMINAL, Impact, Incident,
                          Status, can_follow)
from ..read.reader import discover, read_source, shown_path, split_source, suggest_id
from ..core.timeutil import iso_z
from ..validate.validate import bad_character, parse_incident, policy_warnings
from .safely import changed_meanwhile, locked, unwritable, write_atomic

# Characters YAML 1.1 (PyYAML, which the build reads with) counts as line breaks but editors,
# terminals and YAML 1.2 tools mostly do not: written raw they end a line only for some readers.
_INVISIBLE_BREAKS = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}


def _text_problem(option: str, value: str) -> str | None:
    """Why a command-line text cannot go into an incident file, if it cannot."""
    for char, name in _INVISIBLE_BREAKS.items():
        if char in value:
            return (f"{option} contains U+{ord(char):04X} ({name}), an invisible line break that YAML, editors "
                    "and browsers each read differently (it usually comes from copy and paste); replace it with "
                    "an ordinary line break or a space and run the command again")
    problem = bad_character(value)
    return f"{option} {problem}" if problem else None


# --- Writing values -------------------------------------------------------------------------------

# libyaml, as the validator uses: it also accepts what PyYAML's own scanner refuses ("at:<tab>value").
_Loader = LOADER


class _FactsLoader(_Loader):
    """PyYAML's reading, as the validator does it: times stay text, so comparisons are exact."""


_FactsLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
_UNREADABLE = object()


def _facts(text: str, loader=_FactsLoader):
    try:
        return yaml.load(text, Loader=loader)
    except Exception:  # noqa: BLE001 - any failure just means "not what we meant to write"
        return _UNREADABLE


def _loads_as(text: str, value) -> bool:
    """Whether YAML text loads back as `value` under PyYAML's YAML 1.1 rules (times as datetimes)."""
    loaded = _facts(text, _Loader)
    return loaded is not _UNREADABLE and type(loaded) is type(value) and loaded == value


def _scalar(value: str) -> str:
    """`value` on one line: plain when it reads back as the same text, else quoted.

    Checked by loading rather than by rule, because YAML 1.1 reinterprets more
    than anyone remembers: 10:45 is the number 645, yes and On are booleans.
    """
    single = "'" + value.replace("'", "''") + "'"
    for text in (value, single):
        if "\n" not in text and "\r" not in text and _loads_as(f"k: {text}\n", {"k": value}):
            return text
    return _double_quoted(value)


def _double_quoted(value: str) -> str:
    # PyYAML escapes whatever a double-quoted scalar cannot hold raw (line breaks, controls).
    return yaml.dump(value, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True,
                     width=sys.maxsize).rstrip("\n")


def _message(value: str, indent: int) -> tuple[str, list[str], str]:
    """(what follows `message:`, the lines under it, the text it loads as).

    A literal block keeps the author's line breaks readable; text a block cannot
    hold exactly (a first line starting with spaces, a lone carriage return)
    is double-quoted instead, and so is text whose last line is blank space,
    which the next update's lines would otherwise seem to follow.
    """
    text = value.strip("\n").replace("\r\n", "\n") + "\n"
    pad = " " * indent
    block = [pad + line if line else "" for line in text[:-1].split("\n")]
    if block[-1].strip() and _loads_as("k: |\n" + "\n".join(block) + "\n", {"k": text}):
        return "|", block, text
    return _double_quoted(text), [], text


@dataclass(frozen=True)
class _Style:
    """How the author writes list items, read off the updates list."""

    first: str  # the text before an item's first key: "  - ", "- ", "-   ", or indentation below a lone dash
    dash_line: str | None  # "  -" when the dash stands on its own line above the keys
    keys: int  # the column of an item's keys
    text: int  # how much deeper than its key a block message's text sits


_NEW_FILE_STYLE = _Style("  - ", None, 4, 2)


def _value_lines(field: spec.Field, value, indent: int, text_indent: int) -> tuple[str, list[str], object]:
    """(what follows `name:`, the lines under it, what they load as) for one field of the spec.

    indent: the column of the field's key; text_indent: how much deeper block text sits.
    """
    if field.type == spec.MARKDOWN:
        return _message(value, indent + text_indent)
    if field.type == spec.TIME:
        return value, [], value  # iso_z text: a plain YAML timestamp, unquoted like an author's
    if field.type == spec.BOOL:
        return ("true" if value else "false"), [], bool(value)
    if field.type in (spec.TEXT, spec.CHOICE):
        return _scalar(str(value)), [], str(value)
    pad = " " * (indent + 2)
    if field.type in (spec.IMPACTS, spec.IMPACT_CHANGES):
        if not value:
            return "{}", [], {}  # a notice: no component
        return "", [f"{pad}{_scalar(cid)}: {_scalar(str(impact))}" for cid, impact in value.items()], \
            {cid: str(impact) for cid, impact in value.items()}
    if field.type == spec.WINDOW:
        lines, facts = _fields_lines(spec.WINDOW_FIELDS, value, indent + 2)
        return "", lines, facts
    if field.type == spec.UPDATES:
        lines, facts = [], []
        for update in value:
            item, loaded = _item(_NEW_FILE_STYLE, **update)
            lines += item
            facts.append(loaded)
        return "", lines, facts
    if field.type == spec.ANYTHING:  # what statusgen itself puts there: notes as text blocks
        lines, facts = [], {}
        for key, text in value.items():
            head, block, loaded = _message(text, indent + 4)
            lines += [f"{pad}{key}: {head}", *block]
            facts[key] = loaded
        return "", lines, facts
    raise AssertionError(f"statusgen does not write {field.type} fields")


def _fields_lines(fields: tuple[spec.Field, ...], values: dict, indent: int, first: str | None = None,
                  text_indent: int = 2) -> tuple[list[str], dict]:
    """The given values as YAML lines, in the spec's order of fields, and what they load as.

    first: the text before the first key (a list item's "  - ") instead of indentation.
    """
    lines, facts = [], {}
    for entry in fields:
        if entry.name not in values:
            continue
        head, block, loaded = _value_lines(entry, values[entry.name], indent, text_indent)
        lead = first if first is not None and not lines else " " * indent
        lines += [f"{lead}{entry.name}:{' ' + head if head else ''}", *block]
        facts[entry.name] = loaded
    return lines, facts


def _item(style: _Style, at: str, status: str, message: str, components: dict | None = None) \
        -> tuple[list[str], dict]:
    """An update's lines in `style`, and the value they load as."""
    lines = [style.dash_line] if style.dash_line is not None else []
    values = {"at": at, "status": status, "message": message}
    if components:
        values["components"] = components
    item, facts = _fields_lines(spec.UPDATE_FIELDS, values, style.keys, first=style.first, text_indent=style.text)
    return lines + item, facts


# --- Reading the author's layout ------------------------------------------------------------------
def _updates_node(front: str, shown: str, first_line: int) -> tuple[Node, int]:
    """(the updates list's node, its key's file line)."""
    try:
        root = layout(front)
    except (yaml.YAMLError, RecursionError) as exc:  # the validator accepted it, so unexpected; never a traceback
        raise UserError([Diagnostic(shown, None, f"cannot edit this front matter: {exc}")]) from None
    for key, value in root.items if root is not None and root.kind == "map" else ():
        if key.kind == "scalar" and key.value == "updates":
            return value, first_line + line_of(front, key.start)
    raise UserError([Diagnostic(shown, None, "has no updates list to add to")])


def _style(front: str, updates: Node) -> _Style:
    """The author's item style, read off the last item (the one most likely copied from)."""
    start = updates.items[-1].start
    line_start = front.rfind("\n", 0, start) + 1
    before = front[line_start:start]
    text = _text_indent(front, updates)
    if re.fullmatch(r"[ \t]*-[ \t]+", before):  # "  - at:", "-   at:", "-\tat:"
        return _Style(before, None, len(before), text)
    if not before.strip() and line_start > 0:  # "-" alone, keys on the lines below
        above = front[front.rfind("\n", 0, line_start - 1) + 1:line_start - 1]
        if re.fullmatch(r" *-[ \t]*", above):
            return _Style(before, above.rstrip(), len(before), text)
    dash = column(front, updates.start)  # anything odder: the usual "- " at the list's first dash
    return _Style(" " * dash + "- ", None, dash + 2, text)


def _text_indent(front: str, updates: Node) -> int:
    """How far the author indents a block message's text past its key; 2 if they never wrote one."""
    for item in reversed(updates.items):
        for key, value in item.items if item.kind == "map" and not item.flow else ():
            if key.value == "message" and value.kind == "scalar" and value.style in ("|", ">"):
                first = re.compile(r"[^\n]*\n(?:[ \t]*\n)*( *)\S").match(front, value.start)
                key_column = column(front, key.start)
                if first and len(first.group(1)) > key_column:
                    return len(first.group(1)) - key_column
    return 2


def _end_line(front: str, updates: Node) -> int:
    """The front-matter line the new item goes before: right after the last item's last value.

    Comments and blank lines after it stay after the new item, with whatever
    they introduce (usually the next field).
    """
    leaf = updates.items[-1]
    while leaf.kind in ("map", "seq") and not leaf.flow and leaf.items:
        leaf = leaf.items[-1][1] if leaf.kind == "map" else leaf.items[-1]
    end = leaf.end
    if leaf.kind == "scalar" and leaf.style in ("|", ">") and leaf.value.endswith("\n\n"):
        # A kept block ("|+") owns the blank lines after it: go past them, or its text would lose
        # them. (A blank last line of the front matter is not one: it has no line break inside it.)
        return line_of(front, end)
    while end > leaf.start and front[end - 1] in " \t\r\n":
        end -= 1  # a block scalar's marks run past its trailing line breaks
    return line_of(front, max(end - 1, 0)) + 1


def _insert_update(original: str, front: str, updates: Node, style_lines: list[str]) -> str:
    """`original` with `style_lines` inserted after the updates list, in the file's line endings."""
    lines = original.split("\n")  # the file's own lines: CRLF keeps its \r, the BOM stays on line 0
    at = 1 + _end_line(front, updates)  # front matter starts on the file's second line
    eol = "\r" if lines[at - 1].endswith("\r") else ""
    return "\n".join(lines[:at] + [line + eol for line in style_lines] + lines[at:])


# --- Loading and checking -------------------------------------------------------------------------

def find_file(config: Config, incident_id: str) -> Path:
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


def _load(config: Config, path: Path) -> tuple[Incident, bytes, str]:
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


def _loose(value):
    """Facts with the line breaks around every text ignored: a block scalar that ends the front
    matter gains one when a line is added below it, which changes nothing anyone reads."""
    if isinstance(value, str):
        return value.strip("\n")
    if isinstance(value, dict):
        return {k: _loose(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_loose(v) for v in value]
    return value


def _check_only_added(shown: str, line: int, front: str, text: str, new_item: dict) -> None:
    """Refuse unless `text`'s front matter loads as `front`'s plus exactly `new_item`.

    The insertion is placed by reading the layout; this proves it, so an
    unforeseen layout is refused instead of quietly changing another value.
    """
    source, _ = split_source(text, Path(), shown)
    before = _as_published(_facts(front))
    after = _as_published(_facts(source.front_matter) if source else _UNREADABLE)
    if isinstance(before, dict) and isinstance(before.get("updates"), list):
        expected = {**before, "updates": [*before["updates"], _as_published({"updates": [new_item]})["updates"][0]]}
        if after == expected or (after is not _UNREADABLE and repr(after) == repr(expected)):  # repr: NaN
            return
    raise UserError([_layout_refused(shown, line)])


def _layout_refused(shown: str, line: int) -> Diagnostic:
    return Diagnostic(shown, line, "statusgen cannot add an update to this layout of the updates list without "
                                   "changing other values; nothing was written. Add it by hand: copy the last "
                                   "update, then change at, status and message")


def _check_written(config: Config, path: Path, text: str, now: datetime) -> list[Diagnostic]:
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


# --- The commands ---------------------------------------------------------------------------------

def default_folder(config: Config, now: datetime) -> Path:
    """incidents/<year>/ when the project files incidents by year, else incidents/."""
    root = config.incidents_dir
    if root.is_dir() and any(p.is_dir() and re.fullmatch(r"\d{4}", p.name) for p in root.iterdir()):
        return root / f"{now:%Y}"
    return root


def _new_problems(config: Config, shown: str, *, title: str, components: dict[str, str], severity: str | None,
                  maintenance: bool, start: datetime | None, end: datetime | None,
                  message: str | None, notice: bool = False) -> list[Diagnostic]:
    problems = []
    if not title.strip():
        problems.append(Diagnostic(shown, None, "--title must not be empty"))
    elif "\n" in title.strip() or "\r" in title:
        problems.append(Diagnostic(shown, None, "--title must be a single line"))
    for option, value in (("--title", title), ("--message", message or "")):
        problem = _text_problem(option, value)
        if problem:
            problems.append(Diagnostic(shown, None, problem))
    allowed = IMPACTS if maintenance else INCIDENT_IMPACTS
    known = [c.id for c in config.components]
    if notice and components:
        problems.append(Diagnostic(shown, None, "a --notice names no component; leave out -c, or leave out --notice"))
    if notice and not (message or "").strip():
        problems.append(Diagnostic(shown, None, "a --notice needs its words: -m \"...\" (there is no standard "
                                                "wording for one)"))
    elif not components and not notice:
        problems.append(Diagnostic(shown, None, "name at least one affected component with -c ID=IMPACT, e.g. "
                                                f"-c {known[0] if known else 'api'}="
                                                f"{'under_maintenance' if maintenance else 'partial_outage'}, or "
                                                "pass --notice for a notice that affects no component"))
    problems += _impact_problems(config, shown, components, allowed)
    if maintenance:
        if severity:
            problems.append(Diagnostic(shown, None, "--severity applies to incidents only"))
        if start is None or end is None:
            problems.append(Diagnostic(shown, None, "maintenance needs --start and --end (the window)"))
        elif end <= start:
            problems.append(Diagnostic(shown, None, "--end must be after --start"))
    else:
        choices = [s.id for s in config.severities]
        if severity is None:
            problems.append(Diagnostic(shown, None, f"--severity is required for an incident; one of "
                                                    f"{', '.join(choices)}"))
        elif severity not in choices:
            problems.append(Diagnostic(shown, None, f'--severity "{severity}" is not configured'
                                                    f"{did_you_mean(severity or '', choices)}; use one of "
                                                    f"{', '.join(choices)}"))
    return problems


def _new_front_matter(config: Config, *, title: str, components: dict[str, str], now: datetime,
                      severity: str | None, maintenance: bool, start: datetime | None, end: datetime | None,
                      message: str | None, draft: bool) -> tuple[list[str], dict]:
    """A new file's front-matter lines, and the value they must load as."""
    values: dict = {"title": title.strip(), "components": components}
    if maintenance:
        values["type"] = MAINTENANCE
        values["window"] = {"start": iso_z(start), "end": iso_z(end)}
        text = message or wording.scheduled(config, components, start, end)
        status = Status.SCHEDULED if now < start else Status.IN_PROGRESS
    else:
        values["severity"] = severity
        values["started"] = iso_z(now)
        text = message or wording.investigating(config, components, severity)
        status = Status.INVESTIGATING
    values["updates"] = [{"at": iso_z(now), "status": status, "message": text}]
    if draft:
        values["draft"] = True
    values["internal"] = {"notes": "Never published: contacts, chat links, hypotheses."}
    return _fields_lines(spec.FIELDS, values, 0)


def create(config: Config, *, title: str, components: dict[str, str], now: datetime, severity: str | None = None,
           maintenance: bool = False, start: datetime | None = None, end: datetime | None = None,
           message: str | None = None, draft: bool = False, incident_id: str | None = None,
           notice: bool = False) -> tuple[Path, list]:
    shown = "statusgen new"
    problems = _new_problems(config, shown, title=title, components=components, severity=severity,
                             maintenance=maintenance, start=start, end=end, message=message, notice=notice)
    incident_id = incident_id or f"{now:%Y-%m-%d}-{suggest_id(title)[:60].strip('-')}"
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", incident_id):
        problems.append(Diagnostic(shown, None, f'--id "{incident_id}" must be lowercase letters, digits and hyphens'))
    existing = {p.stem: p for p in discover(config.incidents_dir)}
    if incident_id in existing:
        problems.append(Diagnostic(shown, None, f'an incident with id "{incident_id}" already exists at '
                                                f"{shown_path(existing[incident_id], config.base_dir)}; "
                                                "pass --id to choose another"))
    if problems:
        raise UserError(problems)

    lines, facts = _new_front_matter(config, title=title, components=components, now=now, severity=severity,
                                     maintenance=maintenance, start=start, end=end, message=message, draft=draft)
    front = "\n".join(lines) + "\n"
    if _facts(front) != facts:  # the quoting rules missed a case: never write something else than was asked
        raise UserError([Diagnostic(shown, None, "cannot write these values so that they read back unchanged; "
                                                 "nothing was written. Simplify --title or --message")])
    content = "---\n" + front + "---\n"
    folder = default_folder(config, now)
    path = folder / f"{incident_id}.md"
    warnings = _check_written(config, path, content, now)
    shown_file = shown_path(path, config.base_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise unwritable(shown_file, exc) from None
    with locked(folder, shown_path(folder, config.base_dir)):
        write_atomic(path, content, shown_file, expected=None)
    return path, warnings


def add_update(config: Config, incident_id: str, status: str, message: str, now: datetime,
               components: dict[str, str] | None = None) -> tuple[Path, list]:
    """Append an update; `components` changes those components' impact from now on (operational: over)."""
    path = find_file(config, incident_id)
    with locked(path.parent, shown_path(path.parent, config.base_dir)):
        return _append_update(config, path, status, message, now, components or {})


def _append_update(config: Config, path: Path, status: str, message: str, now: datetime,
                   components: dict[str, str] | None = None) -> tuple[Path, list]:
    """Add an update to `path`; the caller holds the folder's lock."""
    incident, raw, original = _load(config, path)
    shown = shown_path(path, config.base_dir)
    allowed = STATUSES[incident.kind]
    if status not in allowed:
        raise UserError([Diagnostic(shown, None, f'"{status}" is not a status for {"an" if incident.kind == INCIDENT else "a"} {incident.kind}'
                                                 f"{did_you_mean(status, allowed)}; use one of {', '.join(allowed)}")])
    if not can_follow(incident.status, status, incident.kind):
        why = (f"it is already closed. A root-cause write-up or a later note is its post-incident report: "
               f'statusgen postmortem {incident.id} -m "..." (or without -m for the report skeleton); if the '
               "problem came back, open a new incident file" if incident.status in TERMINAL
               else "a maintenance that has begun cannot go back to scheduled")
        raise UserError([Diagnostic(shown, incident.updates[-1].line,
                                    f'"{status}" cannot follow "{incident.status}": {why}')])
    if now < incident.updated_at:
        raise UserError([Diagnostic(shown, incident.updates[-1].line,
                                    f"the last update is stamped {iso_z(incident.updated_at)}, after now "
                                    f"({iso_z(now)}); if someone just posted it, run the command again; otherwise "
                                    "check the clock or that update's time")])
    if not message.strip():
        raise UserError([Diagnostic(shown, None, "--message must not be empty")])
    problem = _text_problem("--message", message)
    if problem:
        raise UserError([Diagnostic(shown, None, problem)])

    source, _ = split_source(original, path, shown)
    if source is None:  # valid when validated a moment later: it was being saved
        raise changed_meanwhile(shown)
    front = source.front_matter
    updates, line = _updates_node(front, shown, source.front_matter_line)
    if updates.kind == "seq" and updates.flow:
        raise UserError([Diagnostic(shown, line, "updates is written as a flow list ([...]); statusgen adds to a "
                                                 "list written one update per line (\"- at: ...\"): rewrite it that "
                                                 "way, or add the update by hand")])
    if updates.kind != "seq" or not updates.items:  # e.g. an alias to a list written elsewhere
        raise UserError([_layout_refused(shown, line)])
    _check_changes(config, shown, incident, components or {})
    lines, new_item = _item(_style(front, updates), iso_z(now), status, message, components or {})
    text = _insert_update(original, front, updates, lines)
    _check_only_added(shown, line, front, text, new_item)
    warnings = _check_written(config, path, text, now)
    write_atomic(path, text, shown, expected=raw)
    return path, warnings


def _impact_problems(config: Config, shown: str, components: dict[str, str], allowed) -> list[Diagnostic]:
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


def _check_changes(config: Config, shown: str, incident: Incident, components: dict[str, str]) -> None:
    """-c ID=IMPACT for an update: the impacts this type of file takes, or operational (no longer affected)."""
    problems = _impact_problems(config, shown, components, [*Impact.of(incident.kind), Impact.OPERATIONAL])
    if problems:
        raise UserError(problems)


def resolve(config: Config, incident_id: str, message: str | None, now: datetime) -> tuple[Path, list]:
    path = find_file(config, incident_id)
    with locked(path.parent, shown_path(path.parent, config.base_dir)):
        incident, _, _ = _load(config, path)  # under the lock: the default wording describes the file as it is
        if incident.is_maintenance:
            status = Status.COMPLETED
            text = message or wording.maintenance_completed(config, incident)
        else:
            status = Status.RESOLVED
            text = message or wording.resolved(config, incident)
        return _append_update(config, path, status, text, now)


def add_postmortem(config: Config, incident_id: str, now: datetime, message: str | None = None) -> tuple[Path, list]:
    """The post-incident report, published now: `message` (a root-cause write-up or a later note posted after
    the resolving update), or else the report skeleton, its timeline filled from the updates."""
    if message is not None:
        problem = "--message must not be empty" if not message.strip() else _text_problem("--message", message)
        if problem:
            raise UserError([Diagnostic("statusgen postmortem", None, problem)])
    path = find_file(config, incident_id)
    with locked(path.parent, shown_path(path.parent, config.base_dir)):
        incident, raw, original = _load(config, path)
        shown = shown_path(path, config.base_dir)
        if incident.has_report:
            raise UserError([Diagnostic(shown, None, "already has a post-incident report (the text after the "
                                                     "front matter); edit it there")])
        if not incident.is_closed:
            raise UserError([Diagnostic(shown, None, "is still open; resolve it first (statusgen resolve "
                                                     f"{incident_id}), then add the report")])
        front_matter = (split_source(original, path, shown)[0] or _NO_SOURCE).front_matter
        if "report_published" in front_matter:
            raise UserError([Diagnostic(shown, incident.meta_lines.get("report_published"), "report_published is "
                                        "set but there is no report; remove that line or write the report")])
        before = _facts(front_matter)
        text = _append_body(original, message if message is not None else wording.postmortem(config, incident))
        # Published when the skeleton is written; set it to when the report really goes out.
        stamp = iso_z(now)
        text = _append_front_matter_line(text, f"report_published: {stamp}")
        if isinstance(before, dict) and "action_items" not in before and message is None:
            for line in action_items_hint(now):
                text = _append_front_matter_line(text, line)
        after_source = split_source(text, path, shown)[0]
        after = _facts(after_source.front_matter) if after_source else _UNREADABLE
        if not isinstance(before, dict) or _loose(after) != _loose({**before, "report_published": stamp}):
            raise UserError([_layout_refused(shown, None)])
        warnings = _check_written(config, path, text, now)
        write_atomic(path, text, shown, expected=raw)
    return path, warnings


def action_items_hint(now: datetime) -> tuple[str, ...]:
    """The commented-out action_items block a new report's front matter gets: a report names what
    will change, and the team tracks it here (it is read only once someone takes the comment out)."""
    due = (now + timedelta(days=30)).date().isoformat()
    return (
        "# The report's action items, for the team only (never published): statusgen report tracks them",
        "# and validation warns when one is overdue. Remove the '# ' below, one item per action:",
        "# action_items:",
        "#   - action: What will be done so it does not happen again",
        "#     owner: Who sees it through",
        f"#     due: {due}",
        "#     status: open",
    )


class _NO_SOURCE:
    front_matter = ""


def _append_front_matter_line(original: str, line: str) -> str:
    """`original` with one more top-level line at the end of its front matter, in the file's line endings."""
    eol = "\r\n" if "\r\n" in original else "\n"
    lines = original.split(eol)
    closing = next(i for i in range(1, len(lines)) if re.match(r"^(?:---|\.\.\.)[ \t]*$", lines[i]))
    return eol.join(lines[:closing] + [line] + lines[closing:])


def _append_body(original: str, body: str) -> str:
    """`original` with `body` added at the end after a blank line, in the file's line endings."""
    eol = "\r\n" if "\r\n" in original else "\n"
    text = original if original.endswith("\n") else original + eol
    blank_before = not text[:-1].rsplit("\n", 1)[-1].strip()
    body = body.strip("\n").replace("\r\n", "\n").replace("\n", eol) + eol
    return text + ("" if blank_before else eol) + body
