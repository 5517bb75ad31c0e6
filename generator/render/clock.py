"""How a moment is shown to readers: local time first, short, with its zone, and UTC beside it.

"22 Nov, 07:00 PST (15:00 UTC)": the day and month in the page's language (languages.formatting.Style:
"22. Nov., 07:00 GMT-8" in German, "11月22日 7:00 GMT-8" in Japanese), the year only when it is not the
year of the build (in the zone shown), the time on a 24-hour clock, the zone's abbreviation, then
the same moment in UTC (its date too when that differs from the local date). A zone at UTC's offset
shows "UTC" and nothing beside it. Without JavaScript the page shows the site's `time_zone`;
statusgen.js writes the same text in the reader's own zone, by the same rules (the browser tests
compare the two for every zone the browser knows).

The abbreviation is the same in every language (time zones as they have always been shown): the one a browser gives in American English (Intl.DateTimeFormat, timeZoneName
"short"), which is the only name a script can get for any reader's zone: the North American ones
(PST, EDT, AKST, HST, AST...) where the time zone database agrees, otherwise the offset from GMT
("GMT+5:30" for India, "GMT+1" for Berlin): unambiguous where "IST" or "CST" name several zones.

A window (a maintenance's) says its day once when it starts and ends on the same day:
"10 Mar, 05:30–06:30 PDT (12:30–13:30 UTC)"; each part is shortened on its own, so a window
that crosses midnight in the zone shown but not in UTC reads "10 Mar, 23:30 GMT+11 to 11 Mar,
00:30 GMT+11 (10 Mar, 12:30–13:30 UTC)". The script applies the same rule in the reader's zone.

No line break inside the local part or the UTC part: their spaces are non-breaking; a narrow
screen may break between the two.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from ..core.text import N_
from ..core.timeutil import iso_z
from ..languages.catalogs import gettext_for
from ..languages.formatting import ENGLISH, Style

NBSP = "\u00a0"
MONTHS = ENGLISH.months
# A window over two days in the zone shown: "10 Mar, 23:30 GMT+11 to 11 Mar, 00:30 GMT+11".
SPAN = N_("%(start)s to %(end)s")
# The abbreviations American English gives (CLDR), each with the offset it stands for: a database
# name that means another offset elsewhere (CST in China or Cuba) is shown as an offset instead.
NAMED_HOURS = {"PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CST": -6, "CDT": -5, "EST": -5, "EDT": -4,
               "AKST": -9, "AKDT": -8, "HST": -10, "HDT": -9, "AST": -4, "ADT": -3}
# Zones the database names as above but browsers (CLDR) name by offset: the Aleutians, Yukon and
# north-west Mexico.
BY_OFFSET = frozenset({"America/Adak", "America/Atka", "US/Aleutian", "America/Dawson", "America/Whitehorse",
                       "Canada/Yukon", "America/Hermosillo", "America/Mazatlan", "Mexico/BajaSur"})


def offset_name(offset: timedelta) -> str:
    """'GMT+5:30', 'GMT-3', 'GMT+13:45'; 'UTC' at no offset."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_name(local: datetime) -> str:
    """The abbreviation of an aware local time's zone, as the page shows it."""
    offset = local.utcoffset() or timedelta(0)
    name = local.tzname() or ""
    key = getattr(local.tzinfo, "key", "")
    hours = NAMED_HOURS.get(name)
    if hours is not None and key not in BY_OFFSET and offset == timedelta(hours=hours):
        return name
    return offset_name(offset)


def _at(local: datetime, clock: str, dated: bool, this_year: int, style: Style) -> str:
    """The clock text, after its day when `dated` ('22 Nov, 07:00'), the year only when not this_year."""
    if not dated:
        return clock
    return style.dated(style.date(local, local.year != this_year), clock)


def short_time(moment: datetime, zone: ZoneInfo | timezone, this_year: int,
               style: Style = ENGLISH) -> tuple[str, str]:
    """(local, utc): '22 Nov, 07:00 PST' and '15:00 UTC' (utc is '' when the zone is at UTC's offset)."""
    local = moment.astimezone(zone)
    name = zone_name(local)
    shown = f"{_at(local, style.clock(local), True, this_year, style)}{NBSP}{name}"
    if name == "UTC":
        return shown, ""
    utc = moment.astimezone(timezone.utc)
    return shown, f"{_at(utc, style.clock(utc), utc.date() != local.date(), this_year, style)}{NBSP}UTC"


DASH = "\u2013\u2060"  # an en dash, and a word joiner so no line breaks after it


def _part(start: datetime, end: datetime, dated: bool, this_year: int, name_of, style: Style) -> str:
    """One zone's side of a window: 'D, HH:MM–HH:MM N' within one day (D only when `dated`),
    otherwise 'D, HH:MM N to D, HH:MM N'."""
    a, b = name_of(start), name_of(end)
    if start.date() == end.date() and a == b:
        return f"{_at(start, style.clock(start) + DASH + style.clock(end), dated, this_year, style)}{NBSP}{a}"
    first = f"{_at(start, style.clock(start), True, this_year, style)}{NBSP}{a}"
    last = f"{_at(end, style.clock(end), True, this_year, style)}{NBSP}{b}"
    return gettext_for(style.code)(SPAN) % {"start": first, "end": last}


def short_range(start: datetime, end: datetime, zone: ZoneInfo | timezone, this_year: int,
                style: Style = ENGLISH) -> tuple[str, str]:
    """(local, utc) of a window, as short_time's parts: the UTC part says its day only when it is not
    the local part's."""
    ls, le = start.astimezone(zone), end.astimezone(zone)
    local = _part(ls, le, True, this_year, zone_name, style)
    if zone_name(ls) == "UTC" and zone_name(le) == "UTC":
        return local, ""
    us, ue = start.astimezone(timezone.utc), end.astimezone(timezone.utc)
    dated = not (us.date() == ls.date() and ue.date() == le.date())
    return local, _part(us, ue, dated, this_year, lambda _: "UTC", style)


def range_html(start: datetime, end: datetime, zone: ZoneInfo | timezone, this_year: int,
               style: Style = ENGLISH) -> Markup:
    """A window's text, with both moments for the script to rewrite it in the reader's zone."""
    local, utc = short_range(start, end, zone, this_year, style)
    beside = f' <span class="sg-utc">({utc})</span>' if utc else ""
    # The words around a window over two days, for the script to write it in the page's language.
    span = "" if style.english else f' data-span="{escape(gettext_for(style.code)(SPAN))}"'
    return Markup(f'<span class="sg-range" data-start="{iso_z(start)}" data-end="{iso_z(end)}"{span}>'
                  f'<span class="sg-when">{local}</span>{beside}</span>')


def time_html(moment: datetime | None, zone: ZoneInfo | timezone, this_year: int,
              style: Style = ENGLISH) -> Markup:
    """A <time> whose text is the local time, then UTC in brackets; the script rewrites both parts
    for the reader's zone from `datetime`."""
    if moment is None:
        return Markup("")
    local, utc = short_time(moment, zone, this_year, style)
    beside = f' <span class="sg-utc">({utc})</span>' if utc else ""
    return Markup(f'<time class="sg-time" datetime="{iso_z(moment)}"><span class="sg-when">{local}</span>'
                  f"{beside}</time>")


def build_year(now: datetime, zone: ZoneInfo | timezone) -> int:
    """The year a date needs no year in: the build's, in the zone shown."""
    return now.astimezone(zone).year
