"""`statusgen build` over small sites in tmp_path: the real pipeline, real MkDocs."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.write.build import build_site
from generator.cli import main
from generator.core.diagnostics import Diagnostic, UserError
from links import broken_links
from sample import NOW, NOW_TEXT, Project, incident, maintenance, write_project

REPORT = """
## Summary

A bad deploy broke the API for 53 minutes.

## What we are changing

- Canary every deploy.
"""


def sample(tmp_path, **kwargs):
    incidents = {
        "2026-03-04-api-errors.md": incident(report=REPORT),
        "2026-03-10-slow-web.md": incident(
            title="Slow website", severity="P3", components={"web": "degraded_performance", "api": "partial_outage"},
            started="2026-03-10T10:00:00Z",
            updates=[("2026-03-10T10:05:00Z", "investigating", "FIRST-UPDATE: we are looking."),
                     ("2026-03-10T10:45:00Z", "identified", "SECOND-UPDATE: found it.")]),
        "2026-03-12-db.md": maintenance(),
        "2026-02-20-old.md": incident(title="Old incident", severity="P4", started="2026-02-20T08:00:00Z",
                                      updates=[("2026-02-20T08:10:00Z", "investigating", "Looking."),
                                               ("2026-02-20T09:00:00Z", "resolved", "Fine.")]),
    }
    incidents.update(kwargs.pop("incidents", {}))
    return write_project(tmp_path, incidents, site_name="Example Status", **kwargs).mkdocs


def build(config: Path, **kwargs):
    kwargs.setdefault("now", NOW)
    return build_site(config, **kwargs)


def html_files(site: Path):
    return sorted(p for p in site.rglob("*.html"))


def test_pages_exist_at_their_stable_urls(tmp_path):
    config = sample(tmp_path)
    result = build(config)
    site = tmp_path / "site"
    assert result.site_dir == site
    for page in ["index.html", "history/index.html", "postmortems/index.html",
                 "incidents/2026-03-04-api-errors/index.html", "incidents/2026-03-10-slow-web/index.html",
                 "incidents/2026-03-12-db/index.html", "incidents/2026-02-20-old/index.html",
                 "components/api/index.html", "components/web/index.html", "components/webhooks/index.html",
                 "components/exports/index.html", "assets/statusgen/statusgen.css", "assets/statusgen/statusgen.js"]:
        assert (site / page).is_file(), page
    # No leftovers from the swap next to the site.
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_status_page_content(tmp_path):
    build(sample(tmp_path))
    page = (tmp_path / "site" / "index.html").read_text()
    assert "Partial System Outage" in page  # the worst component is a partial outage
    assert "Slow website" in page
    # The open incident is a compact card with its latest update; its timeline, newest first, is on its page.
    assert "SECOND-UPDATE" in page and "FIRST-UPDATE" not in page
    own = (tmp_path / "site" / "incidents" / "2026-03-10-slow-web" / "index.html").read_text()
    assert own.index("SECOND-UPDATE") < own.index("FIRST-UPDATE")
    assert "Upcoming maintenance" in page and "Database upgrade" in page
    # Resolved incidents are not among the active ones (they are listed by day further down).
    active = page[page.index('id="sg-active"'):]
    active = active[:active.index("</section>")]
    assert "Slow website" in active
    assert "Old incident" not in active and "Elevated API errors" not in active
    # Build time stated, short, in the site's zone (UTC here: nothing beside it), with a machine-readable
    # datetime for the script.
    assert ('Last updated <time class="sg-time" datetime="2026-03-10T12:00:00Z"><span class="sg-when">'
            '10\u00a0Mar,\u00a012:00\u00a0UTC</span></time>') in page
    # Relative times are the script's to write from the reader's clock: the HTML as built carries
    # the moment, hidden and empty, so without JavaScript nothing says "2 h ago" or "just now" forever.
    assert '<span class="sg-rel" hidden> · <span class="sg-ago" data-ago="2026-03-10T10:00:00Z"></span></span>' in page
    for built_page in (tmp_path / "site").rglob("*.html"):
        text = built_page.read_text()
        assert not re.search(r"just now|\d (min|h|d) ago", text), built_page
    # Uptime is explained with the configured weights.
    assert "partial outage counts 30&nbsp;% as downtime" in page
    assert page.count('class="sg-bar"') == 3  # exports is operational and hidden
    assert "Data exports" not in page


def test_only_show_if_degraded_component_appears_when_degraded(tmp_path):
    extra = {"2026-03-10-exports.md": incident(title="Exports late", severity="P4", components={"exports": "degraded_performance"},
                                               started="2026-03-10T11:00:00Z",
                                               updates=[("2026-03-10T11:05:00Z", "investigating", "Late.")])}
    build(sample(tmp_path, incidents=extra))
    page = (tmp_path / "site" / "index.html").read_text()
    assert "Data exports" in page
    assert page.count('class="sg-bar"') == 4


def test_incident_page_shows_facts_timeline_and_report(tmp_path):
    build(sample(tmp_path))
    page = (tmp_path / "site" / "incidents" / "2026-03-04-api-errors" / "index.html").read_text()
    assert "<h1>Elevated API errors</h1>" in page
    assert "P2 · High" in page or "P2 · " in page
    assert "Partial outage" in page and "Public API" in page
    assert "4\u00a0Mar,\u00a009:05\u00a0UTC" in page  # started
    assert "4\u00a0Mar,\u00a010:05\u00a0UTC" in page  # resolved
    assert "1 h" in page  # duration 1 h 00 min
    assert page.index("Error rates are back to normal") < page.index("We are investigating elevated")
    assert 'id="post-incident-report"' in page and "What we are changing" in page
    assert "<title>Elevated API errors - Example Status</title>" in page
    maint = (tmp_path / "site" / "incidents" / "2026-03-12-db" / "index.html").read_text()
    assert "Planned maintenance" in maint and "12\u00a0Mar,\u00a002:00\u2013\u206004:00\u00a0UTC" in maint  # one day: said once


def test_every_page_advertises_the_feeds(tmp_path):
    build(sample(tmp_path))
    site = tmp_path / "site"
    pages = [p for p in html_files(site) if "embed" not in p.parts]
    assert len(pages) > 10
    for page in pages:
        text = page.read_text()
        assert re.search(r'<link rel="alternate" type="application/rss\+xml" href="[./]*history\.rss"', text), page
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" href="[./]*history\.atom"', text), page
    component = (site / "components" / "api" / "index.html").read_text()
    assert 'href="../../components/api/history.rss"' in component
    assert 'href="../../components/api/history.atom"' in component


def test_drafts_and_internal_notes_never_reach_any_output(tmp_path):
    extra = {
        "2026-03-09-draft.md": incident(title="DRAFT-TITLE-7f3a", draft=True, started="2026-03-09T08:00:00Z",
                                        updates=[("2026-03-09T08:05:00Z", "investigating", "DRAFT-BODY-7f3a")]),
        "2026-03-08-noted.md": incident(title="Published one", started="2026-03-08T08:00:00Z",
                                        internal={"slack": "INTERNAL-NOTE-9c1e", "ticket": "OPS-INTERNAL-42"},
                                        updates=[("2026-03-08T08:05:00Z", "investigating", "Public text."),
                                                 ("2026-03-08T09:00:00Z", "resolved", "Done.")]),
    }
    build(sample(tmp_path, incidents=extra))
    site = tmp_path / "site"
    assert not (site / "incidents" / "2026-03-09-draft").exists()
    assert (site / "incidents" / "2026-03-08-noted" / "index.html").is_file()
    checked = 0
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (b"DRAFT-TITLE-7f3a", b"DRAFT-BODY-7f3a", b"2026-03-09-draft", b"INTERNAL-NOTE-9c1e",
                           b"OPS-INTERNAL-42"):
                assert secret not in data, (path, secret)
            checked += 1
    assert checked > 20


def test_untrusted_markup_is_escaped_or_sanitised(tmp_path):
    evil = incident(title='Outage <script>alert("title")</script>', started="2026-03-10T11:00:00Z",
                    updates=[("2026-03-10T11:05:00Z", "investigating",
                              'Hi <script>alert("msg")</script> <img src="x" onerror="alert(1)"> '
                              '[click](javascript:alert(2)) <a href="https://ok.example/" onclick="alert(3)">ok</a>')],
                    report='<script>alert("report")</script>\n\n<iframe src="https://evil.example/"></iframe>\n')
    build(sample(tmp_path, incidents={"2026-03-10-evil.md": evil}))
    site = tmp_path / "site"
    pages = html_files(site)
    for page in pages:
        text = page.read_text().lower()
        for bad in ("<script>alert", "onerror=", "onclick=", "javascript:alert", "<iframe"):
            assert bad not in text, (page, bad)
    status = (site / "index.html").read_text()
    assert "Outage &lt;script&gt;alert(" in status
    incident_page = (site / "incidents" / "2026-03-10-evil" / "index.html").read_text()
    assert "<title>Outage &lt;script&gt;" in incident_page
    assert 'href="https://ok.example/"' in incident_page


def test_history_and_component_pages_are_paginated(tmp_path):
    many = {}
    for n in range(1, 9):
        many[f"2026-01-{n:02d}-item.md"] = incident(
            title=f"Item {n}", severity="P3", started=f"2026-01-{n:02d}T08:00:00Z",
            updates=[(f"2026-01-{n:02d}T08:05:00Z", "investigating", "x"), (f"2026-01-{n:02d}T09:00:00Z", "resolved", "y")])
    config = write_project(tmp_path, many, options={"history_per_page": 3}).mkdocs
    build(config)
    site = tmp_path / "site"
    pages = [site / "history" / "index.html", site / "history" / "page" / "2" / "index.html",
             site / "history" / "page" / "3" / "index.html"]
    assert all(p.is_file() for p in pages)
    assert not (site / "history" / "page" / "4").exists()
    seen = []
    for page in pages:
        text = page.read_text()
        items = re.findall(r'class="sg-list__title" href="\.\./(?:\.\./\.\./)?incidents/([^/]+)/"', text)
        assert 1 <= len(items) <= 3
        seen += items
    # Every incident exactly once, newest first.
    assert seen == [f"2026-01-{n:02d}-item" for n in range(8, 0, -1)]
    first = pages[0].read_text()
    assert 'rel="next" href="../history/page/2/"' in first
    assert "January 2026" in first
    # All 8 incidents touch api: its component page is paginated the same way.
    assert (site / "components" / "api" / "page" / "3" / "index.html").is_file()
    assert not (site / "components" / "api" / "page" / "4").exists()


def test_site_under_a_sub_path_has_no_broken_internal_link(tmp_path):
    config = sample(tmp_path, site_url="https://example.com/status/", pages={"about.md": "# About\n\n[Status](index.md)\n"})
    build(config)
    broken, checked = broken_links(tmp_path / "site", "/status/")
    assert broken == []
    assert checked > 200


def test_failed_build_exits_1_with_diagnostics_and_keeps_the_previous_site(tmp_path):
    config = sample(tmp_path)
    build(config)
    site = tmp_path / "site"
    (site / "marker.txt").write_text("previous build")
    before = (site / "index.html").read_bytes()
    bad = tmp_path / "incidents" / "2026-03-11-broken.md"
    bad.write_text("---\ntitle: Broken\nseverity: P9\ncomponents:\n  api: partial_outage\nstarted: 2026-03-11T08:00:00Z\n"
                   "updates:\n  - at: 2026-03-11T08:05:00Z\n    status: investigating\n    message: x\n---\n")
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "-f", str(config), "--now", NOW_TEXT],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert re.search(r"^incidents/2026-03-11-broken\.md:3: .*P9", proc.stderr, re.M), proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert (site / "marker.txt").read_text() == "previous build"
    assert (site / "index.html").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_validate_and_build_print_the_same_diagnostics(tmp_path):
    config = sample(tmp_path, incidents={"2026-03-11-broken.md": "---\ntitle: Broken\nseverity: P9\n---\n"})
    runner = CliRunner()
    validate = runner.invoke(main, ["validate", "-f", str(config), "--now", NOW_TEXT])
    built = runner.invoke(main, ["build", "-f", str(config), "--now", NOW_TEXT])
    assert validate.exit_code == built.exit_code == 1
    lines = [line for line in validate.output.splitlines() if line.startswith("incidents/")]
    assert lines
    for line in lines:
        assert line in built.output
    assert not (tmp_path / "site").exists()


def test_build_options_site_dir_and_strict(tmp_path):
    config = sample(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["build", "-f", str(config), "--site-dir", str(tmp_path / "public"), "--now", NOW_TEXT])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "public" / "index.html").is_file()
    # The open P3 incident is overdue for an update at this time: a warning, an error under --strict.
    late = "2026-03-10T18:00:00Z"
    ok = runner.invoke(main, ["build", "-f", str(config), "--now", late])
    assert ok.exit_code == 0 and "warning:" in ok.output
    strict = runner.invoke(main, ["build", "-f", str(config), "--now", late, "--strict"])
    assert strict.exit_code == 1
    assert "incidents/2026-03-10-slow-web.md:" in strict.output


def test_build_help_shows_an_example():
    runner = CliRunner()
    for command in ("build", "serve"):
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output and f"statusgen {command}" in result.output


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    config = sample(tmp_path)
    build(config, site_dir=tmp_path / "a")
    build(config, site_dir=tmp_path / "b")
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert a.keys() == b.keys()
    assert "sitemap.xml.gz" in a
    for name in a:
        assert a[name] == b[name], name


def test_what_a_build_keeps_to_reuse_changes_no_byte(tmp_path, monkeypatch):
    """The build's speed-ups (issue #24) reuse what it computed: the same site as computing it every time."""
    from urllib.parse import urljoin

    from generator.core import urls
    from markupsafe import Markup

    import jinja2

    from generator.render.component_bar import BAR_TEMPLATE
    from generator.render.list_entries import MACROS, ListEntries
    from generator.render.shared_macros import SharedMacros
    from generator.render.renderer import Renderer, fmt_time

    # Three to a list page: the components' pages are at two depths, their bars list several days.
    config = sample(tmp_path, options={"history_per_page": 3}, incidents={
        f"2026-03-0{d}-more-{d}.md": incident(title=f"More {d}", severity="P3", components={"api": "major_outage"},
                                             started=f"2026-03-0{d}T08:00:00Z",
                                             updates=[(f"2026-03-0{d}T08:05:00Z", "investigating", "Looking."),
                                                      (f"2026-03-0{d}T09:00:00Z", "resolved", "Fine.")])
        for d in range(1, 8)})
    build(config, site_dir=tmp_path / "kept")
    bars = []

    def bar_every_time(self, ctx, spec):
        bars.append(spec.path)
        return Markup(self.env.from_string(BAR_TEMPLATE).render(ctx))

    monkeypatch.setattr(Renderer, "render_bar", bar_every_time)
    entries = []

    @jinja2.pass_context
    def entry_every_time(self, ctx, item):  # the entry's macro in each page's own context, at its own depth
        entries.append(ctx["url"].root)
        return Markup(self.env.get_template(MACROS).make_module(ctx.get_all(), True).history_entry(item))

    monkeypatch.setattr(ListEntries, "html", entry_every_time)
    monkeypatch.setattr(SharedMacros, "module", lambda self, ctx: None)  # each page imports the macros itself
    monkeypatch.setattr(Renderer, "time", lambda self, moment: fmt_time(moment, self.zone, self.this_year))
    monkeypatch.setattr(Renderer, "summary", lambda self, item: self._summary(item))
    monkeypatch.setattr(Renderer, "list_item", lambda self, item: dict(self._summary(item),
                                                                        duration_text=self.duration(item)))
    monkeypatch.setattr(urls, "absolute", lambda site_url, path: urljoin(
        site_url if site_url.endswith("/") else site_url + "/", path))
    build(config, site_dir=tmp_path / "every-time")
    assert len([p for p in bars if p.startswith("components/api/")]) >= 3
    assert {"../", "../../", "../../../", "../../../../"} <= set(entries)  # history/, components/api/page/2/...
    kept, every_time = _tree(tmp_path / "kept"), _tree(tmp_path / "every-time")
    assert kept.keys() == every_time.keys()
    assert "components/api/page/2/index.html" in kept and "maintenance.ics" in kept
    for name in kept:
        assert kept[name] == every_time[name], name


