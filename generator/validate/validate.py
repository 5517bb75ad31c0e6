"""Turning one incident file into the model, reporting every problem found.

Structural problems are errors. Policy problems (late first update, missed
update cadence, missing post-incident report) are warnings, which `--strict`
turns into errors; they follow the severity scheme's targets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from ..read import spec
from ..read.config import Config
from ..core.diagnostics import ERROR, WARNING, Diagnostic, did_you_mean
from ..read.markdown_cost import MARKUP_BUDGET, MAX_NESTING, cost_bound, nesting, tangle
from ..core.model import (INCIDENT, INCIDENT_IMPACTS, IMPACTS, MAINTENANCE, OPERATIONAL, STATUSES, TERMINAL, TYPES,
                          ActionItem, ActionStatus, Incident, InternalFacts, Security, Update, can_follow)
from ..read.reader import SourceFile
from ..core.timeutil import TimeError, parse_time, type_name, utc_minute
from ..read.yamlsource import YamlError, load_located
from .characters import bad_character, bad_characters, blank_bad_characters
from .placeholders import describe, unfilled
from .origin import check_source
from .translations import check_translations

FIELDS = spec.names(spec.FIELDS)
UPDATE_FIELDS = spec.names(spec.UPDATE_FIELDS)

# An incident page lists every update; beyond this it is a log, not a status
# update, and its page would grow without bound (50,000 updates: a 15 MB page).
MAX_UPDATES = 1_000
# Markdown converts at very different speeds depending on what it is fed;
# these sizes keep the slowest input that passes to seconds per file.
MAX_MESSAGE = 10_000  # characters in one update message
MAX_MARKDOWN = 100_000  # characters of Markdown per file: messages and report together
WINDOW_FIELDS = spec.names(spec.WINDOW_FIELDS)


@dataclass
class Parsed:
    incident: Incident | None
    draft: bool
    problems: list[Diagnostic]
    internal: InternalFacts | None = None  # the team's facts (detected, acknowledged, action items)


class _Report:
    def __init__(self, source: SourceFile, located):
        self.source = source
        self.located = located
        self.problems: list[Diagnostic] = []

    def line(self, *path):
        return self.located.line(*path) if self.located else None

    def error(self, path: tuple, message: str, level: str = ERROR):
        self.problems.append(Diagnostic(self.source.shown, self.line(*path), message, level))

    def missing(self, data: dict, key: str, advice: str = ""):
        """A required field that is absent (said at the top) or written with no value (said at its line)."""
        if key in data:
            self.error((key,), f"{key}: has no value; it is required{advice}")
        else:
            self.error((), f"{key}: is required{advice}")


def _quoted(value) -> str:
    """A wrong value as shown in a message; `key:` with nothing after it loads as None."""
    return "an empty value" if value is None else f'"{value}"'


def parse_incident(source: SourceFile, config: Config) -> Parsed:
    characters = bad_characters(source)
    front_matter = source.front_matter
    if characters:  # reported above; blank them out so the rest of the file is still checked
        front_matter = blank_bad_characters(front_matter)
    try:
        located = load_located(front_matter, first_line=source.front_matter_line)
    except YamlError as exc:
        return Parsed(None, False, characters + [Diagnostic(source.shown, exc.line, f"front matter is {exc.message}")])
    report = _Report(source, located)
    report.problems += characters
    data = located.value
    if data is None:
        report.problems.append(Diagnostic(source.shown, 1, "the front matter is empty; it needs at least title, "
                                                           "components and updates"))
        return Parsed(None, False, report.problems)
    if not isinstance(data, dict):
        report.error((), f"the front matter must be a mapping of fields, got {type_name(data)}")
        return Parsed(None, False, report.problems)
    for path, line in located.duplicates:
        report.problems.append(Diagnostic(source.shown, line, f'"{path[-1]}" is given twice; keep one'))

    for key in data:
        if key not in FIELDS:
            report.error((key,), f'unknown field "{key}"' + did_you_mean(key, FIELDS)
                         + f"; allowed: {', '.join(FIELDS)}")

    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        report.error(("draft",), f"draft: expected true or false, got {type_name(draft)}")
        draft = True  # when unsure, keep it out of public output

    kind = data.get("type", INCIDENT)
    if kind not in TYPES:
        report.error(("type",), f'type: {_quoted(kind)} is not allowed' + did_you_mean(kind, TYPES)
                     + "; use incident or maintenance")
        kind = None

    title = data.get("title")
    if title is None:
        report.missing(data, "title")
    elif not isinstance(title, (str, int, float)) or isinstance(title, bool) or not str(title).strip():
        report.error(("title",), "title: expected non-empty text")
        title = None
    else:
        title = str(title).strip()
        problem = bad_character(title)
        if problem:
            report.error(("title",), f"title: {problem}")

    misplaced = _misplaced(data, kind, report)
    severity = _severity(data, kind, config, report) if "severity" not in misplaced else None
    components = _components(data, kind, config, report)
    window_start, window_end = _window(data, kind, report)
    updates = _updates(data, kind, config, report)

    started = None
    if "started" in data and "started" not in misplaced:
        started = _time(data["started"], ("started",), "started", report)
    if started is None and updates:
        started = window_start if kind == MAINTENANCE and window_start else updates[0].at
    if kind == INCIDENT and started and updates and started > updates[0].at:
        report.error(("started",), f"started ({utc_minute(started)}) is after the first update ({utc_minute(updates[0].at)}); "
                                   "impact cannot begin after it was reported")

    published = None
    if "report_published" in data:
        published = _time(data["report_published"], ("report_published",), "report_published", report)
        if published is not None and not source.body.strip():
            report.error(("report_published",), "report_published: there is no report below the front matter; "
                                                "add the report (statusgen postmortem writes a skeleton) or remove "
                                                "this line", WARNING)
        elif published is not None:
            for found in unfilled(source.body, source.body_line, config.language):
                report.problems.append(Diagnostic(
                    source.shown, found.line, f"report_published is set but the report still has the skeleton's "
                    f"placeholder for {describe(found)}: write it, or delete the line; or remove report_published "
                    "until the report is ready (statusgen postmortem --publish sets it then)"))

    security = _security(data, misplaced, report)
    origin = check_source(data, report)
    translated = check_translations(data, updates, config.language, published is not None, bool(source.body.strip()),
                                    report, bad_character, config.custom_languages)
    # Written in the site's language (set when parsed); only an update with translations is made again.
    updates = [replace(u, translations=translated.updates[i]) if i in translated.updates else u
               for i, u in enumerate(updates)]
    _markdown(data, source, report, translated.texts)
    internal = _internal(data, source, misplaced, started, updates, report)

    if any(p.level == ERROR for p in report.problems) or kind is None or not updates or title is None:
        return Parsed(None, draft, report.problems)

    incident = Incident(
        id=source.id,
        source=source.shown,
        kind=kind,
        title=title,
        severity=severity,
        components=components,
        updates=tuple(updates),
        started_at=started,
        window_start=window_start,
        window_end=window_end,
        # The text below the front matter is public only once report_published says so: until then it is the
        # author's draft, and nothing of it reaches the page, the feeds or the JSON.
        report=source.body.strip("\n") if source.body.strip() and published is not None else "",
        report_published_at=published,
        security=security,
        origin=origin,
        translations=translated.incident,
        language=config.language,
        meta_lines={"updates": located.line("updates"), "started": located.line("started"),
                    "report_published": located.line("report_published"), "source": located.line("source"),
                    "security": located.line("security"),
                    "top": source.front_matter_line - 1},
    )
    return Parsed(incident, draft, report.problems, internal)


ACTION_ITEM_FIELDS = spec.names(spec.ACTION_ITEM_FIELDS)
ACTION_STATUSES = tuple(ActionStatus)


def _internal(data, source: SourceFile, misplaced: set[str], started, updates, report: _Report) -> InternalFacts:
    """detected, acknowledged and action_items: the team's facts, checked like the rest, kept apart."""
    times = {}
    for name in ("detected", "acknowledged"):
        if name in data and name not in misplaced:
            times[name] = _time(data[name], (name,), name, report)
    detected, acknowledged = times.get("detected"), times.get("acknowledged")
    if detected and started and detected < started:
        report.error(("detected",), f"detected ({utc_minute(detected)}) is before started ({utc_minute(started)}); a problem "
                                    "cannot be noticed before it began: move started earlier or correct detected")
    if detected and updates and detected > updates[0].at:
        report.error(("detected",), f"detected ({utc_minute(detected)}) is after the first update "
                                    f"({utc_minute(updates[0].at)}); the team knew by then at the latest")
    if detected and acknowledged and acknowledged < detected:
        report.error(("acknowledged",), f"acknowledged ({utc_minute(acknowledged)}) is before detected ({utc_minute(detected)})"
                                        "; nobody can take on a problem before it is noticed")
    items = _action_items(data.get("action_items"), "action_items" in data, report)
    withdrawn = _withdrawn(data, report)
    return InternalFacts(incident_id=source.id, source=source.shown, detected_at=detected,
                         acknowledged_at=acknowledged, action_items=items, withdrawn_at=withdrawn,
                         lines={"detected": report.line("detected"), "acknowledged": report.line("acknowledged"),
                                "action_items": report.line("action_items")})


