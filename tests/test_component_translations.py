"""Components named in each language (`translations` on a component, read/component_translations.py), on real
builds: a language's pages, page titles, feed links and feeds say the translated name, group and description;
what is not translated stays as written; the root and the JSON API keep the names as written."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.core.diagnostics import UserError
from generator.read.config import load_config
from generator.write.build import build_site
from sample import COMPONENTS, NOW, incident, write_project

GERMAN = {
    "api": {"de": {"name": "Öffentliche API", "group": "Kern", "description": "Die REST-Schnittstelle."}},
    "webhooks": {"de": "Webhook-Zustellung"},  # the name alone
}


def _components(translations: dict) -> list[dict]:
    return [dict(c, translations=translations[c["id"]]) if c["id"] in translations else c for c in COMPONENTS]


def _build(tmp_path: Path, translations: dict, options: str = "languages: [de]\n") -> Path:
    items = {"2026/2026-03-04-api": incident(components={"api": "major_outage", "web": "degraded_performance"}),
             "2026/2026-03-01-hooks": incident(title="Hooks late", components={"webhooks": "degraded_performance"},
                                               started="2026-03-01T08:00:00Z",
                                               updates=[("2026-03-01T08:05:00Z", "investigating", "Looking."),
                                                        ("2026-03-01T09:00:00Z", "resolved", "Fixed.")])}
    project = write_project(tmp_path / "p", items, components=_components(translations),
                            options="severities: p1-p4\n" + options)
    site = tmp_path / "p" / "site"
    build_site(project.mkdocs, site_dir=site, now=NOW)
    return site


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("components"), GERMAN)


def test_a_languages_pages_name_the_components_as_translated_and_the_rest_as_written(site):
    home = (site / "de" / "index.html").read_text()
    text = _text(home)
    assert "Öffentliche API" in text and "Webhook-Zustellung" in text and "Website" in text  # web: not translated
    assert "Public API" not in home and "Webhooks" not in text
    # The group is translated on one of its members (api) and holds for the other (web).
    assert "Kern" in text and "Core" not in text
    incident_page = (site / "de" / "incidents" / "2026-03-04-api" / "index.html").read_text()
    assert "Öffentliche API" in incident_page and "Public API" not in incident_page
    history = _text((site / "de" / "history" / "index.html").read_text())
    assert "Öffentliche API" in history and "Webhook-Zustellung" in history


def test_a_components_page_title_description_and_feed_links_are_in_the_trees_language(site):
    page = (site / "de" / "components" / "api" / "index.html").read_text()
    assert re.search(r"<title>Öffentliche API - Test Status</title>", page)
    assert "Die REST-Schnittstelle." in page and "The REST API." not in page
    assert 'title="Öffentliche API (RSS)"' in page and 'title="Öffentliche API (Atom)"' in page
    untranslated = (site / "de" / "components" / "web" / "index.html").read_text()
    assert "<title>Website - Test Status</title>" in untranslated


def test_a_languages_feeds_name_the_components_as_translated(site):
    feed = (site / "de" / "history.atom").read_text()
    assert "Öffentliche API" in feed and "Public API" not in feed
    assert "Öffentliche API" in (site / "de" / "components" / "api" / "history.atom").read_text()


def test_the_root_and_the_json_api_keep_the_names_as_written(site):
    root = (site / "index.html").read_text()
    assert "Public API" in root and "Öffentliche API" not in root and "Kern" not in _text(root)
    api = json.loads((site / "api" / "v2" / "components.json").read_text())
    names = {c["name"] for c in api["components"]}
    assert {"Public API", "Website", "Webhooks", "Core"} <= names and "Öffentliche API" not in names
    assert "Öffentliche API" not in (site / "history.atom").read_text()


def test_without_translations_a_two_language_build_is_what_it_was(tmp_path):
    plain, translated = _build(tmp_path / "a", {}), _build(tmp_path / "b", GERMAN)
    for name in ("index.html", "history.atom", "api/v2/summary.json", "components/api/index.html"):
        assert (plain / name).read_bytes() == (translated / name).read_bytes(), name


def test_a_paginated_lists_later_pages_are_titled_in_the_trees_language(tmp_path):
    site = _build(tmp_path, GERMAN, "languages: [de]\nhistory_per_page: 1\n")
    assert "<title>Verlauf (Seite 2 von 2) - Test Status</title>" in (site / "de" / "history" / "page" / "2" / "index.html"
                                                                       ).read_text()
    assert "<title>History (page 2 of 2) - Test Status</title>" in (site / "history" / "page" / "2" / "index.html").read_text()
    assert "<title>Öffentliche API - Test Status</title>" in (site / "de" / "components" / "api" / "index.html"
                                                               ).read_text()


@pytest.mark.parametrize("translations, said", [
    ({"api": {"pt_BR": {"name": "API"}}},
     r'components\[0\]\.translations\.pt_BR: "pt_BR" is not a language Material .*did you mean "pt-BR"'),
    ({"api": {"en": {"name": "API"}}}, r"components\[0\]\.translations\.en: is theme.language"),
    ({"api": {"de": {"title": "API"}}}, r"components\[0\]\.translations\.de\.title: unknown option"),
    ({"webhooks": {"de": {"group": "Haken"}}},
     r"components\[2\]\.translations\.de\.group: translates a group, but the component has no group"),
    ({"api": {"de": {"group": "Kern"}}, "web": {"de": {"group": "Zentral"}}},
     r'components\[1\]\.translations\.de\.group: translates the group "Core" as "Zentral", but component "api" '
     r'translates it as "Kern"'),
    ({"api": ["de"]}, r"components\[0\]\.translations: expected a mapping of language codes"),
    ({"exports": {"de": {"group": "Core"}}},
     r'components\[3\]\.translations\.de\.group: names the groups "Core" and "Background" alike in de \("Core"\)'),
    ({"api": {"de": {"group": "Dienste"}}, "exports": {"de": {"group": "Dienste"}}},
     r'components\[3\]\.translations\.de\.group: names the groups "Core" and "Background" alike in de'),
    ({"api": {}}, r"components\[0\]\.translations: is empty: give a language code"),
])
def test_a_wrong_translation_is_named_with_its_line(tmp_path, translations, said):
    project = write_project(tmp_path / "p", {}, components=_components(translations))
    with pytest.raises(UserError) as caught:
        load_config(project.mkdocs)
    [problem] = [p for p in caught.value.diagnostics if "translations" in p.message]
    assert re.search(said, problem.message), problem.message
    assert "translations:" in project.mkdocs.read_text().splitlines()[problem.line - 1]



def test_a_translated_hand_written_pages_sign_up_names_the_components_as_its_language_does(tmp_path):
    """{{ email_signup }} on site_src/de/subscribe.md offers "Nur Öffentliche API", as the German pages name it."""
    page = "# Subscribe\n\n{{ email_signup }}\n"
    options = ("severities: p1-p4\nlanguages: [de]\nmailing_list:\n  provider: buttondown\n  audiences:\n"
               "    everyone: all\n  signup:\n    component:api: https://buttondown.com/acme?tag=api\n"
               "    everyone: https://buttondown.com/acme\n")
    project = write_project(tmp_path / "p", {}, components=_components(GERMAN), options=options,
                            pages={"subscribe.md": page, "de/subscribe.md": page})
    site = tmp_path / "p" / "site"
    build_site(project.mkdocs, site_dir=site, now=NOW)
    german = _text((site / "de" / "subscribe" / "index.html").read_text())
    assert "Öffentliche API" in german and "Public API" not in german
    assert "Only Public API" in _text((site / "subscribe" / "index.html").read_text())
