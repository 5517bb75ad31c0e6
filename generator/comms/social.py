"""Social posts: counting characters as each platform does, and shortening a post to fit.

X (twitter-text, version 3): every link counts as 23 characters, whatever its
length; characters of most Latin, Greek, Cyrillic, Hebrew, Arabic and Indic
scripts and common punctuation count 1, others (CJK, emoji...) count 2, and an
emoji sequence (a flag, a family joined by zero-width joiners, a skin tone)
counts 2 as a whole (a subdivision flag such as Scotland's, a black flag and
tag characters, included). Text is counted in Unicode normal form C.

Mastodon: every http(s) link counts as 23 characters; everything else counts
one per grapheme cluster (what a reader sees as one character: an emoji
sequence, a letter with its accents), as its StatusLengthValidator does. The
server's Ruby may predate Unicode 15.1, which made an Indic conjunct (क्ष) one
cluster; each conjunct counts as the clusters it was before, never fewer.

Bluesky: one per grapheme cluster, links included (its app shows the whole
link, made clickable by a facet), at most 300; the record also allows at most
3,000 bytes of UTF-8, so a text of more than ten bytes a cluster counts as
its bytes divided by ten (rounded up), which keeps both limits in one number.

A link without a scheme ("status.example.com") is auto-linked by X when its
top-level domain is one X knows; statusgen counts such a name as
max(23, its length), so the count is never lower than X's.

A post is only ever cut between grapheme clusters (generator.core.text), and a
cut piece gets back the bidirectional closers the cut took away.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import regex

from ..core.text import close_bidi, grapheme_count, graphemes

LINK_LENGTH = 23
X, MASTODON, BLUESKY = "x", "mastodon", "bluesky"
LIMITS = {X: 280, MASTODON: 500, BLUESKY: 300}
PLATFORM_NAMES = {X: "X", MASTODON: "Mastodon", BLUESKY: "Bluesky"}
BLUESKY_MAX_BYTES = 3000  # app.bsky.feed.post's text: maxLength (UTF-8 bytes) beside maxGraphemes 300

_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_BARE_DOMAIN = re.compile(r"(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?:/[^\s<>\"]*)?(?![\w@-])",
                          re.IGNORECASE)
# twitter-text v3: code points in these ranges weigh 1, all others 2.
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_EMOJI_BASE = re.compile(
    "(?:[\U0001F1E6-\U0001F1FF]{2}"  # a flag: two regional indicators
    "|\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F"  # a subdivision flag: a black flag and tags
    "|[#*0-9]\ufe0f?\u20e3"  # a keycap
    "|[\u2600-\u27bf\U0001F000-\U0001FAFF][\ufe0f\U0001F3FB-\U0001F3FF]*"
    "(?:\u200d[\u2600-\u27bf\U0001F000-\U0001FAFF][\ufe0f\U0001F3FB-\U0001F3FF]*)*)")


# A consonant joined to the one before by a virama (rule GB9c of Unicode 15.1): a cluster of its own before.
_CONJUNCT_JOIN = regex.compile(r"\p{InCB=Linker}[\p{InCB=Extend}\p{InCB=Linker}]*\p{InCB=Consonant}")


def _weight(char: str) -> int:
    code = ord(char)
    return 1 if any(low <= code <= high for low, high in _LIGHT) else 2


def _text_weight(text: str) -> int:
    total, pos = 0, 0
    for match in _EMOJI_BASE.finditer(text):
        total += sum(_weight(c) for c in text[pos:match.start()]) + 2
        pos = match.end()
    return total + sum(_weight(c) for c in text[pos:])


def _split_links(text: str, bare: bool) -> tuple[list[str], list[str], list[str]]:
    """(the text between links, the http(s) links, the bare domain names)."""
    links = [m.group() for m in _URL.finditer(text)]
    rest = _URL.split(text)
    domains: list[str] = []
    if bare:
        pieces = []
        for piece in rest:
            domains += [m.group() for m in _BARE_DOMAIN.finditer(piece)]
            pieces += _BARE_DOMAIN.split(piece)
        rest = pieces
    return rest, links, domains


def x_length(text: str) -> int:
    """The length X counts for a post (the 280 limit applies to it)."""
    rest, links, domains = _split_links(unicodedata.normalize("NFC", text), bare=True)
    return (sum(_text_weight(piece) for piece in rest) + LINK_LENGTH * len(links)
            + sum(max(LINK_LENGTH, len(d)) for d in domains))


def mastodon_length(text: str) -> int:
    """The length Mastodon counts for a post (the 500 limit applies to it)."""
    rest, links, _ = _split_links(text, bare=False)
    clusters = sum(grapheme_count(piece) + len(_CONJUNCT_JOIN.findall(piece)) for piece in rest)
    return clusters + LINK_LENGTH * len(links)


def bluesky_length(text: str) -> int:
    """The length Bluesky counts (its 300 limit applies), or more when the text is over its 3,000 bytes."""
    size = len(text.encode("utf-8"))
    return max(grapheme_count(text), -(-size * LIMITS[BLUESKY] // BLUESKY_MAX_BYTES))


def links(text: str) -> list[tuple[int, int, str]]:
    """Each http(s) link in `text`: its start and end as UTF-8 byte offsets (what a Bluesky facet names), and
    the link itself, without a sentence's closing punctuation."""
    out = []
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;:!?)]'")
        start = len(text[:match.start()].encode("utf-8"))
        out.append((start, start + len(url.encode("utf-8")), url))
    return out


