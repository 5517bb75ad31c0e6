"""`statusgen new`, `update` and `resolve` take the title and messages in other languages
(--title-in, --message-in LANG=TEXT), write them where docs/languages.md says, and refuse bad ones
naming the option, before anything is written."""
from __future__ import annotations

import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.core.translations import InLanguage
from generator.read.reader import split_source

from sample import COMPONENTS, write_project
from test_cli import load, project, run  # noqa: F401  (project is a fixture: the same CLI project and runner)

NOW = "2026-03-04T09:30:00Z"
FILE = "incidents/2026-03-04-api-down.md"


def front_matter(path):
    source, _ = split_source(path.read_text(encoding="utf-8"), path, path.name)
    return yaml.safe_load(source.front_matter)


def test_new_update_and_resolve_write_translations_the_model_reads(project):
    run("new", "-t", "API down", "-s", "P1", "-c", "api=major_outage", "--now", NOW,
        "--title-in", "de=API nicht erreichbar", "--title-in", "ja=API 停止",
        "-m", "We are investigating.", "--message-in", "de=Wir untersuchen das Problem.",
        "--message-in", "pt-BR=Estamos investigando.\n\nMais em breve.")
    run("update", "-s", "identified", "-m", "A bad deploy.", "--message-in", "de=Ein fehlerhaftes Deployment.",
        "--now", "2026-03-04T09:40:00Z")
    run("resolve", "-m", "Fixed.", "--message-in", "ja=解決しました。", "--now", "2026-03-04T09:50:00Z")
    facts = front_matter(project / FILE)
    assert facts["translations"] == {"de": {"title": "API nicht erreichbar"}, "ja": {"title": "API 停止"}}
    assert [u.get("translations") for u in facts["updates"]] == [
        {"de": "Wir untersuchen das Problem.\n", "pt-BR": "Estamos investigando.\n\nMais em breve.\n"},
        {"de": "Ein fehlerhaftes Deployment.\n"}, {"ja": "解決しました。\n"}]
    loaded = load(project, "2026-03-04T10:00:00Z")
    assert loaded.errors == []
    [item] = loaded.incidents
    assert item.title_in("ja") == InLanguage("API 停止")
    assert [u.message_in("de") for u in item.updates] == [
        InLanguage("Wir untersuchen das Problem."), InLanguage("Ein fehlerhaftes Deployment."),
        InLanguage("Fixed.", fallback=True)]


def test_bad_translations_are_refused_naming_the_option_all_at_once_and_nothing_is_written(project):
    result = run("new", "-t", "API down", "-s", "P1", "-c", "api=major_outage", "--now", NOW,
                 "--title-in", "pt_BR=API indisponível", "--message-in", "en=Same language",
                 "--message-in", "fr=", "--message-in", "de=Zeile\u2028Umbruch", ok=False)
    assert result.output.splitlines() == [
        'statusgen new: --title-in pt_BR=...: "pt_BR" is not a language Material for MkDocs has interface strings '
        'for (did you mean "pt-BR"?)',
        "statusgen new: --message-in en=...: en is the site's own language (theme.language); give that text with "
        "the option without -in",
        "statusgen new: --message-in fr=...: the text must not be empty",
        "statusgen new: --message-in de=... contains U+2028 (LINE SEPARATOR), an invisible line break that YAML, "
        "editors and browsers each read differently (it usually comes from copy and paste); replace it with an "
        "ordinary line break or a space and run the command again",
    ]
    assert list((project / "incidents").iterdir()) == []


def test_update_refuses_a_bad_translation_and_leaves_the_file_as_it_was(project):
    run("new", "-t", "API down", "-s", "P1", "-c", "api=major_outage", "--now", NOW)
    before = (project / FILE).read_bytes()
    result = run("update", "-s", "identified", "-m", "A bad deploy.", "--message-in", "xx=Nope",
                 "--now", "2026-03-04T09:40:00Z", ok=False)
    assert f'{FILE}: --message-in xx=...: "xx" is not a language Material for MkDocs has interface strings' \
           in result.output
    assert (project / FILE).read_bytes() == before


def test_a_malformed_or_repeated_language_is_a_usage_error(project):
    for args, says in ((["--message-in", "Wir untersuchen"], "should look like LANG=TEXT"),
                       (["--message-in", "de=a", "--message-in", "de=b"], "de is given twice")):
        result = CliRunner().invoke(main, ["new", "-t", "x", "-s", "P1", "-c", "api=major_outage", *args])
        assert result.exit_code == 2 and says in result.output and "Traceback" not in result.output


def test_an_empty_message_and_a_bad_translation_are_refused_together(project):
    run("new", "-t", "API down", "-s", "P1", "-c", "api=major_outage", "--now", NOW)
    before = (project / FILE).read_bytes()
    result = run("update", "-s", "identified", "-m", " ", "--message-in", "xx=Nope", "--now", "2026-03-04T09:40:00Z",
                 ok=False)
    assert [line.split(": ", 1)[1] for line in result.output.splitlines()] == [
        "--message must not be empty",
        '--message-in xx=...: "xx" is not a language Material for MkDocs has interface strings for; see its list '
        "of languages"]
    assert (project / FILE).read_bytes() == before