def test_source_date_epoch_builds_are_byte_identical_across_processes(tmp_path):
    config = sample(tmp_path)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(int(NOW.timestamp())))
    for name, seed in (("a", "1"), ("b", "2")):
        # Different hash seeds: no output may depend on set or dict ordering.
        proc = subprocess.run([sys.executable, "-m", "generator", "build", "-f", str(config), "--site-dir",
                               str(tmp_path / name)], capture_output=True, text=True,
                              env=dict(env, PYTHONHASHSEED=seed), cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert a == b
    assert b"2026-03-10" in a["sitemap.xml"]


def test_background_message_conversion_gives_the_same_site(tmp_path, monkeypatch):
    from generator.core import both_ends
    from generator.render import messages

    config = sample(tmp_path)
    build(config, site_dir=tmp_path / "a")
    monkeypatch.setattr(messages, "MIN_INCIDENTS", 0)
    monkeypatch.setattr(both_ends, "can_fork", lambda: True)  # whatever threads other tests left running
    started = []
    original = messages.Messages.in_background.__func__

    def spy(cls, incidents):
        result = original(cls, incidents)
        started.append(result.running)
        return result
    monkeypatch.setattr(messages.Messages, "in_background", classmethod(spy))
    build(config, site_dir=tmp_path / "b")
    assert started == [True]
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def _render_ahead_always(monkeypatch, fail_last: bool = False) -> tuple[list[int], list]:
    """Page bodies rendered ahead whatever the site's size and other tests' threads; this process waits for
    the helper's first results before its first page, so some pages are surely the helper's. Returns the
    indexes of the pages whose body came from the helper, and the helpers started. `fail_last`: the last
    page's body fails to render (the first one the helper renders), here and in the helper."""
    from generator.core import both_ends
    from generator.render.renderer import Renderer
    from generator.write import generated_page

    monkeypatch.setattr(generated_page, "AHEAD_MINIMUM", 0)
    monkeypatch.setattr(both_ends, "can_fork", lambda: True)
    monkeypatch.setattr(both_ends, "CHUNK", 2)
    original_take, original_start, theirs, started = both_ends.FromTheBack.take, both_ends.FromTheBack.start, [], []
    failing = []

    def start(function, items, minimum=both_ends.MINIMUM):
        if function is not generated_page.body_of:  # reading the files, converting messages: as they are
            return original_start(function, items, minimum)
        failing.extend(page.spec.path for page in items[-1:] if fail_last)
        ahead = original_start(function, items, minimum)
        ahead.began = ahead.running  # a helper was forked
        started.append(ahead)
        return ahead

    def take(self, index):
        if index == 0 and self._receive is not None:
            assert self._receive.poll(60), "the helper sent nothing in a minute"
        found = original_take(self, index)
        if found is not None:
            theirs.append(index)
        return found

    original_render = Renderer.render

    def render(self, spec):
        if spec.path in failing:
            raise UserError([Diagnostic("overrides/statusgen/incident.html", 3, "'dict object' has no attribute 'nope'")])
        return original_render(self, spec)
    monkeypatch.setattr(both_ends.FromTheBack, "start", staticmethod(start))
    monkeypatch.setattr(both_ends.FromTheBack, "take", take)
    monkeypatch.setattr(Renderer, "render", render)
    return theirs, started


def test_page_bodies_rendered_ahead_give_the_same_site(tmp_path, monkeypatch):
    import multiprocessing

    config = sample(tmp_path)
    build(config, site_dir=tmp_path / "here")
    theirs, started = _render_ahead_always(monkeypatch)
    build(config, site_dir=tmp_path / "ahead")
    assert [(a.began, a.running) for a in started] == [(True, False)]  # forked, and stopped by the build's end
    assert theirs and theirs == sorted(theirs) and theirs[-1] > 0  # the last pages, from the helper
    assert multiprocessing.active_children() == []
    here, ahead = _tree(tmp_path / "here"), _tree(tmp_path / "ahead")
    assert here.keys() == ahead.keys()
    for name in here:
        assert here[name] == ahead[name], name


def test_a_page_that_fails_in_the_helper_fails_the_build_as_it_would_here(tmp_path, monkeypatch):
    """The helper renders the last page first and it fails there: this process renders it again when it gets
    there, and the build stops with its message, with no process left behind and no site written."""
    import multiprocessing

    config = sample(tmp_path)
    theirs, started = _render_ahead_always(monkeypatch, fail_last=True)
    with pytest.raises(UserError) as failed:
        build(config, site_dir=tmp_path / "site")
    message = "\n".join(d.format() for d in failed.value.diagnostics)
    assert "overrides/statusgen/incident.html:3" in message and "has no attribute 'nope'" in message, message
    [ahead] = started
    assert ahead.began and ahead.failed and max(ahead.failed) not in theirs  # it failed in the helper, then here
    assert theirs  # the pages before it came from the helper
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "site").exists()


