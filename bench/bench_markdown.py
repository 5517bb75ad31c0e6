"""How long adversarial Markdown takes to convert, next to its estimated cost.

Python-Markdown scans forward from every '[', '(', '<' or code fence for its
closing partner, so text full of openers that never close converts in
quadratic time. generator.read.markdown_cost.tangle estimates that scanning, and
validation refuses a file whose texts cost more than MARKUP_BUDGET. This
prints, for texts of 10,000-50,000 characters, the estimate, whether
validation would accept the text, and the conversion time. Every accepted
text should convert well under a second.

    python bench/bench_markdown.py [length ...]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.read.markdown_cost import MARKUP_BUDGET, tangle
from generator.render.markdown_html import render_message, render_report

PATTERNS = {
    "[": "[", "]": "]", "[]": "[]", "[a](": "[a](", "](": "](", "![": "![", "[(": "[(", "[^": "[^", "[x][": "[x][",
    "*": "*", "_": "_", "* ": "* ", "**a": "**a", "_a": "_a", "***a": "***a", "*a _b ": "*a _b ",
    "`": "`", "` ": "` ", "`[": "`[", "<": "<", "<a": "<a", "<a ": "<a ", "<div ": "<div ", "<a>": "<a>",
    "</": "</", "<!--": "<!--", "<?": "<?", "<http://": "<http://", '<a x="': '<a x="', ">": ">", "> ": "> ",
    "&": "&", "&#": "&#", "\\": "\\", "(": "(", "|": "|", "#": "#", "- ": "- ", "1. ": "1. ",
    "[\\n": "[\n", "*\\n": "*\n", "```a\\n": "```a\n", "```\\n": "```\n", "~~~\\n": "~~~\n",
    "*[a]: b\\n": "*[a]: b\n", "a\\n: b\\n": "a\n: b\n", "|a|b|\\n": "|a|b|\n|-|-|\n", "<div>\\n": "<div>\n",
    "prose": "The API returned errors for [some](https://example.com/a) requests; see `logs[0]`. ",
}


def cases(length: int):
    for name, unit in PATTERNS.items():
        yield name, (unit * (length // len(unit) + 1))[:length]
    yield "nested list", "\n".join("  " * (i % 200) + "- x" for i in range(length // 200))
    yield "nested quotes", "\n".join(">" * (i % 200) + " x" for i in range(length // 100))


def main(lengths: list[int]) -> None:
    print(f"{'pattern':>14} {'length':>7} {'estimate':>12} {'valid':>5} {'message s':>9} {'report s':>8}")
    for length in lengths:
        for name, text in cases(length):
            cost = tangle(text).cost
            timings = []
            for render in (render_message, render_report):
                start = time.perf_counter()
                render(text)
                timings.append(time.perf_counter() - start)
            valid = "yes" if cost <= MARKUP_BUDGET else "no"
            print(f"{name:>14} {len(text):>7} {cost:>12,} {valid:>5} {timings[0]:>9.2f} {timings[1]:>8.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 50_000])
