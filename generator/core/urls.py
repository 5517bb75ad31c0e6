"""The site's URL layout. URLs are part of the product: keep them stable.

Paths are site-relative without a leading slash, so the site works under a
sub-path (site_url: https://example.com/status/).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import urljoin, urlsplit

STATUS = ""
HISTORY = "history/"
POSTMORTEMS = "postmortems/"
RELIABILITY = "reliability/"  # opt-in (reliability_page): monthly uptime and incident counts
FEED_RSS = "history.rss"
FEED_ATOM = "history.atom"
CALENDAR = "maintenance.ics"
BADGE_SVG = "badge.svg"
BADGE_JSON = "badge.json"
BANNER_JSON = "embed/banner.json"
BANNER_JS = "embed/banner.js"
BANNER_DEMO = "embed/demo.html"
API = "api/v2/"


def incident(incident_id: str) -> str:
    return f"incidents/{incident_id}/"


def incident_calendar(incident_id: str) -> str:
    """One maintenance's own calendar file ("add to calendar"), beside its page."""
    return f"incidents/{incident_id}/calendar.ics"


def component(component_id: str) -> str:
    return f"components/{component_id}/"


def component_feed(component_id: str, ext: str) -> str:
    return f"components/{component_id}/history.{ext}"


BUILD_INFO = "build.json"  # when the site was built: the page checks it for a newer build


def paged(base: str, number: int) -> str:
    """Page 1 of a list is its base (/history/), later pages base/page/N/."""
    return base if number <= 1 else f"{base}page/{number}/"


def absolute(site_url: str, path: str) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    # Every page asks for its own address (print head, sharing tags, feeds): a site-relative path of
    # plain segments is the base followed by the path, as urljoin would give it, without its parsing.
    if _PLAIN_PATH.fullmatch(path) and _plain_base(base):
        return base + path
    return urljoin(base, path)


# Segments of unreserved characters (none "." or "..", none empty), each but the last followed by "/".
_PLAIN_PATH = re.compile(r"(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*)?")


@functools.lru_cache(maxsize=16)
def _plain_base(base: str) -> bool:
    """A base urljoin only appends plain segments to: its result for one is the base followed by it."""
    return urljoin(base, "a/b.c") == base + "a/b.c"


def tag_uri(site_url: str, date: str, specific: str) -> str:
    """An RFC 4151 tag: URI, stable across edits and rebuilds.

    `date` is fixed per product (the authority date), not per incident, so
    the id depends only on the site's host and the incident id.
    """
    host = urlsplit(site_url).hostname or "localhost"
    return f"tag:{host},{date}:{specific}"


def component_badge(component_id: str, ext: str) -> str:
    return f"components/{component_id}/badge.{ext}"


def ascii_host(name: str) -> str:
    """`name` with each label outside ASCII in its IDNA A-label form: status.bücher.example -> status.xn--bcher-kva.example.

    For Message-IDs and mail headers, which must be ASCII. Written per label
    rather than with Python's "idna" codec, which follows IDNA 2003 (it turns
    "faß" into "fass", another name) and refuses some names outright: this
    never fails, and gives IDNA 2008's A-label for any name valid there.
    """
    labels = unicodedata.normalize("NFC", name).lower().split(".")
    return ".".join(label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
                    for label in labels)


def in_every_language(path: str) -> bool:
    """Whether each language's tree (/de/...) has its own `path`: the pages, their feeds and calendars. The
    JSON API, badges, banner and build.json are language-neutral and exist at the site's root only."""
    return path == "" or path.endswith("/") or path.endswith((".rss", ".atom", ".ics"))


def in_language(prefix: str, path: str) -> str:
    """`path` as a language's tree has it (prefix "de/"; "" for the site's own language)."""
    return prefix + path if prefix and in_every_language(path) else path