def test_a_translated_title_is_one_line_like_the_title(project):
    result = run("new", "-t", "API down", "-s", "P1", "-c", "api=major_outage", "--now", NOW,
                 "--title-in", "de=API\nnicht erreichbar", ok=False)
    assert result.output.splitlines() == [
        "statusgen new: --title-in de=...: must be a single line, like --title"]
    assert list((project / "incidents").iterdir()) == []


def test_a_default_text_is_written_in_each_language_the_site_is_read_in(tmp_path, monkeypatch):
    """Without -m, the default text goes into every other language the site builds or an audience reads (that
    statusgen speaks), naming components as that language does; a text the author writes is never guessed at."""
    components = [dict(c, translations={"de": "Öffentliche API"}) if c["id"] == "api" else c for c in COMPONENTS]
    write_project(tmp_path, {}, components=components, options="languages: [de, it]\nnotifications:\n"
                  "  audiences:\n    - {name: clientes, description: Clientes, language: es}\n")
    monkeypatch.chdir(tmp_path)
    run("new", "-t", "API down", "-s", "P1", "-c", "api=major_outage", "--now", NOW)
    run("update", "-s", "identified", "-m", "A bad deploy.", "--now", "2026-03-04T09:40:00Z")
    run("resolve", "--now", "2026-03-04T09:50:00Z")
    first, told, resolved = front_matter(tmp_path / FILE)["updates"]
    assert first["message"].startswith("We are investigating reports of problems with Public API.")
    assert sorted(first["translations"]) == ["de", "es"]  # it: statusgen has no Italian words to say it in
    assert first["translations"]["de"].startswith("Wir untersuchen gemeldete Probleme mit Öffentliche API.")
    assert "translations" not in told
    assert resolved["message"].startswith("This incident has been resolved")
    assert sorted(resolved["translations"]) == ["de", "es"]
    loaded = load(tmp_path, "2026-03-04T10:00:00Z")
    assert loaded.errors == []
    [item] = loaded.incidents
    assert not item.updates[0].message_in("de").fallback and item.updates[1].message_in("de").fallback


def test_a_one_language_sites_default_text_has_no_translations(project):
    run("new", "-t", "API down", "-s", "P1", "-c", "api=major_outage", "--now", NOW)
    assert "translations" not in front_matter(project / FILE)["updates"][0]


def test_a_default_translation_left_behind_a_rewritten_message_is_warned_of(tmp_path, monkeypatch):
    """The author makes the default message specific, as they should; the German default it was written with
    would then tell German readers less, unmarked: validate (and the build) say so, naming the update's line."""
    write_project(tmp_path, {}, options="languages: [de]\n")
    monkeypatch.chdir(tmp_path)
    run("new", "-t", "API down", "-s", "P1", "-c", "api=major_outage", "--now", NOW)
    run("resolve", "--now", "2026-03-04T09:40:00Z")
    assert "0 warning(s)" in run("validate", "--strict", "--now", "2026-03-04T10:00:00Z").output
    path = tmp_path / FILE
    text = path.read_text()
    path.write_text(text.replace("We are investigating reports of problems with Public API.",
                                 "Checkout calls to the API fail with 503 since 09:20.", 1))
    result = run("validate", "--strict", "--now", "2026-03-04T10:00:00Z", ok=False)
    line = next(n for n, row in enumerate(path.read_text().splitlines(), 1) if "- at: 2026-03-04T09:30:00Z" in row)
    assert f"{FILE}:{line}: warning: update 1's de text is statusgen's default one, but its message was rewritten " \
           "since" in result.output, result.output
    assert "update 2" not in result.output  # the resolution is still the default in both languages
    path.write_text(path.read_text().replace("Wir untersuchen gemeldete Probleme mit Public API.",
                                             "Aufrufe der API schlagen seit 09:20 mit 503 fehl.", 1))
    assert "0 warning(s)" in run("validate", "--strict", "--now", "2026-03-04T10:00:00Z").output


def test_a_maintenances_default_translation_left_behind_is_warned_of_too(tmp_path, monkeypatch):
    write_project(tmp_path, {}, options="languages: [fr]\n")
    monkeypatch.chdir(tmp_path)
    run("new", "--maintenance", "-t", "Database upgrade", "-c", "api=under_maintenance", "--start",
        "2026-03-12T02:00:00Z", "--end", "2026-03-12T04:00:00Z", "--now", NOW)
    [path] = (tmp_path / "incidents").iterdir()
    assert "fr: |" in path.read_text() and "0 warning(s)" in run("validate", "--now", NOW).output
    path.write_text(path.read_text().replace("We will be performing scheduled maintenance", "We upgrade PostgreSQL", 1))
    assert "update 1's fr text is statusgen's default one" in run("validate", "--now", NOW).output
