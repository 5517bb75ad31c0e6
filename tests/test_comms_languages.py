"""The drafts speak their readers' language: a German site's e-mail, posts and banner text are German
(statusgen's words and its dates), and an audience that reads another language than the site's gets its
own e-mail in it, once, through a mailing-list provider (the Listmonk stand-in) or as `statusgen comms`
shows it; a one-language site's ids and record stay what they were."""
from __future__ import annotations

import json
import re
import textwrap
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from gitrepo import GitProject
from list_providers import Listmonk
from sample import COMPONENTS, write_project
from smtp_support import SmtpServer

from generator.cli import main
from generator.languages import catalogs

NOW = "2026-03-04T12:00:00Z"
ID = "2026-03-04-sign-in"
# A German site's incidents are written in German.
STOERUNG = """
---
title: Anmeldung nicht möglich
severity: P1
components:
  web: major_outage
  api: degraded_performance
started: 2026-03-04T10:00:00Z
updates:
  - at: 2026-03-04T10:03:00Z
    status: investigating
    message: Niemand kann sich anmelden.
  - at: 2026-03-04T10:15:00Z
    status: identified
    message: Ein abgelaufenes Zertifikat.
  - at: 2026-03-04T10:30:00Z
    status: resolved
    message: Die Anmeldung funktioniert wieder.
---
"""
EINBRUCH = """
---
title: Unbefugter Zugriff
severity: P1
security:
  data: E-Mail-Adressen von etwa 300 Konten.
components:
  web: partial_outage
updates:
  - at: 2026-03-04T10:03:00Z
    status: investigating
    message: Wir haben unbefugte Zugriffe festgestellt.
---
"""
WARTUNG = """
---
type: maintenance
title: Datenbank-Upgrade
components:
  api: under_maintenance
window:
  start: 2026-03-10T02:00:00Z
  end: 2026-03-10T04:00:00Z
updates:
  - at: 2026-03-04T11:00:00Z
    status: scheduled
    message: Wir aktualisieren die Datenbank.
---
"""
COMMS_FILES = ("templates/comms/", "generator/languages/speech.py", "generator/write/wording.py")


def german(project) -> None:
    project.mkdocs.write_text(project.mkdocs.read_text().replace("theme:\n", "theme:\n  language: de\n", 1))


def english_fragments() -> set[str]:
    """statusgen's own English words in the drafts (the catalog's entries from the comms templates and code),
    cut at their placeholders; a piece the German catalog also uses as it is ("Update (") is left out."""
    with (catalogs.folder() / "de.po").open("rb") as source:
        de = read_po(source)
    out = set()
    for message in de:
        ids = (message.id,) if isinstance(message.id, str) else message.id
        if not message.id or not any(path.startswith(COMMS_FILES) for path, _ in message.locations):
            continue
        translated = " ".join((message.string,) if isinstance(message.string, str) else message.string)
        for english in ids:
            for piece in re.split(r"%\(\w+\)s", english):
                piece = piece.strip(" .,:;()")
                if len(re.findall(r"[A-Za-z]+", piece)) >= 2 and piece not in translated:
                    out.add(piece)
    assert len(out) > 60  # the test reads what it means to
    return out


