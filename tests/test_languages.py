"""The reader's language: theme.language resolved to a locale, and dates, times, durations and numbers
written the way each shipped language writes them (generator.languages)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from generator.core.diagnostics import UserError
from generator.core.percent import percent_text
from generator.languages import formatting as f
from generator.languages.locales import UnknownLanguage, locale_of
from generator.read.config import load_config

from sample import write_project

MOMENT = datetime(2026, 3, 4, 14, 5, tzinfo=timezone.utc)
BERLIN, TOKYO = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize("code,babel", [("en", "en"), ("de", "de"), ("fr", "fr"), ("es", "es"), ("pt-BR", "pt_BR"),
                                        ("ja", "ja"), ("pt", "pt"), ("zh-Hant", "zh_Hant"), ("sh", "sr_Latn")])
def test_materials_codes_become_babels_locales(code, babel):
    assert str(locale_of(code)) == babel


@pytest.mark.parametrize("code,says", [
    ("pt_BR", 'did you mean "pt-BR"?'),  # Babel's spelling where Material's is expected
    ("PT-br", 'did you mean "pt-BR"?'),
    ("de-DE", 'did you mean "de"?'),
    ("klingon", "is not a language Material for MkDocs has interface strings for"),
    ("", "must be a language code"),
])
def test_a_code_material_does_not_know_is_refused_with_the_near_one(code, says):
    with pytest.raises(UnknownLanguage, match=says.replace("?", r"\?")):
        locale_of(code)


def test_a_language_the_project_gives_material_is_accepted_when_babel_knows_it():
    with pytest.raises(UnknownLanguage):
        locale_of("gsw")  # Swiss German: Babel knows it, Material ships no strings for it
    assert str(locale_of("gsw", frozenset({"gsw"}))) == "gsw"
    with pytest.raises(UnknownLanguage, match="not a language Babel can write dates and numbers in"):
        locale_of("tlh", frozenset({"tlh"}))


def _site(tmp_path, monkeypatch, theme_lines: str):
    monkeypatch.chdir(tmp_path)
    project = write_project(tmp_path)
    text = project.mkdocs.read_text(encoding="utf-8").replace("  name: material\n",
                                                               "  name: material\n" + theme_lines, 1)
    project.mkdocs.write_text(text, encoding="utf-8")
    return project


def test_the_sites_language_is_theme_language(tmp_path, monkeypatch):
    _site(tmp_path, monkeypatch, "  language: pt-BR\n")
    assert load_config("mkdocs.yml").language == "pt-BR"


def test_without_theme_language_the_site_is_english(tmp_path, monkeypatch):
    _site(tmp_path, monkeypatch, "")
    assert load_config("mkdocs.yml").language == "en"


def test_an_unknown_language_names_mkdocs_yml_and_its_line_with_the_other_problems(tmp_path, monkeypatch):
    project = _site(tmp_path, monkeypatch, "  language: pt_BR\n")
    line = project.mkdocs.read_text(encoding="utf-8").split("\n").index("  language: pt_BR") + 1
    text = project.mkdocs.read_text(encoding="utf-8").replace("site_name:", "site_name: ''\nold_site_name:", 1)
    project.mkdocs.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_config("mkdocs.yml")
    found = [d.format() for d in caught.value.diagnostics]
    assert f'mkdocs.yml:{line + 1}: theme.language: "pt_BR" is not a language Material for MkDocs has interface ' \
           'strings for (did you mean "pt-BR"?)' in found
    assert any("site_name: is required" in problem for problem in found)  # all problems in one run


def test_a_language_file_in_custom_dir_is_a_language_material_has(tmp_path, monkeypatch):
    project = _site(tmp_path, monkeypatch, "  language: gsw\n  custom_dir: overrides\n")
    with pytest.raises(UserError, match="gsw"):
        load_config("mkdocs.yml")
    (project.root / "overrides" / "partials" / "languages").mkdir(parents=True)
    (project.root / "overrides" / "partials" / "languages" / "gsw.html").write_text("", encoding="utf-8")
    assert load_config("mkdocs.yml").language == "gsw"


# What each shipped language shows for 2026-03-04 14:05 UTC; durations of 2 h 15 min and 3 d 4 h; 1234567.5;
# an uptime of 99.996 %.
EXPECTED = {
    "en": ("Mar 4, 2026", "March 4, 2026", "15:05\xa0CET", "Mar 4, 2026, 14:05\xa0UTC", "2 h 15 min", "3 d 4 h",
           "1,234,567.5", "99.99%"),
    "de": ("04.03.2026", "4. März 2026", "15:05\xa0MEZ", "04.03.2026, 14:05\xa0UTC", "2 Std. 15 Min.", "3 Tg. 4 Std.",
           "1.234.567,5", "99,99\xa0%"),
    "fr": ("4 mars 2026", "4 mars 2026", "15:05\xa0CET", "4 mars 2026, 14:05\xa0UTC", "2\u202fh 15\xa0min",
           "3\u202fj 4\u202fh", "1\u202f234\u202f567,5", "99,99\xa0%"),
    "es": ("4 mar 2026", "4 de marzo de 2026", "15:05\xa0CET", "4 mar 2026, 14:05\xa0UTC", "2 h 15 min", "3 d 4 h",
           "1.234.567,5", "99,99\xa0%"),
    "pt-BR": ("4 de mar. de 2026", "4 de março de 2026", "15:05\xa0CET", "4 de mar. de 2026 14:05\xa0UTC",
              "2 h 15 min", "3 dias 4 h", "1.234.567,5", "99,99%"),
    "ja": ("2026/03/04", "2026年3月4日", "15:05\xa0CET", "2026/03/04 14:05\xa0UTC", "2 時間 15 分", "3 日 4 時間",
           "1,234,567.5", "99.99%"),
}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_shipped_language_writes_dates_times_durations_and_numbers_its_own_way(code):
    locale = locale_of(code)
    assert (
        f.format_date(MOMENT, locale), f.format_date(MOMENT.date(), locale, "long"),
        f.format_time(MOMENT, locale, BERLIN), f.format_datetime(MOMENT, locale),
        f.format_duration(timedelta(hours=2, minutes=15), locale), f.format_duration(timedelta(days=3, hours=4), locale),
        f.format_number(1234567.5, locale), f.format_percent(99.996, locale),
    ) == EXPECTED[code]


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_times_are_on_the_24_hour_clock_with_their_zone_in_every_language(code):
    locale = locale_of(code)
    evening = datetime(2026, 7, 1, 21, 30, tzinfo=timezone.utc)
    assert f.format_time(evening, locale).startswith("21:30") and f.format_time(evening, locale).endswith("UTC")
    assert f.format_time(evening, locale, TOKYO) in ("6:30\xa0JST", "06:30\xa0JST")  # the next morning in Tokyo
    # A zone CLDR and the zone database have no letters for: the offset, never a bare "-03".
    assert f.format_time(evening, locale, ZoneInfo("America/Sao_Paulo")).endswith(
        "\xa0BRT" if code == "pt-BR" else "\xa0UTC-3")
    assert f.format_time(evening, locale, ZoneInfo("Asia/Kathmandu")).endswith("\xa0UTC+5:45")


def test_the_zone_is_named_as_readers_of_the_language_name_it():
    winter, summer = MOMENT, datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
    assert f.zone_abbreviation(winter, BERLIN, locale_of("de")) == "MEZ"
    assert f.zone_abbreviation(summer, BERLIN, locale_of("de")) == "MESZ"
    assert f.zone_abbreviation(summer, BERLIN, locale_of("en")) == "CEST"
    assert f.zone_abbreviation(summer, ZoneInfo("America/New_York"), locale_of("en")) == "EDT"
    for code in EXPECTED:
        assert f.zone_abbreviation(summer, timezone.utc, locale_of(code)) == "UTC"
        assert f.zone_abbreviation(summer, ZoneInfo("Etc/UTC"), locale_of(code)) == "UTC"


@pytest.mark.parametrize("delta,en,de", [
    (timedelta(0), "0 min", "0 Min."),
    (timedelta(seconds=20), "<\xa01 min", "<\xa01 Min."),  # a blip is not nothing
    (timedelta(minutes=45), "45 min", "45 Min."),
    (timedelta(hours=1), "1 h", "1 Std."),
    (timedelta(days=1), "1 d", "1 Tg."),
    (timedelta(days=2, minutes=59), "2 d", "2 Tg."),  # two units at most: the minutes of days are noise
    (timedelta(seconds=-5), "0 min", "0 Min."),
])
def test_durations_have_at_most_two_units(delta, en, de):
    assert (f.format_duration(delta, locale_of("en")), f.format_duration(delta, locale_of("de"))) == (en, de)


def test_durations_in_english_keep_the_pages_own_units_where_cldr_says_hr_and_days():
    assert f.format_duration(timedelta(days=3, hours=1), locale_of("en")) == "3 d 1 h"


@pytest.mark.parametrize("percent", [99.996, 99.719982, 99.9999, 100.0, 0.0, 12.345, 1 - 0.001, 99.0, 33.33333])
def test_percentages_are_cut_like_the_rest_of_the_page_in_every_language(percent):
    """The English figure is exactly core.percent's; the others are the same digits in their own signs."""
    english = f.format_percent(percent, locale_of("en"))
    assert english == percent_text(percent)
    digits = english.rstrip("%")
    assert f.format_percent(percent, locale_of("de")).replace(".", "").replace(",", ".").replace("\xa0%", "") \
        == digits.replace(",", "")
    assert f.format_percent(percent, locale_of("ja")) == english


