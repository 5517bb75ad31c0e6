"""Status badges: a small accessible SVG and a shields.io "endpoint" JSON.

The SVG is written by hand from a template so its size and text are under
our control: role="img" with an aria-label and a <title> carry the text for
screen readers, every string is XML-escaped, and widths come from a fixed
per-character table (no font metrics at build time), so output is stable.

The words are the site's language's (outputs.words), badges' lower case where the language has it;
a character as wide as it is tall (Japanese, Chinese, Korean) counts a full em.
"""
from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape, quoteattr

from ..core import urls
from ..core.model import OPERATIONAL, Impact
from ..core.text import N_
from ..languages.punctuation import labelled
from ..model.state import SiteState
from .common import to_json
from .words import gettext_of, impact_in_text

# Background colours chosen for at least 4.5:1 contrast with white text.
LABEL_COLOUR = "#555555"
COMPONENT_STYLE = {
    Impact.OPERATIONAL: ("#1a7f37", "brightgreen"),
    Impact.UNDER_MAINTENANCE: ("#0969da", "blue"),
    Impact.DEGRADED_PERFORMANCE: ("#9a6700", "yellow"),
    Impact.PARTIAL_OUTAGE: ("#bc4c00", "orange"),
    Impact.MAJOR_OUTAGE: ("#cf222e", "red"),
}
INDICATOR_STYLE = {
    "none": (N_("operational"), "#1a7f37", "brightgreen"),
    "maintenance": (N_("maintenance"), "#0969da", "blue"),
    "minor": (N_("minor outage"), "#9a6700", "yellow"),
    "major": (N_("partial outage"), "#bc4c00", "orange"),
    "critical": (N_("major outage"), "#cf222e", "red"),
}
LABEL = N_("status")  # the site-wide badge's left half

# Approximate advance widths (px) of 11px Verdana/DejaVu Sans, by character class.
_NARROW = set("ijlI.,:;!|'` ")
_SEMI = set("frt()[]{}-/\\\"")
_WIDE = set("mwMW@%")
_FULL = ("W", "F")  # East Asian Wide and Fullwidth: 日本語, ＡＢ
PADDING = 6
FONT = "Verdana,DejaVu Sans,Geneva,sans-serif"


def text_width(text: str) -> int:
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in _FULL:
            width += 11.0
        elif unicodedata.combining(ch):
            continue  # drawn over the letter before it
        elif ch in _NARROW:
            width += 3.5
        elif ch in _SEMI:
            width += 4.6
        elif ch in _WIDE:
            width += 10.0
        elif ch.isupper() or ch.isdigit():
            width += 7.5
        else:
            width += 6.6
    return int(round(width))


def svg_badge(label: str, message: str, colour: str, language: str = "en") -> bytes:
    lw = text_width(label) + 2 * PADDING
    mw = text_width(message) + 2 * PADDING
    total = lw + mw
    spoken = labelled(label, message, language)  # its title and what a screen reader says: fr "Statut : …"
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" viewBox="0 0 {total} 20" \
role="img" aria-label={quoteattr(spoken)}>
<title>{escape(spoken)}</title>
<rect width="{lw}" height="20" fill="{LABEL_COLOUR}"/>
<rect x="{lw}" width="{mw}" height="20" fill="{colour}"/>
<g fill="#ffffff" font-family="{FONT}" font-size="11" text-anchor="middle" aria-hidden="true">
<text x="{lw / 2:g}" y="14" textLength="{lw - 2 * PADDING}" lengthAdjust="spacingAndGlyphs">{escape(label)}</text>
<text x="{lw + mw / 2:g}" y="14" textLength="{mw - 2 * PADDING}" lengthAdjust="spacingAndGlyphs">{escape(message)}</text>
</g>
</svg>
""".encode("utf-8")


def endpoint_json(label: str, message: str, colour_name: str) -> bytes:
    return to_json({"schemaVersion": 1, "label": label, "message": message, "color": colour_name})


def render_badges(state: SiteState) -> dict[str, bytes]:
    _ = gettext_of(state.config.language)
    message, colour, name = INDICATOR_STYLE[state.indicator]
    message, label = _(message), _(LABEL)
    out = {
        urls.BADGE_SVG: svg_badge(label, message, colour, state.config.language),
        urls.BADGE_JSON: endpoint_json(label, message, name),
    }
    for component in state.config.components:
        status = state.component_status.get(component.id, OPERATIONAL)
        colour, name = COMPONENT_STYLE[status]
        text = impact_in_text(status, state.config.language)
        out[urls.component_badge(component.id, "svg")] = svg_badge(component.name, text, colour,
                                                                   state.config.language)
        out[urls.component_badge(component.id, "json")] = endpoint_json(component.name, text, name)
    return out
