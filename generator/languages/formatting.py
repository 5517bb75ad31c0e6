"""Dates, times, durations and numbers as the reader's language writes them, through Babel.

Pure functions of a value, a Babel locale and (for times) the zone to show. Choices that hold in
every language, and why:

- Times are on the 24-hour clock in the locale's own spelling (CLDR's "Hm" skeleton: 14:05, 14 h 05
  is not CLDR's, ja 14:05): an incident timeline is read across midnight and across teams, and the
  English page has always been 24-hour.
- A time always carries its zone's abbreviation, so a reader never has to guess it: the locale's own
  when CLDR has one (MEZ in German, JST in Japanese), else the zone database's (CET, EST), else the
  offset (UTC+5:30). UTC stays "UTC" in every language: it is the one zone every reader can look up.
- Durations are the compact units the page uses ("2 h 15 min"), from CLDR's short units; English
  keeps the page's own h, min and d where CLDR writes "hr" and "days".
- Percentages are cut, never rounded (core.percent): "99.99 %" is never shown as "100 %" while
  there was downtime, in any language.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal

from babel import Locale, dates, numbers, units

from ..core.percent import truncated

_ALPHABETIC = re.compile(r"^[^\W\d_]{2,6}$")  # MEZ, CET, JST; not +0100, GMT+1, -03
# English as the page has always written durations; CLDR's short English is "2 hr", "3 days".
_ENGLISH_UNITS = {"day": "{0} d", "hour": "{0} h", "minute": "{0} min"}


def format_date(day: date | datetime, locale: Locale, width: str = "medium") -> str:
    """A calendar day: en "Mar 4, 2026", de "04.03.2026", fr "4 mars 2026", ja "2026/03/04".

    `width` is CLDR's: short, medium, long ("4. März 2026") or full (with the weekday). A datetime
    must be given in the zone it is to be read in (its date is taken as it is)."""
    if isinstance(day, datetime):
        day = day.date()
    return dates.format_date(day, width, locale=locale)


def zone_abbreviation(moment: datetime, zone: tzinfo, locale: Locale) -> str:
    """The short name of `zone` at `moment` for readers of `locale` (see the module's docstring)."""
    local = moment.astimezone(zone)
    offset = local.utcoffset() or timedelta(0)
    if zone is timezone.utc or getattr(zone, "key", None) in ("UTC", "Etc/UTC", "Etc/UCT", "UCT", "Zulu"):
        return "UTC"
    try:
        own = dates.get_timezone_name(local, "short", locale=locale)
    except (LookupError, ValueError):
        own = ""
    if _ALPHABETIC.match(own or ""):
        return own
    database = local.tzname() or ""
    if _ALPHABETIC.match(database):
        return database
    if not offset:
        return "UTC"
    sign = "+" if offset > timedelta(0) else "-"
    hours, rest = divmod(abs(int(offset.total_seconds())) // 60, 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def format_time(moment: datetime, locale: Locale, zone: tzinfo = timezone.utc) -> str:
    """A time of day in `zone`, with the zone: en "14:05 UTC", de "15:05 MEZ", ja "23:05 JST"."""
    local = moment.astimezone(zone)
    clock = dates.format_skeleton("Hm", local, locale=locale, tzinfo=zone)
    return f"{clock}\u00a0{zone_abbreviation(moment, zone, locale)}"


def format_datetime(moment: datetime, locale: Locale, zone: tzinfo = timezone.utc, width: str = "medium") -> str:
    """A day and a time, joined as the locale joins them: en "Mar 4, 2026, 14:05 UTC",
    pt_BR "4 de mar. de 2026 14:05 UTC"."""
    local = moment.astimezone(zone)
    glue = locale.datetime_formats.get(width) or "{1} {0}"
    return str(glue).format(format_time(moment, locale, zone), format_date(local, locale, width))


def _unit(amount: int, unit: str, locale: Locale) -> str:
    if locale.language == "en":
        return _ENGLISH_UNITS[unit].format(numbers.format_decimal(amount, locale=locale))
    return units.format_unit(amount, f"duration-{unit}", "short", locale=locale)


def format_duration(delta: timedelta, locale: Locale) -> str:
    """A duration in at most two units, as the page shows it: en "2 h 15 min", "3 d 4 h", "45 min";
    de "2 Std. 15 Min.", fr "2 h 15 min", ja "2 時間 15 分". Under a minute is "< 1 min" in the
    locale's unit: a short blip is not nothing."""
    total = max(int(delta.total_seconds()), 0)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        parts = [(days, "day")] + ([(hours, "hour")] if hours else [])
    elif hours:
        parts = [(hours, "hour")] + ([(minutes, "minute")] if minutes else [])
    elif minutes or not total:
        parts = [(minutes, "minute")]
    else:
        return "<\u00a0" + _unit(1, "minute", locale)
    return " ".join(_unit(amount, unit, locale) for amount, unit in parts)


def format_number(value: int | float, locale: Locale) -> str:
    """A count or measure with the locale's separators: en "1,234.5", de "1.234,5", fr "1 234,5"."""
    return numbers.format_decimal(value, locale=locale)


def format_percent(percent: float, locale: Locale, places: int = 2) -> str:
    """An uptime percentage (0-100), cut to `places` decimals as core.percent cuts it, written the
    locale's way: en "99.99%", de "99,99 %", fr "99,99 %", ja "99.99%"."""
    cut = Decimal(str(truncated(percent, places))) / 100
    pattern = numbers.parse_pattern(locale.percent_formats[None])  # the locale's own: "#,##0\u00a0%" in German
    pattern.frac_prec = (places, places)
    # The value is already cut to its places: Babel's rounding has nothing left to round.
    return pattern.apply(cut, locale)
