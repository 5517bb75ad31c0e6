"""How a moment is shown (generator/render/clock.py): local time first, short, its zone's name, UTC beside it.

Expected texts are written out by hand from the tz database's rules (DST dates, offsets), so the
tests pin the format, not the implementation. The browser tests (test_browser_times.py) hold the
script to the same texts for every zone Chromium knows.
"""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from generator.render.clock import range_html, short_range, short_time, time_html, zone_name

S = "\u00a0"


def t(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def shown(moment: str, zone: str, year: int = 2026) -> str:
    local, utc = short_time(t(moment), ZoneInfo(zone), year)
    return f"{local} ({utc})" if utc else local


@pytest.mark.parametrize("moment, zone, expected", [
    # Los Angeles: PST in winter, PDT from the second Sunday of March (8 March 2026, 02:00 local).
    ("2026-11-22T15:00:00Z", "America/Los_Angeles", f"22{S}Nov,{S}07:00{S}PST (15:00{S}UTC)"),
    ("2026-03-08T09:59:00Z", "America/Los_Angeles", f"8{S}Mar,{S}01:59{S}PST (09:59{S}UTC)"),
    ("2026-03-08T10:00:00Z", "America/Los_Angeles", f"8{S}Mar,{S}03:00{S}PDT (10:00{S}UTC)"),
    # The UTC date is said when it differs from the local one.
    ("2026-11-23T03:00:00Z", "America/Los_Angeles", f"22{S}Nov,{S}19:00{S}PST (23{S}Nov,{S}03:00{S}UTC)"),
    # India has no abbreviation a browser gives in English (IST also names Israel and Ireland): its offset.
    ("2026-05-06T09:35:00Z", "Asia/Kolkata", f"6{S}May,{S}15:05{S}GMT+5:30 (09:35{S}UTC)"),
    ("2026-05-06T20:00:00Z", "Asia/Kolkata", f"7{S}May,{S}01:30{S}GMT+5:30 (6{S}May,{S}20:00{S}UTC)"),
    # Berlin: by offset, one more hour in summer (from the last Sunday of March, 29 March 2026, 01:00 UTC).
    ("2026-03-29T00:59:00Z", "Europe/Berlin", f"29{S}Mar,{S}01:59{S}GMT+1 (00:59{S}UTC)"),
    ("2026-03-29T01:00:00Z", "Europe/Berlin", f"29{S}Mar,{S}03:00{S}GMT+2 (01:00{S}UTC)"),
    # London in winter is at UTC's offset: one time, named UTC; in summer one hour ahead.
    ("2026-01-15T12:00:00Z", "Europe/London", f"15{S}Jan,{S}12:00{S}UTC"),
    ("2026-07-15T12:00:00Z", "Europe/London", f"15{S}Jul,{S}13:00{S}GMT+1 (12:00{S}UTC)"),
    ("2026-07-15T12:00:00Z", "UTC", f"15{S}Jul,{S}12:00{S}UTC"),
    # Negative offsets with minutes, and the southern hemisphere's summer.
    ("2026-01-15T12:00:00Z", "America/St_Johns", f"15{S}Jan,{S}08:30{S}GMT-3:30 (12:00{S}UTC)"),
    ("2026-01-15T12:00:00Z", "Australia/Sydney", f"15{S}Jan,{S}23:00{S}GMT+11 (12:00{S}UTC)"),
    # CST means -6 to an American reader: China's CST is said by its offset.
    ("2026-01-15T12:00:00Z", "Asia/Shanghai", f"15{S}Jan,{S}20:00{S}GMT+8 (12:00{S}UTC)"),
    ("2026-01-15T12:00:00Z", "America/Chicago", f"15{S}Jan,{S}06:00{S}CST (12:00{S}UTC)"),
])
def test_local_time_first_with_its_zone_and_utc_beside(moment, zone, expected):
    assert shown(moment, zone) == expected


def test_the_year_is_said_only_when_it_is_not_the_builds():
    assert shown("2025-11-22T15:00:00Z", "America/Los_Angeles") == f"22{S}Nov{S}2025,{S}07:00{S}PST (15:00{S}UTC)"
    # New Year's Eve in Los Angeles is already next year in UTC: each part says its own year.
    assert shown("2026-01-01T03:00:00Z", "America/Los_Angeles", 2026) == (
        f"31{S}Dec{S}2025,{S}19:00{S}PST (1{S}Jan,{S}03:00{S}UTC)")


def test_no_break_inside_a_part_and_the_markup_the_script_rewrites():
    html = str(time_html(t("2026-11-22T15:00:00Z"), ZoneInfo("America/Los_Angeles"), 2026))
    assert html == ('<time class="sg-time" datetime="2026-11-22T15:00:00Z"><span class="sg-when">'
                    f'22{S}Nov,{S}07:00{S}PST</span> <span class="sg-utc">(15:00{S}UTC)</span></time>')
    local, utc = short_time(t("2025-11-22T15:00:00Z"), ZoneInfo("Asia/Kolkata"), 2026)
    assert " " not in local and " " not in utc


def test_zone_names_at_fixed_offsets():
    assert zone_name(t("2026-01-15T12:00:00Z").astimezone(timezone.utc)) == "UTC"
    assert zone_name(t("2026-01-15T12:00:00Z").astimezone(ZoneInfo("Asia/Kathmandu"))) == "GMT+5:45"
    # The Aleutians share Hawaii's abbreviation in the database, but browsers name them by offset.
    assert zone_name(t("2026-01-15T12:00:00Z").astimezone(ZoneInfo("America/Adak"))) == "GMT-10"
    assert zone_name(t("2026-01-15T12:00:00Z").astimezone(ZoneInfo("Pacific/Honolulu"))) == "HST"


def window(start: str, end: str, zone: str, year: int = 2026) -> str:
    local, utc = short_range(t(start), t(end), ZoneInfo(zone), year)
    return f"{local} ({utc})" if utc else local


D = "\u2013\u2060"  # en dash, word joiner: no break after the dash


@pytest.mark.parametrize("start, end, zone, expected", [
    # One day in both: the day once, the zone once.
    ("2026-03-10T12:30:00Z", "2026-03-10T13:30:00Z", "America/Los_Angeles",
     f"10{S}Mar,{S}05:30{D}06:30{S}PDT (12:30{D}13:30{S}UTC)"),
    # One day locally, another day in UTC: the UTC part says its day.
    ("2026-03-11T02:00:00Z", "2026-03-11T04:00:00Z", "America/Los_Angeles",
     f"10{S}Mar,{S}19:00{D}21:00{S}PDT (11{S}Mar,{S}02:00{D}04:00{S}UTC)"),
    # Across midnight in Sydney, one day in UTC.
    ("2026-03-10T12:30:00Z", "2026-03-10T13:30:00Z", "Australia/Sydney",
     f"10{S}Mar,{S}23:30{S}GMT+11 to 11{S}Mar,{S}00:30{S}GMT+11 (10{S}Mar,{S}12:30{D}13:30{S}UTC)"),
    # Across midnight in both, on the same days: each part is whole.
    ("2026-03-10T23:00:00Z", "2026-03-11T01:00:00Z", "Europe/London",
     f"10{S}Mar,{S}23:00{S}UTC to 11{S}Mar,{S}01:00{S}UTC"),
    # Summer time begins inside the window: both names are said.
    ("2026-03-08T09:00:00Z", "2026-03-08T11:00:00Z", "America/Los_Angeles",
     f"8{S}Mar,{S}01:00{S}PST to 8{S}Mar,{S}04:00{S}PDT (09:00{D}11:00{S}UTC)"),
    # Another year: said once, on the day.
    ("2025-06-01T08:00:00Z", "2025-06-01T09:00:00Z", "UTC", f"1{S}Jun{S}2025,{S}08:00{D}09:00{S}UTC"),
])
def test_a_window_says_its_day_once_when_it_is_one_day(start, end, zone, expected):
    assert window(start, end, zone) == expected


def test_the_windows_markup_the_script_rewrites():
    html = str(range_html(t("2026-03-10T12:30:00Z"), t("2026-03-10T13:30:00Z"), ZoneInfo("America/Los_Angeles"), 2026))
    assert html == ('<span class="sg-range" data-start="2026-03-10T12:30:00Z" data-end="2026-03-10T13:30:00Z">'
                    f'<span class="sg-when">10{S}Mar,{S}05:30{D}06:30{S}PDT</span> '
                    f'<span class="sg-utc">(12:30{D}13:30{S}UTC)</span></span>')


def test_day_headings_say_day_month_year_as_the_times_do():
    from datetime import date

    from generator.render.bars import _dates
    from generator.render.days import day_label

    assert day_label(date(2026, 3, 10)) == f"10{S}Mar{S}2026"
    assert _dates(date(2026, 3, 1), date(2026, 3, 10)) == f"1{S}Mar to 10{S}Mar{S}2026"
    assert _dates(date(2026, 12, 30), date(2027, 1, 2)) == f"30{S}Dec{S}2026 to 2{S}Jan{S}2027"
