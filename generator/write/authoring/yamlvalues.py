"""Writing values as YAML lines that load back as exactly those values.

No YAML library writes a document back as it was read, and PyYAML's dumper
quotes and folds as it likes; these write one field at a time, in the layout
an author would use, and say what the lines load as so the caller can prove it.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass

import yaml

from ...read import spec
from ...read.yamllayout import LOADER

# --- Writing values -------------------------------------------------------------------------------

# libyaml, as the validator uses: it also accepts what PyYAML's own scanner refuses ("at:<tab>value").
_Loader = LOADER


class FactsLoader(_Loader):
    """PyYAML's reading, as the validator does it: times stay text, so comparisons are exact."""


FactsLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
UNREADABLE = object()


def facts_of(text: str, loader=FactsLoader):
    try:
        return yaml.load(text, Loader=loader)
    except Exception:  # noqa: BLE001 - any failure just means "not what we meant to write"
        return UNREADABLE


def loads_as(text: str, value) -> bool:
    """Whether YAML text loads back as `value` under PyYAML's YAML 1.1 rules (times as datetimes)."""
    loaded = facts_of(text, _Loader)
    return loaded is not UNREADABLE and type(loaded) is type(value) and loaded == value


def scalar(value: str) -> str:
    """`value` on one line: plain when it reads back as the same text, else quoted.

    Checked by loading rather than by rule, because YAML 1.1 reinterprets more
    than anyone remembers: 10:45 is the number 645, yes and On are booleans.
    """
    single = "'" + value.replace("'", "''") + "'"
    for text in (value, single):
        if "\n" not in text and "\r" not in text and loads_as(f"k: {text}\n", {"k": value}):
            return text
    return double_quoted(value)


def double_quoted(value: str) -> str:
    # PyYAML escapes whatever a double-quoted scalar cannot hold raw (line breaks, controls).
    return yaml.dump(value, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True,
                     width=sys.maxsize).rstrip("\n")


def message_lines(value: str, indent: int) -> tuple[str, list[str], str]:
    """(what follows `message:`, the lines under it, the text it loads as).

    A literal block keeps the author's line breaks readable; text a block cannot
    hold exactly (a first line starting with spaces, a lone carriage return)
    is double-quoted instead, and so is text whose last line is blank space,
    which the next update's lines would otherwise seem to follow.
    """
    text = value.strip("\n").replace("\r\n", "\n") + "\n"
    pad = " " * indent
    block = [pad + line if line else "" for line in text[:-1].split("\n")]
    if block[-1].strip() and loads_as("k: |\n" + "\n".join(block) + "\n", {"k": text}):
        return "|", block, text
    return double_quoted(text), [], text


@dataclass(frozen=True)
class Style:
    """How the author writes list items, read off the updates list."""

    first: str  # the text before an item's first key: "  - ", "- ", "-   ", or indentation below a lone dash
    dash_line: str | None  # "  -" when the dash stands on its own line above the keys
    keys: int  # the column of an item's keys
    text: int  # how much deeper than its key a block message's text sits


NEW_FILE_STYLE = Style("  - ", None, 4, 2)


def value_lines(field: spec.Field, value, indent: int, text_indent: int) -> tuple[str, list[str], object]:
    """(what follows `name:`, the lines under it, what they load as) for one field of the spec.

    indent: the column of the field's key; text_indent: how much deeper block text sits.
    """
    if field.type == spec.MARKDOWN:
        return message_lines(value, indent + text_indent)
    if field.type == spec.TIME:
        return value, [], value  # iso_z text: a plain YAML timestamp, unquoted like an author's
    if field.type == spec.BOOL:
        return ("true" if value else "false"), [], bool(value)
    if field.type in (spec.TEXT, spec.CHOICE):
        return scalar(str(value)), [], str(value)
    pad = " " * (indent + 2)
    if field.type in (spec.IMPACTS, spec.IMPACT_CHANGES):
        if not value:
            return "{}", [], {}  # a notice: no component
        return "", [f"{pad}{scalar(cid)}: {scalar(str(impact))}" for cid, impact in value.items()], \
            {cid: str(impact) for cid, impact in value.items()}
    if field.type == spec.WINDOW:
        lines, facts = fields_lines(spec.WINDOW_FIELDS, value, indent + 2)
        return "", lines, facts
    if field.type == spec.UPDATES:
        lines, facts = [], []
        for update in value:
            item, loaded = update_item(NEW_FILE_STYLE, **update)
            lines += item
            facts.append(loaded)
        return "", lines, facts
    if field.type == spec.SECURITY:
        if value is True:
            return "true", [], True
        lines, facts = fields_lines(spec.SECURITY_FIELDS, value, indent + 2)
        return "", lines, facts
    if field.type == spec.MESSAGE_TRANSLATIONS:  # language -> message, each written as a message is
        lines, loaded = [], {}
        for code, text in value.items():
            head, block, loaded[code] = message_lines(text, indent + 2 + text_indent)
            lines += [f"{pad}{_key(code)}: {head}", *block]
        return "", lines, loaded
    if field.type == spec.TRANSLATIONS:  # language -> {title, report, updates}
        lines, loaded = [], {}
        for code, entry in value.items():
            inner, loaded[code] = fields_lines(spec.TRANSLATION_FIELDS, entry, indent + 4, text_indent=text_indent)
            lines += [f"{pad}{_key(code)}:", *inner]
        return "", lines, loaded
    if field.type == spec.ANYTHING:  # plain data: the team's notes, an alert's labels and links
        return data_lines(value, indent)
    raise AssertionError(f"statusgen does not write {field.type} fields")


