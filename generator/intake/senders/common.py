"""What every sender's reader shares: the bounded JSON parse, fields found by their JSON path, clean text.

A payload is untrusted bytes from outside (a webhook relayed through a repository_dispatch): it is
parsed with limits (size, depth), every field is looked up by its JSON path so a missing or mistyped
field is named the way the sender's documentation names it, and every string kept is cleaned (no
control characters, bounded length). No markup is interpreted anywhere: text stays plain str.

Error messages name paths and types, never the values: a payload can carry tokens in its URLs.
"""
from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timezone

from ...core.text import close_bidi, graphemes, one_line
from ...core.timeutil import TimeError, parse_time

MAX_BYTES = 1024 * 1024  # the same bound `statusgen ingest` reads a payload with
MAX_DEPTH = 32  # deeper than any sender's documented payload (they nest 4 levels at most)
TITLE_LENGTH = 200  # one line, in grapheme clusters
KEY_LENGTH = 256  # a longer key is kept as its digest, so it stays usable in a file and a branch name
LABEL_KEY_LENGTH = 100
LABEL_VALUE_LENGTH = 300
ANNOTATION_LENGTH = 4000
MAX_LABELS = 100
MAX_LINKS = 20
LINK_LENGTH = 2000

# Control characters other than newline and tab, and the line and paragraph separators.
_CONTROL_KEEP_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


class PayloadError(ValueError):
    """The payload cannot be read as an alert; the message is for people and never echoes values."""


class NotAnAlert(PayloadError):
    """A well-formed notification that is no alert (a pending or maintenance heartbeat, a test message,
    an event about something other than an incident): the caller records it as "ignored"."""


def parse(data: bytes) -> dict:
    """The payload's top-level JSON object, within the size and depth bounds."""
    if not isinstance(data, (bytes, bytearray)):
        raise PayloadError("the payload must be bytes")
    if len(data) > MAX_BYTES:
        raise PayloadError(f"the payload is {len(data)} bytes; statusgen reads at most {MAX_BYTES} (1 MiB)")
    if not data.strip():
        raise PayloadError("the payload is empty; expected the JSON body of a webhook")
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PayloadError(f"the payload is not UTF-8 text (byte {error.start}); expected the JSON body of "
                           "a webhook") from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise PayloadError(f"the payload is not JSON (line {error.lineno}, column {error.colno}: "
                           f"{error.msg}); expected the JSON body of a webhook") from None
    except RecursionError:
        raise PayloadError(f"the payload nests deeper than {MAX_DEPTH} levels; no sender's payload does") from None
    except ValueError as error:  # the constants refused below, or a number of thousands of digits
        if "digits" in str(error):
            raise PayloadError("the payload holds a number thousands of digits long; no sender's payload "
                               "does") from None
        raise PayloadError(str(error)) from None
    if not isinstance(value, dict):
        raise PayloadError(f"the payload is {type_name(value)}, not a JSON object; expected the JSON body "
                           "of a webhook")
    if _depth(value) > MAX_DEPTH:
        raise PayloadError(f"the payload nests deeper than {MAX_DEPTH} levels; no sender's payload does")
    return value


def _refuse_constant(name: str):
    raise ValueError(f"the payload is not JSON: {name} is not a JSON number")


def _depth(value) -> int:
    """How deep containers nest in `value`, walked without recursion (the parse already bounded it)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def type_name(value) -> str:
    """A JSON value's kind as the JSON text calls it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {dict: "an object", list: "a list", str: "text", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__)


def path_of(base: str, key) -> str:
    """`alerts[0].labels`: the JSON path of a field, as the senders' documentation writes it."""
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else str(key)


def field(obj: dict, key: str, base: str, kind: type | tuple, required: bool = True):
    """`obj[key]` checked for its type; absent or null gives None when not required."""
    where = path_of(base, key)
    value = obj.get(key)
    if value is None:
        if required:
            raise PayloadError(f"{where} is missing; the payload needs it")
        return None
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise PayloadError(f"{where} is true/false; expected {_kind_name(kind)}")
    if not isinstance(value, kind):
        raise PayloadError(f"{where} is {type_name(value)}; expected {_kind_name(kind)}")
    return value


