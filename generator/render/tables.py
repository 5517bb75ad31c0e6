"""Tables in messages and reports that read well on a phone.

The HTML comes from generator.markdown_html, already sanitised; this only adds
markup of our own. Each table is wrapped in <div class="sg-table">, and every
data cell carries its column's heading as data-label, so that on a narrow
screen the stylesheet can show each row as a short list of "heading: value"
lines instead of squeezing five columns into 340 px (or hiding one in a
scroll box). Explicit ARIA roles keep the table a table for screen readers
when the stylesheet changes how its parts are displayed.
"""
from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_HEAD_CELL = re.compile(r"<th(\s[^>]*)?>(.*?)</th>", re.S)
_DATA_CELL = re.compile(r"<td(\s[^>]*)?>", re.S)
_TAG = re.compile(r"<[^>]*>")


def _text(cell_html: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", cell_html)).split())


def _table(match: re.Match) -> str:
    inner = match.group(1)
    head = inner.split("</thead>", 1)[0] if "</thead>" in inner else ""
    labels = [_text(m.group(2)) for m in _HEAD_CELL.finditer(head)]

    def row(m: re.Match) -> str:
        cells = iter(labels)

        def cell(c: re.Match) -> str:
            label = next(cells, "")
            attrs = c.group(1) or ""
            extra = f' data-label="{html.escape(label, quote=True)}"' if label else ""
            return f'<td role="cell"{attrs}{extra}>'

        body = _DATA_CELL.sub(cell, m.group(1))
        body = _HEAD_CELL.sub(lambda h: f'<th role="columnheader"{h.group(1) or ""}>{h.group(2)}</th>', body)
        return f'<tr role="row">{body}</tr>'

    inner = _ROW.sub(row, inner)
    inner = inner.replace("<thead>", '<thead role="rowgroup">').replace("<tbody>", '<tbody role="rowgroup">')
    return f'<div class="sg-table"><table role="table">{inner}</table></div>'


def readable_tables(fragment: str) -> str:
    """The same HTML with its tables labelled for narrow screens (see the module's note)."""
    if "<table>" not in fragment:
        return fragment
    return _TABLE.sub(_table, fragment)
