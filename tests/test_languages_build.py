"""Several languages in one build (plugins.statusgen.languages, generator/write/languages.py), on real outputs.

The site's own language stays at the root, untouched; each other language gets every generated page and
feed under /<code>/, linked both ways (hreflang, the header's switcher), its incident text translated or
falling back visibly to the site's own; the JSON API, badges and banner exist once, at the root.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from frame_support import build_both_ways
from generator.core.diagnostics import UserError
from generator.read.config import load_config
from generator.write.build import build_site
from sample import NOW, incident, maintenance, write_project

TRANSLATED = """\
translations:
  de:
    title: API-Fehler
    updates:
      1: Wir untersuchen erhöhte Fehlerraten.
"""


def _incidents() -> dict[str, str]:
    # The first: title and first update in German, its resolving update and its report not translated.
    translated = incident(report="## What happened\n\nA bad deploy.\n").replace("---\n## What", TRANSLATED
                                                                               + "---\n## What", 1)
    return {"2026/2026-03-04-api": translated,
            "2026/2026-03-01-web": incident(title="Website slow", components={"web": "degraded_performance"},
                                            started="2026-03-01T08:00:00Z",
                                            updates=[("2026-03-01T08:05:00Z", "investigating", "Looking."),
                                                     ("2026-03-01T09:00:00Z", "resolved", "Fixed.")])}


def _build(tmp_path: Path, languages: str | None, name: str = "p", pages: dict | None = None,
           extra: str = "") -> Path:
    options = "severities: p1-p4\n" + (f"languages: {languages}\n" if languages else "")
    made = write_project(tmp_path / name, _incidents(), options=options, pages=pages, extra=extra)
    site = tmp_path / name / "site"
    build_site(made.mkdocs, site_dir=site, now=NOW)
    return site


def _pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("index.html"))


def _head_links(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def _switcher(html: str) -> list[tuple[str, str, bool]]:
    menu = re.search(r'<details class="sg-lang">.*?</details>', html, re.S)
    assert menu, "no language switcher"
    return [(code, href, "aria-current" in rest)
            for href, code, rest in re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" lang="[^"]+"([^>]*)>',
                                               menu.group(0))]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("languages")
    return _build(tmp, None, "one"), _build(tmp, "[de, ja]", "three")


def test_every_generated_page_is_built_in_each_language_in_its_own_tree(built):
    one, three = built
    root_pages = _pages(one)
    generated = [p for p in root_pages if not p.startswith(("about/", "subscribe/"))]
    assert len(generated) >= 8
    for code in ("de", "ja"):
        assert sorted(p[len(code) + 1:] for p in _pages(three) if p.startswith(code + "/")) == generated
        for page in generated:
            html = (three / code / page).read_text()
            assert f'<html lang="{code}"' in html
    assert '<html lang="en"' in (three / "index.html").read_text()
    # Material's own words follow the page: the skip link in German on /de/.
    assert "Zum Inhalt" in (three / "de" / "index.html").read_text()
    assert '<span class="sg-sr-only">Sprache: </span>' in (three / "de" / "index.html").read_text()
    assert "Skip to content" in (three / "index.html").read_text()


def test_hreflang_links_pair_every_page_both_ways_with_the_root_as_x_default(built):
    _one, three = built
    for page in ("index.html", "history/index.html", "incidents/2026-03-04-api/index.html",
                 "components/api/index.html"):
        url = page.removesuffix("index.html")
        expected = {"en": f"https://status.example.com/{url}", "de": f"https://status.example.com/de/{url}",
                    "ja": f"https://status.example.com/ja/{url}", "x-default": f"https://status.example.com/{url}"}
        for where in (page, "de/" + page, "ja/" + page):
            assert _head_links((three / where).read_text()) == expected, where


def test_the_switcher_on_every_generated_page_links_to_its_counterparts(built):
    _one, three = built
    for page in _pages(three):
        code = page.split("/")[0] if page.split("/")[0] in ("de", "ja") else "en"
        neutral = page[3:] if code != "en" else page
        html = (three / page).read_text()
        menu = _switcher(html)
        assert [c for c, _href, _current in menu] == ["en", "de", "ja"]
        assert [c for c, _href, current in menu if current] == [code]
        for other, href, _current in menu:
            target = (three / page).parent / href
            if neutral.startswith(("about/", "subscribe/")) and other != "en":
                # A hand-written page nobody translated: the other language's home page.
                assert target.resolve() == (three / other).resolve(), (page, href)
            else:
                prefix = "" if other == "en" else other + "/"
                assert target.resolve() == (three / (prefix + neutral)).parent.resolve(), (page, href)


def test_the_footer_and_the_home_link_stay_in_the_pages_language(built):
    _one, three = built
    html = (three / "de" / "incidents" / "2026-03-04-api" / "index.html").read_text()
    footer = html[html.index("<footer"):]
    links = re.findall(r'<a href="([^"]*)"([^>]*)>', footer)
    assert ("../../../de/history/", "") in links
    brand = re.search(r'<a href="([^"]*)" class="sg-brand"', html).group(1)
    assert brand == "../../../de/"


def test_an_untranslated_text_falls_back_to_the_sites_own_visibly_and_in_its_language(built):
    _one, three = built
    html = (three / "de" / "incidents" / "2026-03-04-api" / "index.html").read_text()
    assert "<h1>API-Fehler</h1>" in html
    assert '<meta property="og:title" content="API-Fehler">' in html and "<title>API-Fehler - " in html
    assert "Wir untersuchen erhöhte Fehlerraten." in html
    # The resolving update and the report were not translated: shown in English, said so, marked lang="en".
    fallbacks = re.findall(r'<p class="sg-fallback">([^<]+)</p><div class="sg-fallback__text" lang="en">(.*?)</div>',
                           html, re.S)
    assert len(fallbacks) == 2
    assert [note for note, _text in fallbacks] == ["Dieser Text ist noch nicht übersetzt; er wird auf Englisch "
                                                   "angezeigt."] * 2
    assert "Error rates are back to normal." in fallbacks[0][1] + fallbacks[1][1]
    # The title of an incident nobody translated is marked where it is listed.
    history = (three / "de" / "history" / "index.html").read_text()
    assert '<span lang="en">Website slow</span>' in history
    assert "API-Fehler" in history
    # The site's own tree shows the files' own text, with no note.
    own = (three / "incidents" / "2026-03-04-api" / "index.html").read_text()
    assert "sg-fallback" not in own and "Elevated API errors" in own


def test_the_uptime_bars_days_name_their_incidents_in_the_pages_language(built):
    _one, three = built
    for page in ("index.html", "components/api/index.html", "components/web/index.html"):
        for code, title in (("de", "API-Fehler"), ("ja", '<span lang="en">Elevated API errors</span>')):
            html = (three / code / page).read_text()
            days = " ".join(re.findall(r'<ul class="sg-daylist__items">(.*?)</ul>', html, re.S))
            assert days, (code, page)
            if "api" in page or page == "index.html":
                assert f">{title}</a>" in days, (code, page, days)
            if "web" in page or page == "index.html":
                assert '><span lang="en">Website slow</span></a>' in days, (code, page, days)
            assert ">Elevated API errors</a>" not in days and ">Website slow</a>" not in days, (code, page, days)


def test_the_status_pages_card_marks_an_untranslated_latest_update(tmp_path):
    # The card shows the latest update as one line of text: an untranslated one must still read in its own
    # language (lang) with the note beside it, not fused into one German-voiced paragraph.
    open_incident = incident(started="2026-03-10T11:00:00Z", updates=[
        ("2026-03-10T11:05:00Z", "investigating", "We are investigating elevated error rates."),
        ("2026-03-10T11:30:00Z", "identified", "A bad deploy; rolling back.")])
    assert open_incident.endswith("\n---\n")
    open_incident = open_incident[:-4] + "translations:\n  de:\n    updates:\n      1: Wir untersuchen.\n---\n"
    made = write_project(tmp_path / "p", {"2026/2026-03-10-api": open_incident},
                         options="severities: p1-p4\nlanguages: [de]\n")
    site = tmp_path / "p" / "site"
    build_site(made.mkdocs, site_dir=site, now=NOW)
    card = re.search(r'<div class="sg-card__latest">(.*?)</div>', (site / "de" / "index.html").read_text(), re.S)
    assert card, "no card"
    assert re.search(r'<p class="sg-fallback">Dieser Text ist noch nicht übersetzt; er wird auf Englisch angezeigt.</p>'
                     r'\s*<p class="sg-card__text" lang="en">A bad deploy; rolling back.</p>', card.group(1)), card.group(1)
    own = re.search(r'<div class="sg-card__latest">(.*?)</div>', (site / "index.html").read_text(), re.S).group(1)
    assert '<p class="sg-card__text">A bad deploy; rolling back.</p>' in own and "sg-fallback" not in own


def test_each_language_has_its_own_feeds_with_ids_of_their_own(built):
    one, three = built
    for code in ("de", "ja"):
        atom = (three / code / "history.atom").read_text()
        assert f"<id>tag:status.example.com,2024:feed:{code}/history.atom</id>" in atom
        assert f"incident:2026-03-04-api:{code}</id>" in atom
        assert f'href="https://status.example.com/{code}/incidents/2026-03-04-api/"' in atom
        assert (three / code / "history.rss").is_file()
        assert (three / code / "components" / "api" / "history.atom").is_file()
    assert "<title>API-Fehler</title>" in (three / "de" / "history.atom").read_text()
    # The root's feeds are the ones a one-language site has, byte for byte (their ids never change).
    for path in ("history.atom", "history.rss", "components/api/history.atom"):
        assert (three / path).read_bytes() == (one / path).read_bytes()
    html = (three / "de" / "history" / "index.html").read_text()
    assert 'type="application/atom+xml" href="../../de/history.atom"' in html


def test_the_json_api_badges_and_banner_exist_only_at_the_root(built):
    one, three = built
    for code in ("de", "ja"):
        tree = {str(p.relative_to(three / code)) for p in (three / code).rglob("*") if p.is_file()}
        assert tree and all(p.endswith(("index.html", ".rss", ".atom", ".ics")) or p == "sitemap.xml"
                            for p in tree), sorted(tree)
        assert "maintenance.ics" in tree
    for path in ("api/v2/summary.json", "badge.json", "embed/banner.json", "maintenance.ics"):
        assert (three / path).read_bytes() == (one / path).read_bytes()
    # The build-time check of a /de/ page asks the root's build.json.
    assert 'data-build-info="../../build.json"' in (three / "de" / "history" / "index.html").read_text()


def test_the_root_is_todays_site_plus_the_language_links(built):
    one, three = built
    for path in sorted(one.rglob("*")):
        name = str(path.relative_to(one))
        if not path.is_file() or name.startswith((".statusgen", "sitemap")):
            continue
        ours = (three / name).read_bytes()
        if name.endswith(".html"):
            text = re.sub(r'<link rel="alternate" hreflang="[^"]+" href="[^"]+">', "", ours.decode())
            text = re.sub(r'<details class="sg-lang">.*?</details>', "", text, flags=re.S)
            assert text == path.read_text(), name
        else:
            assert ours == path.read_bytes(), name


def test_a_one_language_build_has_no_trace_of_languages(built):
    one, _three = built
    for page in _pages(one):
        html = (one / page).read_text()
        assert "hreflang" not in html and "sg-lang" not in html and "sg-languages" not in html


def test_a_translated_hand_written_page_is_the_languages_own(tmp_path):
    light = "---\nmaterial_javascript: false\n---\n"  # without Material's bundle: hreflang links (below)
    site = _build(tmp_path, "[de]", pages={"about.md": light + "# About\n\nWho we are.\n",
                                           "de/about.md": light + "# Über uns\n\nWer wir sind.\n"},
                  extra="nav:\n  - Status: index.md\n  - History: history.md\n  - About: about.md\n")
    de = (site / "de" / "about" / "index.html").read_text()
    assert '<html lang="de"' in de and "Wer wir sind." in de
    assert _head_links(de)["en"] == "https://status.example.com/about/"
    assert _head_links((site / "about" / "index.html").read_text())["de"] == "https://status.example.com/de/about/"
    footer = (site / "de" / "history" / "index.html").read_text().split("<footer", 1)[1]
    assert '<a href="../../de/about/">Über uns</a>' in footer
    # Not in the navigation: the root's footer lists its own pages only.
    root_footer = (site / "history" / "index.html").read_text().split("<footer", 1)[1]
    assert "de/about" not in root_footer


def test_the_headers_subscribe_leads_to_the_languages_own_page_or_says_the_language_it_leads_to(tmp_path):
    site = _build(tmp_path, "[de, ja]", pages={"subscribe.md": "# Subscribe\n\nFeeds.\n",
                                               "de/subscribe.md": "# Abonnieren\n\nFeeds.\n"})

    def link(page: str) -> str:
        return re.search(r'<a href="[^"]*" class="sg-subscribe"[^>]*>', (site / page).read_text()).group(0)

    assert link("history/index.html") == '<a href="../subscribe/" class="sg-subscribe">'
    assert link("de/history/index.html") == '<a href="../../de/subscribe/" class="sg-subscribe">'
    assert link("ja/history/index.html") == '<a href="../../subscribe/" class="sg-subscribe" hreflang="en">'


def test_the_colour_toggle_is_named_in_each_pages_language_unless_the_project_named_it(tmp_path):
    """The names `statusgen init` writes (and the sample's) are statusgen's words; a project's own stay."""
    site = _build(tmp_path, "[de, ja]", extra="")

    def toggles(page: str) -> list[str]:
        return re.findall(r'<label class="md-header__button md-icon" title="([^"]*)"', (site / page).read_text())

    assert toggles("index.html") == ["Switch to dark mode", "Switch to light mode"]
    assert toggles("de/index.html") == ["Zum dunklen Design wechseln", "Zum hellen Design wechseln"]
    assert toggles("ja/incidents/2026-03-04-api/index.html") == ["ダークモードに切り替え", "ライトモードに切り替え"]
    assert toggles("404.html") == ["Switch to dark mode", "Switch to light mode"]
    made = write_project(tmp_path / "own", _incidents(), options="languages: [de]\n")
    made.mkdocs.write_text(made.mkdocs.read_text().replace("Switch to dark mode", "Lights off"))
    build_site(made.mkdocs, site_dir=tmp_path / "own" / "site", now=NOW)
    assert re.findall(r'title="(Lights off|Zum hellen Design wechseln)"',
                      (tmp_path / "own" / "site" / "de" / "index.html").read_text()) == [
        "Lights off", "Zum hellen Design wechseln"]


def test_without_directory_urls_every_link_of_a_languages_pages_leads_somewhere(tmp_path):
    made = write_project(tmp_path / "p", _incidents(), options="severities: p1-p4\nlanguages: [de]\n")
    made.mkdocs.write_text(made.mkdocs.read_text().replace("use_directory_urls: true", "use_directory_urls: false"))
    site = tmp_path / "p" / "site"
    build_site(made.mkdocs, site_dir=site, now=NOW)
    pages = sorted((site / "de").rglob("*.html"))
    assert (site / "de" / "index.html") in pages and len(pages) >= 8
    broken = []
    for page in pages:
        for href in re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', page.read_text()):
            if not (page.parent / href).resolve().is_file():
                broken.append((str(page.relative_to(site)), href))
    assert broken == []
    # The tree's home is de/index.html, as its hreflang and its menu name it.
    history = (site / "de" / "history.html").read_text()
    assert re.search(r'<a href="([^"]*)" class="sg-brand"', history).group(1) == "../de/index.html"


def test_materials_search_indexes_the_sites_own_language_only(tmp_path):
    # One index, stemmed for theme.language: a German or Japanese page in it answers an English search.
    made = write_project(tmp_path / "p", _incidents(), options="severities: p1-p4\nlanguages: [de, ja]\n",
                         pages={"about.md": "# About\n\nWho we are.\n", "de/about.md": "# Über uns\n\nWer wir sind.\n"})
    made.mkdocs.write_text(made.mkdocs.read_text().replace("plugins:\n", "plugins:\n  - search\n", 1))
    site = tmp_path / "p" / "site"
    build_site(made.mkdocs, site_dir=site, now=NOW)
    index = json.loads((site / "search" / "search_index.json").read_text())
    indexed = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"", "history/", "about/"} <= indexed
    assert not [url for url in indexed if url.startswith(("de/", "ja/"))], sorted(indexed)


