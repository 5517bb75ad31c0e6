"""generator.render as a plain library: no MkDocs involved."""
from __future__ import annotations

from generator.core import urls
from generator.render import Renderer, plan_pages
from generator.render.clock import MONTHS
from generator.render.renderer import Linker
from sample import incident, load_state, maintenance, write_project


def many(n: int, component: str = "api") -> dict[str, str]:
    out = {}
    for k in range(n):
        day = 1 + k % 28
        month = 1 + k // 28
        out[f"2025-{month:02d}-{day:02d}-n{k}.md"] = incident(
            title=f"Incident {k}", severity="P3", components={component: "partial_outage"},
            started=f"2025-{month:02d}-{day:02d}T08:00:00Z",
            updates=[(f"2025-{month:02d}-{day:02d}T08:05:00Z", "investigating", "x"),
                     (f"2025-{month:02d}-{day:02d}T09:00:00Z", "resolved", "y")],
            report="## Why\n\nBecause." if k % 10 == 0 else "")
    return out


def test_plan_lists_every_page_at_its_stable_url(tmp_path):
    state = load_state(write_project(tmp_path, {"2026-03-04-api.md": incident(report="## Summary\n\nx"),
                                               "2026-03-12-db.md": maintenance()}))
    paths = [p.path for p in plan_pages(state)]
    assert paths[0] == urls.STATUS
    for path in ("history/", "postmortems/", "incidents/2026-03-04-api/", "incidents/2026-03-12-db/",
                 "components/api/", "components/web/", "components/webhooks/", "components/exports/"):
        assert path in paths
    assert len(paths) == len(set(paths))
    sources = {p.path: p.src_uri for p in plan_pages(state)}
    assert sources[""] == "index.md" and sources["history/"] == "history.md"
    assert sources["incidents/2026-03-04-api/"] == "incidents/2026-03-04-api.md"


def test_every_list_page_gets_a_bounded_slice(tmp_path):
    state = load_state(write_project(tmp_path, many(95), options={"history_per_page": 10}))
    pages = plan_pages(state)
    history = [p for p in pages if p.kind == "history"]
    assert [p.path for p in history[:3]] == ["history/", "history/page/2/", "history/page/3/"]
    assert len(history) == 10
    assert all(len(p.args["items"]) <= 10 for p in pages if "items" in p.args)
    assert sum(len(p.args["items"]) for p in history) == 95
    assert len([p for p in pages if p.kind == "postmortems"]) == 1  # 10 reports
    assert len([p for p in pages if p.kind == "component" and p.args["component"].id == "api"]) == 10
    assert len([p for p in pages if p.kind == "component" and p.args["component"].id == "web"]) == 1


def test_links_are_relative_to_the_page():
    assert Linker("")("history/") == "history/"
    assert Linker("")("") == "./"
    assert Linker("incidents/x/")("") == "../../"
    assert Linker("history/page/2/")("history/page/3/") == "../../../history/page/3/"
    assert Linker("incidents/x/")("history.rss") == "../../history.rss"
    # Without directory URLs, pages are .html files.
    assert Linker("incidents/x/", directory_urls=False)("history/") == "../history.html"
    assert Linker("", directory_urls=False)("") == "index.html"


def test_status_page_hides_only_show_if_degraded_components_while_operational(tmp_path):
    state = load_state(write_project(tmp_path, {"2026-03-04-api.md": incident()}))
    renderer = Renderer(state)
    html = renderer.render(plan_pages(state)[0])
    assert "Data exports" not in html and "Public API" in html and "Webhooks" in html
    assert "All Systems Operational" in html


def test_history_groups_by_month_in_the_configured_time_zone(tmp_path):
    # 23:30 UTC on Jan 31 is already February in Tokyo.
    item = incident(title="Late night", started="2026-01-31T23:30:00Z",
                    updates=[("2026-01-31T23:35:00Z", "investigating", "x"), ("2026-02-01T00:30:00Z", "resolved", "y")])
    for zone, month in (("UTC", "January 2026"), ("Asia/Tokyo", "February 2026")):
        folder = tmp_path / zone.replace("/", "-")
        state = load_state(write_project(folder, {"2026-01-31-late.md": item}, options={"time_zone": zone}))
        history = next(p for p in plan_pages(state) if p.kind == "history")
        assert f"<h2>{month}</h2>" in Renderer(state).render(history)


