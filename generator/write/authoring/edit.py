"""Editing an existing file: an update, the resolving update, the post-incident report.

Each edit runs while the file's folder is locked, so two commands on one file
take turns instead of losing an edit, and replaces the file atomically, never
over a change someone saved meanwhile.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from ...core.diagnostics import Diagnostic, UserError, did_you_mean
from ...core.model import INCIDENT, STATUSES, TERMINAL, Impact, Incident, Status, can_follow
from ...core.timeutil import iso_z
from ...read.config import Config
from ...read.reader import shown_path, split_source
from ...validate.placeholders import describe, unfilled
from .. import wording
from ..safely import changed_meanwhile, locked, write_atomic
from . import checks
from .checks import check_only_added, find_file, impact_problems, layout_refused, load, loose, text_problem
from .layout import append_body, append_front_matter_line, insert_update, item_style, updates_node
from .yamlvalues import UNREADABLE, facts_of, update_item


def add_update(config: Config, incident_id: str | Path, status: str, message: str, now: datetime,
               components: dict[str, str] | None = None, translations: dict[str, str] | None = None) \
        -> tuple[Path, list]:
    """Append an update; `components` changes those components' impact from now on (operational: over);
    `translations`: the message in other languages (language -> text)."""
    path = find_file(config, incident_id)
    with locked(path.parent, shown_path(path.parent, config.base_dir)):
        return _append_update(config, path, status, message, now, components or {}, translations or {})


def _append_update(config: Config, path: Path, status: str, message: str, now: datetime,
                   components: dict[str, str] | None = None, translations: dict[str, str] | None = None) \
        -> tuple[Path, list]:
    """Add an update to `path`; the caller holds the folder's lock."""
    incident, raw, original = load(config, path)
    shown = shown_path(path, config.base_dir)
    allowed = STATUSES[incident.kind]
    if status not in allowed:
        raise UserError([Diagnostic(shown, None, f'"{status}" is not a status for {"an" if incident.kind == INCIDENT else "a"} {incident.kind}'
                                                 f"{did_you_mean(status, allowed)}; use one of {', '.join(allowed)}")])
    if not can_follow(incident.status, status, incident.kind):
        why = (f"it is already closed. A root-cause write-up or a later note is its post-incident report: "
               f'statusgen postmortem {incident.id} --publish -m "..." (or without them for the report skeleton, '
               "to fill in and publish later); if the "
               "problem came back, open a new incident file" if incident.status in TERMINAL
               else "a maintenance that has begun cannot go back to scheduled")
        raise UserError([Diagnostic(shown, incident.updates[-1].line,
                                    f'"{status}" cannot follow "{incident.status}": {why}')])
    if now < incident.updated_at:
        raise UserError([Diagnostic(shown, incident.updates[-1].line,
                                    f"the last update is stamped {iso_z(incident.updated_at)}, after now "
                                    f"({iso_z(now)}); if someone just posted it, run the command again; otherwise "
                                    "check the clock or that update's time")])
    problem = "--message must not be empty" if not message.strip() else text_problem("--message", message)
    problems = [Diagnostic(shown, None, problem)] if problem else []
    problems += checks.translation_problems(config, shown, "--message-in", translations or {})
    if problems:
        raise UserError(problems)

    source, _ = split_source(original, path, shown)
    if source is None:  # valid when validated a moment later: it was being saved
        raise changed_meanwhile(shown)
    front = source.front_matter
    updates, line = updates_node(front, shown, source.front_matter_line)
    if updates.kind == "seq" and updates.flow:
        raise UserError([Diagnostic(shown, line, "updates is written as a flow list ([...]); statusgen adds to a "
                                                 "list written one update per line (\"- at: ...\"): rewrite it that "
                                                 "way, or add the update by hand")])
    if updates.kind != "seq" or not updates.items:  # e.g. an alias to a list written elsewhere
        raise UserError([layout_refused(shown, line)])
    _check_changes(config, shown, incident, components or {})
    lines, new_item = update_item(item_style(front, updates), iso_z(now), status, message, components or {},
                                  translations or {})
    text = insert_update(original, front, updates, lines)
    check_only_added(shown, line, front, text, new_item)
    warnings = checks.check_written(config, path, text, now)
    write_atomic(path, text, shown, expected=raw)
    return path, warnings




def _check_changes(config: Config, shown: str, incident: Incident, components: dict[str, str]) -> None:
    """-c ID=IMPACT for an update: the impacts this type of file takes, or operational (no longer affected)."""
    problems = impact_problems(config, shown, components, [*Impact.of(incident.kind), Impact.OPERATIONAL])
    if problems:
        raise UserError(problems)


def resolve(config: Config, incident_id: str | Path, message: str | None, now: datetime,
            translations: dict[str, str] | None = None) -> tuple[Path, list]:
    path = find_file(config, incident_id)
    with locked(path.parent, shown_path(path.parent, config.base_dir)):
        incident, _, _ = load(config, path)  # under the lock: the default wording describes the file as it is
        if incident.is_maintenance:
            status, default = Status.COMPLETED, partial(wording.maintenance_completed, incident=incident)
        else:
            status, default = Status.RESOLVED, partial(wording.resolved, incident=incident)
        if not message:  # the default text, in the readers' other languages too
            message, translations = default(config), wording.in_readers_languages(config, default, translations)
        return _append_update(config, path, status, message, now, None, translations)