def _kind_name(kind) -> str:
    names = {dict: "an object", list: "a list", str: "text", int: "a number", float: "a number",
             bool: "true/false"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


def text(obj: dict, key: str, base: str, required: bool = True) -> str | None:
    """A non-empty string field (a number is accepted and written as text: ids are either)."""
    value = field(obj, key, base, (str, int, float), required)
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        if required:
            raise PayloadError(f"{path_of(base, key)} is empty; the payload needs it")
        return None
    return value


def time(obj: dict, key: str, base: str, required: bool = True) -> datetime | None:
    """An RFC 3339 time with a zone, in UTC. Go's zero time (0001-01-01T00:00:00Z), which Alertmanager
    and Grafana send for "not ended", is no time."""
    where = path_of(base, key)
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise PayloadError(f"{where} is {type_name(value)}; expected a time like 2026-03-04T09:12:00Z")
    value = (value or "").strip()
    if not value or value.startswith("0001-01-01"):
        if required:
            raise PayloadError(f"{where} is missing; the payload needs it")
        return None
    try:
        return parse_time(value)
    except TimeError as error:
        problem = "has no time zone" if "no time zone" in str(error) else (
            "is out of range" if "out of range" in str(error) else "is not a time")
        raise PayloadError(f"{where} {problem}; expected a time like 2026-03-04T09:12:00Z") from None


def epoch_time(value, where: str) -> datetime:
    """A Unix time in seconds or milliseconds (told apart by size: ms since 2001 exceed 10**12)."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise PayloadError(f"{where} is not a Unix time in seconds or milliseconds") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PayloadError(f"{where} is {type_name(value)}; expected a Unix time in seconds or milliseconds")
    seconds = value / 1000 if abs(value) >= 10**11 else value
    try:
        moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
        return parse_time(moment)
    except (OverflowError, OSError, ValueError):
        raise PayloadError(f"{where} is out of range for a Unix time") from None


def title(value: str, limit: int = TITLE_LENGTH) -> str:
    """One line, spaces collapsed, at most `limit` grapheme clusters (cut ones end in an ellipsis)."""
    line = " ".join(one_line(value).split())
    clusters = graphemes(line)
    if len(clusters) > limit:
        line = "".join(clusters[:limit - 1]).rstrip() + "…"
    return close_bidi(line)


def multiline(value: str, limit: int = ANNOTATION_LENGTH) -> str:
    """Text that may span lines (a description): control characters other than newline and tab removed,
    cut to `limit` grapheme clusters."""
    cleaned = _CONTROL_KEEP_LINES.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    clusters = graphemes(cleaned)
    if len(clusters) > limit:
        cleaned = "".join(clusters[:limit - 1]).rstrip() + "…"
    return close_bidi(cleaned)


def string_map(value, where: str, value_limit: int, lines: bool = False) -> dict[str, str]:
    """An object of labels or annotations as dict[str, str]: scalars written as text, nested values and
    nulls dropped (no sender documents them there), keys and values cleaned and cut, at most MAX_LABELS."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PayloadError(f"{where} is {type_name(value)}; expected an object")
    out: dict[str, str] = {}
    for key, item in value.items():
        if len(out) >= MAX_LABELS:
            break
        if isinstance(item, bool):
            item = "true" if item else "false"
        elif isinstance(item, (int, float)):
            item = str(item)
        elif not isinstance(item, str):
            continue
        name = title(str(key), LABEL_KEY_LENGTH)
        if not name:
            continue
        out[name] = multiline(item, value_limit) if lines else title(item, value_limit)
    return out


def link(value) -> str | None:
    """An http(s) URL kept as it was sent (no control characters, bounded); anything else is no link."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > LINK_LENGTH or _CONTROL_KEEP_LINES.search(value) or any(
            c in value for c in " \n\t"):
        return None
    if not re.match(r"^https?://[^/?#\s]+", value, re.IGNORECASE):
        return None
    return value


def links(*values) -> tuple[str, ...]:
    """The usable links among `values`, each once, in order, at most MAX_LINKS."""
    seen = dict.fromkeys(url for url in (link(v) for v in values) if url)
    return tuple(list(seen)[:MAX_LINKS])


def key(value: str) -> str:
    """An alert key as the draft stores it: one line, and a digest when longer than KEY_LENGTH (a group
    key lists every grouping label; its digest is as unique and stays the same for the same group)."""
    line = one_line(value).strip()
    if len(line) > KEY_LENGTH:
        return "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()
    return line
