"""The reader's page (issue 11): what the renderer and plugin write, checked in the files."""
from __future__ import annotations

from generator.render.markdown_html import render_report
from generator.render.tables import readable_tables


def test_report_tables_are_labelled_for_phones_and_labels_are_escaped():
    html = readable_tables(render_report(
        '| Time <b>"x"</b> | Event |\n| --- | ---: |\n| 09:05 | Change `a|b` deployed |\n| 09:58 | <script>alert(1)</script> |\n'))
    assert html.startswith('<div class="sg-table"><table role="table">')
    assert '<td role="cell" data-label="Time &quot;x&quot;">09:05</td>' in html
    assert 'data-label="Event">Change' in html or 'align="right" data-label="Event">Change' in html
    assert html.count('role="row"') == 3
    assert "<script" not in html


def test_text_without_tables_is_unchanged():
    text = render_report("No tables here, only `<table>` as code.")
    assert readable_tables(text) == text


def test_shared_links_carry_status_and_latest_update_escaped(tmp_path):
    import re

    from generator.write.build import build_site
    from sample import NOW, incident, write_project

    hostile = 'Sign-in "down" <script>alert(1)</script> & more'
    project = write_project(tmp_path, {"2026-03-10-x.md": incident(
        title=hostile, severity="P1", components={"api": "major_outage"}, started="2026-03-10T10:00:00Z",
        updates=[("2026-03-10T10:05:00Z", "investigating", 'Look <img src=x onerror=alert(2)> "here" **now**.')])})
    build_site(project.mkdocs, now=NOW)
    home = (tmp_path / "site" / "index.html").read_text()
    page = (tmp_path / "site" / "incidents" / "2026-03-10-x" / "index.html").read_text()
    head = page[:page.index("</head>")]
    assert "<script>alert" not in head and "onerror" not in head
    description = re.search(r'<meta property="og:description" content="([^"]*)">', head).group(1)
    assert description.startswith("Investigating · P1 ")
    assert "Affects Public API. Latest update (2026-03-10 10:05 UTC): Look &quot;here&quot; now." in description
    assert '<meta property="og:title" content="Sign-in &quot;down&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; more">' in head
    assert '<meta property="og:url" content="https://status.example.com/incidents/2026-03-10-x/">' in head
    assert "<title>Test Status: Major Service Outage</title>" in home
    assert re.search(r'<meta name="description" content="Major Service Outage\. Active: Sign-in &quot;down&quot;', home)
    assert home.count('<meta name="description"') == 1