def test_user_templates_override_the_built_in_ones(tmp_path):
    state = load_state(write_project(tmp_path, {"2026-03-04-api.md": incident()}))
    custom = tmp_path / "custom"
    custom.mkdir()
    (custom / "status.html").write_text("<p>Custom: {{ description }}</p>\n")
    pages = plan_pages(state)
    renderer = Renderer(state, (custom,))
    assert renderer.render(pages[0]).strip() == "<p>Custom: All Systems Operational</p>"
    # Templates that are not overridden still render from the package.
    assert "Incident history" in renderer.render(pages[1])


def test_messages_converted_in_a_second_process_match_on_demand(tmp_path, monkeypatch):
    from generator.core import both_ends
    from generator.render.markdown_html import render_message
    from generator.render import messages as module

    monkeypatch.setattr(module, "MIN_INCIDENTS", 0)
    monkeypatch.setattr(both_ends, "can_fork", lambda: True)  # whatever threads other tests left running
    monkeypatch.setattr(both_ends, "CHUNK", 3)
    state = load_state(write_project(tmp_path, many(12)))
    background = module.Messages.in_background(state.incidents)
    assert background.running  # really converting elsewhere
    try:
        assert background._ahead._receive.poll(60)  # a chunk arrived from the helper
        newest = max(state.incidents, key=lambda i: i.id)
        assert background._ahead.take(background._index[newest.id]) is not None  # the helper's
        for item in sorted(state.incidents, key=lambda i: i.id):
            assert background.html(item) == tuple(render_message(u.message) for u in item.updates)
    finally:
        background.close()
    assert not background.running


def test_messages_fall_back_to_converting_here_when_the_helper_is_gone(tmp_path, monkeypatch):
    from generator.render.markdown_html import render_message
    from generator.render import messages as module

    monkeypatch.setattr(module, "MIN_INCIDENTS", 0)
    state = load_state(write_project(tmp_path, many(5)))
    background = module.Messages.in_background(state.incidents)
    background.close()  # as if it had died
    for item in state.incidents:
        assert background.html(item) == tuple(render_message(u.message) for u in item.updates)


def test_status_page_lists_past_incidents_day_by_day_for_fifteen_days(tmp_path):
    def resolved(title, day):
        return incident(title=title, started=f"2026-{day}T08:00:00Z",
                        updates=[(f"2026-{day}T08:05:00Z", "investigating", "x"),
                                 (f"2026-{day}T09:00:00Z", "resolved", "y")])
    files = {"2026-03-09-recent.md": resolved("Fixed yesterday", "03-09"),
             "2026-02-24-edge.md": resolved("Fixed fifteen days ago", "02-24"),
             "2026-02-23-old.md": resolved("Fixed sixteen days ago", "02-23")}
    state = load_state(write_project(tmp_path, files))  # now: 2026-03-10 12:00
    html = Renderer(state).render(plan_pages(state)[0])
    past = html[html.index('id="sg-past"'):]
    past = past[:past.index("</section>")]
    assert past.count('class="sg-pastday"') == 15
    assert past.index("10\xa0Mar\xa02026") < past.index("9\xa0Mar\xa02026") < past.index("24\xa0Feb\xa02026")
    assert "23\xa0Feb\xa02026" not in past and "Fixed sixteen days ago" not in past
    assert "Fixed yesterday" in past and "Fixed fifteen days ago" in past and " · Duration: 1 h<" in past
    assert past.count("No incidents reported.") == 13


