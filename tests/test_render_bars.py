"""Uptime bars drawn with few shapes (render.bars) and the theme's scripts deferred (render.loading)."""
from __future__ import annotations

from datetime import date, timedelta

from generator.core.model import Impact
from generator.model.state import Day, Uptime
from generator.render.bars import uptime_bar
from generator.render.loading import defer_scripts
from generator.render.renderer import TONE

TODAY = date(2026, 11, 22)


def uptime(days: int, bad: dict[int, tuple[str, int]] | None = None, unmeasured: int = 0) -> Uptime:
    """`days` days ending today; bad maps days ago to (worst impact, seconds down); the oldest `unmeasured` have no data."""
    out = []
    for ago in range(days - 1, -1, -1):
        worst, down = (bad or {}).get(ago, (Impact.OPERATIONAL, 0))
        measured = 0 if ago >= days - unmeasured else 86400
        out.append(Day(TODAY - timedelta(days=ago), down, worst, ("i1",) if down or worst != Impact.OPERATIONAL else (),
                       measured))
    return Uptime(tuple(out), 0, 86400 * days)


def covered(shapes: dict) -> list[int]:
    return [x for run in shapes["runs"] for x in range(run["x"], run["x"] + run["width"])]


def test_quiet_days_are_one_shape_and_each_day_with_an_incident_its_own():
    bar = uptime_bar(uptime(90, {24: (Impact.MAJOR_OUTAGE, 3600), 23: (Impact.MAJOR_OUTAGE, 600)}, unmeasured=5),
                     TONE, 30)
    wide = bar["wide"]
    assert wide["days"] == 90 and covered(wide) == list(range(90))  # every day, once, in order
    assert [(r["tone"], r["width"]) for r in wide["runs"]] == [
        ("none", 5), ("ok", 60), ("critical", 1), ("critical", 1), ("ok", 23)]
    titles = [r["title"] for r in wide["runs"]]
    assert titles[0] == "25\xa0Aug to 29\xa0Aug\xa02026: no data yet"
    assert titles[1] == "30\xa0Aug to 28\xa0Oct\xa02026: no incidents"
    assert titles[2] == "29\xa0Oct\xa02026: major outage, 1 incident, 95.83% uptime"
    assert titles[3] == "30\xa0Oct\xa02026: major outage, 1 incident, 99.30% uptime"
    # One path draws the gap between each two days.
    assert wide["gaps"].count("M") == 89
    assert len(wide["runs"]) * 2 + 2 < 90 / 5  # far fewer elements than one per day


def test_a_phone_gets_the_last_thirty_days_with_tooltips_naming_only_those():
    bar = uptime_bar(uptime(90, {24: (Impact.PARTIAL_OUTAGE, 60)}), TONE, 30)
    narrow = bar["narrow"]
    assert bar["narrow_days"] == 30 and narrow["days"] == 30 and covered(narrow) == list(range(30))
    assert narrow["runs"][0]["title"] == "24\xa0Oct to 28\xa0Oct\xa02026: no incidents"
    assert narrow["runs"][1]["x"] == 5 and narrow["runs"][1]["tone"] == "major"
    assert narrow["gaps"].count("M") == 29
    # A bar no longer than a phone's has nothing to cut.
    short = uptime_bar(uptime(14), TONE, 30)
    assert short["narrow"] is None and short["narrow_days"] == 14
    assert short["wide"]["runs"] == [{"x": 0, "width": 14, "tone": "ok",
                                      "title": "9\xa0Nov to 22\xa0Nov\xa02026: no incidents"}]
    assert uptime_bar(uptime(1), TONE, 30)["wide"]["gaps"] == ""


def test_a_days_uptime_reads_as_the_status_pages_does():
    # 81.1 % exactly: the status page's truncation (core.percent) without float noise, not 81.09 %.
    bar = uptime_bar(uptime(3, {1: (Impact.PARTIAL_OUTAGE, 16329.6)}), TONE, 30)
    assert bar["wide"]["runs"][1]["title"] == "21\xa0Nov\xa02026: partial outage, 1 incident, 81.10% uptime"


def test_a_bar_across_new_year_names_both_years():
    bar = uptime_bar(Uptime(tuple(Day(date(2026, 12, 30) + timedelta(days=n), 0, Impact.OPERATIONAL, (), 86400)
                                  for n in range(4)), 0, 4 * 86400), TONE, 30)
    assert bar["wide"]["runs"][0]["title"] == "30\xa0Dec\xa02026 to 2\xa0Jan\xa02027: no incidents"


