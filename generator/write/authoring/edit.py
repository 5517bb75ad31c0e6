"""Editing an existing file: an update, the resolving update, the post-incident report.

Each edit runs while the file's folder is locked, so two commands on one file
take turns instead of losing an edit, and replaces the file atomically, never
over a change someone saved meanwhile.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from ...core.diagnostics import Diagnostic, UserError, did_you_mean
from ...core.model import INCIDENT, STATUSES, TERMINAL, Impact, Incident, Status, can_follow
from ...core.timeutil import iso_z
from ...read.config import Config
from ...read.reader import shown_path, split_source
from .. import wording
from ..safely import changed_meanwhile, locked, write_atomic
from . import checks
from .checks import check_only_added, find_file, impact_problems, layout_refused, load, loose, text_problem
from .layout import NO_SOURCE, append_body, append_front_matter_line, insert_update, item_style, updates_node
from .yamlvalues import UNREADABLE, facts_of, update_item


def add_update(config: Config, incident_id: str | Path, status: str, message: str, now: datetime,
               components: dict[str, str] | None = None) -> tuple[Path, list]:
    """Append an update; `components` changes those components' impact from now on (operational: over)."""
    path = find_file(config, incident_id)
    with locked(path.parent, shown_path(path.parent, config.base_dir)):
        return _append_update(config, path, status, message, now, components or {})


def _append_update(config: Config, path: Path, status: str, message: str, now: datetime,
                   components: dict[str, str] | None = None) -> tuple[Path, list]:
    """Add an update to `path`; the caller holds the folder's lock."""
    incident, raw, original = load(config, path)
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
    problem = text_problem("--message", message)
    if problem:
        raise UserError([Diagnostic(shown, None, problem)])

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
    lines, new_item = update_item(item_style(front, updates), iso_z(now), status, message, components or {})
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


def resolve(config: Config, incident_id: str | Path, message: str | None, now: datetime) -> tuple[Path, list]:
    path = find_file(config, incident_id)
    with locked(path.parent, shown_path(path.parent, config.base_dir)):
        incident, _, _ = load(config, path)  # under the lock: the default wording describes the file as it is
        if incident.is_maintenance:
            status = Status.COMPLETED
            text = message or wording.maintenance_completed(config, incident)
        else:
            status = Status.RESOLVED
            text = message or wording.resolved(config, incident)
        return _append_update(config, path, status, text, now)


def add_postmortem(config: Config, incident_id: str | Path, now: datetime,
                   message: str | None = None) -> tuple[Path, list]:
    """The post-incident report, published now: `message` (a root-cause write-up or a later note posted after
    the resolving update), or else the report skeleton, its timeline filled from the updates."""
    if message is not None:
        problem = "--message must not be empty" if not message.strip() else text_problem("--message", message)
        if problem:
            raise UserError([Diagnostic("statusgen postmortem", None, problem)])
    path = find_file(config, incident_id)
    with locked(path.parent, shown_path(path.parent, config.base_dir)):
        incident, raw, original = load(config, path)
        shown = shown_path(path, config.base_dir)
        if incident.has_report:
            raise UserError([Diagnostic(shown, None, "already has a post-incident report (the text after the "
                                                     "front matter); edit it there")])
        if not incident.is_closed:
            raise UserError([Diagnostic(shown, None, "is still open; resolve it first (statusgen resolve "
                                                     f"{path.stem}), then add the report")])
        front_matter = (split_source(original, path, shown)[0] or NO_SOURCE).front_matter
        if "report_published" in front_matter:
            raise UserError([Diagnostic(shown, incident.meta_lines.get("report_published"), "report_published is "
                                        "set but there is no report; remove that line or write the report")])
        before = facts_of(front_matter)
        text = append_body(original, message if message is not None else wording.postmortem(config, incident))
        # Published when the skeleton is written; set it to when the report really goes out.
        stamp = iso_z(now)
        text = append_front_matter_line(text, f"report_published: {stamp}")
        if isinstance(before, dict) and "action_items" not in before and message is None:
            for line in action_items_hint(now):
                text = append_front_matter_line(text, line)
        after_source = split_source(text, path, shown)[0]
        after = facts_of(after_source.front_matter) if after_source else UNREADABLE
        if not isinstance(before, dict) or loose(after) != loose({**before, "report_published": stamp}):
            raise UserError([layout_refused(shown, None)])
        warnings = checks.check_written(config, path, text, now)
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

