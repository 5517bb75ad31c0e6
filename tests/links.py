"""Links in a built site: every internal href and src of its pages must lead to one of its files."""
from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def broken_links(site: Path, prefix: str) -> tuple[list, int]:
    """Internal href/src in every HTML page that do not resolve to a file in `site` (served at `prefix`)."""
    broken, checked = [], 0
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text())
        page_url = prefix + page.relative_to(site).as_posix()
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                if parts.netloc != "example.com":
                    continue  # another site
                target_path = parts.path
            elif not parts.path:
                continue  # same-page anchor
            elif parts.path.startswith("/"):
                target_path = parts.path  # MkDocs' 404 page links from the site root
            else:
                base = page_url.rsplit("/", 1)[0] + "/"
                target_path = os.path.normpath(base + parts.path) + ("/" if parts.path.endswith("/") else "")
            if target_path.rstrip("/") == prefix.rstrip("/"):
                target_path = prefix
            if not target_path.startswith(prefix):
                broken.append((page.relative_to(site).as_posix(), link))
                continue
            target = site / unquote(target_path[len(prefix):])
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append((page.relative_to(site).as_posix(), link))
            checked += 1
    return broken, checked
