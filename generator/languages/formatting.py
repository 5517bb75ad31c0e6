"""Dates, times, durations and numbers as the reader's language writes them, through Babel.

The pages use `style_of(code)` (the Style at the end of this module): the pages' own structure
("22 Nov, 07:00 PST (15:00 UTC)", render.clock) in each language, compiled once per language. The
functions first below are general ones (CLDR's own widths and the locale's zone names) for uses
outside the pages' times.

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

import copy
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
    pattern = copy.copy(numbers.parse_pattern(locale.percent_formats[None]))  # the locale's own: "#,##0\u00a0%" in German
    pattern.frac_prec = (places, places)
    # The value is already cut to its places: Babel's rounding has nothing left to round.
    return pattern.apply(cut, locale)


# -- The pages' own style -------------------------------------------------------------------------
# The pages write every moment in one structure in every language: the day and abbreviated month
# (CLDR's "MMMd" skeleton, "yMMMd" with the year), the 24-hour clock ("Hm"), joined as the locale
# joins a medium date and a time ("{1}, {0}"), then the zone's abbreviation; spaces inside are
# non-breaking, so a date is never broken across lines. English has always read "22 Nov, 07:00":
# the day before the month, as CLDR writes it for British English ("d MMM", "d MMM y"), with
# English's own month names ("Sep", where en_GB's newer data says "Sept"). Each language's patterns
# are read from CLDR once and compiled to a few tokens: a page of a large site writes thousands of
# times, and Babel's general formatter costs tens of microseconds each.

NBSP = "\u00a0"


class Style:
    """How one language writes the pages' dates, clocks, durations, counts and percentages."""

    __slots__ = ("code", "english", "months", "_day_month", "_day_month_year", "_clock", "glue", "_locale",
                 "_units", "_percent", "_month_year", "_full_months", "_short_month_year", "_target")

    def __init__(self, code: str, months, day_month, day_month_year, clock, glue: str, locale=None,
                 month_year=(("M", 4), ("chars", " "), ("y", 1)), full_months=(),
                 short_month_year=(("M", 3), ("chars", " "), ("y", 1))):
        self.code = code
        self.english = locale is None
        self.months = tuple(months)
        self._month_year, self._full_months = month_year, tuple(full_months) or _ENGLISH_MONTHS
        self._short_month_year = short_month_year  # "Nov 2026" (CLDR's "yMMM")
        self._target = None
        self._day_month, self._day_month_year, self._clock = day_month, day_month_year, clock
        self.glue = glue  # "{1},\u00a0{0}": {1} the date, {0} the time
        self._locale = locale
        self._units: dict = {}
        self._percent = None

    # dates and clocks
    def date(self, day, with_year: bool = True) -> str:
        """'10 Mar 2026' ('10 Mar' without the year); de '10. März 2026', ja '2026年3月10日'."""
        return _apply(self._day_month_year if with_year else self._day_month, day.year, day.month, day.day, 0, 0,
                      self.months)

    def month(self, year: int, month: int) -> str:
        """A month heading: 'March 2026', de 'März 2026', es 'Marzo de 2026', ja '2026年3月' (CLDR's
        "yMMMM"); a heading starts with a capital where the language writes its months in small letters."""
        text = _apply(self._month_year, year, month, 1, 0, 0, self._full_months)
        return text[:1].upper() + text[1:]

    def short_month(self, year: int, month: int) -> str:
        """A month in a table or chart: 'Nov 2026', de 'Nov. 2026', ja '2026年11月' (CLDR's "yMMM")."""
        return _apply(self._short_month_year, year, month, 1, 0, 0, self.months)

    def clock(self, moment) -> str:
        """'07:00' (de), '7:00' (ja, es): the locale's 24-hour clock."""
        return _apply(self._clock, 0, 0, 0, moment.hour, moment.minute, self.months)

    def dated(self, date_text: str, clock_text: str) -> str:
        """A date and a clock joined as the locale joins a medium date and a time: '22 Nov, 07:00'."""
        return self.glue.replace("{1}", date_text).replace("{0}", clock_text)

    # durations, counts, percentages
    def duration(self, delta: timedelta) -> str:
        """How long: en as the page has always written it ('2 h 05 min', 'under 1 min', '0 min');
        elsewhere in CLDR's short units, at most two ('2 Std. 5 Min.', '3 日 4 時間', '< 1 Min.')."""
        if self.english:
            from ..core.timeutil import format_duration as english
            return english(delta)
        total = max(int(delta.total_seconds()), 0)
        if 0 < total < 60:
            return "<" + NBSP + self.unit(1, "minute")
        return self._two_units(total // 60)

    def minutes(self, seconds: float) -> str:
        """A share of a day, to the nearest minute: en '2 h 5 min', 'under 1 min' (render.days)."""
        minutes = int(round(seconds / 60))
        if self.english:
            if minutes < 1:
                return "under 1 min"
            hours, rest = divmod(minutes, 60)
            if not hours:
                return f"{minutes} min"
            return f"{hours} h {rest} min" if rest else f"{hours} h"
        if minutes < 1:
            return "<" + NBSP + self.unit(1, "minute")
        return self._two_units(minutes)

    def _two_units(self, minutes: int) -> str:
        days, rest = divmod(minutes, 1440)
        hours, minutes = divmod(rest, 60)
        if days:
            parts = [(days, "day")] + ([(hours, "hour")] if hours else [])
        elif hours:
            parts = [(hours, "hour")] + ([(minutes, "minute")] if minutes else [])
        else:
            parts = [(minutes, "minute")]
        return " ".join(self.unit(amount, unit) for amount, unit in parts)

    def unit(self, amount: int, unit: str) -> str:
        """'2 Std.': one amount of a unit, never broken inside (cached: amounts are few)."""
        key = (amount, unit)
        found = self._units.get(key)
        if found is None:
            if self.english:
                found = _ENGLISH_UNITS[unit].format(amount).replace(" ", NBSP)
            else:
                found = units.format_unit(amount, f"duration-{unit}", "short", locale=self._locale)
                found = found.replace(" ", NBSP).replace("\u202f", NBSP)
            self._units[key] = found
        return found

    def number(self, value: int) -> str:
        """A count: en '1,234', de '1.234', fr '1 234'."""
        if self.english:
            return f"{value:,}"
        return numbers.format_decimal(value, locale=self._locale)

    def percent(self, percent: float) -> str:
        """An uptime percentage (0-100), cut to two decimals (core.percent): en '99.99%', de '99,99 %'."""
        if self.english:
            from ..core.percent import percent_text
            return percent_text(percent)
        if self._percent is None:
            # A copy: Babel caches parsed patterns, and changing its own would change every other use.
            pattern = copy.copy(numbers.parse_pattern(self._locale.percent_formats[None]))
            pattern.frac_prec = (2, 2)
            self._percent = pattern
        cut = truncated(percent, 2)
        found = self._units.get(cut)  # a percentage has at most 10,001 texts: each is written once
        if found is None:
            found = self._units[cut] = self._percent.apply(Decimal(str(cut)) / 100, self._locale)
        return found


    def target(self, percent: float) -> str:
        """A target as configured, with the decimals it has: en '99.9%', de '99,9 %' (nothing cut)."""
        if self.english:
            return f"{percent:g}%"
        if self._target is None:
            pattern = copy.copy(numbers.parse_pattern(self._locale.percent_formats[None]))
            pattern.frac_prec = (0, 6)
            self._target = pattern
        return self._target.apply(Decimal(f"{percent:g}") / 100, self._locale)


def _apply(tokens, year, month, day, hour, minute, months) -> str:
    out = []
    for kind, value in tokens:
        if kind == "chars":
            out.append(value)
        elif kind == "d":
            out.append(str(day) if value == 1 else f"{day:02d}")
        elif kind == "M":
            out.append(months[month - 1] if value >= 3 else str(month) if value == 1 else f"{month:02d}")
        elif kind == "y":
            out.append(str(year) if value != 2 else f"{year % 100:02d}")
        elif kind == "H":
            out.append(str(hour) if value == 1 else f"{hour:02d}")
        elif kind == "m":
            out.append(f"{minute:02d}" if value == 2 else str(minute))
    return "".join(out)


# The fields the skeletons below give (day, month, year, 24-hour hour, minute); any other makes the
# language fall back to English's structure for that pattern rather than print a wrong field.
_FIELDS = frozenset("dMLyHm")


def _compile(pattern: str):
    tokens = []
    for kind, value in dates.tokenize_pattern(pattern):
        if kind == "chars":
            tokens.append(("chars", value.replace(" ", NBSP).replace("\u202f", NBSP)))
        elif value[0] in _FIELDS:
            tokens.append(("M" if value[0] == "L" else value[0], value[1]))
        else:
            return None
    return tuple(tokens)


_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December")
ENGLISH = Style("en", ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
                (("d", 1), ("chars", NBSP), ("M", 3)), (("d", 1), ("chars", NBSP), ("M", 3), ("chars", NBSP), ("y", 1)),
                (("H", 2), ("chars", ":"), ("m", 2)), "{1}," + NBSP + "{0}")

_STYLES: dict[str, Style] = {}


def style_of(code: str) -> Style:
    """The Style of Material's language `code` (cached: built once per language and process).

    English is written without Babel (the constant above, which CLDR's en_GB skeletons give with
    English's month names: tests/test_page_formats.py checks it), so an English build never loads it."""
    found = _STYLES.get(code)
    if found is None:
        found = _STYLES[code] = ENGLISH if code.split("-")[0] == "en" else _style(code)
    return found


def _style(code: str) -> Style:
    from .locales import babel_name

    locale = Locale.parse(babel_name(code))
    skeletons = locale.datetime_skeletons

    def pattern(skeleton: str, fallback):
        found = skeletons.get(skeleton)
        return (_compile(str(found.pattern if hasattr(found, "pattern") else found)) if found else None) or fallback

    glue = str(locale.datetime_formats.get("medium") or "{1} {0}")
    glue = glue.replace("'", "").replace(" ", NBSP).replace("\u202f", NBSP)
    month_year = pattern("yMMMM", ENGLISH._month_year)
    names = locale.months["format"]
    return Style(code, locale.months["format"]["abbreviated"].values(), pattern("MMMd", ENGLISH._day_month),
                 pattern("yMMMd", ENGLISH._day_month_year), pattern("Hm", ENGLISH._clock), glue, locale,
                 month_year, names["wide"].values(), pattern("yMMM", ENGLISH._short_month_year))
