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
    except RecursionError:
        raise YamlError("not accepted: values are nested too deeply", None) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"not valid YAML: {exc}", None) from None
    result = Located(value=None)
    if node is None:
        return result
    result.lines[()] = node.start_mark.line + 1 + offset
    builder = _Builder(result, offset, tolerate_tags)
    result.value = builder.build(node, (), 0)
    return result


# Aliases let a few lines expand into millions of values ("billion laughs"), and
# an alias inside its own anchor is a cycle; both are refused with a line.
MAX_VALUES = 200_000
MAX_DEPTH = 64


class _Builder:
    def __init__(self, out: Located, offset: int, tolerate_tags: bool):
        self.out = out
        self.offset = offset
        self.tolerate_tags = tolerate_tags
        self.count = 0
        self.open: set[int] = set()  # nodes being built: meeting one again is a cycle

    def line(self, node) -> int:
        return node.start_mark.line + 1 + self.offset

    def build(self, node, path: tuple, depth: int):
        self.count += 1
        if self.count > MAX_VALUES:
            raise YamlError(f"not accepted: it expands to more than {MAX_VALUES} values (check anchors and "
                            "aliases)", self.line(node))
        if depth > MAX_DEPTH:
            raise YamlError(f"not accepted: values are nested more than {MAX_DEPTH} levels deep", self.line(node))
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            if id(node) in self.open:
                raise YamlError("not accepted: an alias refers to the value that contains it", self.line(node))
            self.open.add(id(node))
            try:
                if isinstance(node, yaml.MappingNode):
                    return self._mapping(node, path, depth)
                return self._sequence(node, path, depth)
            finally:
                self.open.discard(id(node))
        return self._scalar(node)

    def _mapping(self, node, path, depth):
        if self.tolerate_tags and node.tag == "!ENV":
            raise YamlError("!ENV takes a variable name or a list of names and a default", self.line(node))
        value = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError("not accepted: YAML merge keys (<<) are not supported here", self.line(key_node))
            key = self.build(key_node, path, depth + 1)
            if isinstance(key, (list, dict)):
                raise YamlError("not accepted: a mapping key must be a plain value", self.line(key_node))
            line = self.line(key_node)
            if key in value:
                self.out.duplicates.append((path + (key,), line))
            self.out.lines[path + (key,)] = line
            value[key] = self.build(value_node, path + (key,), depth + 1)
        return value

    def _sequence(self, node, path, depth):
        if self.tolerate_tags and node.tag == "!ENV":
            return _env([item.value for item in node.value if isinstance(item, yaml.ScalarNode)])
        items = []
        for index, item in enumerate(node.value):
            self.out.lines[path + (index,)] = self.line(item)
            items.append(self.build(item, path + (index,), depth + 1))
        return items

    def _scalar(self, node):
        if node.tag == TIMESTAMP_TAG:
            return node.value
        if node.tag == _STR_TAG:  # most values: skip the constructor's bookkeeping
            return node.value
        constructor = _scalars.yaml_constructors.get(node.tag) if node.tag.startswith("tag:yaml.org,2002:") else None
        if constructor is not None:
            try:
                return constructor(_scalars, node)
            except Exception as exc:  # PyYAML raises ValueError/KeyError for `!!int abc` and the like
                problem = getattr(exc, "problem", None) or f"{node.value!r} cannot be read as {node.tag.rsplit(':', 1)[-1]}"
                raise YamlError(f"not valid YAML: {problem}", self.line(node)) from None
        if self.tolerate_tags:
            if node.tag == "!ENV":
                return _env([node.value])
            return node.value
        raise YamlError(f"not accepted: unsupported YAML tag {node.tag}", self.line(node))


def _env(names: list[str]):
    """MkDocs' !ENV: the first variable that is set, else the last item as a default."""
    import os

    for name in names[:-1] if len(names) > 1 else names:
        if name in os.environ:
            return os.environ[name]
    return names[-1] if len(names) > 1 else None
