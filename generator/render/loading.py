"""The theme's scripts load without holding up the page's first paint.

Material ends <body> with its script bundle and then the site's extra_javascript,
as plain <script src> tags: the browser stops drawing the page until each has
been fetched and run. On a phone over a slow network that is about 40 KB of
script ahead of text that is already there (a status page must show its status
first). With `defer` they are fetched alongside and run in the same order once
the page is parsed, still before DOMContentLoaded, which is when Material (and
statusgen.js) start their work: nothing they do changes.

Every classic external script from Material's bundle on is deferred, so scripts
that use Material's `document$` still run after it; inline scripts before it
(the palette, the configuration) are left alone, and so is any script already
marked defer or of another type. A page is left as it is when deferring would
change the order its scripts run in: an inline script after the bundle (a theme
override's `{{ super() }}<script>document$.subscribe(...)</script>`) cannot be
deferred and would run before it, and an async script after it (a library loaded
after its configuration) could run before the scripts deferred ahead of it.

A page without the bundle (statusgen's generated pages, see templates/theme/statusgen_frame.html)
gets the same from Material's configuration block on (`<script id="__config"
type="application/json">`, which ends every page of the theme): statusgen.js and the
extra_javascript after it. What must be in place before the first paint (the palette the
reader chose, the colour toggle) is done by a small inline script in the header instead.
"""
from __future__ import annotations

import re

_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"')
_CONFIG = re.compile(r'<script id="__config" type="application/json">')
_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
_CLASSIC = re.compile(r"|text/javascript|application/javascript")
_MARKED = re.compile(r"\s(?:async|defer|type|nomodule)(?=[\s=]|$)", re.I)
_ASYNC = re.compile(r"\sasync(?=[\s=]|$)", re.I)
_SRC = re.compile(r"\ssrc=", re.I)


def _type(attributes: str) -> str:
    found = re.search(r"""\stype=["']?([^"'\s>]*)""", attributes, re.I)
    return found.group(1).lower() if found else ""


def _deferred(match: re.Match) -> str:
    attributes = match.group(1)
    if not _SRC.search(attributes) or _MARKED.search(attributes):
        return match.group(0)
    return f"<script{attributes} defer>"


def defer_scripts(html: str) -> str:
    """The page with Material's bundle and the scripts after it deferred; without the bundle, the scripts
    after the theme's configuration block (unchanged if it has neither)."""
    found = _BUNDLE.search(html) or _CONFIG.search(html)
    if found is None:
        return html
    start = found.start()
    for tag in _SCRIPT_TAG.finditer(html, start):
        attributes = tag.group(1)
        if _CLASSIC.fullmatch(_type(attributes)) and (not _SRC.search(attributes) or _ASYNC.search(attributes)):
            return html  # an inline or async classic script relies on the order as it is
    return html[:start] + _SCRIPT_TAG.sub(_deferred, html[start:])
