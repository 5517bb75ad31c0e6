"""The files a host reads, written from the cache policy and the list of files the build wrote.

- Cloudflare Pages and Netlify read `_headers`: blocks of a URL pattern and the headers for it. Both add
  up the headers of every rule a request matches (the same header from two rules is joined with a
  comma), so the rules written here never overlap: every file of the site matches exactly one. Exact
  paths would need one rule per file, and Cloudflare Pages takes 100 rules at most, so files that share
  a folder, a shape and the same headers share one rule with a `:placeholder` for the part that varies
  (/incidents/:p/). Both hosts serve 404.html for a missing page on their own; Netlify only from the
  top of the site, so a site under a sub-path also gets a `_redirects` fallback to its own 404 page.
- An S3 bucket reads nothing: the upload sets each object's headers. `.statusgen-s3.json` lists every
  object of the site (its key, with the site's sub-path) with its Cache-Control, Content-Type and
  SHA-256, which the deploy compares with the previous upload's to find the paths to invalidate.

Paths are as the host serves them: a folder's index.html at the folder's address (/history/), a
page.html at /page (Cloudflare Pages drops .html and redirects to it), under the site_url's path.
"""
from __future__ import annotations

import json
import posixpath
from collections import defaultdict
from urllib.parse import urlsplit

from ..read.hosting_options import CLOUDFLARE_PAGES, NETLIFY, S3
from .policy import headers_for

HEADERS = "_headers"
REDIRECTS = "_redirects"
S3_MANIFEST = ".statusgen-s3.json"
HOST_FILES = (HEADERS, REDIRECTS, S3_MANIFEST)
CLOUDFLARE_RULE_LIMIT = 100
ROOT_COMMENT = "# statusgen site root: "


class HostingError(Exception):
    """The host cannot take the site as built; the message says why and what to do."""


def site_root(site_url: str) -> str:
    """The path the site is served under, with slashes at both ends ("/" at a host's top)."""
    path = urlsplit(site_url or "/").path or "/"
    path = "/" + path.strip("/") + "/"
    return "/" if path == "//" else path


def served_path(rel: str, root: str = "/") -> str:
    """The address a host serves a site-relative file at."""
    if rel == "index.html" or rel.endswith("/index.html"):
        return root + rel[: -len("index.html")]
    if rel.endswith(".html"):
        return root + rel[: -len(".html")]
    return root + rel


def host_files(host: str, site_url: str, files: dict[str, str | None]) -> dict[str, bytes]:
    """{file name at the site's top: content} for `host`; `files` maps each site-relative path the build
    wrote to its SHA-256 (needed for s3 only). Files named like host files are left out of the policy."""
    served = sorted(path for path in files if path not in HOST_FILES)
    root = site_root(site_url)
    if host in (CLOUDFLARE_PAGES, NETLIFY):
        rules = header_rules(served, root)
        if host == CLOUDFLARE_PAGES and len(rules) > CLOUDFLARE_RULE_LIMIT:
            raise HostingError(f"the site needs {len(rules)} header rules and Cloudflare Pages reads at most "
                               f"{CLOUDFLARE_RULE_LIMIT}; fewer hand-written folders of different kinds of files "
                               f"would need fewer, or choose hosting: netlify or s3")
        out = {HEADERS: render_headers(rules, root)}
        if host == NETLIFY and root != "/":
            # Netlify serves /404.html by itself only at the top of the host.
            out[REDIRECTS] = f"{root}*  {root}404.html  404\n".encode("utf-8")
        return out
    if host == S3:
        return {S3_MANIFEST: s3_manifest(served, files, root)}
    return {}


# -- _headers -------------------------------------------------------------------------------------------------

Headers = tuple[tuple[str, str], ...]


def header_rules(paths: list[str], root: str = "/") -> list[tuple[str, Headers]]:
    """Non-overlapping (pattern, headers) rules covering every path, as few as the site's shape allows."""
    wanted = {served_path(path, root): tuple(headers_for(path).items()) for path in paths}
    # Candidate patterns: each served path with one of its folder or file segments (never the site
    # root's own) made a placeholder. A pattern is usable when every served path it matches wants the
    # same headers; the ones covering most paths are taken first, and never two that share a path.
    fixed = root.count("/") - 1
    matches: dict[str, set[str]] = defaultdict(set)
    for url in wanted:
        parts = url.split("/")
        for index in range(1 + fixed, len(parts)):
            if parts[index]:
                matches["/".join(parts[:index] + [":p"] + parts[index + 1:])].add(url)
    by_shape: dict[tuple[int, bool], list[str]] = defaultdict(list)
    for url in wanted:
        by_shape[(url.count("/"), url.endswith("/"))].append(url)
    usable = []
    for pattern, covered in matches.items():
        if len(covered) < 2:
            continue
        shape = (pattern.count("/"), pattern.endswith("/"))
        # Every served path of the same shape that the pattern matches, not just the ones it came from.
        reach = {url for url in by_shape[shape] if _fits(pattern, url)}
        if len({wanted[url] for url in reach}) == 1:
            usable.append((pattern, reach))
    usable.sort(key=lambda item: (-len(item[1]), item[0]))
    taken: set[str] = set()
    rules = []
    for pattern, reach in usable:
        if reach & taken:
            continue
        taken |= reach
        rules.append((pattern, wanted[next(iter(reach))]))
    rules += [(url, wanted[url]) for url in wanted if url not in taken]
    return sorted(rules)


def _fits(pattern: str, url: str) -> bool:
    left, right = pattern.split("/"), url.split("/")
    return len(left) == len(right) and all(a == b or (a.startswith(":") and b) for a, b in zip(left, right))


def render_headers(rules: list[tuple[str, Headers]], root: str) -> bytes:
    lines = ["# Written by statusgen build (hosting in mkdocs.yml) from its cache policy: docs/hosting.md.",
             "# Every file of the site matches exactly one rule; edit the policy, not this file.",
             ROOT_COMMENT + root, ""]
    for pattern, headers in rules:
        lines.append(pattern)
        lines += [f"  {name}: {value}" for name, value in headers]
        lines.append("")
    return "\n".join(lines).encode("utf-8")


# -- the S3 manifest ------------------------------------------------------------------------------------------

def s3_manifest(paths: list[str], digests: dict[str, str | None], root: str) -> bytes:
    prefix = root.lstrip("/")
    objects = {}
    for path in paths:
        entry = dict(headers_for(path))
        entry["sha256"] = digests.get(path) or ""
        objects[prefix + path] = entry
    manifest = {
        "version": 1,
        "site_root": root,
        "error_document": prefix + "404.html" if "404.html" in digests else None,
        # The addresses a CDN caches each object under, for invalidating the changed ones.
        "paths": {prefix + path: _addresses(path, root) for path in paths},
        "objects": objects,
    }
    return (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _addresses(path: str, root: str) -> list[str]:
    plain = root + path
    served = served_path(path, root)
    out = {plain, served}
    if served.endswith("/") and served != "/":
        out.add(served.rstrip("/"))
    if posixpath.basename(path) == "index.html" and path == "index.html":
        out.add(root)
    return sorted(out)