BUNDLE = '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'


def test_the_theme_bundle_and_the_scripts_after_it_are_deferred_in_order():
    page = ('<head><script>__md_scope=1</script><script src="polyfill.js"></script></head><body>'
            '<script id="__config" type="application/json">{}</script>' + BUNDLE +
            '<script src="../assets/statusgen/statusgen.js"></script><script src="d.js" defer></script>'
            '<script src="m.mjs" type="module"></script></body>')
    out = defer_scripts(page)
    assert out == page.replace('.min.js">', '.min.js" defer>').replace('statusgen.js">', 'statusgen.js" defer>')
    assert defer_scripts(out) == out  # once is enough


CONFIG = '<script id="__config" type="application/json">{"base": "."}</script>'


# statusgen's generated pages leave the bundle out: statusgen.js, and the project's extra_javascript
# after it, no longer hold up the first paint there either (the palette is applied by an inline script).
def test_without_the_bundle_the_scripts_after_the_themes_configuration_are_deferred_in_order():
    page = ('<head><script>__md_scope=1</script><script src="polyfill.js"></script></head><body>'
            '<script>var palette=1</script>' + CONFIG + '<script src="../assets/statusgen/statusgen.js"></script>'
            '<script src="extra.js"></script><script src="m.mjs" type="module"></script></body>')
    out = defer_scripts(page)
    assert out == page.replace('statusgen.js">', 'statusgen.js" defer>').replace('extra.js">', 'extra.js" defer>')
    assert defer_scripts(out) == out


def test_a_page_with_an_inline_or_async_script_after_the_bundle_or_without_the_bundle_is_left_alone():
    for page in (BUNDLE + "<script>document$.subscribe(function () {})</script>",
                 BUNDLE + '<script src="x.js"></script><script type="text/javascript">document$</script>',
                 BUNDLE + '<script data-src="later.js">document$</script>',  # inline, whatever its attributes
                 '<script src="x.js"></script>',
                 CONFIG + '<script src="x.js"></script><script>start()</script>'):
        assert defer_scripts(page) == page
    # An async script after the bundle runs after it and after the scripts between them only while
    # those block the parser: deferring them would let it run first.
    page = BUNDLE + '<script src="config.js"></script><script src="library.js" async></script>'
    assert defer_scripts(page) == page
    # Data and templates are not scripts that run.
    page = BUNDLE + '<script type="application/ld+json">{}</script>'
    assert defer_scripts(page) == page.replace('.min.js">', '.min.js" defer>')


def test_on_a_phone_the_figures_under_the_bar_cover_the_thirty_days_it_shows(tmp_path):
    """Outages on 5 Jan (outside a phone's 30 days) and 4 Mar (inside); now is 10 Mar, 12:00."""
    import re

    from generator.render import Renderer, plan_pages
    from sample import incident, load_state, write_project

    def outage(day):
        return incident(severity="P1", components={"api": "major_outage"}, started=f"{day}T10:00:00Z",
                        updates=[(f"{day}T10:00:00Z", "investigating", "Down."), (f"{day}T11:00:00Z", "resolved", "Up.")])

    state = load_state(write_project(tmp_path, {"2026-01-05-old.md": outage("2026-01-05"),
                                                "2026-03-04-new.md": outage("2026-03-04")}))
    [spec] = [p for p in plan_pages(state) if p.path == ""]
    html = Renderer(state).render(spec)
    api = html[html.index('aria-label="Public API: '):]
    api = api[:api.index("</details>")]
    # The whole period: 2 h down of 89.5 days; a phone's 30 days: 1 h of 29.5.
    assert 'aria-label="Public API: 99.90% uptime over the last 90 days, 2 days with incidents"' in api
    assert 'aria-label="Public API: 99.85% uptime over the last 30 days, 1 day with incidents"' in api
    assert '<span class="sg-wide">99.90% uptime</span><span class="sg-narrow">99.85% uptime</span>' in api
    assert ('<span class="sg-wide">2 days with incidents</span><span class="sg-narrow">1 day with incidents</span>'
            in api)
    days = re.findall(r'<li class="sg-daylist__day [^"]*">\s*<p class="sg-daylist__head"><strong>([^<]+)', api)
    hidden = re.findall(r'<li class="sg-daylist__day [^"]* sg-wide">\s*<p class="sg-daylist__head"><strong>([^<]+)',
                        api)
    assert days == ["4\xa0Mar\xa02026", "5\xa0Jan\xa02026"] and hidden == ["5\xa0Jan\xa02026"]  # the phone lists only 4 Mar
