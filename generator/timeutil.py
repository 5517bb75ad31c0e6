"""Times and durations: parsing what authors write, and the build's clock."""
from __future__ import annotations

import os
import re
from datetime import datetime, timedelta, timezone

UTC = timezone.utc
# Far enough from datetime's limits that offsets and 90-day windows never overflow.
MIN_YEAR, MAX_YEAR = 1970, 9000
MAX_DURATION = timedelta(days=3660)

_DURATION = re.compile(r"^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m(?:in)?)?\s*(?:(\d+)s)?$")


class TimeError(ValueError):
    pass


def parse_time(value) -> datetime:
    """An aware datetime in UTC from an ISO 8601 string with an offset or Z.

    A time without an offset is rejected: guessing a zone mid-incident would
    silently shift the timeline by hours.
    """
    if isinstance(value, datetime):
        text = value.isoformat()
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise TimeError(f"expected a time like 2026-03-04T09:12:00Z, got {type_name(value)}")
    # RFC 3339 allows a lowercase t and z; Python before 3.11 reads neither Z nor z.
    normal = text[:10] + text[10:11].upper() + text[11:]
    if normal[-1:] in ("Z", "z"):
        normal = normal[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(normal)
    except ValueError:
        raise TimeError(f'"{text}" is not a valid time; write it like 2026-03-04T09:12:00Z') from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        if "T" not in normal and " " not in normal:
            raise TimeError(f'"{text}" is a date, not a time; write it like {text}T09:12:00Z')
        raise TimeError(f'"{text}" has no time zone; add Z for UTC or an offset like +01:00')
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise TimeError(f'"{text}" is out of range; times must fall between {MIN_YEAR} and {MAX_YEAR}')
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        raise TimeError(f'"{text}" is out of range; times must fall between {MIN_YEAR} and {MAX_YEAR}') from None


def parse_duration(value) -> timedelta:
    """'15m', '2h', '1h30m', '1d' (or a number of minutes) as a timedelta."""
    if isinstance(value, bool):
        raise TimeError("expected a duration like 15m, 2h or 1d")
    delta = None
    if isinstance(value, int):
        if value < 0:
            raise TimeError("a duration cannot be negative")
        delta = timedelta(minutes=min(value, 10**8))
    elif isinstance(value, str):
        match = _DURATION.match(value.strip())
        if match and any(match.groups()):
            d, h, m, s = (min(int(g or 0), 10**8) for g in match.groups())
            delta = timedelta(days=d, hours=h, minutes=m, seconds=s)
    if delta is None:
        raise TimeError(f'"{value}" is not a duration; write it like 15m, 2h, 1h30m or 1d')
    if delta > MAX_DURATION:
        raise TimeError(f'"{value}" is longer than ten years; is it a typo?')
    return delta


def format_duration(delta: timedelta) -> str:
    """Compact human duration: '2 h 05 min', '45 min', '3 d 4 h'."""
    total = int(delta.total_seconds())
    if total < 0:
        total = 0
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min"
    return "under 1 min" if total else "0 min"


def describe_duration(delta: timedelta) -> str:
    """A duration for prose: '30 minutes', '2 hours', '48 hours', '5 days'."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60 or minutes % 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}" if minutes < 120 else format_duration(delta)
    hours = minutes // 60
    if hours <= 72 or hours % 24:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{hours // 24} days"


def format_ago(then: datetime, now: datetime) -> str:
    """'5 min ago', '3 h ago', '2 d ago' (largest unit only), or 'in 3 h'."""
    seconds = (now - then).total_seconds()
    future, seconds = seconds < 0, abs(seconds)
    if seconds < 60:
        return "in under a minute" if future else "just now"
    if seconds < 3600:
        text = f"{int(seconds // 60)} min"
    elif seconds < 86400:
        text = f"{int(seconds // 3600)} h"
    else:
        text = f"{int(seconds // 86400)} d"
    return f"in {text}" if future else f"{text} ago"


def iso_z(moment: datetime) -> str:
    """RFC 3339 in UTC with a Z, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# The moment a build describes lands in gzip headers (32-bit seconds since 1970)
# and ZIP-style dates (from 1980), so it stays well inside both.
BUILD_FIRST, BUILD_LAST = datetime(1980, 1, 2, tzinfo=UTC), datetime(2099, 12, 31, 23, 59, 59, tzinfo=UTC)


def build_now(explicit: datetime | None = None) -> datetime:
    """The moment a build describes: --now, else SOURCE_DATE_EPOCH, else the clock."""
    if explicit is not None:
        return _bounded(explicit.astimezone(UTC), f"--now {iso_z(explicit)}")
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise TimeError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds since 1970") from None
        return _bounded(moment, f"SOURCE_DATE_EPOCH={epoch!r} ({iso_z(moment)})")
    return datetime.now(UTC).replace(microsecond=0)


def _bounded(moment: datetime, shown: str) -> datetime:
    if not BUILD_FIRST <= moment <= BUILD_LAST:
        raise TimeError(f"{shown} is out of range; a build's time must fall between {iso_z(BUILD_FIRST)} and "
                        f"{iso_z(BUILD_LAST)}")
    return moment


def type_name(value) -> str:
    if value is None:
        return "nothing"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)
