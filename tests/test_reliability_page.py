"""The public /reliability/ page: opt-in, the sample quarter's figures, nothing internal ever, axe-clean."""
from __future__ import annotations

import gzip
import re
from datetime import datetime, timezone
from html.parser import HTMLParser

import pytest

from generator.write.build import build_site

from reader_support import axe_violations, horizontal_overflow, open_page, serve
from sample import write_project
from test_reliability_report import FILES, OPTIONS

NOW = datetime(2026, 4, 10, 12, 0, tzinfo=timezone.utc)
# Internal facts no output may carry: times (in every form a page could print them), owners, actions.
CANARY = """\
detected: 2026-04-05T07:41:37Z
acknowledged: 2026-04-05T07:43:19Z
action_items:
  - {action: CANARY-ACTION-5f2e rotate keys, owner: CANARY-OWNER-9c1d, due: 2026-05-17, status: in_progress}
internal:
  notes: CANARY-NOTE-77ab
"""
CANARY_VALUES = ("CANARY", "07:41", "07:43", "1775374897", "1775374999", "2026-05-17", "rotate keys")
CANARY_FILE = ("---\ntitle: Slow dashboard\nseverity: P3\ncomponents:\n  web: degraded_performance\n"
               "started: 2026-04-05T07:40:00Z\nupdates:\n  - at: 2026-04-05T07:50:00Z\n    status: investigating\n"
               "    message: We are looking into it.\n  - at: 2026-04-05T08:30:00Z\n    status: resolved\n"
               "    message: Fixed.\n" + CANARY + "---\n")