def _withdrawn(data, report: _Report):
    """internal.alert.withdrawn, the one value under internal: statusgen itself reads back (generator.intake)."""
    internal = data.get("internal")
    alert = internal.get("alert") if isinstance(internal, dict) else None
    if not isinstance(alert, dict) or alert.get("withdrawn") is None:
        return None
    return _time(alert["withdrawn"], ("internal", "alert", "withdrawn"), "internal.alert.withdrawn", report)


def _action_items(value, given: bool, report: _Report) -> tuple[ActionItem, ...]:
    if value is None:
        if given:
            report.error(("action_items",), "action_items: has no value; list the items (action, owner, due, "
                                            "status) or remove it")
        return ()
    if not isinstance(value, list):
        report.error(("action_items",), f"action_items: expected a list of items with action, owner, due and "
                                        f"status, got {type_name(value)}")
        return ()
    out = []
    for index, path, name, item in _items(value, "action_items", spec.ACTION_ITEM_FIELDS,
                                          "action, owner, due and status", report):
        texts = {}
        for key in ("action", "owner"):
            text = item.get(key)
            if key not in item:
                continue
            if not isinstance(text, (str, int, float)) or isinstance(text, bool) or not str(text).strip():
                report.error(path + (key,), f"{name}.{key}: expected non-empty text")
            else:
                texts[key] = " ".join(str(text).split())
        due = None
        if "due" in item:
            due = _date(item["due"], path + ("due",), f"{name}.due", report)
        status = item.get("status", ActionStatus.OPEN)
        if status not in ACTION_STATUSES:
            report.error(path + ("status",), f"{name}.status: {_quoted(status)} is not allowed"
                         + did_you_mean(status, ACTION_STATUSES) + f"; use one of {', '.join(ACTION_STATUSES)}")
            continue
        if len(texts) == 2 and due is not None:
            out.append(ActionItem(texts["action"], texts["owner"], due, status, report.line(*path)))
    return tuple(out)