def test_the_frame_rendered_once_per_kind_and_language_is_byte_identical(tmp_path):
    made = write_project(tmp_path / "p", _incidents(), options="severities: p1-p4\nlanguages: [de, ja]\n")
    frames, differ, compared = build_both_ways(lambda site: build_site(made.mkdocs, site_dir=site, now=NOW),
                                               tmp_path / "out")
    assert compared > 30
    assert differ == []
    assert frames[0].stats.failed == []
    assert frames[0].stats.framed >= 4


@pytest.mark.parametrize("value, message", [
    ("[de, en]", 'plugins.statusgen.languages[2]: "en" is theme.language'),
    ("[de, de]", 'plugins.statusgen.languages[2]: "de" is listed twice'),
    ("[pt_BR]", 'did you mean "pt-BR"?'),
    ("{de: 1}", "must be a list of language codes"),
])
def test_a_wrong_languages_option_names_the_line(tmp_path, value, message):
    made = write_project(tmp_path / "p", {}, options=f"severities: p1-p4\nlanguages: {value}\n")
    with pytest.raises(UserError) as caught:
        load_config(made.mkdocs)
    lines = made.mkdocs.read_text().split("\n")
    line = next(n for n, text in enumerate(lines, 1) if "languages:" in text)
    shown = [d.format() for d in caught.value.diagnostics]
    assert any(f":{line}:" in s and message in s for s in shown), shown


