"""Creating and editing incident files for authors.

Edits go through ruamel.yaml's round-trip mode so the author's comments, key
order, quoting and indentation survive; only the lines that change differ.
Every edit is checked against the same validator as a build before it is
written, and written atomically, so a failed command leaves the file as it was.
"""
from __future__ import annotations

import io
import os
import re
import tempfile
from datetime import datetime
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from . import wording
from .config import Config
from .diagnostics import ERROR, Diagnostic, UserError, did_you_mean
from .model import (INCIDENT, INCIDENT_IMPACTS, IMPACTS, MAINTENANCE, STATUSES, TERMINAL, Incident,
                    can_follow)
from .reader import discover, read_source, shown_path, split_source, suggest_id
from .timeutil import iso_z
from .validate import parse_incident, policy_warnings


class _Stamp(str):
    """A time written as a plain YAML timestamp (2026-03-04T09:12:00Z), unquoted like an author's."""


def _yaml(front_matter: str = "") -> YAML:
    yaml = YAML(typ="rt")
    yaml.representer.add_representer(
        _Stamp, lambda rep, value: rep.represent_scalar("tag:yaml.org,2002:timestamp", str(value)))
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap an author's long lines
    # Follow the author's list style ("  - at:", "- at:", "-   at:"), read off the updates list.
    offset, sequence = 2, 4
    match = re.search(r"^([ \t]*)updates:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*([ \t]*)-([ \t]+)\S",
                      front_matter, re.M)
    if match:
        offset = max(0, len(match.group(2)) - len(match.group(1)))
        sequence = offset + 1 + len(match.group(3))
    yaml.indent(mapping=2, sequence=max(sequence, offset + 2), offset=offset)
    return yaml


def _block(text: str) -> LiteralScalarString:
    text = text.strip("\n").replace("\r\n", "\n")
    return LiteralScalarString(text + "\n")


def _time(moment: datetime) -> _Stamp:
    return _Stamp(iso_z(moment))


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


def _load(config: Config, path: Path, now: datetime) -> tuple[Incident, str, str]:
    """The file's incident, its front matter text and the text after it; refuse an invalid file."""
    source, problems = read_source(path, config.base_dir)
    parsed = parse_incident(source, config) if source else None
    if parsed:
        problems += parsed.problems
    errors = [p for p in problems if p.level == ERROR]
    if errors or not parsed or parsed.incident is None:
        raise UserError(errors or [Diagnostic(shown_path(path, config.base_dir), None, "cannot be read")])
    text = path.read_bytes().decode("utf-8")  # not read_text: it would turn CRLF into LF
    return parsed.incident, source.front_matter, text


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        # mkstemp makes 0600 files; keep the edited file's mode, or the usual one for a new file.
        if path.exists():
            mode = path.stat().st_mode & 0o7777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _like_original(original: str, text: str) -> str:
    """`text` (LF, no BOM) with the original file's line endings and byte-order mark."""
    if "\r\n" in original:
        text = text.replace("\n", "\r\n")
    return ("\ufeff" + text) if original.startswith("\ufeff") else text


def _replace_front_matter(original: str, new_front: str) -> str:
    text = original.replace("\r\n", "\n").removeprefix("\ufeff")
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if re.match(r"^(?:---|\.\.\.)[ \t]*$", lines[i]))
    return _like_original(original, "---\n" + new_front.rstrip("\n") + "\n" + "\n".join(lines[end:]))


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
    return policy_warnings(parsed.incident, config, now)


def default_folder(config: Config, now: datetime) -> Path:
    """incidents/<year>/ when the project files incidents by year, else incidents/."""
    root = config.incidents_dir
    if root.is_dir() and any(p.is_dir() and re.fullmatch(r"\d{4}", p.name) for p in root.iterdir()):
        return root / f"{now:%Y}"
    return root


