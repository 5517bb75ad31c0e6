"""The punctuation that joins statusgen's words comes from the language (issue #26, languages.punctuation):
a French site writes a no-break space before a colon ("Résolu : …") in its feeds, calendar, badges,
drafts and pages; a Japanese site lists names with "、" and ends the sentences statusgen assembles with
"。"; an English site writes what it always wrote (the other tests pin its text)."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import feedparser
import pytest
from click.testing import CliRunner
from icalendar import Calendar
from sample import incident, load_state, maintenance, write_project

from generator.cli import main
from generator.languages.punctuation import joints, label_head, labelled, names, sentence
from generator.outputs import render_outputs
from generator.write.build import build_site

NBSP = "\u00a0"
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
COMPONENTS = [{"id": "api", "name": "Public API"}, {"id": "web", "name": "Website"},
              {"id": "hooks", "name": "Webhooks"}]
TWO = {"api": "partial_outage", "web": "degraded_performance"}
FILES = {
    # resolved, two components
    "2026/2026-03-04-api": incident(components=TWO, updates=[("2026-03-04T09:12:00Z", "investigating", "Errors."),
                                                            ("2026-03-04T10:35:00Z", "resolved", "Fixed.")]),
    # open, two components, on the status page
    "2026/2026-03-10-web": incident(title="Slow pages", components=TWO, started="2026-03-10T09:45:00Z",
                                    updates=[("2026-03-10T09:50:00Z", "investigating", "Looking.")]),
    "2026/2026-03-12-db": maintenance(components={"api": "under_maintenance", "web": "under_maintenance"}),
}


def project_in(root, language: str, files=FILES):
    project = write_project(root, files, components=COMPONENTS)
    text = project.mkdocs.read_text(encoding="utf-8")
    project.mkdocs.write_text(text.replace("  name: material\n", f"  name: material\n  language: {language}\n", 1),
                              encoding="utf-8")
    return project


def test_the_language_gives_the_punctuation():
    assert labelled("Resolved", "x", "en") == "Resolved: x"
    assert labelled("Résolu", "x", "fr") == f"Résolu{NBSP}: x"
    assert label_head("Contact", "fr") == f"Contact{NBSP}:" and label_head("Contact", "en") == "Contact:"
    assert sentence("x", "en") == "x." and sentence("x", "ja") == "x。"
    assert names(["A", "B", "C"], "en") == "A, B, C"  # as English always listed them
    assert names(["A", "B", "C"], "ja") == "A、B、C"
    assert names(["A", "B", "C"], "fr") == "A, B et C"
    assert joints(3, "fr") == (", ", " et ") and joints(2, "ja") == ("、",) and joints(3, "en") == (", ", ", ")
    assert names(["A"], "ja") == "A" and joints(1, "ja") == ()


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    return render_outputs(load_state(project_in(tmp_path_factory.mktemp("fr"), "fr")))


def test_a_french_sites_feed_calendar_and_badges_space_the_colon(french):
    feed = feedparser.parse(french["history.atom"])
    resolved = next(e for e in feed.entries if e.title == "Elevated API errors")
    assert resolved.summary == f"Résolu{NBSP}: Fixed."
    ics = Calendar.from_ical(french["maintenance.ics"])
    [event] = [c for c in ics.walk() if c.name == "VEVENT"]
    description = str(event["DESCRIPTION"])
    assert description.startswith(f"Planifiée{NBSP}: ")
    assert "Public API et Website" in description
    badge = french["badge.svg"].decode()
    assert f"{NBSP}: " in badge.split("<title>")[1].split("</title>")[0]
    assert ": " not in badge.replace(f"{NBSP}: ", "")
    # the in-app banner's script joins a notice's status and text with what banner.json says
    assert json.loads(french["embed/banner.json"])["words"][": "] == f"{NBSP}: "


def test_an_english_sites_outputs_keep_their_colon(tmp_path):
    out = render_outputs(load_state(project_in(tmp_path, "en")))
    feed = feedparser.parse(out["history.atom"])
    assert next(e for e in feed.entries if e.title == "Elevated API errors").summary == "Resolved: Fixed."
    [event] = [c for c in Calendar.from_ical(out["maintenance.ics"]).walk() if c.name == "VEVENT"]
    description = str(event["DESCRIPTION"])
    assert description.startswith("Scheduled: ") and "Affected: Public API, Website\n" in description
    assert NBSP not in description


def comms(project, *args) -> dict:
    result = CliRunner().invoke(main, ["comms", "-f", str(project.mkdocs), "--now", "2026-03-10T12:00:00Z",
                                       *args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    [message] = json.loads(result.output)["messages"]
    return message["drafts"]


def test_a_french_sites_drafts_space_the_colon(tmp_path):
    project = project_in(tmp_path, "fr", {"2026/2026-03-04-api": FILES["2026/2026-03-04-api"]})
    drafts = comms(project, "2026-03-04-api")
    email = drafts["email"]["text"]
    assert f"Résolu{NBSP}: " in email
    assert "Public API et Website" in email
    assert f"Résolu{NBSP}: " in drafts["email"]["html"]
    assert f"Résolu{NBSP}: Elevated API errors" in drafts["in_app"]["text"]
    for post in drafts.get("social", {}).values():
        assert post["text"].startswith(f"Résolu{NBSP}: Elevated API errors")


def test_an_english_sites_drafts_keep_their_colon(tmp_path):
    project = project_in(tmp_path, "en", {"2026/2026-03-04-api": FILES["2026/2026-03-04-api"]})
    drafts = comms(project, "2026-03-04-api")
    assert "Resolved: the incident affecting Public API, Website is over." in drafts["email"]["text"]
    assert drafts["in_app"]["text"].startswith("Resolved: Elevated API errors")


def build(tmp_path, monkeypatch, language: str) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    project_in(tmp_path, language)
    build_site(tmp_path / "mkdocs.yml", now=NOW)
    site = tmp_path / "site"
    return {name: (site / name / "index.html").read_text(encoding="utf-8")
            for name in ("", "incidents/2026-03-10-web", "components/api", "history")}


def test_a_french_status_page_spaces_the_colon(tmp_path, monkeypatch):
    pages = build(tmp_path, monkeypatch, "fr")
    status = pages[""]
    assert f"Public API{NBSP}: " in status  # the bars' labels
    assert f"Public API{NBSP}: Panne partielle." in pages["components/api"]  # its description


def test_a_japanese_site_lists_with_its_comma_and_ends_with_its_full_stop(tmp_path, monkeypatch):
    pages = build(tmp_path, monkeypatch, "ja")
    status, incident_page = pages[""], pages["incidents/2026-03-10-web"]
    assert "Public API、Website" in incident_page
    assert "Public API, Website" not in incident_page and "Public API, Website" not in status
    description = status.split('<meta property="og:description" content="')[1].split('"')[0]
    assert description.endswith("。"), description
    component = pages["components/api"].split('<meta property="og:description" content="')[1].split('"')[0]
    assert "。" in component
    for text in (description, component):  # sentences follow a full-width stop without a space
        assert "。 " not in text and text.count("。") >= 2, text


def test_a_japanese_sites_e_mail_lists_with_its_comma(tmp_path):
    project = project_in(tmp_path, "ja", {"2026/2026-03-10-web": FILES["2026/2026-03-10-web"].replace("P2", "P1")})
    email = comms(project, "2026-03-10-web")["email"]
    assert "Public API、Websiteに影響する" in email["text"] and "Public API、Websiteに影響する" in email["html"]