def data_lines(value, indent: int) -> tuple[str, list[str], object]:
    """(what follows `name:`, the lines under it, what they load as) for plain data: text, numbers,
    true/false, null, and lists and mappings of them, nested (mapping keys are text).

    Text with line breaks is a literal block where one holds it exactly, so notes stay readable.
    Anything else (a set, a date, a key that is not text) is refused: it would not load back as given.
    """
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        if not value:
            return "{}", [], {}
        lines, loaded = [], {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"statusgen writes mapping keys as text only, not {type(key).__name__}")
            head, block, loaded[key] = data_lines(item, indent + 2)
            lines += [f"{pad}{_key(key)}:{' ' + head if head else ''}", *block]
        return "", lines, loaded
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]", [], []
        lines, loaded = [], []
        for item in value:
            head, block, facts = data_lines(item, indent + 2)
            if head:
                lines += [f"{pad}- {head}", *block]
            else:  # a nested mapping or list: its first line goes on the dash's line
                first = block[0][len(pad) + 2:]
                lines += [f"{pad}- {first}", *block[1:]]
            loaded.append(facts)
        return "", lines, loaded
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value], [], value
    if isinstance(value, (int, float)):
        text = repr(value)
        if not loads_as(f"k: {text}\n", {"k": value}):
            raise ValueError(f"statusgen cannot write the number {text} so that it reads back unchanged")
        return text, [], value
    if isinstance(value, str):
        head, block = _text(value, indent + 2)
        return head, block, value
    raise ValueError(f"statusgen does not write {type(value).__name__} values into a file")


def _text(value: str, indent: int) -> tuple[str, list[str]]:
    """(head, block lines) of a text value: one line, or a literal block (|, or |- without a last line
    break) where it loads back exactly; double-quoted otherwise."""
    if "\n" not in value and "\r" not in value:
        return scalar(value), []
    body = value[:-1] if value.endswith("\n") else value
    block = [(" " * indent + line) if line else "" for line in body.split("\n")]
    marker = "|" if value.endswith("\n") else "|-"
    if block[-1].strip() and loads_as(f"k: {marker}\n" + "\n".join(block) + "\n", {"k": value}):
        return marker, block
    return double_quoted(value), []


def _key(key: str) -> str:
    """A mapping key on one line: plain when it reads back as the same text, else quoted."""
    for text in (key, "'" + key.replace("'", "''") + "'"):
        if "\n" not in text and "\r" not in text and loads_as(f"{text}: x\n", {key: "x"}):
            return text
    return double_quoted(key)


def fields_lines(fields: tuple[spec.Field, ...], values: dict, indent: int, first: str | None = None,
                  text_indent: int = 2) -> tuple[list[str], dict]:
    """The given values as YAML lines, in the spec's order of fields, and what they load as.

    first: the text before the first key (a list item's "  - ") instead of indentation.
    """
    lines, facts = [], {}
    for entry in fields:
        if entry.name not in values:
            continue
        head, block, loaded = value_lines(entry, values[entry.name], indent, text_indent)
        lead = first if first is not None and not lines else " " * indent
        lines += [f"{lead}{entry.name}:{' ' + head if head else ''}", *block]
        facts[entry.name] = loaded
    return lines, facts


def update_item(style: Style, at: str, status: str, message: str, components: dict | None = None,
                translations: dict | None = None) -> tuple[list[str], dict]:
    """An update's lines in `style`, and the value they load as; `translations`: language -> message."""
    lines = [style.dash_line] if style.dash_line is not None else []
    values = {"at": at, "status": status, "message": message}
    if components:
        values["components"] = components
    if translations:
        values["translations"] = translations
    item, facts = fields_lines(spec.UPDATE_FIELDS, values, style.keys, first=style.first, text_indent=style.text)
    return lines + item, facts