def test_a_projects_own_page_templates_render_every_body_here(tmp_path, monkeypatch):
    """What a build reuses is made in the context of the first page that asks for it; a project's template
    that reads that context must come out the same in every build, wherever two processes would meet."""
    config = sample(tmp_path)
    (Project(tmp_path).template_overrides() / "incident.html").write_text("<h1>{{ i.title }}</h1>\n")
    theirs, started = _render_ahead_always(monkeypatch)
    build(config, site_dir=tmp_path / "site")
    assert [a.began for a in started] == [False] and theirs == []


def test_a_projects_own_macros_file_reads_each_pages_own_context(tmp_path):
    """The shipped pages use the macros made once per depth (render.shared_macros) only when the project
    keeps the shipped partials/macros.html: a project's own may read anything of the page it is on."""
    from generator.render.renderer import builtin_templates_dir

    config = sample(tmp_path)
    folder = Project(tmp_path).template_overrides()
    shipped = (builtin_templates_dir() / "partials" / "macros.html").read_text()
    (folder / "partials").mkdir()
    (folder / "partials" / "macros.html").write_text(shipped.replace(
        '{% macro built() -%}', '{% macro built() -%}<p class="own">at {{ spec.path if spec is defined else "" }}</p>', 1))
    build(config, site_dir=tmp_path / "site")
    pages = {path: (tmp_path / "site" / path / "index.html").read_text() for path in ("history", "components/api")}
    pages.update((p.parent.relative_to(tmp_path / "site").as_posix(), p.read_text())
                 for p in (tmp_path / "site" / "incidents").glob("*/index.html"))
    assert len(pages) >= 4
    for path, html in pages.items():
        assert re.search(rf'<p class="own">at {re.escape(path)}/</p>', html), path