def comms_json(project, *args) -> dict:
    result = CliRunner().invoke(main, ["comms", "-f", str(project.mkdocs), "--now", NOW, *args, "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    [message] = json.loads(result.output)["messages"]
    return message


def texts(message: dict) -> list[str]:
    drafts = message["drafts"]
    out = []
    if "email" in drafts:
        out += [drafts["email"]["subject"], drafts["email"]["text"], drafts["email"]["html"]]
    out += [post["text"] for post in drafts.get("social", {}).values()]
    out += [drafts["in_app"]["text"]] if "in_app" in drafts else []
    return out


def test_a_german_sites_drafts_carry_no_english_statusgen_words_and_german_dates(tmp_path):
    project = write_project(tmp_path / "s", {f"{ID}.md": STOERUNG, "2026-03-04-einbruch.md": EINBRUCH,
                                             "2026-03-10-db.md": WARTUNG})
    german(project)
    english = english_fragments()
    drafted = []
    for incident, updates in ((ID, (1, 2, 3)), ("2026-03-04-einbruch", (1,)), ("2026-03-10-db", (1,))):
        for number in updates:
            for channel in ("email", "social", "in_app"):
                drafted += texts(comms_json(project, incident, "--update", str(number), "--channel", channel))
    assert len(drafted) == 5 * (3 + 3 + 1)  # e-mail (subject, text, HTML), three posts and the banner, each
    words = "\n".join(drafted)
    assert sorted(piece for piece in english if piece in words) == []
    # Babel's German dates, in the site's zone (a time and its zone are never broken apart)
    assert "Nächstes Update: bis 04.03.2026, 10:18\u00a0UTC" in words
    assert "Dauer: 30 Min." in words and "Zusammenfassung:" in words
    assert "Geplante Wartung: Datenbank-Upgrade (10.03.2026, 02:00–04:00\u00a0UTC)" in words
    assert '<html lang="de">' in words and "Sicherheitshinweis: Unbefugter Zugriff" in words


def test_a_german_sites_e_mail_reaches_the_smtp_server_in_german(tmp_path):
    repo = GitProject(tmp_path / "status")
    german(repo.project)
    repo.commit("German")
    with SmtpServer(tmp_path, mode="plain") as smtp:
        env = {**smtp.env(), "STATUSGEN_RECORD": str(tmp_path / "r.jsonl")}
        assert repo.run("notify", "--now", NOW, "--begin-record", env=env).exit_code == 0
        repo.write(f"{ID}.md", STOERUNG.split("  - at: 2026-03-04T10:15")[0] + "---\n")
        repo.commit("Störung")
        done = repo.run("notify", "--now", NOW, "--backoff", "0", "--attempts", "1", env=env)
        assert done.exit_code == 0, done.output
        [(_, _, _, raw, _, _)] = smtp.handler.messages
    mail = message_from_bytes(raw, policy=policy.default)  # the bytes the server received
    assert str(mail["Subject"]) == "[Test Status] Störung: Anmeldung nicht möglich"
    text = mail.get_body(("plain",)).get_content()
    assert "Wird untersucht: Es liegt eine Störung vor, die Website und Public API betrifft." in text
    assert "Beginn: 04.03.2026, 10:00\u00a0UTC" in text and "Was betroffen ist:" in text
    html = mail.get_body(("html",)).get_content()
    assert '<html lang="de">' in html and "Diese Störung auf der Statusseite verfolgen" in html
    # The id is what the update says, in any language: the same as an English site's for the same file.
    assert re.fullmatch(rf"<statusgen\.{ID}\.1\.[0-9a-f]{{12}}@status\.example\.com>", mail["Message-ID"].strip())


# -- an audience that reads another language ---------------------------------------------------------------

FIRST = """
---
title: Sign-in unavailable
severity: P1
components:
  web: major_outage
started: 2026-03-04T10:00:00Z
translations:
  de:
    title: Anmeldung nicht möglich
updates:
  - at: 2026-03-04T10:03:00Z
    status: investigating
    message: Nobody can sign in.
    translations:
      de: Niemand kann sich anmelden.
---
"""
RESOLVED = FIRST.rstrip().removesuffix("---") + """\
  - at: 2026-03-04T10:30:00Z
    status: resolved
    message: Sign-in works again.
---
"""


def two_languages(url: str, language: str = "de") -> str:
    return textwrap.dedent(f"""\
        mailing_list:
          provider: listmonk
          url: {url}
          audiences:
            everyone: [1]
            kunden-de: [5]
        notifications:
          audiences:
            - name: kunden-de
              description: Kunden in Deutschland
              language: {language}
          severities:
            P1:
              email: [everyone, kunden-de]
        """)


def notify(repo, env, *extra):
    return repo.run("notify", "--now", NOW, "--backoff", "0", "--attempts", "1", "--timeout", "2", *extra, env=env)


def attempts(record: Path) -> list[dict]:
    return [x for x in map(json.loads, record.read_text().splitlines())
            if x.get("type") == "attempt" and x.get("channel") == "mailing-list"]


@pytest.fixture
def listmonk():
    with Listmonk() as server:
        yield server


def test_two_audiences_each_get_the_message_in_their_language_once(tmp_path, listmonk):
    repo = GitProject(tmp_path / "status", options=two_languages(listmonk.url))
    record = tmp_path / "r.jsonl"
    env = {**listmonk.env(), "STATUSGEN_RECORD": str(record)}
    assert notify(repo, env, "--begin-record").exit_code == 0
    repo.write(f"{ID}.md", FIRST)
    repo.commit("first")
    done = notify(repo, env)
    assert done.exit_code == 0, done.output
    again = notify(repo, env)
    assert again.exit_code == 0 and len(listmonk.campaigns) == 2, again.output
    english, deutsch = listmonk.campaigns
    assert [x["id"] for x in english["lists"]] == [1] and [x["id"] for x in deutsch["lists"]] == [5]
    assert english["subject"] == "[Test Status] Incident: Sign-in unavailable" and "Nobody can sign in" in english["body"]
    assert deutsch["subject"] == "[Test Status] Störung: Anmeldung nicht möglich"
    assert "Niemand kann sich anmelden." in deutsch["altbody"] and "Nobody" not in deutsch["altbody"]
    assert "nicht auf Deutsch" not in deutsch["altbody"]  # all of it is translated: no note
    assert [c["status"] for c in listmonk.campaigns] == ["running", "running"]
    # The site's readers' message keeps the id (and record) it always had; the German one is its own.
    site, other = attempts(record)
    digest = re.escape(site["message_id"].split(".")[3])
    assert re.fullmatch(rf"<statusgen\.{ID}\.1\.[0-9a-f]{{12}}\.mailing-list@status\.example\.com>", site["message_id"])
    assert other["message_id"] == site["message_id"].replace(".mailing-list@", ".mailing-list.to-kunden-de@")
    assert re.search(digest, other["message_id"])
    assert "language" not in site and other["language"] == "de" and other["audiences"] == ["kunden-de"]
    # A translation added afterwards is not news: nothing is sent again, in either language.
    repo.write(f"{ID}.md", FIRST.replace("    title: Anmeldung nicht möglich", "    title: Anmeldung gestört"))
    repo.commit("a better translation")
    assert notify(repo, env).exit_code == 0 and len(listmonk.campaigns) == 2
    # The resolution was not translated: the German readers get the English text, and are told so.
    repo.write(f"{ID}.md", RESOLVED)
    repo.commit("resolved")
    assert notify(repo, env).exit_code == 0 and len(listmonk.campaigns) == 4
    resolution = listmonk.campaigns[3]["altbody"]
    assert "Sign-in works again." in resolution and "Zusammenfassung:" in resolution
    assert "Ein Teil dieser Nachricht liegt noch nicht auf Deutsch vor" in resolution and "auf Englisch" in resolution


def test_a_failure_between_languages_sends_neither_twice_nor_loses_one(tmp_path, listmonk):
    repo = GitProject(tmp_path / "status", options=two_languages(listmonk.url))
    env = {**listmonk.env(), "STATUSGEN_RECORD": str(tmp_path / "r.jsonl")}
    assert notify(repo, env, "--begin-record").exit_code == 0
    repo.write(f"{ID}.md", FIRST)
    repo.commit("first")
    listmonk.fault("POST /api/campaigns", "", "500")  # the site's language goes out; the German one fails
    failed = notify(repo, env)
    assert failed.exit_code != 0 and len(listmonk.campaigns) == 1
    assert notify(repo, env).exit_code == 0
    assert [c["subject"] for c in listmonk.started()] == ["[Test Status] Incident: Sign-in unavailable",
                                                          "[Test Status] Störung: Anmeldung nicht möglich"]
    assert notify(repo, env).exit_code == 0 and len(listmonk.campaigns) == 2


def test_comms_shows_each_languages_draft_beside_the_sites(tmp_path):
    project = write_project(tmp_path / "s", {f"{ID}.md": FIRST}, options=two_languages("https://lists.example.com"))
    message = comms_json(project, ID)
    assert message["drafts"]["email"]["subject"] == "[Test Status] Incident: Sign-in unavailable"
    other = message["languages"]["de"]
    assert other["audiences"] == {"email": ["kunden-de"]}
    assert other["drafts"]["email"]["subject"] == "[Test Status] Störung: Anmeldung nicht möglich"
    assert other["drafts"]["email"]["message_id"].endswith(".to-kunden-de@status.example.com>")
    text = CliRunner().invoke(main, ["comms", "-f", str(project.mkdocs), "--now", NOW, ID]).output
    assert "=== email in de, for kunden-de" in text and "Niemand kann sich anmelden." in text


def test_a_one_language_sites_ids_and_drafts_are_what_they_were(tmp_path):
    """Pinned: the ids `notify` has recorded for this file, and the words it has sent (English site)."""
    project = write_project(tmp_path / "s", {f"{ID}.md": FIRST})
    message = comms_json(project, ID, "--channel", "email")
    assert message["drafts"]["email"]["message_id"] == f"<statusgen.{ID}.1.dc72404a3bbb@status.example.com>"
    assert "languages" not in message
    assert message["drafts"]["email"]["text"].startswith(
        "Investigating: we are experiencing an issue affecting Website.\n\nNobody can sign in.\n\nWhat is affected:\n"
        "- Website: Major outage\n\nStarted: 2026-03-04 10:00 UTC\n"
        "Next update: by 2026-03-04 10:18 UTC, or sooner if anything changes.\n")
    assert '<html lang="en">' in message["drafts"]["email"]["html"]


@pytest.mark.parametrize("language, said", [
    ("pt_BR", 'notifications.audiences[0].language: "pt_BR" is not a language Material for MkDocs has interface '
              'strings for (did you mean "pt-BR"?)'),
    ("[de]", "notifications.audiences[0].language: must be a language code such as de, fr or pt-BR, got a list"),
])
def test_an_audiences_language_is_checked_with_its_line(tmp_path, language, said):
    project = write_project(tmp_path / "s", {}, options=two_languages("https://lists.example.com", language))
    result = CliRunner().invoke(main, ["validate", "-f", str(project.mkdocs)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    line = next(n for n, text in enumerate(project.mkdocs.read_text().splitlines(), 1) if "language: " in text
                and "theme" not in text)
    assert f"mkdocs.yml:{line}:" in result.output and said in result.output, result.output


def test_everyone_reads_the_sites_language(tmp_path):
    options = two_languages("https://lists.example.com").replace("- name: kunden-de", "- name: everyone")
    project = write_project(tmp_path / "s", {}, options=options)
    result = CliRunner().invoke(main, ["validate", "-f", str(project.mkdocs)])
    assert result.exit_code != 0
    assert "notifications.audiences[0].language: everyone reads the site's language (theme.language)" in result.output


def test_a_german_sites_default_update_texts_are_german(tmp_path):
    project = write_project(tmp_path / "s", {})
    german(project)
    result = CliRunner().invoke(main, ["new", "-f", str(project.mkdocs), "-t", "API-Fehler", "-s", "P2", "-c",
                                       "api=partial_outage", "-c", "web=degraded_performance",
                                       "--now", "2026-03-04T09:00:00Z"])
    assert result.exit_code == 0, result.output
    [written] = project.incidents.glob("*.md")
    text = written.read_text()
    assert "Wir untersuchen gemeldete Probleme mit Public API und Website." in text, text
    assert "We are" not in text


def test_a_dry_run_tries_each_languages_e_mail(tmp_path, listmonk):
    repo = GitProject(tmp_path / "status", options=two_languages(listmonk.url))
    env = {**listmonk.env(), "STATUSGEN_RECORD": str(tmp_path / "r.jsonl")}
    assert notify(repo, env, "--begin-record").exit_code == 0
    repo.write(f"{ID}.md", FIRST)
    repo.commit("first")
    done = notify(repo, env, "--dry-run")
    assert done.exit_code == 0, done.output
    assert "e-mail in de (kunden-de):\nSubject: [Test Status] Störung: Anmeldung nicht möglich" in done.output
    assert listmonk.campaigns == []


@pytest.mark.parametrize("lists, said", [
    # Listmonk: list 1 is both everyone's (English) and kunden-de's (German)
    ("everyone: [1]\n    kunden-de: [1, 5]",
     "mailing_list.audiences.kunden-de: 'kunden-de' reads de, but shares list 1 with 'everyone', which reads the "
     "site's language (en): a subscriber on it would get the message twice, once in each; give each language "
     "lists of its own"),
    # Buttondown: `all` is every subscriber, kunden-de's too
    ("everyone: all\n    kunden-de: [tag-de]",
     "mailing_list.audiences.everyone: 'everyone' is `all`, every subscriber, those of 'kunden-de' (de) too: they "
     "would get the message twice, once in each language; map 'everyone' to the tags of its own readers"),
])
def test_lists_shared_between_languages_are_refused_with_their_line(tmp_path, lists, said):
    """One campaign per language: a subscriber on lists of two languages would get both, so such lists are
    refused before anything is sent (before languages, one campaign reached them once)."""
    options = two_languages("https://lists.example.com").replace("everyone: [1]\n    kunden-de: [5]", lists)
    if "all" in lists:
        options = options.replace("provider: listmonk", "provider: buttondown")
    project = write_project(tmp_path / "s", {}, options=options)
    result = CliRunner().invoke(main, ["validate", "-f", str(project.mkdocs)])
    assert result.exit_code != 0 and "Traceback" not in result.output, result.output
    name = said.split(":")[0].rsplit(".", 1)[1]
    line = next(n for n, text in enumerate(project.mkdocs.read_text().splitlines(), 1)
                if text.strip().startswith(f"{name}:") and "[" in text or text.strip() == f"{name}: all")
    assert f"mkdocs.yml:{line}: plugins.statusgen.{said}" in result.output or \
        f"mkdocs.yml:{line}: {said}" in result.output, result.output


def test_separate_lists_per_language_are_accepted(tmp_path):
    options = two_languages("https://lists.example.com").replace("everyone: [1]", "everyone: [1]\n    component:api: [7]")
    project = write_project(tmp_path / "s", {}, options=options)
    result = CliRunner().invoke(main, ["validate", "-f", str(project.mkdocs)])
    assert result.exit_code == 0, result.output


def _announced(tmp_path, listmonk, options: str):
    """A project with a record whose first P1 incident went out to the lists: (repo, env, the commit before)."""
    repo = GitProject(tmp_path / "status", options=options)
    env = {**listmonk.env(), "STATUSGEN_RECORD": str(tmp_path / "r.jsonl")}
    assert notify(repo, env, "--begin-record").exit_code == 0
    before = repo.git("rev-parse", "HEAD")
    repo.write(f"{ID}.md", FIRST)
    repo.commit("first")
    assert notify(repo, env).exit_code == 0
    return repo, env, before


@pytest.mark.parametrize("first", ["everyone", "kunden-de"])
def test_an_audience_given_a_language_later_is_not_sent_the_message_again(tmp_path, listmonk, first):
    """The same change planned again (`notify --since`, or a run that did not settle) after kunden-de was given
    `language: de`: it already had the message in the site's campaign, and so had everyone."""
    site_only = two_languages(listmonk.url).replace("      language: de\n", "")
    if first == "kunden-de":
        site_only = site_only.replace("email: [everyone, kunden-de]", "email: [kunden-de, everyone]")
    repo, env, before = _announced(tmp_path, listmonk, site_only)
    assert len(listmonk.started()) == 1
    [campaign] = listmonk.started()
    assert sorted(x["id"] for x in campaign["lists"]) == [1, 5]  # kunden-de had it, in English
    repo.config.write_text(re.sub(r"( *)description: Kunden in Deutschland\n", r"\g<0>\1language: de\n",
                                  repo.config.read_text()))
    assert "language: de" in repo.config.read_text()
    repo.commit("kunden-de reads German")
    again = notify(repo, env, "--since", before)
    assert again.exit_code == 0, again.output
    assert len(listmonk.started()) == 1, [c["subject"] for c in listmonk.started()]
    assert "already sent to " in again.output, again.output


def test_an_audience_added_after_the_campaign_went_out_gets_the_message_once(tmp_path, listmonk):
    """The same change planned again (`notify --since`, or a run that did not settle) after an audience was
    added behind the first: the campaign went out under the first audience's name, so without a look at
    whom it reached the new audience would never get the message."""
    options = two_languages(listmonk.url).replace("      language: de\n", "").replace(
        "email: [everyone, kunden-de]", "email: [everyone]")
    repo, env, before = _announced(tmp_path, listmonk, options)
    assert [sorted(x["id"] for x in c["lists"]) for c in listmonk.started()] == [[1]]
    repo.config.write_text(repo.config.read_text().replace("email: [everyone]", "email: [everyone, kunden-de]"))
    repo.commit("kunden-de hears of P1 incidents too")
    again = notify(repo, env, "--since", before)
    assert again.exit_code == 0, again.output
    assert [sorted(x["id"] for x in c["lists"]) for c in listmonk.started()] == [[1], [5]]  # kunden-de's only
    once_more = notify(repo, env, "--since", before)
    assert once_more.exit_code == 0, once_more.output
    assert len(listmonk.started()) == 2, once_more.output


def test_an_audiences_e_mail_links_to_its_languages_page_when_the_site_builds_one(tmp_path):
    """With `languages: [de]` the site has /de/incidents/ID/, where the untranslated part is marked: the German
    e-mail (which says "as on the status page") links there; the site's own e-mail keeps its address."""
    options = two_languages("https://lists.example.com") + "languages: [de]\n"
    project = write_project(tmp_path / "s", {f"{ID}.md": FIRST}, options=options)
    message = comms_json(project, ID)
    site = message["drafts"]["email"]
    deutsch = message["languages"]["de"]["drafts"]["email"]
    page = f"https://status.example.com/incidents/{ID}/"
    assert page in site["text"] and "/de/" not in site["text"]
    german_page = f"https://status.example.com/de/incidents/{ID}/"
    assert german_page in deutsch["text"] and f'href="{german_page}"' in deutsch["html"], deutsch["text"]
    assert page not in deutsch["text"]


def test_an_audiences_drafts_name_the_components_in_its_language(tmp_path):
    components = [dict(c, translations={"de": "Webseite"}) if c["id"] == "web" else c for c in COMPONENTS]
    project = write_project(tmp_path / "s", {f"{ID}.md": FIRST}, components=components,
                            options=two_languages("https://lists.example.com"))
    message = comms_json(project, ID)
    german = json.dumps(message["languages"]["de"]["drafts"], ensure_ascii=False)
    assert "Webseite" in german and "Website" not in german
    own = json.dumps(message["drafts"], ensure_ascii=False)
    assert "Website" in own and "Webseite" not in own