class Tables(HTMLParser):
    """Every table's rows as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("reliability")
    files = {**FILES, "2026-04-05-canary": CANARY_FILE}
    project = write_project(root, files, options=OPTIONS + "reliability_page: {months: 4}\n")
    return build_site(project.mkdocs, now=NOW).site_dir


def test_the_page_is_off_unless_enabled(tmp_path):
    project = write_project(tmp_path, {"2026-03-20-d2": FILES["2026-03-20-d2"]})
    assert not (build_site(project.mkdocs, now=NOW).site_dir / "reliability").exists()


def test_monthly_uptime_and_incident_counts_in_tables(site):
    parser = Tables()
    parser.feed((site / "reliability" / "index.html").read_text(encoding="utf-8"))
    api = next(rows for rows in parser.tables if rows[0][:4] == ["Month", "Uptime", "Gold (99.9%)", "Basic (99%)"])
    assert api[1:] == [["Jan 2026", "99.73%", "Missed", "Met"], ["Feb 2026", "100.00%", "Met", "Met"],
                       ["Mar 2026", "100.00%", "Met", "Met"], ["Apr 2026 (to date)", "100.00%", "On track", "On track"]]
    web = [rows for rows in parser.tables if rows[0] == ["Month", "Uptime", "Basic (99%)"]][0]
    # 30 min of partial outage (weighted 30 %) in February's 28 days: 99.977 %, truncated.
    assert web[1:3] == [["Jan 2026", "100.00%", "Met"], ["Feb 2026", "99.97%", "Met"]]
    incidents = parser.tables[-1]
    assert incidents[0] == ["Month", "P1 Critical", "P2 High", "P3 Medium", "P4 Low", "Total"]
    assert incidents[1:] == [["Jan 2026", "1", "0", "0", "0", "1"], ["Feb 2026", "1", "0", "0", "0", "1"],
                             ["Mar 2026", "1", "1", "0", "0", "2"], ["Apr 2026 (to date)", "0", "0", "2", "0", "2"]]


def test_the_targets_sentence_names_each_tier_with_its_target_and_is_left_out_without_tiers(site, tmp_path):
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", (site / "reliability" / "index.html").read_text()))
    assert "Our service-level targets per customer tier: Gold 99.9%, Basic 99% of each month." in text
    project = write_project(tmp_path, {"2026-03-20-d2": FILES["2026-03-20-d2"]},
                            options="sla_tiers: []\nreliability_page: {months: 2}\n")
    text = (build_site(project.mkdocs, now=NOW).site_dir / "reliability" / "index.html").read_text()
    assert "per customer tier" not in text and "of each month" not in text
    assert "A major outage counts fully as downtime" in text


def test_charts_are_svg_drawn_at_build_time_with_a_text_alternative(site):
    html = (site / "reliability" / "index.html").read_text(encoding="utf-8")
    page = html[html.index("<h1>Reliability"):html.index("sg-built")]
    assert "<script" not in page
    charts = re.findall(r'<svg class="sg-chart"[^>]*role="img" aria-labelledby="([^"]+)"', page)
    assert charts == ["uptime-api-title", "uptime-web-title", "uptime-webhooks-title", "uptime-exports-title",
                      "incidents-title"]
    assert '<title id="uptime-api-title">Public API: monthly uptime, Jan 2026 99.73%, Feb 2026 100.00%' in page
    assert page.count('class="sg-chart__bar sg-chart__bar--breach"') == 1  # the API's January, under Gold


def test_internal_facts_never_reach_any_output(site):
    files = [p for p in site.rglob("*") if p.is_file()]
    assert len(files) > 30 and (site / "reliability" / "index.html") in files
    assert "Slow dashboard" in (site / "history" / "index.html").read_text(encoding="utf-8")  # the canary is built
    texts = {}
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        texts[path] = data.decode("utf-8", errors="replace")
    # The search would find them: the canary's public times are there, in pages, feeds and the API.
    assert {p.suffix for p, text in texts.items() if "07:50" in text} >= {".html", ".json", ".rss", ".atom"}
    for path, text in texts.items():
        for value in CANARY_VALUES:
            assert value not in text, f"{value} in {path.relative_to(site)}"


@pytest.mark.browser
def test_the_page_passes_axe_and_fits_a_phone(browser, site):
    with serve(site) as server:
        for width, scheme in ((375, "light"), (1280, "dark")):
            with open_page(browser, server.url + "reliability/", width=width, scheme=scheme) as page:
                assert axe_violations(page) == []
                assert horizontal_overflow(page) <= 0
                assert page.errors == []


def test_the_unfinished_month_is_to_date_and_months_before_any_record_have_no_data(tmp_path):
    # The site's first record is a 3-hour API outage on 2 April; the page shows January to April on the 10th.
    first = ("---\ntitle: API down\nseverity: P1\ncomponents:\n  api: major_outage\nstarted: 2026-04-02T09:00:00Z\n"
             "updates:\n  - at: 2026-04-02T09:05:00Z\n    status: investigating\n    message: Looking.\n"
             "  - at: 2026-04-02T12:00:00Z\n    status: resolved\n    message: Fixed.\n---\n")
    project = write_project(tmp_path, {"2026-04-02-first": first}, options=OPTIONS + "reliability_page: {months: 4}\n")
    html = (build_site(project.mkdocs, now=NOW).site_dir / "reliability" / "index.html").read_text(encoding="utf-8")
    parser = Tables()
    parser.feed(html)
    api = next(rows for rows in parser.tables if rows[0][:4] == ["Month", "Uptime", "Gold (99.9%)", "Basic (99%)"])
    # 3 h down of the 8.5 days measured (2 April 00:00 to 10 April 12:00): 98.52 %, under both targets so far.
    assert api[1:] == [["Jan 2026", "no data", "No data", "No data"], ["Feb 2026", "no data", "No data", "No data"],
                       ["Mar 2026", "no data", "No data", "No data"],
                       ["Apr 2026 (to date)", "98.52% (from 2 Apr)", "Below target so far", "Below target so far"]]
    web = next(rows for rows in parser.tables if rows[0] == ["Month", "Uptime", "Basic (99%)"])
    assert web[1:] == [["Jan 2026", "no data", "No data"], ["Feb 2026", "no data", "No data"],
                       ["Mar 2026", "no data", "No data"], ["Apr 2026 (to date)", "100.00% (from 2 Apr)", "On track"]]
    assert "100.00% Met" not in " ".join(" ".join(r) for r in api + web) and "Missed" not in html
    assert "Apr 2026 (to date) 98.52% (from 2 Apr)</title>" in html
