"""Setting one of an incident's times (started, detected, acknowledged) on an existing file.

For what learns a time after the file exists: an alert acknowledged after its
draft was written, a responder who finds that impact began earlier. A time
already written is never changed: that is a correction for a person to make,
so a different value is refused and the same instant changes nothing.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml

from ...core.diagnostics import Diagnostic, UserError
from ...core.timeutil import UTC, TimeError, iso_z, parse_time
from ...read.config import Config
from ...read.reader import shown_path, split_source
from ...read.yamllayout import layout, line_of
from ..safely import changed_meanwhile, locked, write_atomic
from . import checks
from .checks import find_file, load, loose
from .layout import append_front_matter_line
from .yamlvalues import UNREADABLE, facts_of

SETTABLE = ("started", "detected", "acknowledged")


def set_fact(config: Config, incident: str | Path, key: str, value: datetime,
             now: datetime | None = None) -> tuple[Path, list[Diagnostic], bool]:
    """Write `key: value` into the front matter of incident `incident` (its id, or its file's path).

    Returns (the file, its policy warnings, whether it changed). Refuses (UserError, naming the file
    and line) when the file holds a different time for `key`, or when the result would not validate
    (e.g. detected after the first update); nothing is written then.
    """
    if key not in SETTABLE:
        raise ValueError(f"set_fact sets one of {', '.join(SETTABLE)}, not {key!r}")
    now = now or datetime.now(UTC)
    path = incident if isinstance(incident, Path) else find_file(config, incident)
    shown = shown_path(path, config.base_dir)
    with locked(path.parent, shown_path(path.parent, config.base_dir)):
        _, raw, original = load(config, path)
        source, _ = split_source(original, path, shown)
        if source is None:  # valid when validated a moment later: it was being saved
            raise changed_meanwhile(shown)
        before = facts_of(source.front_matter)
        if not isinstance(before, dict):
            raise changed_meanwhile(shown)
        stamp = iso_z(value)
        if key in before:
            line = _key_line(source.front_matter, key, source.front_matter_line)
            if _same_time(before[key], value):
                return path, checks.check_written(config, path, original, now), False
            raise UserError([Diagnostic(shown, line, f"{key} is already {before[key]}, not {stamp}; statusgen "
                                                     "does not overwrite a recorded time. If it is wrong, correct "
                                                     "that line by hand")])
        text = append_front_matter_line(original, f"{key}: {stamp}")
        after_source = split_source(text, path, shown)[0]
        after = facts_of(after_source.front_matter) if after_source else UNREADABLE
        if loose(after) != loose({**before, key: stamp}):
            raise UserError([Diagnostic(shown, None, f"statusgen cannot add {key} to this front matter without "
                                                     f"changing other values; nothing was written. Add the line "
                                                     f'"{key}: {stamp}" by hand')])
        warnings = checks.check_written(config, path, text, now)
        write_atomic(path, text, shown, expected=raw)
    return path, warnings, True


def _same_time(written, value: datetime) -> bool:
    try:
        return parse_time(written).replace(microsecond=0) == value.astimezone(UTC).replace(microsecond=0)
    except TimeError:
        return False


def _key_line(front: str, key: str, first_line: int) -> int | None:
    """The file line of a top-level key, for the message."""
    try:
        root = layout(front)
    except (yaml.YAMLError, RecursionError):
        return None
    for name, _ in root.items if root is not None and root.kind == "map" else ():
        if name.kind == "scalar" and name.value == key:
            return first_line + line_of(front, name.start)
    return None