def test_a_translated_hand_written_page_promises_the_cadence_in_its_own_language(tmp_path):
    pages = {"about.md": "# About\n\nWe post updates {{ update_cadence }}.\n",
             "de/about.md": "# Über diese Seite\n\nWir melden uns {{ update_cadence }}.\n"}
    made = write_project(tmp_path / "p", {}, options="severities: p1-p4\nlanguages: [de]\n", pages=pages)
    build_site(made.mkdocs, now=NOW)
    assert "Wir melden uns mindestens alle 15 Minuten bei P1 (Kritisch)" in (made.site / "de/about/index.html").read_text()
    assert "We post updates at least every 15 minutes for P1 (Critical)" in (made.site / "about/index.html").read_text()


def test_a_page_keeping_materials_bundle_has_no_hreflang_links_and_each_language_a_sitemap(tmp_path):
    # Material's bundle fetches sitemap.xml beside every <link rel="alternate">: for a page's own address
    # (/de/about/sitemap.xml) that fails on every visit, for a feed's (de/history.rss) it is the tree's own.
    site = _build(tmp_path, "[de]", pages={"about.md": "# About\n\nWho we are.\n",
                                           "de/about.md": "# Über uns\n\nWer wir sind.\n"},
                  extra="nav:\n  - Status: index.md\n  - About: about.md\n")
    for page in ("about/index.html", "de/about/index.html"):
        html = (site / page).read_text()
        assert "bundle." in html and _head_links(html) == {}, page
        assert [code for code, _url, _current in _switcher(html)] == ["en", "de"], page
    assert _head_links((site / "de" / "index.html").read_text())["en"] == "https://status.example.com/"
    sitemap = (site / "de" / "sitemap.xml").read_text()
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert "https://status.example.com/de/" in locs and "https://status.example.com/de/about/" in locs
    assert all(loc.startswith("https://status.example.com/de/") for loc in locs)
    assert sitemap.startswith("<?xml") and sitemap.rstrip().endswith("</urlset>")


