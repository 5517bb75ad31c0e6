"""The reader's page (issue 11): what the renderer and plugin write, checked in the files."""
from __future__ import annotations

from generator.markdown_html import render_report
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
