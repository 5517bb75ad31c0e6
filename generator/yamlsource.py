"""YAML loading that remembers where each value came from.

Validation messages must name the line of the offending key, and duplicate
keys must be reported rather than silently overwritten, so documents are
composed into nodes (by libyaml when available) and built into plain Python
values here, recording a line per key path. Timestamps stay strings: the
validator parses them itself so that a naive time is an error, never a guess.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor

try:  # libyaml's composer is several times faster on large histories
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"
_scalars = SafeConstructor()


class YamlError(Exception):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Located:
    """A loaded value plus the 1-based line of every key path inside it."""

    value: object
    lines: dict[tuple, int] = field(default_factory=dict)
    duplicates: list[tuple[tuple, int]] = field(default_factory=list)

    def line(self, *path, default: int | None = None) -> int | None:
        """Line of the deepest known prefix of `path`."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), default)


def load_located(text: str, first_line: int = 1, tolerate_tags: bool = False) -> Located:
    """Parse one YAML document. `first_line` is the file line of its first line.

    With `tolerate_tags`, unknown tags (MkDocs' `!ENV`, `!!python/name:`) load
    as their plain scalar/sequence/mapping values instead of failing.
    """
    offset = first_line - 1
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark is not None and exc.problem_mark is not None:
            started = exc.context_mark.line + 1 + offset
            if started != line:  # an unclosed bracket or quote: say where it began
                problem += f" ({exc.context} that began on line {started})"
        raise YamlError(f"not valid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"not valid YAML: {exc}", None) from None
    result = Located(value=None)
    if node is None:
        return result
    result.lines[()] = node.start_mark.line + 1 + offset
    result.value = _build(node, (), result, offset, tolerate_tags)
    return result


def _build(node, path, out: Located, offset: int, tolerate_tags: bool):
    if isinstance(node, yaml.MappingNode):
        value = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError("YAML merge keys (<<) are not supported here", key_node.start_mark.line + 1 + offset)
            key = _build(key_node, path, out, offset, tolerate_tags)
            if isinstance(key, (list, dict)):
                raise YamlError("a mapping key must be a plain value", key_node.start_mark.line + 1 + offset)
            line = key_node.start_mark.line + 1 + offset
            if key in value:
                out.duplicates.append((path + (key,), line))
            out.lines[path + (key,)] = line
            value[key] = _build(value_node, path + (key,), out, offset, tolerate_tags)
        return value
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            out.lines[path + (index,)] = item.start_mark.line + 1 + offset
            items.append(_build(item, path + (index,), out, offset, tolerate_tags))
        return items
    # Scalars
    if node.tag == TIMESTAMP_TAG:
        return node.value
    if node.tag == _STR_TAG:  # most values: skip the constructor's bookkeeping
        return node.value
    constructor = _scalars.yaml_constructors.get(node.tag) if node.tag.startswith("tag:yaml.org,2002:") else None
    if constructor is not None:
        try:
            return constructor(_scalars, node)
        except yaml.constructor.ConstructorError as exc:
            raise YamlError(f"not valid YAML: {exc.problem}", node.start_mark.line + 1 + offset) from None
    if tolerate_tags:
        return node.value
    raise YamlError(f"unsupported YAML tag {node.tag}", node.start_mark.line + 1 + offset)