def test_a_hand_written_sitemap_in_a_languages_folder_is_refused_and_a_dirty_rebuild_replaces_the_builds_own(tmp_path):
    made = write_project(tmp_path / "p", _incidents(), options="severities: p1-p4\nlanguages: [de]\n",
                         pages={"de/sitemap.xml": "<urlset/>\n"})
    with pytest.raises(UserError) as caught:
        build_site(made.mkdocs, site_dir=tmp_path / "p" / "site", now=NOW)
    assert "de/sitemap.xml: statusgen writes each language's sitemap here" in str(caught.value)
    # Without it, a rebuild into the same folder that is not cleaned first (mkdocs build --dirty, serve)
    # finds the last build's sitemap there and writes it again.
    site = _build(tmp_path, "[de]", name="q")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs
    config = load_mkdocs(str(tmp_path / "q" / "mkdocs.yml"), site_dir=str(site))
    before = re.findall(r"<loc>([^<]+)</loc>", (site / "de" / "sitemap.xml").read_text())
    build(config, dirty=True)
    assert re.findall(r"<loc>([^<]+)</loc>", (site / "de" / "sitemap.xml").read_text()) == before


def test_every_page_declares_its_whole_language_in_html_lang(tmp_path):
    """Material writes "pt" for pt-BR (its search's language); the page says pt-BR, as its hreflang does."""
    project = write_project(tmp_path / "p", {"2026/2026-03-04-api": incident()},
                            options="languages: [pt-BR, de]\n")
    project.mkdocs.write_text(project.mkdocs.read_text().replace("  name: material\n",
                                                                 "  name: material\n  language: pt-BR\n", 1))
    project.mkdocs.write_text(project.mkdocs.read_text().replace("languages: [pt-BR, de]", "languages: [en, de]"))
    site = tmp_path / "p" / "site"
    build_site(project.mkdocs, site_dir=site, now=NOW)
    langs = {}
    for page in site.rglob("*.html"):
        if page.parent.name == "embed":  # the banner's demo, for the engineers who embed it: English
            continue
        found = re.search(r'<html lang="([^"]*)"', page.read_text())
        langs.setdefault(found.group(1), set()).add(str(page.relative_to(site)).split("/")[0])
    assert set(langs) == {"pt-BR", "en", "de"}
    assert "404.html" in langs["pt-BR"] and "index.html" in langs["pt-BR"]
    assert langs["en"] == {"en"} and langs["de"] == {"de"}


