"""YAML loading that remembers where each value came from.

Validation messages must name the line of the offending key, and duplicate
keys must be reported rather than silently overwritten, so documents are
composed into nodes (by libyaml when available) and built into plain Python
values here, recording a line per key path. Timestamps stay strings: the
validator parses them itself so that a naive time is an error, never a guess.
"""
from __future__ import annotations

import bisect
import re
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
    lines = _Lines(text, first_line)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = lines.of(mark) if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark is not None and exc.problem_mark is not None:
            started = lines.of(exc.context_mark)
            if started != line:  # an unclosed bracket or quote: say where it began
                problem += f" ({exc.context} that began on line {started})"
        raise YamlError(f"not valid YAML: {problem}{lines.hidden_break(line, exc.context_mark)}", line) from None
    except yaml.reader.ReaderError as exc:
        raise _unreadable(exc, text, lines) from None
    except RecursionError:
        raise YamlError("not accepted: values are nested too deeply", None) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"not valid YAML: {exc}", None) from None
    result = Located(value=None)
    if node is None:
        return result
    result.lines[()] = lines.of(node.start_mark)
    builder = _Builder(result, lines, tolerate_tags)
    result.value = builder.build(node, (), 0)
    return result


class _Lines:
    """File line numbers of YAML marks, counted the way editors and grep count them.

    YAML also breaks lines at a lone CR, U+0085, U+2028 and U+2029, so after one
    of those (even in a comment) its line numbers run ahead of the file's. Only
    then are lines counted from the mark's character index, by newlines alone.
    """

    _OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")

    def __init__(self, text: str, first_line: int):
        self.text = text
        self.offset = first_line - 1
        self.newlines = None
        if self._OTHER_BREAKS.search(text):
            self.newlines = [m.start() for m in re.finditer("\n", text)]

    def of(self, mark) -> int:
        if self.newlines is None:
            return mark.line + 1 + self.offset
        return bisect.bisect_left(self.newlines, mark.index) + 1 + self.offset


    def hidden_break(self, line: int | None, context_mark) -> str:
        """A hint when the lines around an error hold a break the editor does not show as one."""
        if self.newlines is None or line is None:
            return ""
        first = self.of(context_mark) if context_mark is not None else line
        for number in range(min(first, line), line + 1):
            index = number - 1 - self.offset
            start = self.newlines[index - 1] + 1 if index > 0 else 0
            end = self.newlines[index] if index < len(self.newlines) else len(self.text)
            found = self._OTHER_BREAKS.search(self.text, start, end)
            if found:
                return (f"; line {number} holds the invisible line break U+{ord(found.group()):04X}, which YAML "
                        "reads as the end of a line: remove it")
        return ""


def _unreadable(exc, text: str, lines: _Lines) -> YamlError:
    """A character YAML refuses anywhere, even in a comment: say which and where."""
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    index = text.find(char)
    line = text.count("\n", 0, index) + 1 + lines.offset if index >= 0 else None
    return YamlError(f"not valid YAML: it contains the control character U+{ord(char):04X}; remove it", line)


# Aliases let a few lines expand into millions of values ("billion laughs"), and
# an alias inside its own anchor is a cycle; both are refused with a line. Only
# values reached again through an alias count towards the limit: a long file
# written out in full is judged on its own merits, not mistaken for a bomb.
MAX_ALIASED_VALUES = 200_000
MAX_DEPTH = 64
_BUILD = object()  # _Builder._plain: "not a plain string met for the first time, build it"
_ScalarNode = yaml.ScalarNode


class _Builder:
    def __init__(self, out: Located, lines: _Lines, tolerate_tags: bool):
        self.out = out
        self.lines = lines
        self.tolerate_tags = tolerate_tags
        self.built: set[int] = set()  # nodes built at least once
        self.repeated = 0  # values built again because an alias refers to them
        self.written = 0  # line of the last value built for the first time: near the alias being expanded
        self.open: set[int] = set()  # nodes being built: meeting one again is a cycle

    def line(self, node) -> int:
        return self.lines.of(node.start_mark)

    def build(self, node, path: tuple, depth: int):
        if id(node) in self.built:
            self.repeated += 1
            if self.repeated > MAX_ALIASED_VALUES:
                raise YamlError(f"not accepted: its aliases expand to more than {MAX_ALIASED_VALUES} values; "
                                "write the values out instead of repeating anchors (&) through aliases (*)",
                                self.written)
        else:
            self.built.add(id(node))
            self.written = self.line(node)
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

    def _plain(self, node, depth: int):
        """The text of a plain string scalar met for the first time, else _BUILD: the common case done
        here without build()'s checks, which it passes (no alias repeat, depth within bounds)."""
        if node.__class__ is _ScalarNode and node.tag == _STR_TAG and depth <= MAX_DEPTH:
            key = id(node)
            if key not in self.built:
                self.built.add(key)
                self.written = self.lines.of(node.start_mark)
                return node.value
        return _BUILD

    def _mapping(self, node, path, depth):
        if self.tolerate_tags and node.tag == "!ENV":
            raise YamlError("!ENV takes a variable name or a list of names and a default", self.line(node))
        value = {}
        lines = self.out.lines
        depth += 1
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError("not accepted: YAML merge keys (<<) are not supported here", self.line(key_node))
            key = self._plain(key_node, depth)
            if key is _BUILD:
                key = self.build(key_node, path, depth)
                if isinstance(key, (list, dict)):
                    raise YamlError("not accepted: a mapping key must be a plain value", self.line(key_node))
            line = self.lines.of(key_node.start_mark)
            if key in value:
                self.out.duplicates.append((path + (key,), line))
            where = path + (key,)
            lines[where] = line
            item = self._plain(value_node, depth)
            value[key] = self.build(value_node, where, depth) if item is _BUILD else item
        return value

    def _sequence(self, node, path, depth):
        if self.tolerate_tags and node.tag == "!ENV":
            return _env([item.value for item in node.value if isinstance(item, yaml.ScalarNode)])
        items = []
        lines = self.out.lines
        depth += 1
        for index, item_node in enumerate(node.value):
            where = path + (index,)
            lines[where] = self.lines.of(item_node.start_mark)
            item = self._plain(item_node, depth)
            items.append(self.build(item_node, where, depth) if item is _BUILD else item)
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
