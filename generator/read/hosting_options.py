"""plugins.statusgen.hosting: which host serves the built site, so the build writes the files that host reads.

    hosting: github-pages      # the default: nothing more is written (Pages reads no header files)
    hosting: cloudflare-pages  # _headers (cache policy, content types, CORS); 404.html is served for missing pages
    hosting: netlify           # _headers, and _redirects for the 404 page when the site lives under a sub-path
    hosting: s3                # .statusgen-s3.json: every object's Cache-Control and Content-Type, for the upload

Kept apart from config.py, which only names the option and calls `read_hosting` with its checker.
What each host gets, and why, is generator.hosting (docs/hosting.md).
"""
from __future__ import annotations

from ..core.diagnostics import did_you_mean
from ..core.timeutil import type_name

GITHUB_PAGES = "github-pages"
CLOUDFLARE_PAGES = "cloudflare-pages"
NETLIFY = "netlify"
S3 = "s3"
HOSTS = (GITHUB_PAGES, CLOUDFLARE_PAGES, NETLIFY, S3)
DEFAULT_HOST = GITHUB_PAGES
HELP = ("the host that serves the site, so the build writes the files it reads: github-pages (default: nothing "
        "more), cloudflare-pages or netlify (_headers), s3 (a per-object header manifest for the upload)")


def read_hosting(value, check) -> str:
    """The host from mkdocs.yml's value; every problem goes to `check` (config's), the default stands in."""
    keys = ("hosting",)
    if value is None:
        return DEFAULT_HOST
    if not isinstance(value, str):
        check.error(keys, f"expected one of {', '.join(HOSTS)}, got {type_name(value)}")
        return DEFAULT_HOST
    if value not in HOSTS:
        check.error(keys, f'unknown host "{value}"' + did_you_mean(value, HOSTS) + f"; allowed: {', '.join(HOSTS)}")
        return DEFAULT_HOST
    return value