def create(config: Config, *, title: str, components: dict[str, str], now: datetime, severity: str | None = None,
           maintenance: bool = False, start: datetime | None = None, end: datetime | None = None,
           message: str | None = None, draft: bool = False, incident_id: str | None = None) -> tuple[Path, list]:
    problems = []
    shown = "statusgen new"
    kind = MAINTENANCE if maintenance else INCIDENT
    if not title.strip():
        problems.append(Diagnostic(shown, None, "--title must not be empty"))
    allowed = IMPACTS if maintenance else INCIDENT_IMPACTS
    known = [c.id for c in config.components]
    if not components:
        problems.append(Diagnostic(shown, None, "name at least one affected component with -c ID=IMPACT, e.g. "
                                                f"-c {known[0] if known else 'api'}="
                                                f"{'under_maintenance' if maintenance else 'partial_outage'}"))
    for cid, impact in components.items():
        if cid not in known:
            problems.append(Diagnostic(shown, None, f'unknown component "{cid}"{did_you_mean(cid, known)}; '
                                                    f"configured: {', '.join(known)}"))
        if impact not in allowed:
            problems.append(Diagnostic(shown, None, f'"{impact}" is not an impact for {cid}'
                                                    f"{did_you_mean(impact, allowed)}; use one of {', '.join(allowed)}"))
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

    data = CommentedMap()
    data["title"] = title.strip()
    if maintenance:
        data["type"] = MAINTENANCE
    else:
        data["severity"] = severity
    data["components"] = CommentedMap(components)
    if maintenance:
        data["window"] = CommentedMap([("start", _time(start)), ("end", _time(end))])
        text = message or wording.scheduled(config, components, start, end)
        status = "scheduled" if now < start else "in_progress"
    else:
        data["started"] = _time(now)
        text = message or wording.investigating(config, components, severity)
        status = "investigating"
    data["updates"] = [CommentedMap([("at", _time(now)), ("status", status), ("message", _block(text))])]
    if draft:
        data["draft"] = True
    data["internal"] = CommentedMap([("notes", _block("Never published: contacts, chat links, hypotheses."))])
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    content = "---\n" + buffer.getvalue() + "---\n"
    path = default_folder(config, now) / f"{incident_id}.md"
    warnings = _check_written(config, path, content, now)
    _write_atomic(path, content)
    return path, warnings


def add_update(config: Config, incident_id: str, status: str, message: str, now: datetime) -> tuple[Path, list]:
    path = find_file(config, incident_id)
    incident, front, original = _load(config, path, now)
    shown = shown_path(path, config.base_dir)
    allowed = STATUSES[incident.kind]
    if status not in allowed:
        raise UserError([Diagnostic(shown, None, f'"{status}" is not a status for {"an" if incident.kind == INCIDENT else "a"} {incident.kind}'
                                                 f"{did_you_mean(status, allowed)}; use one of {', '.join(allowed)}")])
    if not can_follow(incident.status, status, incident.kind):
        why = ("it is already closed; open a new incident file instead" if incident.status in TERMINAL
               else "a maintenance that has begun cannot go back to scheduled")
        raise UserError([Diagnostic(shown, incident.updates[-1].line,
                                    f'"{status}" cannot follow "{incident.status}": {why}')])
    if now < incident.updated_at:
        raise UserError([Diagnostic(shown, incident.updates[-1].line,
                                    f"the last update is stamped {iso_z(incident.updated_at)}, after now "
                                    f"({iso_z(now)}); check the clock or that update's time")])
    if not message.strip():
        raise UserError([Diagnostic(shown, None, "--message must not be empty")])
    yaml = _yaml(front)
    try:
        data = yaml.load(front + "\n")
    except YAMLError as exc:  # the validator accepted it, so this is unexpected but must not crash
        raise UserError([Diagnostic(shown, None, f"cannot edit this front matter: {exc}")]) from None
    data["updates"].append(CommentedMap([("at", _time(now)), ("status", status), ("message", _block(message))]))
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    content = _replace_front_matter(original, buffer.getvalue())
    warnings = _check_written(config, path, content, now)
    _write_atomic(path, content)
    return path, warnings


def resolve(config: Config, incident_id: str, message: str | None, now: datetime) -> tuple[Path, list]:
    path = find_file(config, incident_id)
    incident, _, _ = _load(config, path, now)
    if incident.is_maintenance:
        status = "completed"
        text = message or wording.maintenance_completed(config, incident)
    else:
        status = "resolved"
        text = message or wording.resolved(config, incident)
    return add_update(config, incident_id, status, text, now)


def add_postmortem(config: Config, incident_id: str, now: datetime) -> tuple[Path, list]:
    path = find_file(config, incident_id)
    incident, _, original = _load(config, path, now)
    shown = shown_path(path, config.base_dir)
    if incident.has_report:
        raise UserError([Diagnostic(shown, None, "already has a post-incident report (the text after the front "
                                                 "matter); edit it there")])
    if not incident.is_closed:
        raise UserError([Diagnostic(shown, None, "is still open; resolve it first (statusgen resolve "
                                                 f"{incident_id}), then add the report")])
    body = wording.postmortem(config, incident)
    plain = original.replace("\r\n", "\n").removeprefix("\ufeff")
    text = _like_original(original, plain.rstrip("\n") + "\n\n" + body)
    warnings = _check_written(config, path, text, now)
    _write_atomic(path, text)
    return path, warnings