def test_a_near_hundred_is_never_shown_as_a_hundred():
    for code in EXPECTED:
        assert not f.format_percent(99.99999, locale_of(code)).startswith("100")


def test_a_date_is_taken_as_the_day_given():
    late = datetime(2026, 3, 4, 23, 30, tzinfo=timezone.utc).astimezone(TOKYO)  # already the 5th in Tokyo
    assert f.format_date(late, locale_of("en")) == "Mar 5, 2026"
    assert f.format_date(date(2026, 12, 31), locale_of("de"), "full") == "Donnerstag, 31. Dezember 2026"


def test_a_german_site_with_translated_incidents_builds_and_its_templates_speak_german(tmp_path, monkeypatch):
    from generator.render.renderer import Renderer
    from generator.write.build import build_site

    from sample import NOW, incident, state_of

    text = incident(updates=[("2026-03-04T09:12:00Z", "investigating", "Wir untersuchen Fehler in der API.")])
    text = text.replace("    message: Wir untersuchen Fehler in der API.\n",
                        "    message: Wir untersuchen Fehler in der API.\n"
                        "    translations:\n      en: We are investigating errors on the API.\n", 1)
    project = _site(tmp_path, monkeypatch, "  language: de\n")
    project.write_incident("2026/2026-03-04-api", text)
    config = load_config("mkdocs.yml")
    env = Renderer(state_of(config, NOW)).env
    assert env.from_string("{{ _('Partial outage') }} · {% trans %}Monitoring{% endtrans %}").render() \
        == "Teilausfall · Wird beobachtet"
    build_site(project.mkdocs, now=NOW)
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in page and "Wir untersuchen Fehler in der API." in page
    assert "We are investigating errors on the API." not in page  # the page shows the site's own text


