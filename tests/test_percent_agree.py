"""One uptime figure reads the same on the reliability page, in the text report, in JSON and in CSV.

January's API downtime is 7,500 s of 2,678,400: 99.719982 %. A four-place round-up (99.7200) would
make JSON say 99.72 where the page, which never rounds up, says 99.71.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.write.build import build_site

from sample import write_project
from test_reliability_page import Tables
from test_reliability_report import NOW, OPTIONS, incident

FILES = {"2026-01-10-a1": incident("P1", "api", "major_outage", "2026-01-10T10:00:00Z",
                                   [("2026-01-10T10:10:00Z", "investigating"),
                                    ("2026-01-10T12:05:00Z", "resolved")])}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("agree"), FILES,
                         options=OPTIONS + "reliability_page: {months: 4}\nmeasured_since: 2025-12-01\n")


def report(project, fmt):
    result = CliRunner().invoke(main, ["report", "-f", str(project.mkdocs), "--now", NOW, "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_format_shows_the_same_digits(project):
    data = json.loads(report(project, "json"))
    jan = next(u for u in data["uptime"] if (u["component"], u["month"]) == ("api", "2026-01"))
    assert jan["downtime_seconds"] == 7500
    assert jan["uptime_percent"] == 99.7199
    assert [b["uptime_percent"] for b in data["breaches"]] == [99.7199]
    rows = list(csv.DictReader(io.StringIO(report(project, "csv"))))
    assert {r["uptime_percent"] for r in rows
            if r["section"] == "uptime" and (r["component"], r["month"]) == ("api", "2026-01")} == {"99.7199"}
    for fmt in ("text", "markdown"):
        text = report(project, fmt)
        assert "99.71%" in text and "99.72" not in text, fmt
    site = build_site(project.mkdocs, now=datetime(2026, 4, 10, 12, 0, tzinfo=timezone.utc)).site_dir
    parser = Tables()
    parser.feed((site / "reliability" / "index.html").read_text(encoding="utf-8"))
    api = next(rows for rows in parser.tables if rows[0][:2] == ["Month", "Uptime"])
    assert api[1][:2] == ["Jan 2026", "99.71%"]


@pytest.mark.parametrize("percent, figure, text", [
    (99.719982, 99.7199, "99.71%"), (99.99996, 99.9999, "99.99%"), (100, 100, "100.00%"),
    (81.1, 81.1, "81.10%"), (99.9, 99.9, "99.90%")])
def test_one_rule_truncates_at_both_precisions(percent, figure, text):
    from generator.core.percent import percent_figure, percent_text

    assert percent_figure(percent) == figure and percent_text(percent) == text
