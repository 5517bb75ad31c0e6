"""Checking one configuration's options, collecting every problem with its full option path and line.

    plugins.statusgen.components[2].name: is required            (mkdocs.yml:41)

Each reader of a group of options (read.config and the *_options modules beside it) is handed one
OptionChecker and reports through it, so a run of `statusgen validate` lists every problem at once.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from ..core.diagnostics import Diagnostic, did_you_mean
from ..core.severities import CHANNELS
from ..core.timeutil import TimeError, parse_duration, type_name
from .yamlsource import Located

PLUGIN_NAME = "statusgen"


class OptionChecker:
    """Accumulates diagnostics for one configuration file."""

    def __init__(self, path: str, located: Located, root: tuple):
        self.path = path
        self.located = located
        self.root = root
        self.problems: list[Diagnostic] = []

    def error(self, keys: tuple, message: str) -> None:
        name = option_name(keys)
        line = self.located.line(*(self.root + keys))
        self.problems.append(Diagnostic(self.path, line, f"{name}: {message}"))

    def entries(self, items: list, keys: tuple, shape: str, allowed: tuple):
        """(index, keys, item) for each entry of a list of mappings whose keys are all known."""
        for index, item in enumerate(items):
            k = keys + (index,)
            if not isinstance(item, dict):
                self.error(k, f"expected a mapping with {shape}, got {type_name(item)}")
                continue
            self.mapping_keys(item, k, allowed)
            yield index, k, item

    def text(self, value, keys, required=False, default=""):
        if value is None:
            if required:
                self.error(keys, "is required")
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(keys, f"expected text, got {type_name(value)}")
            return default
        if required and not value.strip():
            self.error(keys, "must not be empty")
        return value.strip()

    def boolean(self, value, keys, default=False):
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(keys, f"expected true or false, got {type_name(value)}")
            return default
        return value

    def integer(self, value, keys, default, low=1, high=10_000):
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(keys, f"expected a whole number, got {type_name(value)}")
            return default
        if not low <= value <= high:
            self.error(keys, f"must be between {low} and {high}, got {value}")
            return default
        return value

    def duration(self, value, keys):
        if value is None:
            return None
        try:
            return parse_duration(value)
        except TimeError as exc:
            self.error(keys, str(exc))
            return None

    def day(self, value, keys) -> date | None:
        """A calendar day written YYYY-MM-DD (YAML may have read it as a date already)."""
        if value is None:
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        text = value.strip() if isinstance(value, str) else None
        if text is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                self.error(keys, f'"{text}" is not a day that exists; write it like 2025-01-31')
                return None
        shown = f'"{value}"' if text is not None else type_name(value)
        self.error(keys, f"expected a day like 2025-01-31, got {shown}")
        return None

    def mapping_keys(self, value: dict, keys: tuple, allowed) -> None:
        for key in value:
            if key not in allowed:
                self.error(keys + (key,), "unknown option" + did_you_mean(key, allowed)
                           + f"; allowed: {', '.join(allowed)}")

    def channels(self, value, keys):
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(keys, f"expected a list of channels, got {type_name(value)}")
            return ()
        out = []
        for index, item in enumerate(value):
            if item not in CHANNELS:
                self.error(keys + (index,), f'unknown channel "{item}"' + did_you_mean(item, CHANNELS)
                           + f"; allowed: {', '.join(CHANNELS)}")
            elif item not in out:
                out.append(item)
        return tuple(out)


def option_name(keys: tuple) -> str:
    name = f"plugins.{PLUGIN_NAME}"
    for key in keys:
        name += f"[{key}]" if isinstance(key, int) else f".{key}"
    return name
