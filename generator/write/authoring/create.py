"""`statusgen new`: a new incident or maintenance file."""
from __future__ import annotations

import re
from datetime import datetime
from functools import partial
from pathlib import Path

from ...core.diagnostics import Diagnostic, UserError, did_you_mean
from ...core.model import IMPACTS, INCIDENT_IMPACTS, MAINTENANCE, Status
from ...core.timeutil import iso_z
from ...read import spec
from ...read.config import Config
from ...read.reader import discover, shown_path, suggest_id
from .. import wording
from ..safely import locked, unwritable, write_atomic
from . import checks
from .checks import impact_problems, text_problem
from .yamlvalues import facts_of, fields_lines

def default_folder(config: Config, now: datetime) -> Path:
    """incidents/<year>/ when the project files incidents by year, else incidents/."""
    root = config.incidents_dir
    if root.is_dir() and any(p.is_dir() and re.fullmatch(r"\d{4}", p.name) for p in root.iterdir()):
        return root / f"{now:%Y}"
    return root


def _new_problems(config: Config, shown: str, *, title: str, components: dict[str, str], severity: str | None,
                  maintenance: bool, start: datetime | None, end: datetime | None,
                  message: str | None, notice: bool = False, security: bool = False) -> list[Diagnostic]:
    problems = []
    if not title.strip():
        problems.append(Diagnostic(shown, None, "--title must not be empty"))
    elif "\n" in title.strip() or "\r" in title:
        problems.append(Diagnostic(shown, None, "--title must be a single line"))
    for option, value in (("--title", title), ("--message", message or "")):
        problem = text_problem(option, value)
        if problem:
            problems.append(Diagnostic(shown, None, problem))
    allowed = IMPACTS if maintenance else INCIDENT_IMPACTS
    known = [c.id for c in config.components]
    if notice and components:
        problems.append(Diagnostic(shown, None, "a --notice names no component; leave out -c, or leave out --notice"))
    if notice and not security and not (message or "").strip():
        problems.append(Diagnostic(shown, None, "a --notice needs its words: -m \"...\" (there is no standard "
                                                "wording for one)"))
    elif not components and not notice and not security:
        problems.append(Diagnostic(shown, None, "name at least one affected component with -c ID=IMPACT, e.g. "
                                                f"-c {known[0] if known else 'api'}="
                                                f"{'under_maintenance' if maintenance else 'partial_outage'}, or "
                                                "pass --notice for a notice that affects no component"))
    problems += impact_problems(config, shown, components, allowed)
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


def _time_problems(shown: str, times: dict[str, datetime], now: datetime, maintenance: bool) -> list[Diagnostic]:
    """started, detected and acknowledged against each other and the first update (now), by the validator's
    rules, in the words of the options that gave them."""
    if maintenance:
        return [Diagnostic(shown, None, f"--{name} applies to incidents only (a maintenance has its window)")
                for name in times]
    problems = []
    started, detected, acknowledged = (times.get(name) for name in ("started", "detected", "acknowledged"))
    for name, moment in times.items():
        if moment > now:
            problems.append(Diagnostic(shown, None, f"--{name} ({_show(moment)}) is after now ({_show(now)}), when "
                                                    "the first update is stamped; give a time in the past"))
    if started and detected and detected < started:
        problems.append(Diagnostic(shown, None, f"--detected ({_show(detected)}) is before --started "
                                                f"({_show(started)}); a problem cannot be noticed before it began"))
    if detected and acknowledged and acknowledged < detected:
        problems.append(Diagnostic(shown, None, f"--acknowledged ({_show(acknowledged)}) is before --detected "
                                                f"({_show(detected)}); nobody can take on a problem before it is "
                                                "noticed"))
    return problems


def _extra_problems(shown: str, security, internal, maintenance: bool) -> list[Diagnostic]:
    problems = []
    if security is not None and security is not True and security is not False:
        if not isinstance(security, dict) or not security or set(security) - set(spec.names(spec.SECURITY_FIELDS)) \
                or not all(isinstance(v, str) and v.strip() for v in security.values()):
            problems.append(Diagnostic(shown, None, "security: give true, or {data: ..., actions: ...} with "
                                                    "non-empty text"))
        else:
            for key, text in security.items():
                problem = text_problem(f"security {key}", text)
                if problem:
                    problems.append(Diagnostic(shown, None, problem))
    if security and maintenance:
        problems.append(Diagnostic(shown, None, "--security applies to incidents only"))
    if internal is not None and not isinstance(internal, dict):
        problems.append(Diagnostic(shown, None, "internal: must be a mapping"))
    return problems


