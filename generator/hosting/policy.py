"""The cache policy: one row per kind of output, which every host file is written from.

A status page is quiet for months, then read by everyone at once, and its in-app banner is polled from
every page view of the product it reports on. The policy keeps those bursts at the CDN's edge:

- pages are revalidated by the browser on every view (a reader never sees an old status after a
  reload), while the edge may answer from its own copy for a minute and keep serving the last good
  page for a day if the origin fails;
- the data other programs poll (JSON API, badges, banner data, build.json) is fresh for a minute and
  may be served stale while the edge fetches the new copy, or while the origin is down;
- files whose name changes with their content (Material's bundle.<hash>.min.js) never change, so
  they are cached for a year; every other asset (statusgen's own CSS and JS, the banner script that
  products embed by a fixed address, icons) keeps its name across releases, so it is cached for
  minutes only, never marked immutable.

docs/hosting.md gives each row's reasons in plain words; keep the two in step.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

YEAR = 365 * 24 * 3600
DAY = 24 * 3600


@dataclass(frozen=True)
class Kind:
    name: str
    cache_control: str
    cross_origin: bool  # Access-Control-Allow-Origin: *, for data that other sites' pages fetch
    why: str


FINGERPRINTED = Kind(
    "fingerprinted", f"public, max-age={YEAR}, immutable", False,
    "the name carries a hash of the content: a new build links a new name, so the old file never changes")
DATA = Kind(
    "data", f"public, max-age=60, stale-while-revalidate=60, stale-if-error={DAY}", True,
    "polled by pages, products and monitors: at most a minute old, served stale while the edge refetches "
    "and for a day if the origin fails; other sites' scripts read it")
FEED = Kind(
    "feed", f"public, max-age=300, stale-while-revalidate=300, stale-if-error={DAY}", True,
    "read by feed readers and calendars on their own schedule (tens of minutes): five minutes keeps a "
    "burst of them at the edge; web-based readers fetch it from other sites")
PAGE = Kind(
    "page", f"public, max-age=0, s-maxage=60, stale-if-error={DAY}", False,
    "the browser revalidates on every view (ETag: an unchanged page costs a 304); the edge may answer "
    "from its copy for a minute, and keeps the last good page for a day if the origin fails")
ASSET = Kind(
    "asset", f"public, max-age=300, stale-while-revalidate=300, stale-if-error={DAY}", False,
    "same name in every release (statusgen's CSS and JS, the embedded banner script, icons): minutes, "
    "so a release reaches readers soon; never immutable")
OTHER = Kind(
    "other", f"public, max-age=300, stale-if-error={DAY}", False,
    "anything else (sitemap, files a project adds): five minutes")

KINDS = (FINGERPRINTED, DATA, FEED, PAGE, ASSET, OTHER)

# Material names its bundles name.<8 hex>.min.js / .css (and their source maps); statusgen's own
# assets keep fixed names (the pages and products link them by those names).
_FINGERPRINT = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)(?:\.map)?$")
_DATA_EXTENSIONS = (".json", ".svg")
_FEED_EXTENSIONS = (".rss", ".atom", ".ics")

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".gz": "application/gzip",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".pdf": "application/pdf",
    ".webmanifest": "application/manifest+json; charset=utf-8",
}
DEFAULT_CONTENT_TYPE = "application/octet-stream"


def kind_of(path: str) -> Kind:
    """The policy row for a site-relative file path (posix, no leading slash)."""
    name = posixpath.basename(path)
    ext = posixpath.splitext(name)[1].lower()
    under_assets = path.startswith("assets/")
    if under_assets and _FINGERPRINT.search(name):
        return FINGERPRINTED
    if ext == ".html":
        return PAGE
    if under_assets or ext in (".js", ".css", ".png", ".ico", ".woff", ".woff2"):
        return ASSET
    if ext in _DATA_EXTENSIONS:
        return DATA
    if ext in _FEED_EXTENSIONS:
        return FEED
    return OTHER


def content_type(path: str) -> str:
    return CONTENT_TYPES.get(posixpath.splitext(path)[1].lower(), DEFAULT_CONTENT_TYPE)


def headers_for(path: str) -> dict[str, str]:
    """Every header the policy sets on one file, in a fixed order."""
    kind = kind_of(path)
    out = {"Cache-Control": kind.cache_control, "Content-Type": content_type(path)}
    if kind.cross_origin:
        out["Access-Control-Allow-Origin"] = "*"
    return out