def test_checking_an_english_site_does_not_import_babel(tmp_path):
    """statusgen validate, new, update... read mkdocs.yml and the incidents on every run, mid-incident:
    an English site without translations asks Babel nothing, so it does not pay for importing it."""
    import subprocess
    import sys
    from pathlib import Path

    from sample import incident

    project = write_project(tmp_path, {"2026/2026-03-04-api": incident()})
    probe = ("import sys\nfrom click.testing import CliRunner\nfrom generator.cli import main\n"
             f"result = CliRunner().invoke(main, ['validate', '-f', {str(project.mkdocs)!r}])\n"
             "print(result.exit_code, sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.stdout.strip() == "0 []", done.stdout + done.stderr


def test_a_language_the_project_gives_material_may_be_a_translations_language_too(tmp_path, monkeypatch):
    """theme.language accepts a language of <custom_dir>/partials/languages; a translation into it, in the
    file or by --message-in, is accepted the same way, and refused the same way without that file."""
    from click.testing import CliRunner

    from generator.cli import main
    from generator.validate.project import load_project

    from sample import NOW, incident

    project = _site(tmp_path, monkeypatch, "  custom_dir: overrides\n")
    text = incident(updates=[("2026-03-04T09:12:00Z", "investigating", "We are investigating.")])
    project.write_incident("2026/2026-03-04-api", text.replace("\nupdates:\n", "\ntranslations:\n  gsw:\n"
                                                                             "    title: API-Fääler\nupdates:\n", 1))
    refused = load_project(load_config("mkdocs.yml"), NOW)
    assert [d.message for d in refused.errors] == [
        'translations.gsw: "gsw" is not a language Material for MkDocs has interface strings for; see its list '
        "of languages"]
    (project.root / "overrides" / "partials" / "languages").mkdir(parents=True)
    (project.root / "overrides" / "partials" / "languages" / "gsw.html").write_text("", encoding="utf-8")
    loaded = load_project(load_config("mkdocs.yml"), NOW)
    assert loaded.errors == [] and loaded.incidents[0].title_in("gsw").text == "API-Fääler"
    result = CliRunner().invoke(main, ["new", "-t", "Webhooks late", "-s", "P3", "-c", "webhooks=degraded_performance",
                                       "--id", "webhooks-late", "--title-in", "gsw=Webhooks spaat",
                                       "--message-in", "gsw=Mir lueged.", "--now", "2026-03-05T09:00:00Z"])
    assert result.exit_code == 0, result.output
    after = {item.id: item for item in load_project(load_config("mkdocs.yml"), NOW).incidents}
    assert after["webhooks-late"].title_in("gsw").text == "Webhooks spaat"
    assert after["webhooks-late"].updates[0].message_in("gsw").text == "Mir lueged."
