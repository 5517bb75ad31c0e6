"""Reading what a Statuspage page publishes: the files of its public API, as saved.

Accepted, as files or folders of .json files (in any mix, read in a stable order):

    /api/v2/incidents.json               {"page", "incidents": [...]}
    /api/v2/scheduled-maintenances.json  {"page", "scheduled_maintenances": [...]}
    /api/v2/components.json              {"page", "components": [...]}  (groups included)
    /api/v2/summary.json                 any of the above together
    /api/v2/incidents/<id>.json          {"page", "incident": {...}}    (one per file: the whole history)
    the Manage API's lists               [{...}, ...]                   (incidents, or components)

incidents.json holds only the 50 most recent incidents; a whole history is one file per incident, or
the Manage API's export. An item found in several files is read once: the copy updated last wins.
An item is a maintenance when it has a window (scheduled_for), wherever it was found.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ...core.diagnostics import Diagnostic
from ...read.reader import shown_path
from .times import parse

KEYS = ("incidents", "scheduled_maintenances", "components", "incident", "scheduled_maintenance")


@dataclass
class Item:
    """One incident, maintenance or component as Statuspage gave it, and the file it came from."""

    data: dict
    file: str  # as shown in messages

    @property
    def id(self) -> str:
        return str(self.data.get("id") or "")

    @property
    def is_maintenance(self) -> bool:
        return bool(self.data.get("scheduled_for"))


@dataclass
class Export:
    page: dict = field(default_factory=dict)  # id, name, url, time_zone
    items: list[Item] = field(default_factory=list)  # incidents and maintenances, by id
    components: list[Item] | None = None  # None: no components list was given
    files: int = 0
    problems: list[Diagnostic] = field(default_factory=list)  # errors: files that cannot be read
    texts: dict[str, str] = field(default_factory=dict)  # file -> its text, to point at an item's line

    def line_of(self, file: str, item_id: str) -> int | None:
        """The line where an id first appears in its file: where that item is written."""
        text = self.texts.get(file, "")
        found = text.find(json.dumps(item_id)) if item_id else -1
        return None if found < 0 else text.count("\n", 0, found) + 1


def find_files(sources: list[Path], base: Path) -> tuple[list[Path], list[Diagnostic]]:
    found, problems = [], []
    for source in sources:
        shown = shown_path(source, base)
        if source.is_dir():
            inside = sorted(p for p in source.rglob("*.json") if p.is_file())
            if not inside:
                problems.append(Diagnostic(shown, None, "holds no .json files; give the files the Statuspage API "
                                                        "returned (incidents.json, components.json, ...)"))
            found += inside
        elif source.is_file():
            found.append(source)
        else:
            problems.append(Diagnostic(shown, None, "does not exist"))
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return unique, problems


def _newer(a: Item, b: Item) -> bool:
    """Whether `a` is a later copy of the same item than `b` (updated later, or more updates)."""
    def key(item):
        try:
            updated = parse(item.data.get("updated_at")).timestamp()
        except ValueError:
            updated = 0.0
        return updated, len(item.data.get("incident_updates") or [])
    return key(a) > key(b)


def _collect(into: dict, item: Item) -> None:
    if not item.id:
        return
    if item.id not in into or _newer(item, into[item.id]):
        into[item.id] = item


def read_export(sources: list[Path], base: Path) -> Export:
    paths, problems = find_files(sources, base)
    export = Export(problems=problems)
    items: dict[str, Item] = {}
    components: dict[str, Item] | None = None
    unnamed: list[Item] = []
    pages: dict[str, tuple[str, str]] = {}  # page id -> (its name, the first file naming it)
    for path in paths:
        shown = shown_path(path, base)
        export.files += 1
        try:
            text = path.read_bytes().decode("utf-8-sig")
            data = json.loads(text)
        except OSError as exc:
            export.problems.append(Diagnostic(shown, None, f"cannot be read: {exc.strerror or exc}"))
            continue
        except UnicodeDecodeError:
            export.problems.append(Diagnostic(shown, None, "is not UTF-8 text; save it as the API returned it"))
            continue
        except json.JSONDecodeError as exc:
            export.problems.append(Diagnostic(shown, exc.lineno, f"is not valid JSON: {exc.msg} (column "
                                                                 f"{exc.colno}); save it as the API returned it"))
            continue
        export.texts[shown] = text
        records, listed, page = _records(data)
        if records is None:
            export.problems.append(Diagnostic(shown, 1, "is not a Statuspage export: expected an object with "
                                                        f"{', '.join(KEYS)}, or a list of incidents or components"))
            continue
        if page.get("id"):
            pid = str(page["id"])
            if pages and pid not in pages:
                other, where = next(iter(pages.values()))
                export.problems.append(Diagnostic(shown, 1, f'is from the page "{page.get("name", pid)}" ({pid}), '
                                                            f'{where} from "{other}"; import one page at a time'))
                continue
            pages.setdefault(pid, (str(page.get("name") or pid), shown))
            export.page = export.page or page
        for kind, record in records:
            if not isinstance(record, dict):
                continue
            item = Item(record, shown)
            if kind == "component":
                components = {} if components is None else components
                _collect(components, item)
            elif item.id:
                _collect(items, item)
            else:
                unnamed.append(item)
        if listed and components is None:
            components = {}
    export.items = [items[key] for key in sorted(items)] + unnamed
    export.components = None if components is None else [components[key] for key in sorted(components)]
    return export


def _records(data) -> tuple[list | None, bool, dict]:
    """([(kind, record)], whether a components list was given, the page), or None for another shape."""
    if isinstance(data, list):  # the Manage API's lists
        out = []
        for record in data:
            if isinstance(record, dict):
                kind = "incident" if "incident_updates" in record or "scheduled_for" in record else "component"
                out.append((kind, record))
        listed = any(kind == "component" for kind, _ in out)
        return out, listed, {}
    if not isinstance(data, dict) or not any(key in data for key in KEYS):
        return None, False, {}
    page = data.get("page") if isinstance(data.get("page"), dict) else {}
    out = []
    for key in ("incidents", "scheduled_maintenances"):
        if isinstance(data.get(key), list):
            out += [("incident", record) for record in data[key]]
    for key in ("incident", "scheduled_maintenance"):
        if isinstance(data.get(key), dict):
            out.append(("incident", data[key]))
    listed = isinstance(data.get("components"), list)
    if listed:
        out += [("component", record) for record in data["components"]]
    return out, listed, page