def _date(value, path, name, report: _Report) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    text = value.strip() if isinstance(value, str) else None
    if text is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            report.error(path, f'{name}: "{text}" is not a date that exists; write it like 2026-12-01')
            return None
    report.error(path, f"{name}: expected a day like 2026-12-01, got {_quoted(value) if text else type_name(value)}")
    return None


def _time(value, path, name, report: _Report):
    try:
        return parse_time(value)
    except TimeError as exc:
        report.error(path, f"{name}: {exc}")
        return None


def _misplaced(data, kind, report: _Report) -> set[str]:
    """Fields given in a type of file that does not take them (generator.read.spec says which)."""
    found = set()
    for field in spec.FIELDS:
        if kind is not None and field.name in data and kind not in field.allowed:
            if data[field.name] is None and field.name != "started":
                continue  # `severity:` left empty in a maintenance says nothing
            report.error((field.name,), f"{field.name}: {field.elsewhere}")
            found.add(field.name)
    return found


def _severity(data, kind, config: Config, report: _Report):
    value = data.get("severity")
    choices = [s.id for s in config.severities]
    if kind == MAINTENANCE:
        return None
    if value is None:
        report.missing(data, "severity", f" for an incident; use one of {', '.join(choices)}")
        return None
    value = str(value)
    if value not in choices:
        report.error(("severity",), f'severity: "{value}" is not a configured severity'
                     + did_you_mean(value, choices) + f"; use one of {', '.join(choices)}")
        return None
    return value