def test_broken_template_override_fails_the_build_with_its_path(tmp_path):
    config = sample(tmp_path)
    folder = Project(tmp_path).template_overrides()
    runner = CliRunner()
    (folder / "history.html").write_text("<h1>x</h1>\n{% for %}\n")
    result = runner.invoke(main, ["build", "-f", str(config), "--now", NOW_TEXT])
    assert result.exit_code == 1
    assert "overrides/statusgen/history.html:2: template error" in result.output
    (folder / "history.html").write_text("{{ no_such_thing.x }}\n")
    result = runner.invoke(main, ["build", "-f", str(config), "--now", NOW_TEXT])
    assert result.exit_code == 1
    assert re.search(r"^overrides/statusgen/history\.html:1: template error: 'no_such_thing' is undefined; the page "
                     r"/history/ can use the variables the shipped history\.html uses$", result.output, re.M), result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("where", [".", "site_src", "incidents", "site_src/out"])
def test_build_refuses_to_replace_the_projects_own_folders(tmp_path, where):
    config = sample(tmp_path)
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--site-dir", str(tmp_path / where), "--now",
                                       NOW_TEXT])
    assert result.exit_code == 1
    assert "choose another site_dir or --site-dir" in result.output
    assert (tmp_path / "mkdocs.yml").is_file() and (tmp_path / "incidents" / "2026-03-04-api-errors.md").is_file()
    assert "Traceback" not in result.output


