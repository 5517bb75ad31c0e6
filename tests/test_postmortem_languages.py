"""The post-incident report skeleton in the site's language (issue #26): `statusgen postmortem` writes it in
theme.language from the catalogs, `--publish` refuses its placeholders in every language, naming the line, and
an English site's skeleton is what it always was, byte for byte (tests/skeletons/)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.languages.catalogs import gettext_for
from generator.validate.placeholders import LESSONS_ASK, ROOT_CAUSE_ASK, unfilled
from generator.core.timeutil import parse_time
from generator.read.config import load_config
from generator.validate.project import load_project
from sample import write_project
from test_cli import run

SKELETONS = Path(__file__).parent / "skeletons"
NOW = "2026-03-13T12:00:00Z"

OUTAGE = """\
---
title: Elevated API errors
severity: P2
components:
  api: partial_outage
  web: degraded_performance
started: 2026-03-04T09:05:00Z
updates:
  - at: 2026-03-04T09:12:00Z
    status: investigating
    message: Looking into it.
  - at: 2026-03-04T09:40:00Z
    status: identified
    message: |
      An expired certificate on one load balancer | the edge rejected requests from many clients, and retries made the queue grow far beyond its usual size for a while.

      Second paragraph.
    components:
      api: major_outage
  - at: 2026-03-04T10:05:00Z
    status: resolved
    message: Error rates are back to normal.
---
"""
BREACH = """\
---
title: Unauthorised access to support tickets
severity: P1
components: {}
security:
  data: |
    - e-mail addresses
    - names
started: 2026-03-04T10:00:00Z
updates:
  - at: 2026-03-04T11:00:00Z
    status: investigating
    message: We are investigating.
  - at: 2026-03-04T12:00:00Z
    status: resolved
    message: Closed.
---
"""
MAINTENANCE = """\
---
type: maintenance
title: Database upgrade
components:
  api: under_maintenance
window:
  start: 2026-03-12T02:00:00Z
  end: 2026-03-12T04:00:00Z
updates:
  - at: 2026-03-05T10:00:00Z
    status: scheduled
    message: We will upgrade.
  - at: 2026-03-12T02:00:00Z
    status: in_progress
    message: Started.
  - at: 2026-03-12T03:30:00Z
    status: completed
    message: Done.