def _components(data, kind, config: Config, report: _Report, at: tuple = (), name: str = "components",
                changes: bool = False) -> dict:
    """A components mapping: the top level's (impact at the start), or an update's (changes; operational allowed)."""
    value = data.get("components")
    known = [c.id for c in config.components]
    if value is None:
        if changes:
            if "components" in data:
                report.error(at + ("components",), f"{name}: has no value; remove it, or map components to their "
                                                   "new impact, e.g. components: {api: degraded_performance}")
            return {}
        report.missing(data, "components", ": map each affected component to its impact, e.g. "
                                           "components: {api: partial_outage}; for a notice that affects no "
                                           "component, write components: {}")
        return {}
    if isinstance(value, dict) and not value:
        if not changes:
            return {}  # a notice: it names no component, so it touches no uptime
        report.error(at + ("components",), f"{name}: is empty, so it changes nothing; remove it, or map components "
                                           "to their new impact, e.g. components: {api: operational}")
        return {}
    if not isinstance(value, dict) or not value:
        report.error(at + ("components",), f"{name}: expected a mapping of component id to impact, got "
                                           f"{type_name(value)}")
        return {}
    allowed = IMPACTS if kind == MAINTENANCE else INCIDENT_IMPACTS
    if changes:
        allowed = (*allowed, OPERATIONAL)
    out = {}
    for cid, impact in value.items():
        path = at + ("components", cid)
        if cid not in known:
            report.error(path, f'{name}: unknown component "{cid}"' + did_you_mean(cid, known)
                         + f"; configured: {', '.join(known)}")
            continue
        if impact not in allowed:
            hint = did_you_mean(impact, allowed)
            if impact == "under_maintenance":
                hint = " (under_maintenance is for maintenance)"
            report.error(path, f'{name}.{cid}: {_quoted(impact)} is not an impact{hint}; '
                               f'use one of {", ".join(allowed)}')
            continue
        out[cid] = impact
    return out


SECURITY_FIELDS = spec.names(spec.SECURITY_FIELDS)


def _security(data, misplaced: set[str], report: _Report) -> Security | None:
    """security: true (details not yet known), false, or {data, actions}."""
    if "security" not in data or "security" in misplaced:
        return None
    value = data["security"]
    if value is True:
        return Security()
    if value is False:
        return None
    if not isinstance(value, dict):
        report.error(("security",), f"security: expected true, or a mapping with {' and '.join(SECURITY_FIELDS)}, "
                                    f"got {type_name(value)}")
        return None
    if not value:
        report.error(("security",), "security: an empty mapping; write security: true, or give data and/or actions")
        return None
    texts = {}
    for key, text in value.items():
        if key not in SECURITY_FIELDS:
            report.error(("security", key), f'security: unknown field "{key}"' + did_you_mean(key, SECURITY_FIELDS)
                         + f"; allowed: {', '.join(SECURITY_FIELDS)}")
            continue
        if not isinstance(text, (str, int, float)) or isinstance(text, bool) or not str(text).strip():
            report.error(("security", key), f"security.{key}: expected non-empty text (Markdown)")
            continue
        problem = bad_character(str(text))
        if problem:
            report.error(("security", key), f"security.{key}: {problem}")
            continue
        if len(str(text)) > MAX_MESSAGE:
            report.error(("security", key), f"security.{key}: {len(str(text)):,} characters; at most "
                                            f"{MAX_MESSAGE:,} are allowed")
            continue
        texts[key] = str(text).strip()
    return Security(**texts)