def test_maintenance_past_its_window_shows_when_it_ended(tmp_path):
    # No "completed" update was posted: the window's end is when it ended.
    done = maintenance(start="2026-03-08T02:00:00Z", end="2026-03-08T04:00:00Z")
    upcoming = maintenance(title="Later work", start="2026-03-12T02:00:00Z", end="2026-03-12T03:30:00Z")
    state = load_state(write_project(tmp_path, {"2026-03-08-db.md": done, "2026-03-12-later.md": upcoming}))
    pages = {p.path: p for p in plan_pages(state)}
    renderer = Renderer(state)
    html = renderer.render(pages["incidents/2026-03-08-db/"])
    assert "Completed" in html
    assert "<dt>Ended</dt><dd>" + '<time class="sg-time" datetime="2026-03-08T04:00:00Z">' in html
    assert "<dt>Duration</dt><dd>2 h</dd>" in html
    later = renderer.render(pages["incidents/2026-03-12-later/"])
    assert "Planned for 1 h 30 min" in later


def _t(iso: str) -> str:
    day = f"{int(iso[8:10])}\u00a0{MONTHS[int(iso[5:7]) - 1]}"
    return f'<time class="sg-time" datetime="{iso}"><span class="sg-when">{day},\u00a0{iso[11:16]}\u00a0UTC</span></time>'


def _end_fact(html: str) -> str:
    """The end row of an incident page's facts ("" when it has none)."""
    facts = html[html.index('<dl class="sg-facts">'):html.index("</dl>")]
    # The rows shown without JavaScript (an open maintenance also carries hidden ones for later phases).
    rows = [row.split(">", 1)[1] for row in facts.split("<div")[1:] if " hidden>" not in row.split("<dt>")[0]]
    rows = [row for row in rows if row.startswith(("<dt>End", "<dt>Cancelled", "<dt>Resolved"))]
    assert len(rows) <= 1, rows
    return rows[0].split("</div>")[0] if rows else ""


def test_maintenance_end_row_is_true_in_every_state(tmp_path):
    # NOW is 2026-03-10 12:00 UTC. Each file is one state a maintenance can be in.
    plan = ("2026-03-01T10:00:00Z", "scheduled", "We will upgrade.")
    files = {
        "2026-03-12-upcoming.md": maintenance(start="2026-03-12T02:00:00Z", end="2026-03-12T04:00:00Z"),
        "2026-03-10-running.md": maintenance(start="2026-03-10T11:00:00Z", end="2026-03-10T13:00:00Z"),
        "2026-03-08-done.md": maintenance(start="2026-03-08T02:00:00Z", end="2026-03-08T04:00:00Z", updates=[
            plan, ("2026-03-08T02:00:00Z", "in_progress", "Started."),
            ("2026-03-08T03:10:00Z", "completed", "Done early.")]),
        "2026-03-07-overran.md": maintenance(start="2026-03-07T02:00:00Z", end="2026-03-07T04:00:00Z", updates=[
            plan, ("2026-03-07T02:00:00Z", "in_progress", "Started."),
            ("2026-03-07T04:40:00Z", "completed", "Done, late.")]),
        "2026-03-06-called-off.md": maintenance(start="2026-03-09T02:00:00Z", end="2026-03-09T04:00:00Z", updates=[
            plan, ("2026-03-06T09:00:00Z", "cancelled", "Not needed.")]),
        "2026-03-04-stopped.md": maintenance(start="2026-03-04T02:00:00Z", end="2026-03-04T04:00:00Z", updates=[
            plan, ("2026-03-04T02:00:00Z", "in_progress", "Started."),
            ("2026-03-04T02:30:00Z", "cancelled", "Rolled back.")]),
    }
    state = load_state(write_project(tmp_path, files))
    pages = {p.path: p for p in plan_pages(state)}
    renderer = Renderer(state)

    def end_row(name: str) -> str:
        html = renderer.render(pages[f"incidents/{name}/"])
        assert "Not started" not in html and "Not yet" not in html
        return _end_fact(html)

    assert end_row("2026-03-12-upcoming") == ""  # the window says when it is planned; nothing has ended
    assert end_row("2026-03-10-running") == f"<dt>Ends</dt><dd>Planned for {_t('2026-03-10T13:00:00Z')}</dd>"
    assert end_row("2026-03-08-done") == f"<dt>Ended</dt><dd>{_t('2026-03-08T03:10:00Z')}</dd>"
    # Past its window the window's end counts (state.py); the late completion is said, not hidden.
    assert end_row("2026-03-07-overran") == (f"<dt>Ended</dt><dd>{_t('2026-03-07T04:00:00Z')}, the end of its "
                                             f"window (marked completed {_t('2026-03-07T04:40:00Z')})</dd>")
    assert end_row("2026-03-06-called-off") == (f"<dt>Cancelled</dt><dd>{_t('2026-03-06T09:00:00Z')}, "
                                                "before it began</dd>")
    assert end_row("2026-03-04-stopped") == (f"<dt>Ended</dt><dd>{_t('2026-03-04T02:30:00Z')}, "
                                             "cancelled partway</dd>")


