"""Setting one time inside a nested mapping of an existing file, e.g. internal.alert.withdrawn.

For what statusgen itself recorded under `internal:` and later has to add to (the alert intake marks
a draft withdrawn when its alert resolved within the flap window). The line goes right after the
mapping's last value, at the indentation of its keys; every other byte stays as it was. As with
set_fact, a time already written is never changed: the same instant changes nothing, a different
one is refused. The result must load as the old front matter plus exactly that value, and validate
as a build would, before it replaces the file atomically under the folder's lock.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml

from ...core.diagnostics import Diagnostic, UserError
from ...core.timeutil import UTC, TimeError, iso_z, parse_time
from ...read.config import Config
from ...read.reader import shown_path, split_source
from ...read.yamllayout import Node, column, layout
from ..safely import changed_meanwhile, locked, write_atomic
from . import checks
from .layout import insert_update
from .yamlvalues import UNREADABLE, facts_of


def set_nested_time(config: Config, path: Path, keys: tuple[str, ...], value: datetime,
                    now: datetime) -> tuple[Path, list[Diagnostic], bool]:
    """Write `keys[-1]: value` into the block mapping at `keys[:-1]` of the file's front matter.

    Returns (the file, its policy warnings, whether it changed). Refuses (UserError) when the mapping
    is missing or written in a layout this cannot extend (a flow mapping, an alias), or when the key
    holds a different time; nothing is written then.
    """
    *parents, name = keys
    shown = shown_path(path, config.base_dir)
    dotted = ".".join(keys)
    stamp = iso_z(value)
    refused = UserError([Diagnostic(shown, None, f"statusgen cannot add {dotted} to this front matter without "
                                                 f"changing other values; nothing was written. Add "
                                                 f'"{name}: {stamp}" under {".".join(parents)} by hand')])
    with locked(path.parent, shown_path(path.parent, config.base_dir)):
        _, raw, original = checks.load(config, path)
        source, _ = split_source(original, path, shown)
        if source is None:
            raise changed_meanwhile(shown)
        front = source.front_matter
        before = facts_of(front)
        held = before
        for key in parents:
            held = held.get(key) if isinstance(held, dict) else None
        if not isinstance(held, dict):
            raise refused
        if name in held:
            if _same_time(held[name], value):
                return path, checks.check_written(config, path, original, now), False
            raise UserError([Diagnostic(shown, None, f"{dotted} is already {held[name]}, not {stamp}; statusgen "
                                                     "does not overwrite a recorded time")])
        node = _mapping_node(front, parents)
        if node is None:
            raise refused
        indent = column(front, node.items[0][0].start)
        # insert_update puts lines after a list's last item; the mapping, as that list's one item, ends where it ends.
        text = insert_update(original, front, Node("seq", node.start, node.end, items=[node]),
                             [f"{' ' * indent}{name}: {stamp}"])
        after_source = split_source(text, path, shown)[0]
        after = facts_of(after_source.front_matter) if after_source else UNREADABLE
        held[name] = stamp  # `before`, with the one value this edit adds
        if checks.loose(after) != checks.loose(before):
            raise refused
        warnings = checks.check_written(config, path, text, now)
        write_atomic(path, text, shown, expected=raw)
    return path, warnings, True


def _mapping_node(front: str, keys: list[str]) -> Node | None:
    """The block mapping at `keys`, if every step is a block mapping written in place (no flow, no alias)."""
    try:
        node = layout(front)
    except (yaml.YAMLError, RecursionError):
        return None
    for key in keys:
        if node is None or node.kind != "map" or node.flow:
            return None
        node = next((value for name, value in node.items if name.kind == "scalar" and name.value == key), None)
    if node is None or node.kind != "map" or node.flow or not node.items:
        return None
    return node


def _same_time(written, value: datetime) -> bool:
    try:
        return parse_time(str(written)).replace(microsecond=0) == value.astimezone(UTC).replace(microsecond=0)
    except TimeError:
        return False
