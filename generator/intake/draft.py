"""From one alert event to its draft incident file: decide what the event means, then write it.

The file an alert belongs to is found by `internal.alert` (sender and key) among every incident
file, drafts included, so a person may rename, retitle or publish it and the next event still finds
it. What a person wrote is never changed: an event only adds what is missing (the acknowledgement
time, the resolving update, the withdrawal mark), through the write layer, which edits in place,
validates the result as a build would and writes it atomically under the folder's lock.

An alert that resolves within `intake.flap_window` of its start, while its file is still a draft,
is withdrawn: the file stays a draft (so nothing of it is ever published) and records when it was
withdrawn. It is never deleted: a command deletes nothing it cannot prove it wrote.

A file is "closed" once it is resolved or withdrawn. An event for an alert whose only files are
closed is a new occurrence (a new draft) when the alert started after the closing; otherwise it is a
late message about the closed one.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from ..core.diagnostics import ERROR, Diagnostic, UserError
from ..core.model import Incident, InternalFacts
from ..core.timeutil import iso_z
from ..read.config import Config
from ..read.reader import discover, read_source, shown_path, suggest_id
from ..validate.characters import bad_character
from ..validate.validate import parse_incident
from ..write import wording
from ..write.authoring import create, resolve, set_fact
from ..write.authoring.nested import set_nested_time
from .alert import ACKNOWLEDGED, FIRING, RESOLVED, AlertEvent
from .mapping import map_alert

CREATED, UPDATED, UNCHANGED, IGNORED, WITHDRAWN = "created", "updated", "unchanged", "ignored", "withdrawn"
TITLE_LIMIT = 200  # characters of the alert's summary kept as the title; a person rewrites it anyway
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_UNREADABLE = object()


class _FactsLoader(_Loader):
    """Times stay text: only the sender and the key are read here; the validator reads the times."""


_FactsLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


@dataclass
class Outcome:
    """What `statusgen ingest` did, as it reports it (contract 4 of issue #22)."""

    action: str
    event: AlertEvent
    incident: str | None = None
    path: str | None = None  # relative to mkdocs.yml's folder
    draft: bool = False
    title: str = ""
    changes: list[str] = field(default_factory=list)
    reason: str = ""

    def as_json(self) -> dict:
        return {"action": self.action, "sender": self.event.sender, "alert_key": self.event.key,
                "state": self.event.state, "incident": self.incident, "path": self.path, "draft": self.draft,
                "branch": branch_name(self.event.sender, self.event.key), "title": self.title,
                "changes": list(self.changes), "reason": self.reason}


def branch_name(sender: str, key: str) -> str:
    """The pull request's branch for one alert: the same for every event about it, [a-z0-9/-] only."""
    digest = hashlib.sha256((sender + key).encode("utf-8")).hexdigest()[:12]
    safe = re.sub(r"[^a-z0-9]+", "-", sender.lower()).strip("-") or "alert"
    return f"statusgen-alert/{safe}-{digest}"


@dataclass(frozen=True)
class _Found:
    """An incident file that belongs to the alert, as it is now."""

    path: Path
    incident: Incident
    draft: bool
    facts: InternalFacts | None
    withdrawn: datetime | None

    @property
    def closed_at(self) -> datetime | None:
        return self.withdrawn or self.incident.resolved_at


def ingest(config: Config, event: AlertEvent, now: datetime) -> Outcome:
    """Bring the incident files in line with `event`; what was done, for the report."""
    now = now.replace(microsecond=0)  # files hold whole seconds; compare what they will say
    found = _find(config, event)
    current = [f for f in found if f.closed_at is None]
    if len(current) > 1:
        shown = ", ".join(shown_path(f.path, config.base_dir) for f in current)
        raise UserError([Diagnostic(shown_path(current[1].path, config.base_dir), None,
                                    f"{shown} all belong to the {event.sender} alert {event.key!r} (internal.alert) "
                                    "and are all open; close or remove the duplicate's internal.alert, then send "
                                    "the alert again")])
    target = current[0] if current else None
    if target is None and found:
        latest = max(found, key=lambda f: f.closed_at)
        if event.started is None or event.started <= latest.closed_at:
            target = latest  # a late or repeated message about the occurrence that is already closed
    if target is None:
        return _without_file(config, event, now)
    return _with_file(config, event, now, target)


# --- No file yet --------------------------------------------------------------------------------------

def _without_file(config: Config, event: AlertEvent, now: datetime) -> Outcome:
    lasted = _lasted(event, None, now)
    if event.state == RESOLVED and config.intake.flap_window and lasted is not None \
            and lasted < config.intake.flap_window:
        return Outcome(IGNORED, event, title=event.title,
                       reason=f"it resolved {_minutes(lasted)} after it started, within the flap window "
                              f"({_minutes(config.intake.flap_window)}): nothing is written for it")
    mapping = map_alert(config.intake, event.labels, config.severities[-1].id)
    if mapping is None:
        return Outcome(IGNORED, event, title=event.title,
                       reason="no intake rule matches its labels and intake.unmapped is ignore")
    title = clean_title(event)
    started = min(event.started or event.at or now, now)  # the first update, stamped now, cannot precede it
    acknowledged = None
    if event.state == ACKNOWLEDGED:
        acknowledged = min(max(event.at or now, started), now)
    # The default first text, which `new` also writes in the readers' other languages; a notice (no
    # component) has no default of `new`'s, so it is given.
    message = None if mapping.components else wording.investigating(config, [], mapping.severity)
    incident_id = _free_id(config, title, now)
    path, _warnings = create(
        config, title=title, components=mapping.components, severity=mapping.severity, now=now, message=message,
        draft=True, incident_id=incident_id, notice=not mapping.components, started=started, detected=started,
        acknowledged=acknowledged, internal={"alert": alert_facts(event)})
    shown = shown_path(path, config.base_dir)
    how = (f"rule {mapping.rule + 1} of intake.rules" if mapping.rule is not None
           else "no intake rule matched: no components and the least severe level, for a person to complete")
    changes = [f"created {shown} as a draft ({mapping.severity}, "
               f"{', '.join(f'{c}: {i}' for c, i in mapping.components.items()) or 'no components'}; {how})"]
    if acknowledged is not None:
        changes.append(f"acknowledged: {iso_z(acknowledged)}")
    if event.state == RESOLVED:
        try:
            resolve(config, incident_id, None, now)
        except UserError as exc:  # the draft stands; the same resolved event adds the update when sent again
            raise UserError([*exc.diagnostics, Diagnostic(shown, None, "the draft was written but not its resolving "
                                                                       "update; send the resolved alert again to add "
                                                                       "it")]) from None
        changes.append("added the resolving update")
    return Outcome(CREATED, event, incident_id, shown, True, title, changes,
                   {FIRING: "the alert is firing and no incident file has it yet",
                    ACKNOWLEDGED: "the alert was acknowledged and no incident file has it yet",
                    RESOLVED: f"the alert resolved after {_minutes(lasted) if lasted is not None else 'an unknown time'}"
                              ", longer than the flap window, and no incident file had it yet"}[event.state])


# --- The alert's file -------------------------------------------------------------------------------

def _with_file(config: Config, event: AlertEvent, now: datetime, found: _Found) -> Outcome:
    incident = found.incident
    shown = shown_path(found.path, config.base_dir)

    def outcome(action: str, reason: str, changes=(), draft: bool = found.draft) -> Outcome:
        return Outcome(action, event, incident.id, shown, draft, incident.title, list(changes), reason)

    if event.state == FIRING:
        return outcome(UNCHANGED, "already recorded in this file" if found.closed_at is None else
                       f"this occurrence was already {'withdrawn' if found.withdrawn else 'resolved'} in this file")
    if event.state == ACKNOWLEDGED:
        if found.facts is not None and found.facts.acknowledged_at is not None:
            return outcome(UNCHANGED, "acknowledged is already set in this file")
        floor = found.facts.detected_at if found.facts and found.facts.detected_at else incident.started_at
        moment = min(max(event.at or now, floor), max(now, floor))
        set_fact(config, found.path, "acknowledged", moment, now)
        return outcome(UPDATED, "the alert was acknowledged", [f"acknowledged: {iso_z(moment)}"])
    # RESOLVED
    if found.withdrawn is not None:
        return outcome(UNCHANGED, f"the alert was already withdrawn ({iso_z(found.withdrawn)})")
    if incident.is_closed:
        return outcome(UNCHANGED, "the incident is already resolved in this file")
    lasted = _lasted(event, found, now)
    window = config.intake.flap_window
    if found.draft and window and lasted is not None and lasted < window:
        # Never later than now: a mark from a clock far ahead would make every later occurrence of the
        # alert look "started before the closing", and be dropped as a late message (ingest()).
        moment = min(event.at or now, now)
        set_nested_time(config, found.path, ("internal", "alert", "withdrawn"), moment, now)
        return outcome(WITHDRAWN, f"it resolved {_minutes(lasted)} after it started, within the flap window "
                                  f"({_minutes(window)}), while still a draft: it stays a draft and is never "
                                  "published; close its pull request",
                       [f"internal.alert.withdrawn: {iso_z(moment)}"])
    resolve(config, found.path, None, resolved_at(event, incident, now))
    return outcome(UPDATED, "the alert resolved", ["added the resolving update"])


def resolved_at(event: AlertEvent, incident: Incident, now: datetime) -> datetime:
    """The resolving update's time: when the sender says the alert ended, kept after the file's last update
    and not after now. Not the moment the message arrived: a resolution reaches ingest minutes late (a
    group_interval, a workflow's queue), and an occurrence that started in between is a new one only if
    the file closes when the alert did (ingest() compares the new start with the closing)."""
    return min(max(event.at or now, incident.updated_at), now)


def _lasted(event: AlertEvent, found: _Found | None, now: datetime):
    began = event.started
    if began is None and found is not None:
        began = (found.facts.detected_at if found.facts else None) or found.incident.started_at
    if began is None:
        return None
    return (event.at or now) - began


def _minutes(delta) -> str:
    seconds = max(int(delta.total_seconds()), 0)
    if seconds < 120:
        return f"{seconds} s"
    return f"{seconds // 60} min"


# --- Finding the alert's files ------------------------------------------------------------------------

def _alert_of(front_matter: str):
    try:
        data = yaml.load(front_matter, Loader=_FactsLoader)
    except Exception:  # noqa: BLE001 - any failure: the validator says what is wrong
        return _UNREADABLE
    internal = data.get("internal") if isinstance(data, dict) else None
    alert = internal.get("alert") if isinstance(internal, dict) else None
    return alert if isinstance(alert, dict) else None


def _find(config: Config, event: AlertEvent) -> list[_Found]:
    """Every incident file whose internal.alert names this sender and key, checked as a build would."""
    out = []
    for path in discover(config.incidents_dir):
        source, problems = read_source(path, config.base_dir)
        if source is None or "alert" not in source.front_matter:
            continue
        alert = _alert_of(source.front_matter)
        if alert is _UNREADABLE:
            if event.sender in source.front_matter and "key" in source.front_matter:
                # Perhaps this alert's file, broken by an edit: a second draft beside it would hide that.
                parsed = parse_incident(source, config)
                raise UserError([p for p in problems + parsed.problems if p.level == ERROR]
                                or [Diagnostic(source.shown, None, "cannot be read")])
            continue
        if alert is None or str(alert.get("sender")) != event.sender or str(alert.get("key")) != event.key:
            continue
        parsed = parse_incident(source, config)
        errors = [p for p in problems + parsed.problems if p.level == ERROR]
        if errors or parsed.incident is None:
            raise UserError(errors or [Diagnostic(source.shown, None, "cannot be read")])
        withdrawn = parsed.internal.withdrawn_at if parsed.internal is not None else None
        out.append(_Found(path, parsed.incident, parsed.draft, parsed.internal, withdrawn))
    return out


# --- What a new file holds ----------------------------------------------------------------------------

def alert_facts(event: AlertEvent) -> dict:
    """internal.alert: who sent it, its key, and its labels, annotations and links as they came."""
    return {"sender": event.sender, "key": event.key, "labels": dict(event.labels),
            "annotations": dict(event.annotations), "links": list(event.links)}


def clean_title(event: AlertEvent) -> str:
    """The alert's summary on one line, without characters a page cannot publish, at most TITLE_LIMIT long."""
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" and c != " " else c for c in event.title)
    text = " ".join(text.split())
    if bad_character(text):
        text = "".join(c for c in text if not bad_character(c))
    if len(text) > TITLE_LIMIT:
        text = text[:TITLE_LIMIT - 1].rstrip() + "…"
    return text or f"Alert from {event.sender}"


def _free_id(config: Config, title: str, now: datetime) -> str:
    """<date>-<title slug> as `statusgen new` names files, with -2, -3, ... when that id is taken."""
    base = f"{now:%Y-%m-%d}-{suggest_id(title)[:60].strip('-')}"
    taken = {p.stem for p in discover(config.incidents_dir)}
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
