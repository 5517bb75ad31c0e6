"""Statuspage's times, read exactly and written back without losing a millisecond.

The API gives RFC 3339 times with milliseconds and the page's offset ("2024-03-05T14:02:11.123-07:00").
They are written in UTC with the same fraction, so every duration the files give is the source's to the
millisecond (a time rounded to the second would shift durations a little, one incident at a time).
"""
from __future__ import annotations

from datetime import datetime

from ...core.timeutil import UTC, TimeError, parse_time


def parse(value) -> datetime:
    """An aware UTC datetime; ValueError for anything else (None included)."""
    if value is None or value == "":
        raise ValueError("no time")
    try:
        return parse_time(value)
    except TimeError as exc:
        raise ValueError(str(exc)) from None


def maybe(value) -> datetime | None:
    try:
        return parse(value)
    except ValueError:
        return None


def text(moment: datetime) -> str:
    """RFC 3339 in UTC with a Z, with the fraction only when there is one (milliseconds, or microseconds)."""
    moment = moment.astimezone(UTC)
    head = moment.strftime("%Y-%m-%dT%H:%M:%S")
    micro = moment.microsecond
    if not micro:
        return head + "Z"
    return head + (f".{micro // 1000:03d}" if micro % 1000 == 0 else f".{micro:06d}") + "Z"