---
"""
FILES = {"2026-03-04-api": OUTAGE, "2026-03-04-breach": BREACH, "2026-03-12-db": MAINTENANCE}


def speaking(project, language: str | None):
    """The project, its theme.language set to `language` (None: left as English, by default)."""
    if language:
        text = project.mkdocs.read_text()
        project.mkdocs.write_text(text.replace("theme:\n", f"theme:\n  language: {language}\n", 1))
    return project


def published(report: str) -> str:
    """The outage, resolved, with `report` published below it."""
    head, end, _rest = OUTAGE.rpartition("---\n")
    return head + "report_published: 2026-03-05T10:00:00Z\n" + end + report


def skeleton(root: Path, name: str, language: str | None = None, monkeypatch=None) -> str:
    """The file after `statusgen postmortem NAME`, on a project of that one file in `language`."""
    project = speaking(write_project(root, {f"{name}.md": FILES[name]}), language)
    monkeypatch.chdir(root)
    run("postmortem", name, "--now", NOW)
    return (project.incidents / f"{name}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(FILES))
def test_an_english_sites_skeleton_is_what_it_always_was(tmp_path, monkeypatch, name):
    expected = (SKELETONS / f"{name}.md").read_text(encoding="utf-8")
    assert skeleton(tmp_path, name, monkeypatch=monkeypatch) == expected


# -- other languages ------------------------------------------------------------------------------------------

LANGUAGES = ("de", "fr", "es", "pt-BR", "ja")


def body(text: str) -> str:
    return text.split("\n---\n", 1)[1]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(FILES))
def test_the_skeleton_is_in_the_sites_language_with_no_english_line_left(tmp_path, monkeypatch, name, language):
    english = body((SKELETONS / f"{name}.md").read_text(encoding="utf-8")).split("\n")
    written = body(skeleton(tmp_path, name, language, monkeypatch)).split("\n")
    _ = gettext_for(language)
    assert len(written) == len(english)  # the same lines, each in the language
    assert sum(mine != theirs for mine, theirs in zip(written, english) if mine.startswith("## ")) >= 6
    for mine, theirs in zip(written, english):
        if theirs.startswith("| 2026-"):  # the timeline: the times as they were, the events' own words translated
            assert mine[:19] == theirs[:19] and mine != theirs
        elif theirs.startswith("## "):  # through the catalog (French writes "Impact" as English does)
            assert mine == "## " + _(theirs[3:])
        elif theirs.strip() in ("", "- …", "- e-mail addresses", "- names"):  # neutral, or the file's own text
            assert mine == theirs
        else:
            assert mine != theirs, f"still English in {language}: {theirs!r}"
    # Its placeholders are found (the same ones as in English), and nothing else is.
    found = unfilled("\n".join(written), 1, language)
    assert [f.what for f in found] == [f.what for f in unfilled("\n".join(english), 1)]


def test_a_german_skeleton_writes_german_dates_durations_and_vocabulary(tmp_path, monkeypatch):
    text = body(skeleton(tmp_path, "2026-03-04-api", "de", monkeypatch))
    assert "## Zusammenfassung\n\n- **Datum**: 4.\u00a0März\u00a02026\n- **Dauer**: 1 Std.\n" in text
    assert "- **Schweregrad**: P2 (Hoch)\n" in text
    assert ("- **Auswirkungen**: Beschreiben Sie, was Kunden von Public API und Website bemerkt haben.\n" in text)
    assert ("| Zeit (UTC) | Ereignis |\n|------------|----------|\n"
            "| 2026-03-04 09:05 | Beginn der Auswirkungen |\n") in text
    # The statuses and impacts as the German pages name them; the update's own text as written.
    assert "| 2026-03-04 09:40 | Ursache erkannt: An expired certificate on one load balancer \\| the edge" in text
    assert "(Public API: Teilausfall → Schwerer Ausfall) |\n" in text
    assert "| Maßnahme | Verantwortlich | Fällig am | Status |\n" \
           "|----------|----------------|-----------|--------|\n" \
           "| Beschreiben Sie eine vorbeugende Maßnahme | Team | YYYY-MM-DD | Offen |\n" in text
    assert "- Offengelegte Daten: keine.\n" in text


# What a German author writes in place of each placeholder of the German skeleton.
GERMAN_FILLED = {
    "- **Auswirkungen**: Beschreiben Sie, was Kunden von Public API und Website bemerkt haben.":
        "- **Auswirkungen**: Jede fünfte API-Anfrage schlug 53 Minuten lang fehl.",
    "Beschreiben Sie die Ursache der Störung so, dass Kunden sie nachvollziehen können.":
        "Ein Zertifikat an einem Load Balancer war abgelaufen.",
    "- Betroffene Nutzer: beschreiben Sie, wer betroffen war und wie viele.": "- Betroffene Nutzer: alle API-Kunden.",
    "- …": "- Wir haben das Zertifikat schnell gefunden.",
    "| Beschreiben Sie eine vorbeugende Maßnahme | Team | YYYY-MM-DD | Offen |":
        "| Warnung 30 Tage vor Ablauf eines Zertifikats | Plattform | 2026-04-01 | Offen |",
    "Die wichtigsten Erkenntnisse, um ähnliche Störungen zu vermeiden.":
        "Jedes Zertifikat braucht einen Verantwortlichen.",
}


def test_publish_refuses_a_german_skeletons_placeholders_naming_each_line_then_publishes_it_filled(
        tmp_path, monkeypatch):
    name = "2026-03-04-api"
    text = skeleton(tmp_path, name, "de", monkeypatch)
    path = tmp_path / "incidents" / f"{name}.md"
    result = run("postmortem", "--publish", name, "--now", NOW, ok=False)
    refused = [line for line in result.output.splitlines() if "not published: the report still has" in line]
    lines = text.split("\n")
    expected = [number for number, line in enumerate(lines, start=1) if line in GERMAN_FILLED]
    assert len(expected) == len(refused) == 7  # two "- …"
    for number, message in zip(expected, refused):
        assert message.startswith(f"incidents/{name}.md:{number}: not published: "), message
        assert lines[number - 1][:30] in message
    assert any('the root cause ("Beschreiben Sie die Ursache der Störung' in m for m in refused)
    assert path.read_text(encoding="utf-8") == text  # nothing written
    filled = "\n".join(GERMAN_FILLED.get(line, line) for line in lines)
    path.write_text(filled, encoding="utf-8")
    run("postmortem", "--publish", name, "--now", NOW)
    assert path.read_text(encoding="utf-8") == filled.replace("---\n\n## Zusammenfassung",
                                                              f"report_published: {NOW}\n---\n\n## Zusammenfassung")
    assert run("validate", "--now", NOW).exit_code == 0


def test_a_german_security_skeletons_data_placeholder_is_refused_with_its_line(tmp_path, monkeypatch):
    name = "2026-03-04-breach"
    unnamed = FILES[name].replace("security:\n  data: |\n    - e-mail addresses\n    - names\n", "security: true\n")
    monkeypatch.setitem(FILES, name, unnamed)  # no data named yet: the line asks for it
    text = skeleton(tmp_path, name, "de", monkeypatch)
    line = "- Offengelegte Daten: beschreiben Sie, welche Informationen betroffen waren und wem sie gehören."
    number = text.split("\n").index(line) + 1
    result = run("postmortem", "--publish", name, "--now", NOW, ok=False)
    assert f"incidents/{name}.md:{number}: not published: the report still has the skeleton's placeholder for the " \
           f'data exposed ("{line[:60]}' in result.output


@pytest.mark.parametrize("language", ("en", *LANGUAGES))
def test_validate_refuses_a_published_report_with_any_languages_placeholder(tmp_path, language):
    """On a German site, the skeleton's placeholders in any language: the English one it wrote before the skeleton
    spoke German, or another language's, written while the site spoke that one."""
    _ = gettext_for(language)
    report = f"## {_('Root Cause')}\n\n{_(ROOT_CAUSE_ASK)}\n"
    project = speaking(write_project(tmp_path, {"2026-03-04-api.md": published(report)}), "de")
    loaded = load_project(load_config(project.mkdocs), parse_time(NOW))
    errors = [d.format() for d in loaded.diagnostics if d.level == "error"]
    written = (project.incidents / "2026-03-04-api.md").read_text(encoding="utf-8")
    number = written.split("\n").index(_(ROOT_CAUSE_ASK)) + 1
    [error] = errors
    assert error.startswith(f"incidents/2026-03-04-api.md:{number}: report_published is set but the report still has "
                            f'the skeleton\'s placeholder for the root cause ("{_(ROOT_CAUSE_ASK)[:40]}'), error


