"""A list of changes, as plain text for a terminal or Markdown for a job summary.

Titles and messages are untrusted: Markdown output escapes them so a title
cannot add links, images or markup to the summary.
"""
from __future__ import annotations

from ..read.config import Config
from ..core.model import STATUS_LABELS, Impact
from ..changes.detect import (
    COMPONENTS,
    EDITED,
    IMPORTED,
    NEW,
    REMOVED,
    REPORT,
    SECURITY,
    SEVERITY,
    STATUS,
    UPDATE,
    Change,
)
from ..core.text import code, md, one_line
from .payloads import headline
from .policy import kind_label, kinds_of, routes
from .routing import CHAT, EMAIL, WEBHOOK

def _status(value: str | None) -> str:
    return STATUS_LABELS.get(value or "", value or "")


def what_changed(change: Change) -> list[str]:
    """Short phrases, most important first: 'New incident', 'Status: Identified → Resolved'."""
    item, before = change.incident, change.before
    noun = "maintenance" if item.is_maintenance else "incident"
    out = []
    for kind in change.kinds:
        if kind == NEW:
            out.append(f"New {noun}")
        elif kind == IMPORTED:
            out.append(f"Imported {noun} (history: not announced)")
        elif kind == UPDATE:
            count = len(change.new_updates)
            out.append(f"{count} new update{'s' if count != 1 else ''}")
        elif kind == STATUS:
            out.append(f"Status: {_status(before.status)} → {_status(item.status)}")
        elif kind == SEVERITY:
            out.append(f"Severity: {before.severity} → {item.severity}")
        elif kind == SECURITY:
            out.append("Security facts changed: a follow-up security notice" if change.security_followup
                       else "Security facts changed")
        elif kind == COMPONENTS:
            out.append("Affected components changed")
        elif kind == REPORT:
            out.append("Post-incident report updated" if before.report else "Post-incident report published")
        elif kind == EDITED:
            out.append("Edited")
        elif kind == REMOVED:
            out.append("Removed from the page (deleted or made a draft)")
    return out


def label(item, config: Config) -> str:
    if item.is_maintenance:
        return "Maintenance"
    severity = config.severity_map.get(item.severity or "")
    return f"{severity.id} {severity.name}" if severity else (item.severity or "")


def components_text(item, config: Config) -> str:
    """Each affected component with its impact as of the latest update (the impact timeline's).

    Updates change impacts, so the top-level `components` are only where it
    began; once it is over every component is back to operational. A
    maintenance not yet begun shows what its window will do.
    """
    current = item.impacts_at(max(item.updated_at, item.impact_start))
    return ", ".join(f"{config.component_name(c)} ({current.get(c, Impact.OPERATIONAL).label.lower()})"
                     for c in item.affected)


def announced_to(change: Change, config: Config) -> str:
    """'update: announced to chat and webhook (everyone); email (enterprise)': the kind, where and to whom,
    as the notification policy says (comms.policy)."""
    if not change.announced:
        return "not announced"
    kinds = kinds_of(change)
    groups: dict[tuple[str, ...], list[str]] = {}
    for channel, audiences in routes(config, change):
        if channel in (CHAT, WEBHOOK, EMAIL):
            groups.setdefault(audiences, []).append(channel)
    if not groups:
        return f"{kind_label(kinds)}: not announced (status page only)"
    where = "; ".join(f"{' and '.join(channels)} ({', '.join(audiences)})" for audiences, channels in groups.items())
    return f"{kind_label(kinds)}: announced to {where}"


def _imported(changes: list[Change]) -> tuple[list[Change], str]:
    """(the changes to list one by one, a line for the imported ones): an imported history is
    hundreds of files that announce nothing, so it is counted, not listed."""
    imported = [c for c in changes if c.kinds == (IMPORTED,)]
    if not imported:
        return changes, ""
    first, last = min(c.incident.impact_start for c in imported), max(c.incident.impact_start for c in imported)
    return ([c for c in changes if c.kinds != (IMPORTED,)],
            f"{len(imported)} imported incident(s) and maintenance(s), {first:%Y-%m-%d} to {last:%Y-%m-%d} "
            "(history: not announced)")


def render_text(changes: list[Change], config: Config, since: str) -> str:
    if not changes:
        return f"No changes to the public page since {since}."
    lines = [f"{len(changes)} change(s) to the public page since {since}:"]
    changes, imported = _imported(changes)
    if imported:
        lines.append(f"- {imported}")
    for change in changes:
        item = change.incident
        lines.append(f"- {item.id} [{label(item, config)}] {item.title}")
        lines.append(f"    {'; '.join(what_changed(change))} ({announced_to(change, config)})")
        if change.kinds != (REMOVED,):
            lines.append(f"    now: {_status(item.status)}; {components_text(item, config)}")
            lines.append(f"    latest: {headline(item.updates[-1].message)}")
    # Titles, ids and names are one line each, or a title could forge a line of the list.
    return "\n".join(one_line(line) for line in lines)


def render_markdown(changes: list[Change], config: Config, since: str) -> str:
    heading = "### Changes to the public status page"
    if not changes:
        return f"{heading}\n\nNothing on the public page changes compared with `{code(since)}`.\n"
    lines = [heading, "", f"Compared with `{code(since)}`; drafts and internal notes are never published.", ""]
    changes, imported = _imported(changes)
    if imported:
        lines.append(f"- **{md(imported)}**")
    for change in changes:
        item = change.incident
        lines.append(f"- **{md('; '.join(what_changed(change)))}** · {md(label(item, config))} · "
                     f"{md(item.title)} (`{item.id}`) · _{md(announced_to(change, config))}_")
        if change.kinds != (REMOVED,):
            affected = components_text(item, config) or "no component (a notice)"
            lines.append(f"  - Now: {md(_status(item.status))} · {md(affected)}")
            lines.append(f"  - Latest update: {md(headline(item.updates[-1].message))}")
    return "\n".join(lines) + "\n"
