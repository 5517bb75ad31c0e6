"""Hosting: the cache policy, and the files `statusgen build` writes for the host named in mkdocs.yml
(`hosting:`), read back from real builds: `_headers` for Cloudflare Pages and Netlify, the S3 manifest."""
from __future__ import annotations

import hashlib
import json
import re

import pytest

from generator.core.diagnostics import UserError
from generator.hosting.files import S3_MANIFEST, served_path, site_root
from generator.hosting.policy import headers_for, kind_of
from generator.read.config import load_config
from generator.write.build import build_site
from generator.write.sitedir import listed
from sample import ACME, ALL

HOST_FILES = {"_headers", "_redirects", S3_MANIFEST}


@pytest.fixture
def layout():
    return ACME


def site_files(site) -> list[str]:
    """Every file the build wrote that a host serves (its marker's list, host files left out)."""
    return sorted(path for path in listed(site) if path not in HOST_FILES)


def parse_headers(text: str) -> list[tuple[str, dict[str, str]]]:
    """_headers as Cloudflare Pages and Netlify read it: a pattern line, then indented `Name: value` lines."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace():
            name, _, value = line.strip().partition(":")
            rules[-1][1][name.strip()] = value.strip()
        else:
            rules.append((line.strip(), {}))
    return rules


def matches(pattern: str, url: str) -> bool:
    """The hosts' matching: `:name` is one non-empty segment, `*` anything."""
    regex = "".join("[^/]+" if part.startswith(":") else ".*" if part == "*" else re.escape(part)
                    for part in re.split(r"(:[A-Za-z]\w*|\*)", pattern))
    return re.fullmatch(regex, url) is not None


# -- the policy -------------------------------------------------------------------------------------------

def test_each_kind_of_output_has_its_row():
    assert kind_of("index.html").name == "page"
    assert kind_of("incidents/x/index.html").name == "page"
    for data in ("api/v2/summary.json", "badge.svg", "components/api/badge.json", "embed/banner.json",
                 "build.json"):
        assert kind_of(data).name == "data", data
    for feed in ("history.rss", "history.atom", "maintenance.ics", "components/api/history.rss"):
        assert kind_of(feed).name == "feed", feed
    assert kind_of("assets/javascripts/bundle.a5f9d56c.min.js").name == "fingerprinted"
    assert kind_of("assets/stylesheets/main.57a0d79d.min.css.map").name == "fingerprinted"
    # statusgen's own assets and the banner script keep their names across releases: never immutable.
    for fixed in ("assets/statusgen/statusgen.css", "assets/statusgen/statusgen.js", "embed/banner.js",
                  "assets/images/favicon.png"):
        assert kind_of(fixed).name == "asset", fixed
        assert "immutable" not in headers_for(fixed)["Cache-Control"]


