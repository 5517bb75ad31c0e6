"""Untrusted text made safe for one line of output, or for Markdown."""
from __future__ import annotations

import re

_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")  # control characters and line separators
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


def one_line(value) -> str:
    """`value` as a single line: each run of control characters becomes one space.

    For fields that are one line by nature (titles, names, statuses) and for
    every line statusgen prints: a newline in a title would otherwise forge a
    line of its own in the chat channel, or in a CI log, where a line that
    starts with `::` is a workflow command.
    """
    return _LINE_BREAKING.sub(" ", str(value))


def md(text: str) -> str:
    """Text for Markdown prose: one line, every character that could start markup escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(one_line(text).split()))


def code(text: str) -> str:
    """Text for inside a `code span`, where escapes do not work."""
    return " ".join(one_line(text).replace("`", "'").split())