def test_the_nav_titles_init_writes_for_statusgens_pages_are_said_in_the_sites_language(tmp_path):
    """`init` writes "History"; a French site's footer says "Historique". A title the project wrote (a page
    of its own, or its own name for ours) stays as written."""
    made = write_project(tmp_path / "p", _incidents(), pages={"about.md": "# About\n\nWho we are.\n"},
                         extra="nav:\n  - Status: index.md\n  - History: history.md\n"
                               "  - Nos rapports: postmortems.md\n  - About: about.md\n")
    made.mkdocs.write_text(made.mkdocs.read_text().replace("  name: material\n", "  name: material\n  language: fr\n"))
    site = tmp_path / "p" / "site"
    build_site(made.mkdocs, site_dir=site, now=NOW)
    footer = (site / "history" / "index.html").read_text().split("<footer", 1)[1]
    assert re.findall(r'<a href="[^"]*"[^>]*>([^<]+)</a>', footer.split("</nav>", 1)[0]) == [
        "État", "Historique", "Nos rapports", "About"]


def test_each_language_has_its_maintenance_calendar_with_the_same_events_said_in_it(tmp_path):
    items = {**_incidents(), "2026/2026-03-12-db": maintenance(start="2026-03-12T02:00:00Z").replace(
        "---\n", "---\ntranslations:\n  de:\n    title: Datenbank-Upgrade\n", 1)}
    made = write_project(tmp_path / "p", items, options="severities: p1-p4\nlanguages: [de]\n")
    site = tmp_path / "p" / "site"
    build_site(made.mkdocs, site_dir=site, now=NOW)
    root, de = (site / "maintenance.ics").read_text(), (site / "de" / "maintenance.ics").read_text()

    def lines(text: str, name: str) -> list[str]:
        return [line for line in text.replace("\r\n ", "").splitlines() if line.startswith(name + ":")]

    assert lines(de, "UID") == lines(root, "UID") and len(lines(de, "UID")) == 1
    assert lines(de, "SEQUENCE") == lines(root, "SEQUENCE") and lines(de, "DTSTART") == lines(root, "DTSTART")
    assert lines(root, "SUMMARY") == ["SUMMARY:Maintenance: Database upgrade"]
    assert lines(de, "SUMMARY") == ["SUMMARY:Wartung: Datenbank-Upgrade"]
    assert "URL:https://status.example.com/de/incidents/2026-03-12-db/" in de.replace("\r\n ", "")
    assert "URL:https://status.example.com/de/maintenance.ics" in de.replace("\r\n ", "")
    own = (site / "de" / "incidents" / "2026-03-12-db" / "calendar.ics").read_text()
    assert lines(own, "UID") == lines(root, "UID") and lines(own, "SUMMARY") == lines(de, "SUMMARY")
    page = (site / "de" / "incidents" / "2026-03-12-db" / "index.html").read_text()
    assert 'href="../../../de/incidents/2026-03-12-db/calendar.ics"' in page


def test_a_lists_description_says_what_it_is_in_the_pages_language(built):
    one, three = built

    def description(site, page: str) -> str:
        return re.search(r'<meta name="description" content="([^"]*)">', (site / page).read_text()).group(1)

    assert description(one, "history/index.html") == "Every incident and maintenance, newest first."
    assert description(three, "de/history/index.html") == "Alle Störungen und Wartungen, die neuesten zuerst."
    assert description(three, "ja/postmortems/index.html").startswith("何が起き")
