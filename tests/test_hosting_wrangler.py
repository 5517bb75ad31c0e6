"""The built site served by Cloudflare's own local server (`wrangler pages dev`, npm's wrangler in
package.json): every file answers with the headers the cache policy declares, a missing page with the
site's 404 page, and the banner's data with 304 to the clients that already have it.

Loopback only: wrangler's one look-up on the internet (Request.cf) fails here, it says so and carries on.
Skips, saying why, when wrangler is not installed (npm ci); in CI (STATUSGEN_REQUIRE_TOOLS) it fails.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.hosting.files import served_path
from generator.hosting.policy import headers_for
from generator.write.build import build_site
from generator.write.sitedir import listed
from sample import ACME, ALL, NOW, write_project
from tools import tool_missing

REPO = Path(__file__).resolve().parents[1]
WRANGLER = REPO / "node_modules" / ".bin" / "wrangler"
WORKERD = REPO / "node_modules" / "workerd" / "package.json"
HOST_FILES = {"_headers", "_redirects", ".statusgen-s3.json"}


def compatibility_date() -> str:
    """The runtime's own date (workerd 1.YYYYMMDD.N): wrangler refuses a newer one, offline it cannot
    fetch what a newer one would need."""
    version = json.loads(WORKERD.read_text(encoding="utf-8"))["version"].split(".")[1]
    return f"{version[:4]}-{version[4:6]}-{version[6:8]}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def wrangler_serving(folder: Path, tmp_path: Path, ready: str):
    """Base URL of `wrangler pages dev` serving `folder`, once it answers `ready`; stopped afterwards."""
    port = free_port()
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "WRANGLER_SEND_METRICS": "false", "CI": "1", "NO_COLOR": "1"}
    log = (tmp_path / "wrangler.log").open("wb")
    process = subprocess.Popen([str(WRANGLER), "pages", "dev", str(folder), "--ip", "127.0.0.1", "--port", str(port),
                                "--compatibility-date", compatibility_date(), "--log-level", "warn"],
                               cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(base + ready, timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("wrangler pages dev did not start:\n"
                                + (tmp_path / "wrangler.log").read_text(errors="replace")[-3000:])
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(process.pid, 15)  # wrangler and the workerd it started: this test's own process group
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(timeout=5)
        log.close()


def need_wrangler() -> None:
    if not WRANGLER.exists() or not WORKERD.exists():
        tool_missing("wrangler is not installed (npm ci installs it from package.json)")


@pytest.fixture(scope="module")
def wrangler_site(tmp_path_factory):
    """(base URL, site folder): the site built for hosting: cloudflare-pages, served by wrangler pages dev
    (started once for this module's tests: it takes seconds)."""
    need_wrangler()
    tmp_path = tmp_path_factory.mktemp("wrangler")
    project = write_project(tmp_path / "project", ALL, **{**ACME, "options": {"hosting": "cloudflare-pages"}})
    site = build_site(project.mkdocs, now=NOW).site_dir
    with wrangler_serving(site, tmp_path, "/build.json") as base:
        yield base, site


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_wrangler_serves_every_file_with_its_declared_headers_and_the_404_page(wrangler_site):
    base, site = wrangler_site
    files = sorted(path for path in listed(site) if path not in HOST_FILES and path != "404.html")
    kinds = set()
    for path in files:
        status, headers, _body = get(base + served_path(path))
        assert status == 200, path
        declared = headers_for(path)
        for name, value in declared.items():
            # One value, not the host's default joined to ours: the rules never overlap.
            assert headers.get_all(name) == [value], (path, name, headers.get_all(name))
        assert headers.get("ETag"), path  # what lets a client revalidate (304) instead of downloading again
        kinds.add(declared["Cache-Control"])
    assert len(kinds) >= 5  # pages, data, feeds, fingerprinted and fixed-name assets, other

    status, headers, body = get(base + "/no/such/page/")
    assert status == 404
    assert headers.get_content_type() == "text/html"
    assert b"<title>Page not found" in body


def test_banner_data_is_answered_304_to_clients_that_have_it(wrangler_site):
    """A bounded load test: a fixed number of pollers, each with the banner data it fetched before."""
    base, _site = wrangler_site
    url = base + "/embed/banner.json"
    status, headers, body = get(url)
    assert status == 200 and body
    etag = headers["ETag"]
    requests, workers = 120, 6

    def poll(_):
        return get(url, {"If-None-Match": etag})

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        answers = list(pool.map(poll, range(requests)))
    took = time.perf_counter() - started
    assert [status for status, _h, _b in answers] == [304] * requests
    assert all(answer == b"" for _s, _h, answer in answers)  # nothing but headers went back
    # The revalidation keeps the policy, so an edge cache goes on serving it for the next minute.
    assert all(h["Cache-Control"] == headers_for("embed/banner.json")["Cache-Control"] for _s, h, _b in answers)
    print(f"\n{requests} conditional polls of banner.json by {workers} clients: all 304, {took:.2f} s, "
          f"{requests / took:.0f}/s, {len(body)} bytes each saved")

    changed, _h, _b = get(url, {"If-None-Match": '"an-older-version"'})
    assert changed == 200  # a client with an older copy gets the new one


def test_a_site_under_a_sub_path_laid_out_by_the_mirror_workflow_keeps_its_headers_and_404(tmp_path):
    """site_url https://acme.example/status/: the upload mirror.yml lays out (its own step, run as GitHub
    runs it) served by wrangler: every file under /status/ with its headers, the site's 404 page below it."""
    from test_workflow_steps import Runner, step

    need_wrangler()
    runner = Runner(tmp_path / "runner")
    project = write_project(tmp_path / "project", ALL, **{**ACME, "site_url": "https://acme.example/status/",
                                                          "options": {"hosting": "cloudflare-pages"}})
    site = build_site(project.mkdocs, now=NOW, site_dir=runner.work / "site").site_dir
    laid_out = runner.run(step("mirror.yml", "build", name="Lay out the upload"))
    assert laid_out.returncode == 0, laid_out.stderr
    files = sorted(path for path in listed(site) if path not in HOST_FILES and path != "404.html")
    with wrangler_serving(runner.work / "upload", tmp_path, "/status/build.json") as base:
        for path in files:
            status, headers, _body = get(base + served_path(path, "/status/"))
            assert status == 200, path
            for name, value in headers_for(path).items():
                assert headers.get_all(name) == [value], (path, name, headers.get_all(name))
        status, _headers, body = get(base + "/status/no/such/page/")
        assert status == 404 and b"<title>Page not found" in body
