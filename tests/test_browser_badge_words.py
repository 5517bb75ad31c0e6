"""Badges' words fit their badges in every shipped language written in Latin letters (issue 26): each text's
width, reckoned from its characters at build time (outputs/badges.py), is within a tenth of what Chromium
draws with the badge's font (DejaVu Sans here), so `textLength` never squeezes or stretches a word
visibly. Japanese is checked by Unicode's full width in tests/test_outputs_languages.py (this machine has
no Japanese font to measure with)."""
from __future__ import annotations

import pytest

from generator.languages.catalogs import gettext_for
from generator.outputs.badges import INDICATOR_STYLE, LABEL, svg_badge
from generator.outputs.words import IMPACT_IN_TEXT

pytestmark = pytest.mark.browser

WORDS = [*IMPACT_IN_TEXT.values(), *(message for message, _, _ in INDICATOR_STYLE.values())]
MEASURE = """() => [...document.querySelectorAll('text')].map(text => {
  const wanted = +text.getAttribute('textLength');
  text.removeAttribute('textLength');
  return [text.textContent, wanted, text.getComputedTextLength()];
})"""


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "pt-BR"])
def test_every_badge_word_is_drawn_at_its_own_width(browser, language):
    _ = gettext_for(language)
    badges = "".join(svg_badge(_(LABEL), _(word), "#1a7f37").decode() for word in WORDS)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(f"<!doctype html><html lang='{language}'><body>{badges}</body></html>")
        measured = page.evaluate(MEASURE)
    finally:
        context.close()
    assert len(measured) == 2 * len(WORDS)
    off = [(text, wanted, round(drawn)) for text, wanted, drawn in measured if abs(drawn - wanted) > wanted / 10]
    assert off == []
