"""Dates, times, durations and numbers on real built pages, in the site's language (issue #26):
a German and a Japanese site write them their language's way (languages.formatting.Style, CLDR
through Babel), in the same structure as the English page ("22 Nov, 07:00 PST (15:00 UTC)"), with
the zone's abbreviation as it has always been shown."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest

from generator.languages.formatting import ENGLISH, NBSP, style_of
from generator.write.build import build_site

from sample import incident, maintenance, write_project

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
OPTIONS = "time_zone: Europe/Berlin\nreliability_page: {months: 3}\nsla_tiers:\n  - name: Gold\n    uptime: 99.9\n"
FILES = {
    # resolved: 09:05 to 10:35 UTC on 4 March (10:05 to 11:35 in Berlin), 1 h 30 min of partial outage
    "2026/2026-03-04-api": incident(updates=[("2026-03-04T09:12:00Z", "investigating", "Errors."),
                                             ("2026-03-04T10:35:00Z", "resolved", "Fixed.")]),
    # open since 09:45 UTC on the build's day: "ongoing for 2 h 15 min" as of 12:00 UTC
    "2026/2026-03-10-web": incident(title="Slow pages", components={"web": "degraded_performance"},
                                    started="2026-03-10T09:45:00Z",
                                    updates=[("2026-03-10T09:50:00Z", "investigating", "Looking.")]),
    # one day's window, 02:00 to 04:00 UTC (03:00 to 05:00 in Berlin)
    "2026/2026-03-12-db": maintenance(),
}


def build(tmp_path, monkeypatch, language: str) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    project = write_project(tmp_path, FILES, options=OPTIONS)
    text = project.mkdocs.read_text(encoding="utf-8")
    project.mkdocs.write_text(text.replace("  name: material\n", f"  name: material\n  language: {language}\n", 1),
                              encoding="utf-8")
    build_site(project.mkdocs, now=NOW)
    site = tmp_path / "site"
    return {name: (site / name / "index.html").read_text(encoding="utf-8")
            for name in ("", "history", "reliability", "incidents/2026-03-04-api", "incidents/2026-03-12-db")}


def texts(page: str, css_class: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(rf'<span class="{css_class}">(.*?)</span>', page)]


S = NBSP
D = "\u2013\u2060"


def test_a_german_site_writes_its_dates_times_durations_and_percentages_in_german(tmp_path, monkeypatch):
    pages = build(tmp_path, monkeypatch, "de")
    incident_page = pages["incidents/2026-03-04-api"]
    # the update's time in Berlin, then UTC: the German day and month, the 24-hour clock, the zone as always
    assert f"4.{S}März,{S}10:12{S}GMT+1" in texts(incident_page, "sg-when")
    assert "(09:12 UTC)".replace(" ", S) in texts(incident_page, "sg-utc")
    assert f"1{S}Std. 30{S}Min." in incident_page  # its duration, in CLDR's short German units
    # the maintenance window, its day said once, in German
    window = pages["incidents/2026-03-12-db"]
    assert f"12.{S}März,{S}03:00{D}05:00{S}GMT+1" in texts(window, "sg-when")
    status = pages[""]
    # the past days' headings with their year; "ongoing for" as of the build, in German units
    assert f"10.{S}März{S}2026" in status and f"4.{S}März{S}2026" in status
    assert re.search(rf'data-since="2026-03-10T09:45:00Z">2{S}Std. 15{S}Min.<', status)
    # uptime cut, never rounded, with German separators: "99,86 %" (the space non-breaking, as CLDR's)
    assert re.search(rf"\b99,\d\d{S}%", status) and not re.search(r"\b99\.\d\d%", status)
    # the bar's tooltips in German
    assert "keine Störungen" in status and f"4.{S}März{S}2026: Teilausfall, 1 Störung, " in status
    # the history's month heading, the reliability page's months and figures
    assert f"März{S}2026" in pages["history"]
    reliability = pages["reliability"]
    assert f"99,9{S}%" in reliability and re.search(rf">\d{{2,3}},\d\d{S}%", reliability)
    assert f"Jan.{S}2026" in reliability
    # nothing in English's way: no English month, no "h"/"min" units, no English percentage
    for page in pages.values():
        assert not re.search(r"\b\d+\s(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", page)
        assert not re.search(r"\b\d+ (h|min)\b", page)


def test_a_japanese_site_writes_them_in_japanese(tmp_path, monkeypatch):
    pages = build(tmp_path, monkeypatch, "ja")
    incident_page = pages["incidents/2026-03-04-api"]
    assert f"3月4日{S}10:12{S}GMT+1" in texts(incident_page, "sg-when")
    assert f"(9:12{S}UTC)" in texts(incident_page, "sg-utc")  # Japanese writes the hour without its zero
    assert f"1{S}時間 30{S}分" in incident_page
    assert f"3月12日{S}3:00{D}5:00{S}GMT+1" in texts(pages["incidents/2026-03-12-db"], "sg-when")
    status = pages[""]
    assert "2026年3月10日" in status and "2026年3月4日：部分的な障害、障害 1 件、稼働率 " in status
    assert re.search(r"\b99\.\d\d%", status)
    assert "2026年3月" in pages["history"] and "2026年1月" in pages["reliability"]


@pytest.mark.parametrize("code", ["de", "fr", "es", "pt-BR", "ja"])
def test_every_language_keeps_the_pages_structure_never_broken_inside(code):
    style = style_of(code)
    moment = datetime(2026, 9, 4, 7, 5)
    for text in (style.date(moment), style.date(moment, False), style.dated(style.date(moment, False),
                                                                           style.clock(moment)),
                 style.percent(99.996), *style.duration(moment - datetime(2026, 9, 1, 5, 0)).split(" ")):
        # a date, a time, one unit of a duration, a percentage: no space a line may break at
        assert " " not in text and "\u202f" not in text, text
    assert "99" in style.percent(99.996) and "100" not in style.percent(99.99999)  # cut, never rounded


def test_englishs_style_is_what_cldr_gives_for_the_established_structure():
    """English's constant (no Babel on an English build) is CLDR's en_GB skeletons with English's
    months: day before month, 24-hour clock, "{1}, {0}"."""
    from babel import Locale

    british, english = Locale.parse("en_GB"), Locale.parse("en")
    assert str(british.datetime_skeletons["MMMd"]) == "d MMM" and str(british.datetime_skeletons["yMMMd"]) == "d MMM y"
    assert str(british.datetime_skeletons["Hm"]) == "HH:mm" and british.datetime_formats["medium"] == "{1}, {0}"
    assert ENGLISH.months == tuple(english.months["format"]["abbreviated"].values())
    assert ENGLISH.date(date(2026, 3, 10)) == f"10{S}Mar{S}2026"
    assert ENGLISH.dated(ENGLISH.date(date(2026, 11, 22), False), "07:00") == f"22{S}Nov,{S}07:00"
