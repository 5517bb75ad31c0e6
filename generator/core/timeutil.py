"""Times and durations: parsing what authors write, and the build's clock."""
from __future__ import annotations

import os
import re
from datetime import datetime, timedelta, timezone

UTC = timezone.utc
# Far enough from datetime's limits that offsets and 90-day windows never overflow.
MIN_YEAR, MAX_YEAR = 1970, 9000
MAX_DURATION = timedelta(days=3660)
# Clocks differ a little between laptops and CI; within this, a time ahead of the build counts as now.
CLOCK_SKEW = timedelta(minutes=10)

_DURATION = re.compile(r"^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m(?:in)?)?\s*(?:(\d+)s)?$")


class TimeError(ValueError):
    pass


# The one grammar of a time, shared with the JSON Schema (generator.read.spec): a date,
# T (or t, or a space), hours and minutes, optional seconds and fraction, then
# Z or an offset. Read here by hand rather than by datetime.fromisoformat, whose
# grammar differs between Python versions.
TIME_PATTERN = (r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?[ \t]*"
                r"([Zz]|[+-]\d{2}(:?\d{2})?)$")
_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?[ \t]*"
                   r"(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_time(value) -> datetime:
    """An aware datetime in UTC from an RFC 3339 time with an offset or Z.

    A time without an offset is rejected: guessing a zone mid-incident would
    silently shift the timeline by hours.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise TimeError(f'"{value.isoformat()}" has no time zone; add Z for UTC or an offset like +01:00')
        return _bounded_time(value, value.isoformat())
    if not isinstance(value, str):
        raise TimeError(f"expected a time like 2026-03-04T09:12:00Z, got {type_name(value)}")
    text = value.strip()
    match = _TIME.match(text)
    if match is None:
        if _DATE.match(text):
            raise TimeError(f'"{text}" is a date, not a time; write it like {text}T09:12:00Z')
        raise TimeError(f'"{text}" is not a valid time; write it like 2026-03-04T09:12:00Z')
    year, month, day, hour, minute, second, fraction, z, sign, off_h, off_m = match.groups()
    if not z and not sign:
        raise TimeError(f'"{text}" has no time zone; add Z for UTC or an offset like +01:00')
    try:
        offset = timedelta(0) if z else (1 if sign == "+" else -1) * timedelta(hours=int(off_h),
                                                                                  minutes=int(off_m or 0))
        zone = timezone(offset)
        parsed = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
                          int((fraction or "0")[:6].ljust(6, "0")), tzinfo=zone)
    except ValueError:
        raise TimeError(f'"{text}" is not a valid time; write it like 2026-03-04T09:12:00Z') from None
    return _bounded_time(parsed, text)


def _bounded_time(parsed: datetime, text: str) -> datetime:
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


def utc_minute(moment: datetime) -> str:
    """A time as validation messages quote it: "2026-11-22 15:00 UTC"."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


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
