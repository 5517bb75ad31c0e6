"""Small helpers shared by the machine-readable outputs.

Everything here is a pure function of its arguments: no clock, no I/O.
"""
from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

from ..core import urls
from ..read.config import Config
from ..render.markdown_html import render_message
from ..model.state import SiteState
from ..core.timeutil import UTC, iso_z

# The authority date of every tag: URI we mint. Fixed for the product, never
# derived from an incident, so an entry's id only depends on host + incident id.
TAG_DATE = "2024"


def entry_id(config: Config, incident_id: str) -> str:
    return urls.tag_uri(config.site_url, TAG_DATE, f"incident:{incident_id}")


def feed_id(config: Config, path: str) -> str:
    return urls.tag_uri(config.site_url, TAG_DATE, f"feed:{path}")


def host(config: Config) -> str:
    return urlsplit(config.site_url).hostname or "localhost"


def ascii_host(config: Config) -> str:
    """The site's host as a Message-ID or a mail header carries it: a name outside ASCII in its xn-- form."""
    return urls.ascii_host(host(config))


def page_id(config: Config) -> str:
    """A Statuspage-like opaque page id: 12 hex digits of the site's host and path.

    The path is included so two sites under sub-paths of one host differ.
    """
    parts = urlsplit(config.site_url)
    key = f"{(parts.hostname or 'localhost').lower()}{parts.path or '/'}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def incident_url(config: Config, incident_id: str) -> str:
    return urls.absolute(config.site_url, urls.incident(incident_id))


def page_updated_at(state: SiteState) -> datetime:
    """Newest update time across everything published; the build time only for an empty site."""
    # state.incidents is ordered newest activity first.
    return state.incidents[0].updated_at if state.incidents else state.now


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else iso_z(moment)


def human_time(moment: datetime, config: Config) -> str:
    """'2026-03-04 10:40 UTC' in the site's time zone, for people reading a feed."""
    local = moment.astimezone(config.zone)
    zone = local.tzname() or config.time_zone
    return f"{local:%Y-%m-%d %H:%M} {zone}"


def to_json(data) -> bytes:
    """Stable JSON: sorted keys, fixed indentation, UTF-8, trailing newline."""
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class _TextExtractor(HTMLParser):
    _PARAGRAPHS = {"p", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table", "ul", "ol", "dl", "hr",
                   "details"}
    _LINES = {"li", "br", "tr", "dt", "dd", "summary"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self.pre += 1
        if tag in self._PARAGRAPHS or tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in self._PARAGRAPHS:
            self.parts.append("\n\n")
        elif tag in self._LINES:
            self.parts.append("\n")

    def handle_data(self, data):
        # Source line breaks inside a paragraph are soft: they read as spaces.
        self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))


@lru_cache(maxsize=4096)
def plain_text(markdown_text: str) -> str:
    """A message as plain text: rendered and sanitised, then stripped of markup.

    Going through the sanitiser first means a smuggled <script> is dropped
    rather than shown as text; paragraphs become single blank-line breaks.
    """
    parser = _TextExtractor()
    parser.feed(render_message(markdown_text))
    parser.close()
    text = "".join(parser.parts)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
