"""Untrusted Markdown to safe HTML (generator.markdown_html)."""
from __future__ import annotations

from generator.markdown_html import render_message, render_report


def test_script_handlers_and_dangerous_urls_are_removed():
    html = render_message('Hi <script>alert(1)</script><img src=x onerror="alert(2)"> '
                          '[a](javascript:alert(3)) [b](data:text/html,x) <a href="https://ok.example/">ok</a>'
                          '<iframe src="https://evil.example"></iframe><style>body{}</style>')
    for marker in ("<script", "alert(1)", "onerror", "javascript:", "data:", "<iframe", "<style"):
        assert marker not in html, marker
    assert '<a href="https://ok.example/" rel="noopener noreferrer nofollow">ok</a>' in html


def test_markdown_still_works():
    html = render_message("**Bold**, `code` and [docs](https://docs.example/x).\n\n- one\n- two")
    assert "<strong>Bold</strong>" in html and "<code>code</code>" in html
    assert '<a href="https://docs.example/x" rel="noopener noreferrer nofollow">docs</a>' in html
    assert "<li>one</li>" in html


def test_headings_sit_below_the_page_heading():
    assert render_message("# Big").strip() == "<h3>Big</h3>"
    report = render_report("# Post-incident review\n\n## Summary\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert '<h2 id="report-post-incident-review">' in report and '<h3 id="report-summary">' in report
    assert "<table>" in report


def test_ids_written_in_raw_html_are_dropped():
    html = render_report('<h2 id="updates">Mine</h2>\n\n## Summary')
    assert 'id="updates"' not in html and 'id="report-summary"' in html


def test_absurdly_nested_lists_do_not_crash():
    deep = "\n".join("  " * level + "- item" for level in range(600))
    html = render_message(deep)
    assert html.startswith("<pre>") and "- item" in html
    assert render_message("still *fine*") == "<p>still <em>fine</em></p>"
