"""Benchmark: writing the pages' times, durations and percentages in each language (issue #26).

A large site writes tens of thousands of times per build. languages.formatting.Style compiles each
language's CLDR patterns once; this prints what one time costs that way, and what it costs through
Babel's general formatters called each time (format_skeleton, format_unit, format_percent), which
is what a page without the cache would pay. Printed, never asserted.

    python bench/bench_formatting.py [--count 20000]
"""
from __future__ import annotations

import argparse
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from babel import dates, numbers, units

from generator.languages.formatting import style_of
from generator.languages.locales import locale_of
from generator.render.clock import short_time

ZONE = ZoneInfo("America/Los_Angeles")
START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def per_call(fn, count: int) -> float:
    began = time.process_time()
    for i in range(count):
        fn(i)
    return (time.process_time() - began) / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=20000)
    count = parser.parse_args().count
    moments = [START + timedelta(minutes=37 * i) for i in range(count)]
    print(f"{'lang':6} {'time, cached µs':>16} {'time, Babel µs':>15} {'dur+pct cached µs':>18} {'dur+pct Babel µs':>17}")
    for code in ("en", "de", "fr", "es", "pt-BR", "ja"):
        style, locale = style_of(code), locale_of(code)
        cached = per_call(lambda i: short_time(moments[i], ZONE, 2026, style), count)

        def babel_time(i):
            local = moments[i].astimezone(ZONE)
            dates.format_skeleton("MMMd", local, locale=locale)
            dates.format_skeleton("Hm", local, locale=locale)
            dates.format_skeleton("Hm", moments[i], locale=locale)

        general = per_call(babel_time, count)
        figures = per_call(lambda i: (style.duration(timedelta(minutes=i % 5000)), style.percent(99 + (i % 100) / 100)),
                           count)

        def babel_figures(i):
            minutes = i % 5000
            units.format_unit(minutes // 60, "duration-hour", "short", locale=locale)
            units.format_unit(minutes % 60, "duration-minute", "short", locale=locale)
            numbers.format_percent((99 + (i % 100) / 100) / 100, "#,##0.00%", locale=locale)

        print(f"{code:6} {cached:16.1f} {general:15.1f} {figures:18.1f} "
              f"{per_call(babel_figures, count):17.1f}")


if __name__ == "__main__":
    main()
