"""Statuspage bodies to Markdown (generator.importers.statuspage.markup): plain text reads exactly as it was
written once rendered, the little HTML Statuspage allows keeps its meaning, and nothing unsafe survives."""
from __future__ import annotations

import html
import re

import pytest

from generator.importers.statuspage.markup import plain_text, to_markdown
from generator.render.markdown_html import render_message


def shown(markdown: str) -> str:
    """The text a reader sees once the Markdown is rendered (tags removed, entities read)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", render_message(markdown))).split())


@pytest.mark.parametrize("text", [
    "We are investigating elevated errors.",
    "Some * stars *, _underscores_, `ticks`, [brackets](and parens) and a back\\slash.",
    "# not a heading", "> not a quote", "+ not a list", "2024. was a year", "1.5 is a number",
    "---", "===", "    not code", "a <b>tag</b> written as text: &lt;b&gt;", "AT&T &copy; &amp;", "x < y > z",
    "api_v2_endpoint and __init__ and *emphasis*", "| a | b |", "100% ~ fine ~ !important",
    "Données en retard — 障害 😀", "<!-- not a comment -->",
])
def test_plain_text_reads_exactly_as_written(text):
    escaped = html.escape(text, quote=False)  # as Statuspage's body holds text: its & and < escaped
    assert shown(to_markdown(escaped).markdown) == " ".join(text.split())


def test_line_breaks_stay_apart_and_list_lines_make_a_list():
    converted = to_markdown("First line.\nSecond line.\n\n- EU\n- US\n• APAC\n\n1) one\n2) two")
    assert converted.markdown == "First line.\n\nSecond line.\n\n- EU\n- US\n- APAC\n\n1. one\n1. two"
    assert render_message(converted.markdown).count("<li>") == 5


def test_statuspage_html_keeps_its_meaning():
    converted = to_markdown('<p>We <strong>fixed</strong> it. <em>Really</em>.</p><p>Details: '
                            '<a href="https://example.org/post?a=1&amp;b=2">the post</a>, or https://example.org/x_y.'
                            '</p><ul><li>one</li><li>two <code>a*b</code></li></ul>')
    assert converted.markdown == ("We **fixed** it. *Really*.\n\nDetails: [the post](https://example.org/post?a=1&b=2)"
                                  ", or <https://example.org/x_y>.\n\n- one\n- two `a*b`")
    assert converted.lost == []


def test_what_cannot_be_kept_is_dropped_and_named():
    converted = to_markdown('<script>alert(1)</script><style>p{}</style><iframe src="https://x"></iframe>'
                            '<a href="javascript:alert(1)">click</a> <img src="https://cdn.example/g.png" alt="graph"> '
                            "<table><tr><td>a</td><td>b</td></tr></table>")
    assert "alert" not in converted.markdown and "p{}" not in converted.markdown
    assert converted.markdown == "click [image: graph](https://cdn.example/g.png)\n\na · b"
    assert converted.lost == ["a script element (dropped)", "a style element (dropped)", "a iframe element (dropped)",
                              "a link to something other than a web or e-mail address (kept as its text)",
                              "an image (kept as a link to it)", "a table (flattened to a line per row)"]
    rendered = render_message(converted.markdown)
    assert "javascript" not in rendered and "<script" not in rendered


def test_a_link_relative_to_the_old_page_points_to_it():
    converted = to_markdown('See <a href="/incidents/abc">the first incident</a>.', base_url="https://status.example.org")
    assert converted.markdown == "See [the first incident](https://status.example.org/incidents/abc)."


def test_a_markdown_postmortem_is_kept_as_written_unless_it_is_html():
    assert to_markdown("## Summary\n\n*It* broke.", markdown=True).markdown == "## Summary\n\n*It* broke."
    assert to_markdown("<p><b>Summary</b></p><p>It broke.</p>", markdown=True).markdown == "**Summary**\n\nIt broke."


def test_what_no_page_can_carry_is_removed():
    assert to_markdown("a\x1bb\u2028c\x85d\ufffe").markdown == "ab\n\nc\n\nd"
    assert plain_text("Errors &amp; <i>timeouts</i>\non\u2028the\x9b API") == "Errors & timeouts on the API"
    assert plain_text(None) == "" and to_markdown(None).markdown == ""
