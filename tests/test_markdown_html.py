"""Untrusted Markdown to safe HTML (generator.render.markdown_html)."""
from __future__ import annotations

import pytest

from generator.render.markdown_html import render_message, render_report


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


def test_absurdly_nested_lists_are_shown_as_written_without_converting(monkeypatch):
    # 600 levels took Python-Markdown 1.4 s to reach the recursion limit; validation refuses them.
    import markdown

    deep = "\n".join("  " * level + "- item" for level in range(600))
    with monkeypatch.context() as patched:
        patched.setattr(markdown.Markdown, "convert", lambda self, text: pytest.fail("converted"))
        html = render_message(deep)
    assert html.startswith("<pre>") and "- item" in html
    assert render_message("still *fine*") == "<p>still <em>fine</em></p>"


def test_nesting_counts_list_markers_and_the_indentation_before_them_outside_code():
    from generator.read.markdown_cost import MAX_NESTING, nesting

    assert nesting("Just a line.\n\n- one\n    - two\n        - three\n") == nesting("")  # shallow: not measured
    deep = "intro\n" + "\t" * 60 + "- x\n"
    assert (nesting(deep).depth, nesting(deep).offset) == (61, 6)  # a tab is four columns: one level
    assert nesting(" " * 200 + "* x").depth == 51 and nesting("  " * 60 + "1. " * 30 + "x").depth == 60
    assert nesting("1234567890. " * 800 + "x").depth == 800  # list numbers of any length
    lone_cr = "\r".join("    " * level + "- item" for level in range(60))  # Markdown ends lines at \r too
    assert nesting(lone_cr).depth == 60 and nesting(lone_cr.replace("\r", "\r\n")).depth == 60
    # Cheap however deep: quotes, indentation with no list after it (code, ASCII art), and rules.
    assert nesting("> " * 300 + "x").depth == 0
    assert nesting("- x\n\n" + " " * 400 + "indented code\n").depth == 1  # the list item alone
    assert nesting("- " * 60 + "-\n\n" + "* " * 60 + "*\n").depth == 0
    assert nesting("```\n" + "\t" * 200 + "- x\n```\n").depth == 0  # code is left flat
    assert nesting("\t" * (MAX_NESTING + 1) + "\n\nx").depth == 0  # a line of nothing but indentation


# Markdown that would take minutes to convert (issue 8). Sizes stay small enough
# that a regression shows as a failed assertion, not as a test that hangs.

def test_unclosed_openers_are_estimated_as_costly():
    from generator.read.markdown_cost import MARKUP_BUDGET, tangle

    for text, opener in [("[" * 5000, "["), ("[a](" * 2000, "("), ("<a " * 5000, "<"), ("```a\n" * 3000, "```"),
                         ("*[a]: b\n" * 2000, "*["), ("x [" + "(" * 5000, "(")]:
        found = tangle(text)
        assert found.cost > MARKUP_BUDGET and found.opener == opener, (text[:10], found)


def test_ordinary_markdown_costs_next_to_nothing():
    from generator.read.markdown_cost import tangle

    prose = ("See [the runbook](https://docs.example/runbook) and `logs[0]` (mostly 503s). "
             '<a href="https://x.example/">raw link</a> <details><summary>More</summary>text</details>\n\n'
             "- [x] done\n- [ ] next\n\n```python\nitems[0](\n```\n\n| a | b |\n|---|---|\n| [1] | (2) |\n")
    assert tangle(prose * 50).cost < 10_000
    assert tangle("\\[" * 5000 + "\\(" * 5000).cost == 0  # escaped: plain text to Markdown
    assert tangle("```\n" + "[" * 5000 + "\n```\n").cost == 0  # code is set aside unscanned


def test_no_text_costs_more_than_its_bound():
    # Validation and conversion skip measuring texts whose bound fits the budget: the bound must hold.
    import random

    from generator.read.markdown_cost import cost_bound, tangle

    rng = random.Random(7)
    pieces = ["[", "]", "(", ")", "<a ", ">", "```\n", "~~~\n", "\n", "\n\n", ": ", "*[a]: ", "\\", "x", " ", '"']
    texts = ["[" * 300, "(" * 300, "<a " * 200, "```a\n" * 100, "*[a]: b\n" * 100, ": x\n" * 100, "[a](" * 100]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 400))) for _ in range(300)]
    for text in texts:
        assert tangle(text).cost <= cost_bound(len(text)), text[:40]


def test_tangled_text_is_shown_as_written_rather_than_converted():
    assert render_message("[" * 5000) == "<pre>" + "[" * 5000 + "</pre>"
    assert render_report("<a " * 3000).startswith("<pre>&lt;a &lt;a ")


def test_brackets_in_a_fenced_code_block_still_render_as_code():
    html = render_message("Output:\n\n```\n" + "[" * 3000 + "\n```")
    assert "<pre><code>" + "[" * 3000 in html


def test_a_deep_list_on_a_shallow_stack_is_shown_safely_and_the_next_message_is_intact():
    # Where the stack is shallower (a worker thread, a lower limit) Python-Markdown either stops with a
    # RecursionError mid-conversion (up to 3.11.3: shown as written, in <pre>) or stops nesting near the
    # limit and keeps the deeper markers as text (3.11.4 on). Either way nothing is lost, nothing
    # crashes, and the next message comes out converted.
    import subprocess
    import sys

    from generator.read.markdown_cost import MAX_NESTING, nesting

    deep = "\n".join("    " * level + f"- item{level}" for level in range(MAX_NESTING))
    assert nesting(deep).depth == MAX_NESTING  # as deep as is converted at all
    script = ("import sys; sys.setrecursionlimit(120)\n"
              "from generator.render.markdown_html import render_message\n"
              f"deep = {deep!r}\n"
              "print(render_message(deep))\n"
              "print('---')\n"
              "print(render_message('still *fine*'))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    shown, after = out.split("---\n")
    assert shown.startswith("<pre>") or shown.startswith("<ul>"), shown[:80]
    assert all(f"item{level}" in shown for level in range(MAX_NESTING))
    assert after.strip() == "<p>still <em>fine</em></p>"


def test_a_conversion_cut_off_by_recursion_is_shown_as_written_and_the_converter_replaced(monkeypatch):
    """Whatever a Markdown version does near the limit, a RecursionError half-way through a conversion
    leaves the text shown as written, and the next conversion gets a fresh converter."""
    from generator.render import markdown_html

    broken = markdown_html._converter("message")

    def cut_off(text):
        broken.parser.parseDocument(["- started"])  # state a real cut-off leaves half-way
        raise RecursionError("maximum recursion depth exceeded")
    monkeypatch.setattr(broken, "convert", cut_off)
    assert markdown_html.render_message("- cut *off* here") == "<pre>- cut *off* here</pre>"
    assert markdown_html._converter("message") is not broken
    assert markdown_html.render_message("- then *this* one") == "<ul>\n<li>then <em>this</em> one</li>\n</ul>"
