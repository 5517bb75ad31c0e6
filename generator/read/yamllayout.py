"""Where each YAML value is written, for the commands that edit a file in place and keep its layout.

Built from parser events rather than PyYAML's composed nodes, because a
composed alias carries its anchor's position, not its own. Offsets (not
PyYAML's line numbers) stay right when PyYAML counts U+2028 as a line break
and editors do not. Parsed as the validator parses (libyaml when available).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Node:
    """One value's place: character offsets into the text."""

    kind: str  # "map", "seq", "scalar" or "alias"
    start: int
    end: int
    flow: bool = False
    style: str | None = None  # a scalar's: None (plain), "'", '"', "|" or ">"
    value: str = ""  # a scalar's text
    items: list = field(default_factory=list)  # a sequence's nodes; a mapping's (key, value) pairs


def layout(text: str) -> Node | None:
    """The document's first value as a tree of Nodes, or None for an empty document."""
    events = yaml.parse(text, Loader=LOADER)

    def build(event) -> Node:
        start, end = event.start_mark.index, event.end_mark.index
        if isinstance(event, yaml.ScalarEvent):
            return Node("scalar", start, end, style=event.style, value=event.value)
        if isinstance(event, yaml.AliasEvent):
            return Node("alias", start, end)
        node = Node("map" if isinstance(event, yaml.MappingStartEvent) else "seq", start, end,
                    flow=bool(event.flow_style))
        for child in events:
            if isinstance(child, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                node.end = child.end_mark.index
                break
            node.items.append(build(child))
        if node.kind == "map":
            node.items = list(zip(node.items[::2], node.items[1::2]))
        return node

    for event in events:
        if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            return build(event)
    return None


def line_of(text: str, index: int) -> int:
    """0-based line (counting only \\n, as editors and the reader do) of the character at `index`."""
    return text.count("\n", 0, index)


def column(text: str, index: int) -> int:
    return index - (text.rfind("\n", 0, index) + 1)