def test_hostile_site_name_is_escaped_on_every_page(tmp_path):
    config = sample(tmp_path)
    text = config.read_text()
    config.write_text(re.sub(r"^site_name: .*$", "site_name: 'Acme <img src=x onerror=alert(1)> \"q\" & Co'", text,
                             flags=re.M))
    build(config)
    site = tmp_path / "site"
    for page in html_files(site):
        content = page.read_text()
        assert "<img src=x" not in content, page
    home = (site / "index.html").read_text()
    # The home page's title carries the overall status after the name.
    assert re.search(r"<title>Acme &lt;img src=x onerror=alert\(1\)&gt; &(#34|quot);q&(#34|quot); &amp; Co: [A-Za-z ]+</title>",
                     home)
    assert "&amp;amp;" not in home  # escaped once, not twice


@pytest.mark.parametrize("args, env, shown", [
    (["--now", "2107-01-01T00:00:00Z"], {}, "--now 2107-01-01T00:00:00Z is out of range"),
    (["--now", "1980-01-01T05:00:00+14:00"], {}, "--now 1979-12-31T15:00:00Z is out of range"),
    ([], {"SOURCE_DATE_EPOCH": "-5"}, "SOURCE_DATE_EPOCH='-5' (1969-12-31T23:59:55Z) is out of range"),
    ([], {"SOURCE_DATE_EPOCH": "4323283200"}, "SOURCE_DATE_EPOCH='4323283200' (2107-01-01T00:00:00Z) is out of range"),
])
def test_build_time_out_of_range_is_a_message(tmp_path, args, env, shown):
    config = sample(tmp_path)
    result = CliRunner().invoke(main, ["build", "-f", str(config), *args], env=env)
    assert result.exit_code == 1
    assert f"statusgen build: {shown}; a build's time must fall between 1980-01-02T00:00:00Z and " \
           "2099-12-31T23:59:59Z" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "site").exists()