def add_postmortem(config: Config, incident_id: str | Path, now: datetime, message: str | None = None,
                   publish: bool = False) -> tuple[Path, list]:
    """Write the post-incident report: `message` (a root-cause write-up or a later note posted after the
    resolving update), or else the report skeleton, its timeline filled from the updates.

    It is not published (no report_published) unless `publish` says so: the skeleton is a draft for the
    author to fill in, and publishing is the author's act (`publish_report`). With `publish`, `message` is
    written and published at once; the skeleton never is, as its placeholders would be refused."""
    if message is not None:
        problem = "--message must not be empty" if not message.strip() else text_problem("--message", message)
        if problem:
            raise UserError([Diagnostic("statusgen postmortem", None, problem)])
    path = find_file(config, incident_id)
    with locked(path.parent, shown_path(path.parent, config.base_dir)):
        incident, raw, original = load(config, path)
        shown = shown_path(path, config.base_dir)
        source = _source(original, path, shown)
        if source.body.strip():
            more = ("" if incident.has_report else
                    f"; it is not published yet: when it is ready, statusgen postmortem --publish {incident.id}")
            raise UserError([Diagnostic(shown, source.body_line, "already has a post-incident report (the text "
                                                                 f"after the front matter); edit it there{more}")])
        if not incident.is_closed:
            raise UserError([Diagnostic(shown, None, "is still open; resolve it first (statusgen resolve "
                                                     f"{path.stem}), then add the report")])
        if "report_published" in source.front_matter:
            raise UserError([Diagnostic(shown, incident.meta_lines.get("report_published"), "report_published is "
                                        "set but there is no report; remove that line or write the report")])
        if publish and message is None:
            raise UserError([Diagnostic(shown, None, "--publish with no report to publish: the skeleton is for you "
                                                     "to fill in first. Write it (statusgen postmortem "
                                        f"{incident.id}), complete it, then statusgen postmortem --publish "
                                        f"{incident.id}; or give the report's text with -m")])
        before = facts_of(source.front_matter)
        text = append_body(original, message if message is not None else wording.postmortem(config, incident))
        added = {}
        if publish:
            found = _placeholders(config, text, path, shown)
            if found:
                raise UserError(found)
            added["report_published"] = iso_z(now)
            text = append_front_matter_line(text, f"report_published: {added['report_published']}")
        if isinstance(before, dict) and "action_items" not in before and message is None:
            for line in action_items_hint(now):
                text = append_front_matter_line(text, line)
        after_source = split_source(text, path, shown)[0]
        after = facts_of(after_source.front_matter) if after_source else UNREADABLE
        if not isinstance(before, dict) or loose(after) != loose({**before, **added}):
            raise UserError([layout_refused(shown, None)])
        warnings = checks.check_written(config, path, text, now)
        write_atomic(path, text, shown, expected=raw)
    return path, warnings


def publish_report(config: Config, incident_id: str | Path, now: datetime) -> tuple[Path, list]:
    """Publish the written post-incident report now (report_published), if none of the skeleton's
    placeholders is left in it; refused, naming each one with its line, while any is."""
    path = find_file(config, incident_id)
    with locked(path.parent, shown_path(path.parent, config.base_dir)):
        incident, raw, original = load(config, path)
        shown = shown_path(path, config.base_dir)
        source = _source(original, path, shown)
        if "report_published" in source.front_matter:
            when = incident.report_published_at
            raise UserError([Diagnostic(shown, incident.meta_lines.get("report_published"), "the post-incident "
                                        "report is already published" + (f" ({iso_z(when)})" if when else "")
                                        + "; edit the text below the front matter to correct it")])
        if not source.body.strip():
            raise UserError([Diagnostic(shown, None, "has no post-incident report to publish; write it first "
                                                     f"(statusgen postmortem {incident.id} writes the skeleton), "
                                                     "then publish it")])
        if not incident.is_closed:
            raise UserError([Diagnostic(shown, None, "is still open; resolve it first (statusgen resolve "
                                                     f"{path.stem}), then publish the report")])
        found = _placeholders(config, original, path, shown)
        if found:
            raise UserError(found)
        before = facts_of(source.front_matter)
        stamp = iso_z(now)
        text = append_front_matter_line(original, f"report_published: {stamp}")
        after_source = split_source(text, path, shown)[0]
        after = facts_of(after_source.front_matter) if after_source else UNREADABLE
        if not isinstance(before, dict) or loose(after) != loose({**before, "report_published": stamp}):
            raise UserError([layout_refused(shown, None)])
        warnings = checks.check_written(config, path, text, now)
        write_atomic(path, text, shown, expected=raw)
    return path, warnings


def _source(original: str, path: Path, shown: str):
    source, _ = split_source(original, path, shown)
    if source is None:  # valid when validated a moment later: it was being saved
        raise changed_meanwhile(shown)
    return source


def _placeholders(config: Config, text: str, path: Path, shown: str) -> list[Diagnostic]:
    """One refusal per placeholder of the skeleton left in the report of `text`, at its line (the skeleton in
    English, and on a site in another language in any language: validate.placeholders)."""
    source = split_source(text, path, shown)[0]
    if source is None:
        return []
    return [Diagnostic(shown, found.line, f"not published: the report still has the skeleton's placeholder for "
                                          f"{describe(found)}; write it (or delete the line), then run "
                                          f"statusgen postmortem --publish {path.stem} again")
            for found in unfilled(source.body, source.body_line, config.language)]


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