def _window(data, kind, report: _Report):
    value = data.get("window")
    if kind != MAINTENANCE:
        return None, None
    if value is None:
        report.missing(data, "window", " for maintenance, e.g. window: {start: 2026-03-04T02:00:00Z, "
                                       "end: 2026-03-04T04:00:00Z}")
        return None, None
    if not isinstance(value, dict):
        report.error(("window",), f"window: expected start and end, got {type_name(value)}")
        return None, None
    for key in value:
        if key not in WINDOW_FIELDS:
            report.error(("window", key), f'window: unknown field "{key}"' + did_you_mean(key, WINDOW_FIELDS)
                         + "; allowed: start, end")
    start = end = None
    for key in WINDOW_FIELDS:
        if key not in value:
            report.error(("window",), f"window.{key}: is required")
    if "start" in value:
        start = _time(value["start"], ("window", "start"), "window.start", report)
    if "end" in value:
        end = _time(value["end"], ("window", "end"), "window.end", report)
    if start and end and end <= start:
        report.error(("window", "end"), f"window.end ({utc_minute(end)}) must be after window.start ({utc_minute(start)})")
        return None, None
    return start, end


def _updates(data, kind, config: Config, report: _Report) -> list[Update]:
    value = data.get("updates")
    if value is None:
        report.missing(data, "updates", ": add at least one update with at, status and message")
        return []
    if not isinstance(value, list) or not value:
        report.error(("updates",), f"updates: expected a list of updates, got {type_name(value)}")
        return []
    if len(value) > MAX_UPDATES:
        report.error(("updates",), f"updates: {len(value)} updates; at most {MAX_UPDATES} are allowed per file: "
                                   "remove repeated updates, or resolve this incident and continue in a new file")
        return []
    statuses = STATUSES.get(kind, ())
    out: list[Update] = []
    previous: Update | None = None
    closed_by: Update | None = None
    for index, path, name, item in _items(value, "updates", spec.UPDATE_FIELDS, "at, status and message", report):
        at = _time(item["at"], path + ("at",), f"{name}.at", report) if "at" in item else None
        status = item.get("status")
        if "status" in item and kind is None:
            status = None  # the type is already reported; statuses depend on it
        elif "status" in item and status not in statuses:
            hint = did_you_mean(status, statuses)
            other = MAINTENANCE if kind == INCIDENT else INCIDENT
            article = {INCIDENT: "an", MAINTENANCE: "a"}
            if status in STATUSES[other]:
                hint = f" (that is {article[other]} {other} status)"
            report.error(path + ("status",), f'{name}.status: {_quoted(status)} is not allowed for {article[kind]} '
                                             f'{kind}{hint}; use one of {", ".join(statuses)}')
            status = None
        message = item.get("message")
        if "message" in item and (not isinstance(message, (str, int, float)) or isinstance(message, bool)
                                  or not str(message).strip()):
            report.error(path + ("message",), f"{name}.message: expected non-empty text")
            message = None
        if message is not None:
            problem = bad_character(str(message))
            if problem:
                report.error(path + ("message",), f"{name}.message: {problem}")
                message = None
        changes = _components(item, kind, config, report, at=path, name=f"{name}.components", changes=True) \
            if "components" in item else {}
        if at is None or status is None or message is None:
            continue
        update = Update(at=at, status=status, message=str(message).strip(), line=report.line(*path),
                        components=changes, language=config.language)
        if closed_by is not None:
            report.error(path, f"{name}: comes after the {closed_by.status} update at {utc_minute(closed_by.at)}; "
                               "nothing may follow it. A root-cause write-up or a later note is the post-incident "
                               "report: move it below the front matter and set report_published to when it was "
                               "posted; if the problem came back, open a new incident file")
        elif previous is not None and kind is not None:
            if at < previous.at:
                report.error(path + ("at",), f"{name}.at ({utc_minute(at)}) is earlier than the update before it "
                                             f"({utc_minute(previous.at)}); keep updates in time order, oldest first")
            elif not can_follow(previous.status, status, kind):
                report.error(path + ("status",), f'{name}.status: "{status}" cannot follow "{previous.status}"')
        if status in TERMINAL and closed_by is None:
            closed_by = update
        previous = update
        out.append(update)
    return out if len(out) == len(value) else []