def test_status_page_links_the_configured_contact(tmp_path):
    state = load_state(write_project(tmp_path / "a", {}, options={"contact": "support@acme.example"}))
    html = Renderer(state).render(plan_pages(state)[0])
    assert '<a href="mailto:support@acme.example">Contact us</a>' in html
    plain = load_state(write_project(tmp_path / "b", {}))
    assert "Contact us" not in Renderer(plain).render(plan_pages(plain)[0])


def test_a_components_uptime_bar_is_rendered_once_per_link_depth_as_each_page_would_print_it(tmp_path):
    # Ten incidents within the bar's 90 days, three to a list page: the component's pages are at two
    # depths (components/api/ and components/api/page/N/), and its bar lists ten days with links.
    recent = {f"2026-02-{10 + k:02d}-r{k}.md": incident(
        title=f"Recent {k}", severity="P3", components={"api": "partial_outage"}, started=f"2026-02-{10 + k:02d}T08:00:00Z",
        updates=[(f"2026-02-{10 + k:02d}T08:05:00Z", "investigating", "x"),
                 (f"2026-02-{10 + k:02d}T09:00:00Z", "resolved", "y")]) for k in range(10)}
    state = load_state(write_project(tmp_path, recent, options={"history_per_page": 3}))
    renderer = Renderer(state)
    pages = [p for p in plan_pages(state) if p.kind == "component" and p.args["component"].id == "api"]
    assert len(pages) == 4
    rendered = []
    original = renderer.env.template_class.render

    def counting(template, *args, **kwargs):
        rendered.append(template.name)
        return original(template, *args, **kwargs)

    renderer.env.template_class.render = counting
    try:
        html = {p.path: renderer.render(p) for p in pages}
    finally:
        renderer.env.template_class.render = original
    assert rendered.count("<component bar>") == 2  # one per depth, not one per page
    bar = renderer.env.from_string('{% from "partials/macros.html" import uptime_bar with context %}{{ uptime_bar(c) }}')
    for page in pages:
        ctx = renderer.context(page)
        ctx.update(renderer._component(page))
        own = bar.render(ctx)  # what the page's own call of the macro prints
        assert "sg-daylist" in own and own.count("Recent ") == 10
        assert own in html[page.path]
    assert 'href="../../incidents/2026-02-10-r0/"' in html["components/api/"]
    assert 'href="../../../../incidents/2026-02-10-r0/"' in html["components/api/page/2/"]


def test_absolute_addresses_are_what_urljoin_gives_for_any_path():
    # urls.absolute appends plain paths to the site's address itself (every page asks for its own);
    # anything urljoin would rewrite (dot segments, empty ones, a scheme, a query) still goes through it.
    import random
    from urllib.parse import urljoin

    bases = ["https://status.example.com/", "https://status.example.com", "https://x.example/sub/",
             "https://x.example/./a/", "https://x.example/a?q=1", "https://x.example/a#top", "http://x/a/../b/", "",
             "https://x.example/a/b", "relative/", "https://x.example//"]
    segments = ["a", "b.c", ".", "..", "", ".well-known", "a-b_c~", "%20", "a b", "?q", "#f", "é", "index.html",
                "x:y", "//h"]
    rng = random.Random(24)
    for _ in range(3000):
        path = "/".join(rng.choice(segments) for _ in range(rng.randint(0, 4))) + rng.choice(["", "/"])
        path = "/" + path if rng.random() < 0.1 else path
        for base in bases:
            assert urls.absolute(base, path) == urljoin(base if base.endswith("/") else base + "/", path), (base, path)