def test_headers_per_kind():
    page = headers_for("index.html")
    assert page["Cache-Control"].startswith("public, max-age=0")
    assert "Access-Control-Allow-Origin" not in page
    data = headers_for("embed/banner.json")
    assert "stale-while-revalidate=" in data["Cache-Control"] and "stale-if-error=" in data["Cache-Control"]
    assert data["Access-Control-Allow-Origin"] == "*"
    assert headers_for("assets/javascripts/bundle.a5f9d56c.min.js")["Cache-Control"] == \
        "public, max-age=31536000, immutable"
    assert headers_for("history.rss")["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert headers_for("history.atom")["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert headers_for("maintenance.ics")["Content-Type"] == "text/calendar; charset=utf-8"
    assert headers_for("api/v2/status.json")["Content-Type"] == "application/json; charset=utf-8"
    assert headers_for("badge.svg")["Content-Type"].startswith("image/svg+xml")


def test_served_paths_and_site_root():
    assert site_root("https://status.acme.example") == "/"
    assert site_root("https://acme.example/status") == "/status/"
    assert site_root("https://acme.example/a/status/") == "/a/status/"
    assert served_path("index.html", "/status/") == "/status/"
    assert served_path("history/page/2/index.html") == "/history/page/2/"
    assert served_path("404.html") == "/404"
    assert served_path("embed/banner.json", "/s/") == "/s/embed/banner.json"


# -- host files from real builds -----------------------------------------------------------------------------

def build(make_project, now, tmp_path, name, **changes):
    project = make_project(ALL, root=tmp_path / name, **changes)
    return build_site(project.mkdocs, now=now).site_dir


@pytest.mark.parametrize("site_url", ["https://status.acme.example/", "https://acme.example/help/status/"])
def test_cloudflare_headers_give_every_file_exactly_its_policy(make_project, now, tmp_path, site_url):
    site = build(make_project, now, tmp_path, "cf", options={"hosting": "cloudflare-pages"}, site_url=site_url)
    root = site_root(site_url)
    text = (site / "_headers").read_text(encoding="utf-8")
    assert f"# statusgen site root: {root}\n" in text
    rules = parse_headers(text)
    assert 0 < len(rules) <= 100  # Cloudflare Pages reads at most 100 rules
    files = site_files(site)
    assert len(files) > len(rules) * 2  # placeholders share rules: not one rule per file
    for path in files:
        url = served_path(path, root)
        found = [headers for pattern, headers in rules if matches(pattern, url)]
        # Hosts add up the headers of every matching rule: exactly one must match.
        assert len(found) == 1, (path, url, found)
        assert found[0] == headers_for(path), path
    assert "_headers" in listed(site)  # statusgen's own file: the next build may replace it
    assert not (site / "_redirects").exists()  # Cloudflare Pages finds 404.html by itself
    assert (site / "404.html").is_file()


def test_netlify_under_a_sub_path_falls_back_to_the_sites_own_404(make_project, now, tmp_path):
    site = build(make_project, now, tmp_path, "nf", options={"hosting": "netlify"},
                 site_url="https://acme.example/status/")
    assert (site / "_redirects").read_text(encoding="utf-8") == "/status/*  /status/404.html  404\n"
    assert parse_headers((site / "_headers").read_text(encoding="utf-8"))
    top = build(make_project, now, tmp_path, "nf-top", options={"hosting": "netlify"})
    assert (top / "_headers").is_file() and not (top / "_redirects").exists()


def test_s3_manifest_covers_every_file_with_its_policy(make_project, now, tmp_path):
    site = build(make_project, now, tmp_path, "s3", options={"hosting": "s3"}, site_url="https://acme.example/status/")
    manifest = json.loads((site / S3_MANIFEST).read_bytes())
    files = site_files(site)
    assert sorted(manifest["objects"]) == sorted("status/" + path for path in files)
    for path in files:
        entry = manifest["objects"]["status/" + path]
        assert {k: v for k, v in entry.items() if k != "sha256"} == headers_for(path), path
        assert entry["sha256"] == hashlib.sha256((site / path).read_bytes()).hexdigest()
    assert manifest["error_document"] == "status/404.html"
    assert manifest["site_root"] == "/status/"
    assert "/status/" in manifest["paths"]["status/index.html"]
    assert "/status/history/" in manifest["paths"]["status/history/index.html"]
    assert not (site / "_headers").exists()


def test_github_pages_is_the_default_and_writes_nothing_new(make_project, now, tmp_path):
    site = build(make_project, now, tmp_path, "gh")
    assert not any((site / name).exists() for name in HOST_FILES)
    assert load_config(site.parent / "mkdocs.yml").hosting == "github-pages"


def test_a_hand_written_headers_file_is_refused_for_a_host_statusgen_writes_it_for(make_project, now, tmp_path):
    project = make_project(ALL, root=tmp_path / "clash", options={"hosting": "cloudflare-pages"},
                           pages={"_headers": "/*\n  X-Frame-Options: DENY\n"})
    with pytest.raises(UserError) as caught:
        build_site(project.mkdocs, now=now)
    text = "\n".join(d.format() for d in caught.value.diagnostics)
    assert "_headers" in text and "hosting: cloudflare-pages" in text


def test_an_unknown_host_is_named_with_its_line(make_project, tmp_path):
    project = make_project(ALL, root=tmp_path / "bad", options={"hosting": "cloudflare"})
    with pytest.raises(UserError) as caught:
        load_config(project.mkdocs)
    [problem] = [d for d in caught.value.diagnostics if "hosting" in d.message]
    assert problem.line is not None
    assert 'unknown host "cloudflare"' in problem.message and 'did you mean "cloudflare-pages"' in problem.message
    project = make_project(ALL, root=tmp_path / "bad2", options={"hosting": ["s3"]})
    with pytest.raises(UserError) as caught:
        load_config(project.mkdocs)
    assert any("plugins.statusgen.hosting: expected one of" in d.message for d in caught.value.diagnostics)


def test_build_for_a_second_host_without_touching_mkdocs_yml(make_project, now, tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    project = make_project(ALL, root=tmp_path / "mirror")
    result = CliRunner().invoke(main, ["build", "-f", str(project.mkdocs), "--site-dir", str(tmp_path / "out"),
                                       "--now", now.isoformat(), "--hosting", "cloudflare-pages"])
    assert result.exit_code == 0, result.output
    assert parse_headers((tmp_path / "out" / "_headers").read_text(encoding="utf-8"))
    wrong = CliRunner().invoke(main, ["build", "-f", str(project.mkdocs), "--hosting", "cloudflare"])
    assert wrong.exit_code == 2 and "cloudflare-pages" in wrong.output


def test_the_documented_policy_is_the_one_in_code():
    from pathlib import Path

    from generator.hosting.policy import KINDS

    doc = (Path(__file__).resolve().parents[1] / "docs" / "hosting.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in doc.splitlines() if line.startswith("| ")}
    for kind in KINDS:
        assert kind.name in rows, kind.name
        assert f"`{kind.cache_control}`" in rows[kind.name], kind.name
        assert ("| `*` |" in rows[kind.name]) == kind.cross_origin, kind.name