COUNTERS = {X: x_length, MASTODON: mastodon_length, BLUESKY: bluesky_length}


_TRAILING = frozenset(" ,;:.-–—")  # left at the end of a cut: dropped before the ellipsis


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` grapheme clusters at a word, with an ellipsis; "" when nothing fits.

    The cut falls between clusters, never inside one, and an embedding,
    override or isolate the cut leaves open is closed after the ellipsis.
    """
    clusters = graphemes(text)
    if len(clusters) <= limit:
        return close_bidi(text)
    if limit <= 1:
        return ""
    kept = clusters[:limit - 1]
    while kept and kept[-1].isspace():
        kept.pop()
    first_word = next((i for i, c in enumerate(kept) if not c.isspace()), len(kept))
    last_space = max((i for i, c in enumerate(kept) if c.isspace()), default=-1)
    if last_space > first_word:  # more than one word: drop the one the cut went through
        kept = kept[:last_space]
    while kept and kept[-1] in _TRAILING:
        kept.pop()
    return close_bidi("".join(kept) + "…") if kept else ""


@dataclass(frozen=True)
class Post:
    platform: str  # X, MASTODON or BLUESKY
    text: str
    length: int  # as the platform counts it
    limit: int
    notes: tuple[str, ...] = ()  # what was shortened to fit

    @property
    def name(self) -> str:
        return PLATFORM_NAMES[self.platform]


class DoesNotFit(Exception):
    """Nothing left to shorten and the post is still too long."""

    def __init__(self, length: int):
        super().__init__(length)
        self.length = length


def fit(render, platform: str, parts: dict[str, str], order: tuple[tuple[str, str], ...],
        limit: int | None = None) -> Post:
    """The post `render(parts)` gives, with parts shortened in `order` ((key, what to call it)) until it fits.

    Each part in turn is cut at a word (with an ellipsis) just enough, possibly
    to nothing, before the next is touched; the post says what was shortened.
    Raises DoesNotFit when every part is empty and the post is still too long. `limit`: the platform's
    usual limit unless given (a Mastodon instance may set its own).
    """
    count, limit = COUNTERS[platform], limit or LIMITS[platform]
    parts = dict(parts)
    text = render(parts)
    length = count(text)
    shortened = []
    for name, label in order:
        if length <= limit:
            break
        if not parts[name]:
            continue
        # The longest cut of this part that fits (or none): a binary search, as characters weigh 1 or 2.
        whole, low, high = parts[name], 0, grapheme_count(parts[name]) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if count(render({**parts, name: shorten(whole, middle)})) <= limit:
                low = middle
            else:
                high = middle - 1
        parts[name] = shorten(whole, low)
        shortened.append(label)
        text = render(parts)
        length = count(text)
    if length > limit:
        raise DoesNotFit(length)
    notes = tuple(f"shortened to fit {PLATFORM_NAMES[platform]}'s {limit} characters: the {name} was cut"
                  for name in shortened)
    return Post(platform, text, length, limit, notes)