def test_checking_an_english_sites_published_report_reads_no_catalog(tmp_path):
    """An English site's report is checked against the English skeleton only: validate, mid-incident, imports no
    Babel for it (tests/test_languages.py has the same for a site without a report)."""
    report = "## Root Cause\n\nAn expired certificate.\n\n## Lessons Learned\n\n" + LESSONS_ASK + "\n"
    project = write_project(tmp_path, {"2026-03-04-api.md": published(report)})
    probe = ("import sys\nfrom click.testing import CliRunner\nfrom generator.cli import main\n"
             f"result = CliRunner().invoke(main, ['validate', '-f', {str(project.mkdocs)!r}])\n"
             "print(result.exit_code, 'the lessons learned' in result.output,"
             " sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.stdout.strip() == "1 True []", done.stdout + done.stderr


def test_a_projects_own_skeleton_still_renders_on_a_german_site(tmp_path, monkeypatch):
    """An override written before the skeleton spoke languages (started, duration, components, timeline) works,
    and one may use the catalog's words as the shipped one does."""
    project = speaking(write_project(tmp_path, {"2026-03-04-api.md": OUTAGE}), "de")
    (project.template_overrides() / "postmortem.md.j2").write_text(
        '## {{ _("Root Cause") }} ({{ started.strftime("%Y-%m-%d") }}, {{ duration }}, {{ severity_text }})\n\n'
        "{% for row in timeline %}\n- {{ row.event }}\n{% endfor %}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run("postmortem", "2026-03-04-api", "--now", NOW)
    text = body((project.incidents / "2026-03-04-api.md").read_text(encoding="utf-8"))
    assert text.startswith("\n## Ursache (2026-03-04, 1 Std., P2 (Hoch))\n\n- Beginn der Auswirkungen\n"
                           "- Wird untersucht: Looking into it.\n")