def _show(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _new_front_matter(config: Config, *, title: str, components: dict[str, str], now: datetime,
                      severity: str | None, maintenance: bool, start: datetime | None, end: datetime | None,
                      message: str | None, draft: bool, times: dict[str, datetime], security, internal,
                      titles: dict[str, str], messages: dict[str, str]) -> tuple[list[str], dict]:
    """A new file's front-matter lines, and the value they must load as."""
    values: dict = {"title": title.strip(), "components": components}
    if titles:
        values["translations"] = {code: {"title": text.strip()} for code, text in titles.items()}
    if maintenance:
        values["type"] = MAINTENANCE
        values["window"] = {"start": iso_z(start), "end": iso_z(end)}
        default = partial(wording.scheduled, component_ids=components, start=start, end=end)
        status = Status.SCHEDULED if now < start else Status.IN_PROGRESS
    else:
        values["severity"] = severity
        # Impact began by the time anyone noticed it at the latest: without --started, the earliest time known.
        values["started"] = iso_z(times.get("started") or min([now, *times.values()]))
        values.update({name: iso_z(times[name]) for name in ("detected", "acknowledged") if name in times})
        if security:
            values["security"] = security
        maker = wording.security_investigating if security else wording.investigating
        default = partial(maker, component_ids=components, severity_id=severity)
        status = Status.INVESTIGATING
    text = message
    if not message:  # the default text, in the readers' other languages too
        text, messages = default(config), wording.in_readers_languages(config, default, messages)
    values["updates"] = [{"at": iso_z(now), "status": status, "message": text}]
    if messages:
        values["updates"][0]["translations"] = dict(messages)
    if draft:
        values["draft"] = True
    # A block of text: a placeholder the team writes under, as they would write notes.
    values["internal"] = internal if internal is not None else {
        "notes": "Never published: contacts, chat links, hypotheses.\n"}
    return fields_lines(spec.FIELDS, values, 0)


def create(config: Config, *, title: str, components: dict[str, str], now: datetime, severity: str | None = None,
           maintenance: bool = False, start: datetime | None = None, end: datetime | None = None,
           message: str | None = None, draft: bool = False, incident_id: str | None = None,
           notice: bool = False, started: datetime | None = None, detected: datetime | None = None,
           acknowledged: datetime | None = None, security: bool | dict | None = None,
           internal: dict | None = None, title_translations: dict[str, str] | None = None,
           message_translations: dict[str, str] | None = None) -> tuple[Path, list]:
    """Write a new incident or maintenance file, its first update stamped `now`; (its path, policy warnings).

    started, detected, acknowledged: an incident's times (started defaults to the earliest of them and now);
    security: True or {data, actions}; internal: plain data for the team, written as given (default: a
    placeholder for notes); title_translations, message_translations: language -> the title, the first
    update's message in it (docs/languages.md). Everything is checked as a build would check it before
    anything is written.
    """
    shown = "statusgen new"
    now = now.replace(microsecond=0)  # the file holds whole seconds: compare what it will say
    times = {name: moment.replace(microsecond=0) for name, moment in
             (("started", started), ("detected", detected), ("acknowledged", acknowledged)) if moment is not None}
    problems = _new_problems(config, shown, title=title, components=components, severity=severity,
                             maintenance=maintenance, start=start, end=end, message=message, notice=notice,
                             # A breach may take nothing down: with no -c it names no component, like a notice.
                             security=bool(security) and not maintenance)
    problems += _time_problems(shown, times, now, maintenance)
    problems += _extra_problems(shown, security, internal, maintenance)
    titles, messages = dict(title_translations or {}), dict(message_translations or {})
    problems += checks.translation_problems(config, shown, "--title-in", titles, one_line=True)
    problems += checks.translation_problems(config, shown, "--message-in", messages)
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

    try:
        lines, facts = _new_front_matter(config, title=title, components=components, now=now, severity=severity,
                                         maintenance=maintenance, start=start, end=end, message=message, draft=draft,
                                         times=times, security=security, internal=internal, titles=titles,
                                         messages=messages)
    except ValueError as exc:  # a value in `internal` that has no YAML form statusgen writes
        raise UserError([Diagnostic(shown, None, f"internal: {exc}; nothing was written")]) from None
    front = "\n".join(lines) + "\n"
    if facts_of(front) != facts:  # the quoting rules missed a case: never write something else than was asked
        raise UserError([Diagnostic(shown, None, "cannot write these values so that they read back unchanged; "
                                                 "nothing was written. Simplify --title or --message")])
    content = "---\n" + front + "---\n"
    folder = default_folder(config, now)
    path = folder / f"{incident_id}.md"
    warnings = checks.check_written(config, path, content, now)
    shown_file = shown_path(path, config.base_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise unwritable(shown_file, exc) from None
    with locked(folder, shown_path(folder, config.base_dir)):
        write_atomic(path, content, shown_file, expected=None)
    return path, warnings

