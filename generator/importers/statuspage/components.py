"""Statuspage's components and component groups onto the project's components.

A Statuspage component whose name matches a configured component's (ignoring case and spacing) is
that component. Every other one becomes a new component for mkdocs.yml: an id made from its name
(unique; the group's name first, then a number, when names repeat), its name, its group's name, its
description, only_show_if_degraded, and measured_since: the day Statuspage says the component started
being used (start_date), else the day it was created, so its uptime is never claimed before that.

The order is the page's: groups and ungrouped components by position, a group's members by theirs.
Without a components list the components are taken from the incidents (their groups are then unknown).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from ...read.config import SLUG, Config, group_id
from .markup import plain_text
from .notes import Notes
from .read import Export, Item
from .times import maybe


@dataclass
class ComponentMap:
    ids: dict[str, str] = field(default_factory=dict)  # Statuspage component id -> the project's component id
    names: dict[str, str] = field(default_factory=dict)  # Statuspage component id -> its name there
    new: list[dict] = field(default_factory=list)  # components to add to mkdocs.yml, in the page's order
    notes: list = field(default_factory=list)


def slug(text: str) -> str:
    """Lowercase ASCII letters, digits and hyphens ("Café API" -> "cafe-api")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


_plain = plain_text


def _position(item: Item) -> tuple:
    value = item.data.get("position")
    return (value if isinstance(value, (int, float)) and not isinstance(value, bool) else 10**9,
            _plain(item.data.get("name")), item.id)


def _from_incidents(export: Export) -> list[Item]:
    """Components as the incidents list them (the latest copy of each), when no components list was given."""
    def stamp(record: dict) -> float:
        moment = maybe(record.get("updated_at"))
        return moment.timestamp() if moment else 0.0

    found: dict[str, Item] = {}
    for item in export.items:
        for record in item.data.get("components") or []:
            if isinstance(record, dict) and record.get("id"):
                known = found.get(str(record["id"]))
                if known is None or stamp(record) > stamp(known.data):
                    found[str(record["id"])] = Item(record, item.file)
    return [found[key] for key in sorted(found)]


def map_components(export: Export, config: Config) -> ComponentMap:
    out = ComponentMap()
    listed = export.components
    if listed is None:
        listed = _from_incidents(export)
        if listed:
            notes = Notes(sorted({i.file for i in listed})[0], None, "components")
            notes.add("components from incidents", f"no components list (components.json) was given: "
                                                   f"{len(listed)} components were taken from the incidents; their "
                                                   "groups are not known. Add components.json to keep the groups")
            out.notes += notes.found
    groups = {item.id: _plain(item.data.get("name")) or item.id for item in listed if item.data.get("group")}
    members = [item for item in listed if not item.data.get("group")]
    # The page's order: each top-level entry (a group or an ungrouped component) by position, members within.
    top = {item.id: _position(item) for item in listed if item.data.get("group") or not item.data.get("group_id")}

    def order(item: Item):
        parent = item.data.get("group_id")
        if parent in top:
            return top[parent], _position(item)
        return top.get(item.id, _position(item)), ()

    configured = {_key(c.name): c.id for c in config.components}
    taken = {c.id for c in config.components}
    group_names = {group_id(c.group): c.group for c in config.components if c.group}
    used_groups = set(group_names)
    for item in sorted(members, key=order):
        name = _plain(item.data.get("name")) or item.id
        out.names[item.id] = name
        parent = item.data.get("group_id")
        group = groups.get(parent) if parent else None
        if parent and group is None and export.components is not None:
            notes = Notes(item.file, export.line_of(item.file, item.id), f"component {item.id}", name)
            notes.add("unknown group", f"its group {parent} is not in the components list: added without a group")
            out.notes += notes.found
        match = configured.pop(_key(name), None)
        if match is not None:
            out.ids[item.id] = match
            mine = config.component_map[match].group
            if group and _key(mine or "") != _key(group):
                notes = Notes(item.file, export.line_of(item.file, item.id), f"component {item.id}", name)
                notes.add("group", f"is {match} in mkdocs.yml, where it is {'in ' + mine if mine else 'in no group'}; "
                                   f"at Statuspage it was in {group} (mkdocs.yml is left as it is)")
                out.notes += notes.found
            continue
        if group:
            group = group_names.setdefault(group_id(group), group)  # spelled as the project spells it
            used_groups.add(group_id(group))
        cid = _unique_id(name, group, taken | used_groups)
        taken.add(cid)
        out.ids[item.id] = cid
        entry = {"id": cid, "name": name}
        if group:
            entry["group"] = group
        description = _plain(item.data.get("description"))
        if description:
            entry["description"] = description
        if item.data.get("only_show_if_degraded") is True:
            entry["only_show_if_degraded"] = True
        since = _measured_since(item, config)
        if since is not None:
            entry["measured_since"] = since
        out.new.append(entry)
    return out


def _unique_id(name: str, group: str | None, taken: set[str]) -> str:
    base = slug(name)[:40].strip("-") or "component"
    candidates = [base]
    if group:
        candidates.append(f"{slug(group)[:30].strip('-')}-{base}".strip("-"))
    for candidate in candidates:
        if SLUG.match(candidate) and candidate not in taken:
            return candidate
    number = 2
    while f"{candidates[-1]}-{number}" in taken:
        number += 1
    return f"{candidates[-1]}-{number}"


def _measured_since(item: Item, config: Config):
    """The day the component started being used at Statuspage (start_date), else the day it was created."""
    start = item.data.get("start_date")
    if isinstance(start, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", start.strip()):
        try:
            return date.fromisoformat(start.strip())
        except ValueError:
            pass
    created = maybe(item.data.get("created_at"))
    return created.astimezone(config.zone).date() if created else None
