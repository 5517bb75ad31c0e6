"""The theme's frame rendered once per kind of page gives the same bytes as a render per page.

Each test builds a site both ways (tests/frame_support.py) and compares every file; it also checks
that the frame was used, so that "identical" is not "the same code ran twice". The theme's own
main.html is a black box here: the projects below override it in ways a frame can and cannot follow.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from frame_support import build_both_ways
from generator.write.build import build_site
from sample import NOW, incident, maintenance, write_project

REPORT = "\n## Summary\n\nA <b>bad</b> deploy & a \"quick\" fix.\n"


def many_incidents(count: int = 40) -> dict[str, str]:
    """Incidents over three years (incident pages in three folders), some with a report, some maintenance,
    titles with characters HTML escapes."""
    out = {}
    for n in range(count):
        start = NOW - timedelta(days=1 + n * 23)
        at = lambda minutes: (start + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
        name = f"{start:%Y}/{start:%Y-%m-%d}-case-{n}"
        if n % 7 == 3:
            out[name] = maintenance(title=f"Upgrade <{n}> & 'more'", start=at(0), end=at(120),
                                    updates=[(at(-600), "scheduled", "Planned."), (at(0), "in_progress", "Go."),
                                             (at(110), "completed", "Done.")])
        else:
            out[name] = incident(title=f"Errors \"{n}\" on the <API> & more", severity="P3" if n % 4 else "P2",
                                 components={"api" if n % 2 else "web": "partial_outage"}, started=at(0),
                                 updates=[(at(5), "investigating", f"Looking *{n}*."),
                                          (at(50), "resolved", "Fixed.")],
                                 report=REPORT if n % 4 == 0 else "")
    return out


THEME_BLOCK = """\
{% extends "base.html" %}
{% block announce %}{% if page %}<p data-page="{{ page.url }}">{{ page.title }} · {{ page.canonical_url }}
{%- if "<h1" in page.content %} has a heading{% endif %} · {{ config.site_name }}</p>{% endif %}{% endblock %}
"""

# statusgen's own frame (templates/theme/), one of its blocks overridden with the page's values.
STATUSGEN_FRAME_BLOCK = """\
{% extends "statusgen_frame.html" %}
{% block sg_header_actions %}{% if page %}<a href="{{ page.canonical_url }}">{{ page.title }}</a>{% endif %}
{{ super() }}{% endblock %}
"""

# Uses of a page's values no frame can reproduce: the frame must step aside, not guess.
THEME_UNEXPECTED = """\
{% extends "base.html" %}
{% block announce %}{% if page %}<p>{{ page.title | upper }} {{ page.file.src_uri }} {{ page.title | length }}</p>
{%- endif %}{% endblock %}
"""


def project(tmp_path, *, directory_urls: bool, site_url: str, main_html: str | None):
    extra = "" if directory_urls else "use_directory_urls: false\n"
    made = write_project(tmp_path / "project", many_incidents(), site_url=site_url,
                         options={"severities": "p1-p4", "history_per_page": 5}, extra=extra)
    if not directory_urls:
        text = made.mkdocs.read_text().replace("use_directory_urls: true\n", "")
        made.mkdocs.write_text(text)
    if main_html is not None:
        made.template_overrides()
        (made.root / "overrides" / "main.html").write_text(main_html)
    return made.mkdocs


def build(config):
    return lambda site: build_site(config, site_dir=site, now=NOW)


@pytest.mark.parametrize("directory_urls, site_url, main_html", [
    (True, "https://status.example.com/", None),
    (False, "https://example.com/status/", None),
    (True, "https://example.com/company/status/", THEME_BLOCK),
    (False, "https://status.example.com/", THEME_BLOCK),
    (True, "https://example.com/status/", STATUSGEN_FRAME_BLOCK),
], ids=["directory-urls", "html-urls-sub-path", "custom-block-sub-path", "custom-block-html-urls",
        "statusgen-frame-block"])
def test_every_file_is_byte_identical_to_a_render_per_page(tmp_path, directory_urls, site_url, main_html):
    config = project(tmp_path, directory_urls=directory_urls, site_url=site_url, main_html=main_html)
    frames, differ, compared = build_both_ways(build(config), tmp_path / "out")
    assert compared > 60
    assert differ == []
    stats = frames[0].stats
    assert stats.failed == []
    # Incident pages sit in three year folders, component pages in one more: each is a group.
    assert stats.groups >= 4
    assert stats.framed >= 25, stats


def test_a_template_using_page_values_unexpectedly_renders_each_page(tmp_path):
    config = project(tmp_path, directory_urls=True, site_url="https://status.example.com/",
                     main_html=THEME_UNEXPECTED)
    frames, differ, _ = build_both_ways(build(config), tmp_path / "out")
    assert differ == []
    stats = frames[0].stats
    assert stats.framed == 0
    assert stats.failed and all("upper()" in why or "page.file" in why for why in stats.failed), stats.failed


def test_a_question_with_another_answer_makes_another_frame(tmp_path):
    # The branch depends on the title: each answer gets its own frame, each proven before it serves.
    branching = """\
{% extends "base.html" %}
{% block announce %}{% if page and page.title.startswith("Upgrade") %}<b>maintenance</b>{% endif %}{% endblock %}
"""
    config = project(tmp_path, directory_urls=True, site_url="https://status.example.com/", main_html=branching)
    frames, differ, _ = build_both_ways(build(config), tmp_path / "out")
    assert differ == []
    stats = frames[0].stats
    assert stats.failed == []
    assert stats.framed >= 15, stats


# -- the mechanism on its own: a small environment, stand-in pages, templates chosen to trip it ---------------

import jinja2  # noqa: E402

from generator.write import frame_once as frame  # noqa: E402


class Page:
    """What MkDocs gives the theme for a page outside the navigation."""

    def __init__(self, n: int, title: str, content: str, folder: str = "incidents/2026/"):
        self.url = f"{folder}case-{n}/"
        self.canonical_url = "https://example.com/status/" + self.url
        self.abs_url = "/status/" + self.url
        self.title, self.content = title, content
        self.meta = {"title": title, "hide": ["toc"]}
        self.previous_page = self.next_page = self.parent = self.edit_url = None
        self.ancestors, self.toc = [], []
        self.is_homepage, self.active, self.markdown, self.is_index, self.is_top_level = False, True, "", False, True
        self.file = type("File", (), {"src_uri": f"{folder}case-{n}.md"})()


PAGES = [Page(n, f"Errors <{n}> & \"more\"" if n % 2 else f"Upgrade {n}", f"<p>Body {n}</p>" + "<h1>x</h1>" * (n % 3))
         for n in range(12)]


def render_all(source: str, context: dict | None = None):
    """Every page rendered through frames and directly: (framed outputs, direct outputs, stats)."""
    frames = frame.Frames(lambda page: True)
    env = frame.use_frames(jinja2.Environment(loader=jinja2.DictLoader({"main.html": source})), frames)
    template = env.get_template("main.html")
    base = {"base_url": "../../..", "config": {"site_name": "S"}, **(context or {})}
    framed = [template.render(dict(base, page=p)) for p in PAGES]
    direct = [jinja2.Template.render(template, dict(base, page=p)) for p in PAGES]
    return framed, direct, frames.stats


@pytest.mark.parametrize("source", [
    "<title>{{ page.meta.title }} - {{ config.site_name }}</title>"
    "<a href='{{ page.canonical_url }}'>{{ page.title|e }}</a>{{ page.content }}",
    "{% if '<h1' not in page.content %}<h1>{{ page.title }}</h1>{% endif %}{{ page.content }}",
    "{% if page.title.startswith('Upgrade') %}maintenance{% endif %}{{ page.title | safe }}",
    "<x data-t='{{ page.title ~ \" · \" ~ page.url }}'>{{ page.title if page.title else 'none' }}</x>",
], ids=["escaped-and-raw", "content-question", "title-question", "joined"])
def test_frames_reproduce_every_page(source):
    framed, direct, stats = render_all(source)
    assert framed == direct
    assert stats.failed == [] and stats.framed >= 4, stats


@pytest.mark.parametrize("source, why", [
    ("{{ page.title | upper }}", "upper()"),
    ("{{ page.title | striptags }}", "rewritten"),
    ("{{ page.title | tojson }}", "rewritten"),
    ("{{ page.title[:3] }}", "cut, joined or changed"),
    ("{{ page.title | truncate(5) }}", ""),
    ("{{ page.file.src_uri }}", "page.file"),
    ("{{ page.title == page.meta.title }}", "compared with another"),
    ("{{ build_date_utc }}", "build_date_utc"),
], ids=["upper", "striptags", "tojson", "slice", "truncate", "unknown-attribute", "two-values", "clock"])
def test_a_use_frames_cannot_follow_renders_each_page(source, why):
    from datetime import datetime as clock

    framed, direct, stats = render_all(source, {"build_date_utc": clock(2026, 3, 10)})
    assert framed == direct
    assert stats.framed == 0
    assert stats.failed and why in stats.failed[0], stats.failed


def test_a_value_measured_out_of_the_stand_ins_sight_renders_each_page():
    # wordcount reads the string itself (a regular expression), not through the stand-in: the first two
    # pages are short (0 min, as the marker is), a later long one must not get their "0 min".
    source = "{{ (page.content | striptags | wordcount / 200) | round | int }} min"
    pages = [Page(n, f"Case {n}", "<p>short</p>" if n < 3 else "<p>" + "word " * 400 * n + "</p>") for n in range(6)]
    frames = frame.Frames(lambda page: True)
    env = frame.use_frames(jinja2.Environment(loader=jinja2.DictLoader({"main.html": source})), frames)
    template = env.get_template("main.html")
    framed = [template.render({"page": p}) for p in pages]
    assert framed == ["0 min"] * 3 + ["6 min", "8 min", "10 min"]
    assert frames.stats.framed == 0 and "measured" in frames.stats.failed[0], frames.stats


class Badge:
    """A context value a plugin makes anew for every page (on_page_context)."""

    def __init__(self, label: str):
        self.label = label


def test_a_context_object_made_for_each_page_never_finds_another_pages_frame():
    # The group's key names such objects by id(); a freed one's id is reused by the next page's object.
    frames = frame.Frames(lambda page: True)
    env = frame.use_frames(jinja2.Environment(loader=jinja2.DictLoader(
        {"main.html": "{{ page.title }} {{ badge.label }}"})), frames)
    template = env.get_template("main.html")
    labels = ["A" if n < 4 else "B" for n in range(len(PAGES))]
    framed = [template.render({"page": p, "badge": Badge(label)}) for p, label in zip(PAGES, labels)]
    assert [out.rsplit(" ", 1)[1] for out in framed] == labels


@pytest.mark.parametrize("source, autoescape", [
    ("<title>{{ page.title | forceescape }}</title>", False),
    ("<title>{{ '%s' | format(page.title) }}</title>", True),
], ids=["forceescape", "format-autoescaped"])
def test_markup_made_plain_text_is_escaped_again_as_on_a_normal_render(source, autoescape):
    # MkDocs pages' titles are Markup (escaped once); str() of one is plain text that escaping escapes
    # again. The first two titles have nothing to escape, so a frame is proven before "A & B" comes.
    from markupsafe import Markup

    titles = ["Plain one", "Plain two", "A & B <x>", "Plain four"]
    pages = [Page(n, Markup.escape(t), Markup(f"<p>{n}</p>")) for n, t in enumerate(titles)]
    frames = frame.Frames(lambda page: True)
    env = frame.use_frames(jinja2.Environment(autoescape=autoescape,
                                              loader=jinja2.DictLoader({"main.html": source})), frames)
    template = env.get_template("main.html")
    framed = [template.render({"page": p}) for p in pages]
    assert framed[2] == "<title>A &amp;amp; B &amp;lt;x&amp;gt;</title>"
    assert framed == [jinja2.Template.render(template, {"page": p}) for p in pages]
    assert frames.stats.framed == 2, frames.stats


def test_a_build_keeps_no_frames_once_its_pages_are_written(tmp_path):
    # The plugin (and its Frames) outlive the build under `mkdocs serve`; page-sized frames and the
    # build's config and nav must not.
    config = project(tmp_path, directory_urls=True, site_url="https://status.example.com/", main_html=None)
    frames, differ, _ = build_both_ways(build(config), tmp_path / "out")
    assert differ == []
    assert frames[0].stats.framed >= 25 and frames[0].groups == {}


@pytest.mark.parametrize("source", [
    '{% if page.url.endswith("-5/") %}<b>five</b>{% endif %}',
    '{% if "case-7" in page.url %}<b>seven</b>{% endif %}',
    '{{ "this one" if page.canonical_url == "https://example.com/status/incidents/2026/case-9/" }}',
    '{% if page.url in banners %}{{ banners[page.url] }}{% endif %}',
], ids=["endswith", "contains", "equals", "mapping"])
def test_a_question_about_the_pages_address_gets_each_pages_answer(source):
    # The stand-in's address has a marker word for its name: asked of it, every page would answer alike.
    framed, direct, stats = render_all(source, {"banners": {"incidents/2026/case-7/": "Read the report"}})
    assert framed == direct
    assert sum(1 for out in framed if out) == 1, framed


def test_config_extra_changed_between_pages_by_a_plugin_is_part_of_the_group():
    # The same config object for every page, its extra changed in place (a plugin's on_page_context).
    frames = frame.Frames(lambda page: True)
    env = frame.use_frames(jinja2.Environment(loader=jinja2.DictLoader(
        {"main.html": "{{ page.title }}|{{ config.extra.banner }}"})), frames)
    template = env.get_template("main.html")
    config = {"site_name": "S", "extra": {"banner": ""}}
    banners = ["" if n < 4 else "Maintenance tonight" for n in range(len(PAGES))]
    framed = []
    for page, banner in zip(PAGES, banners):
        config["extra"]["banner"] = banner
        framed.append(template.render({"page": page, "config": config}))
    assert [out.split("|")[1] for out in framed] == banners
    assert frames.stats.framed >= 6, frames.stats


def test_a_page_text_asked_about_the_pages_address_renders_each_page():
    # Two of the page's values compared: the stand-in's address is not the page's.
    pages = [Page(n, f"Case {n}", f"<p>{n}</p>" + (f'<a href="incidents/2026/case-{n}/">here</a>' if n > 3 else ""))
             for n in range(6)]
    frames = frame.Frames(lambda page: True)
    env = frame.use_frames(jinja2.Environment(loader=jinja2.DictLoader(
        {"main.html": "{% if page.url in page.content %}links itself{% endif %}"})), frames)
    template = env.get_template("main.html")
    assert [template.render({"page": p}) for p in pages] == [""] * 4 + ["links itself"] * 2


@pytest.mark.parametrize("source", [
    '{% if page.url.split("/")[-2] == "case-3" %}three{% endif %}',
    '{% if page.url[-7:] == "case-3/" %}three{% endif %}',
    '{% if (page.url | replace("case", "x")) == "incidents/2026/x-3/" %}three{% endif %}',
], ids=["split", "slice", "replace-filter"])
def test_the_pages_address_cut_or_changed_by_the_template_renders_each_page(source):
    framed, direct, stats = render_all(source)
    assert framed == direct and framed[3] == "three"
    assert stats.framed == 0 and "address" in stats.failed[0], stats


def test_the_pages_address_printed_and_linked_still_takes_a_frame():
    framed, direct, stats = render_all('<a href="{{ page.url | urlencode }}">{{ page.canonical_url }}</a>'
                                       '{{ "x" ~ page.url }}')
    assert framed == direct
    assert stats.failed == [] and stats.framed >= 8, stats