def _items(value: list, key: str, fields: tuple[spec.Field, ...], shape: str, report: _Report):
    """Each mapping of a list field (updates, action items) with its path and name, after the checks
    every such list shares: a mapping, no unknown field (did you mean), no required field missing."""
    allowed = spec.names(fields)
    for index, item in enumerate(value):
        path, name = (key, index), f"{key}[{index + 1}]"
        if not isinstance(item, dict):
            report.error(path, f"{name}: expected a mapping with {shape}, got {type_name(item)}")
            continue
        for field_name in item:
            if field_name not in allowed:
                report.error(path + (field_name,), f'{name}: unknown field "{field_name}"'
                             + did_you_mean(field_name, allowed) + f"; allowed: {', '.join(allowed)}")
        missing = [f.name for f in fields if f.required and f.name not in item]
        if missing:
            report.error(path, f"{name}: {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} required")
        yield index, path, name, item


def _markdown(data, source: SourceFile, report: _Report, translated: list[tuple] = ()) -> None:
    """Refuse Markdown too long or too tangled to convert in reasonable time (translations count too)."""
    texts = []  # (key path, name in messages, text)
    updates = data.get("updates")
    if isinstance(updates, list) and len(updates) <= MAX_UPDATES:
        for index, item in enumerate(updates):
            message = item.get("message") if isinstance(item, dict) else None
            if isinstance(message, str):
                texts.append((("updates", index, "message"), f"updates[{index + 1}].message", message))
    if source.body.strip():
        texts.append((None, "the report", source.body))
    texts += translated
    for path, name, text in texts:
        if path is not None and not name.endswith(".report") and len(text) > MAX_MESSAGE:
            report.error(path, f"{name}: {len(text):,} characters; at most {MAX_MESSAGE:,} are allowed in an update "
                               "message: keep it short and put the details in the post-incident report")
    total = sum(len(text) for _, _, text in texts)
    if total > MAX_MARKDOWN:
        report.error(("updates",), f"the messages and report add up to {total:,} characters; at most "
                                   f"{MAX_MARKDOWN:,} are allowed per file: shorten them, or link to a longer "
                                   "document from the report")
        return  # measuring how tangled they are would take as long as converting them
    for path, name, text in texts:
        deepest = nesting(text)
        if deepest.depth > MAX_NESTING:
            _text_error(report, source, path, text, deepest.offset,
                        f"{name}: nested {deepest.depth} levels deep; Markdown converts at most {MAX_NESTING} in "
                        "reasonable time: indent less, or put the text in a fenced code block (```)")
    _tangles(texts, source, report)


def _text_error(report: _Report, source: SourceFile, path, text: str, offset: int, message: str) -> None:
    """An error about a Markdown text: at the offending line of the report, at an update's message key."""
    if path is None:
        report.problems.append(Diagnostic(source.shown, source.body_line + text.count("\n", 0, offset), message))
    else:
        report.error(path, message)


_UNTANGLE = {
    "[": "write \\[ for a bracket that is just text, or put the text in a fenced code block (```)",
    "(": "write \\( for a parenthesis that is just text, or put the text in a fenced code block (```)",
    "<": "write &lt; for a < that is just text, or put the text in a fenced code block (```)",
    "```": "close each code block with a line holding the same fence",
    "*[": "remove most of the abbreviation definitions (lines starting *[...]:)",
    ":": "separate the definitions (lines starting ': ') with blank lines, or write fewer of them",
}


def _tangles(texts, source: SourceFile, report: _Report) -> None:
    """Markdown whose openers ('[', '<', fences) run on for long would take minutes to convert.

    The file's texts share one budget; the costliest are reported until the rest fit.
    Short texts cannot add up to the budget, so most files are never measured.
    """
    if sum(cost_bound(len(text)) for _, _, text in texts) <= MARKUP_BUDGET:
        return
    measured = sorted(((tangle(text), path, name, text) for path, name, text in texts),
                      key=lambda entry: entry[0].cost, reverse=True)
    remaining = sum(entry[0].cost for entry in measured)
    for found, path, name, text in measured:
        if remaining <= MARKUP_BUDGET:
            return
        remaining -= found.cost
        _text_error(report, source, path, text, found.offset,
                    f"{name}: too tangled to convert in reasonable time: {found.count:,} '{found.opener}' that "
                    f"stay open for long; {_UNTANGLE[found.opener]}")
