"""generator.core.text: grapheme clusters and closing bidirectional controls, the rules UAX #9 reads them by."""
from __future__ import annotations

import pytest

from generator.core.text import close_bidi, grapheme_count, graphemes

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


@pytest.mark.parametrize(("text", "closed"), [
    ("plain text", "plain text"),
    (f"{RLO}evil", f"{RLO}evil{PDF}"),
    (f"{RLI}a{RLE}b", f"{RLI}a{RLE}b{PDF}{PDI}"),  # innermost first
    (f"{LRE}{RLE}{LRO}{RLO}{LRI}{RLI}{FSI}x", f"{LRE}{RLE}{LRO}{RLO}{LRI}{RLI}{FSI}x{PDI * 3}{PDF * 4}"),
    (f"{RLE}a{RLI}b{PDF}c", f"{RLE}a{RLI}b{PDF}c{PDI}{PDF}"),  # a PDF inside an isolate closes nothing outside it
    (f"{RLI}a{RLE}b{PDI}c", f"{RLI}a{RLE}b{PDI}c"),  # a PDI closes its isolate and all opened inside it
    (f"{RLO}a{PDF}b", f"{RLO}a{PDF}b"),  # closed as written: left as it is
    (f"a{PDF}{PDI}b", f"a{PDF}{PDI}b"),  # closers with nothing to close: ignored by readers, left
    (f"{RLO}a{PDI}b", f"{RLO}a{PDI}b{PDF}"),  # a PDI without an isolate does not close an override
])
def test_close_bidi_closes_what_is_left_open_in_order(text, closed):
    assert close_bidi(text) == closed
    assert close_bidi(closed) == closed


def test_graphemes_are_what_a_reader_sees_as_one_character():
    scotland = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"
    text = f"e\u0301 {scotland}\U0001F469\u200d\U0001F467\u0915\u094d\u0937\u093f!"
    assert graphemes(text) == ["e\u0301", " ", scotland, "\U0001F469\u200d\U0001F467",
                               "\u0915\u094d\u0937\u093f", "!"]
    assert "".join(graphemes(text)) == text and grapheme_count(text) == 6
