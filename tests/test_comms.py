"""`statusgen comms`: the drafts every channel gets, from templates a project can override."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import GitProject
from sample import write_project
from test_notify import MAINTENANCE  # the same maintenance the notify tests announce

from generator.cli import main
from generator.comms.social import (
    LIMITS,
    MASTODON,
    X,
    mastodon_length,
    shorten,
    x_length,
)

NOW = "2026-03-04T12:00:00Z"
P1 = """
---
title: Sign-in unavailable
severity: P1
components:
  web: major_outage
  api: degraded_performance
started: 2026-03-04T10:00:00Z
updates:
  - at: 2026-03-04T10:03:00Z
    status: investigating
    message: |
      Nobody can sign in. We are on it.

      Workaround: API tokens still work.
  - at: 2026-03-04T10:30:00Z
    status: resolved
    message: Sign-in works again.
internal:
  notes: SECRET-INTERNAL-NOTE
---
"""
BREACH = """
---
title: Unauthorised access to some accounts
severity: P1
security:
  data: E-mail addresses and *hashed* passwords of about 300 accounts.
  actions: |
    - Reset your password.
    - Turn on multi-factor authentication.
components:
  web: partial_outage
updates:
  - at: 2026-03-04T10:03:00Z
    status: investigating
    message: We found unauthorised access to some accounts and have locked them.
---
"""
P3 = """
---
title: Slow exports
severity: P3
components:
  exports: degraded_performance
updates:
  - at: 2026-03-04T10:03:00Z
    status: identified
    message: Exports are slow.
---
"""
DRAFT = P3.replace("severity: P3", "severity: P3\ndraft: true")


@pytest.fixture
def project(tmp_path):
    return write_project(tmp_path / "status", {"2026-03-04-sign-in.md": P1, "2026-03-04-breach.md": BREACH,
                                               "2026-03-04-exports.md": P3, "2026-03-10-db.md": MAINTENANCE,
                                               "2026-03-04-draft.md": DRAFT})


def comms(project, *args):
    return CliRunner().invoke(main, ["comms", "-f", str(project.mkdocs), "--now", NOW, *args],
                              catch_exceptions=False)


def drafts_json(project, *args) -> dict:
    result = comms(project, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    [message] = json.loads(result.output)["messages"]
    return message


# -- counting as the platforms do --------------------------------------------------------------------

def test_x_counts_a_link_as_23_whatever_its_length():
    assert x_length("a https://status.example.com/incidents/" + "x" * 200 + "/") == 2 + 23
    assert x_length("see status.example.com") == 4 + 23  # X links a bare domain too
    assert mastodon_length("a https://status.example.com/" + "x" * 200) == 2 + 23


def test_x_counts_cjk_and_emoji_twice_and_latin_once():
    assert x_length("abc") == 3 and x_length("é") == 1 and x_length("日本語") == 6
    assert x_length("🔥") == 2 and x_length("👩\u200d💻") == 2 and x_length("🇫🇷") == 2 and x_length("👍🏽") == 2
    assert mastodon_length("日本語") == 3


def test_shorten_cuts_at_a_word_with_an_ellipsis():
    assert shorten("The database is slow today", 16) == "The database…"
    assert shorten("short", 10) == "short"
    assert len(shorten("x" * 50, 10)) == 10


SCOTLAND = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"  # a black flag and tags
FAMILY = "\U0001F469\u200d\U0001F469\u200d\U0001F467"  # three emoji joined by zero-width joiners
ACCENTED = "e\u0301\u0323"  # e, acute accent, dot below: one letter to a reader
CLUSTERS = {"combining marks": ACCENTED, "ZWJ sequence": FAMILY, "flag tag sequence": SCOTLAND,
            "regional flag": "\U0001F1EB\U0001F1F7", "skin tone": "\U0001F44D\U0001F3FD",
            "Indic conjunct": "\u0915\u094d\u0937\u093f"}


@pytest.mark.parametrize("cluster", CLUSTERS.values(), ids=CLUSTERS.keys())
def test_shorten_cuts_only_between_grapheme_clusters(cluster):
    text = cluster * 40
    for limit in range(2, 40):
        assert shorten(text, limit) == cluster * (limit - 1) + "…"
    assert shorten("Outage in " + text, 30) == "Outage in…"  # at a word when there is one


def test_sequences_count_as_the_platforms_count_them():
    assert x_length(SCOTLAND) == x_length(FAMILY) == 2  # X: an emoji sequence is 2, a tag sequence too
    assert x_length(ACCENTED) == 3  # X weighs code points (after NFC) outside emoji
    for cluster in (SCOTLAND, FAMILY, ACCENTED):
        assert mastodon_length(cluster) == 1  # Mastodon counts grapheme clusters
    # A server whose Unicode predates 15.1 splits a conjunct after its virama: never count fewer.
    assert mastodon_length("\u0915\u094d\u0937\u093f") == 2


def test_a_post_cut_inside_emoji_sequences_and_accents_keeps_each_whole(tmp_path):
    title = (SCOTLAND + FAMILY + ACCENTED) * 200  # one long word: cut inside it, between clusters
    project = write_project(tmp_path / "s", {"2026-03-04-sign-in.md": P1.replace(
        "title: Sign-in unavailable", "title: " + json.dumps(title, ensure_ascii=False))})
    social = drafts_json(project, "2026-03-04-sign-in")["drafts"]["social"]
    for platform, counter in ((X, x_length), (MASTODON, mastodon_length)):
        post, whole = social[platform], counter(SCOTLAND + FAMILY + ACCENTED)
        assert post["length"] == counter(post["text"]) <= LIMITS[platform]
        assert "…" in post["text"]
        rest = post["text"].replace(SCOTLAND, "").replace(FAMILY, "").replace(ACCENTED, "")
        assert not [c for c in rest if unicodedata.category(c) in ("Mn", "Cf") or ord(c) > 0xFFFF], platform
        # Each flag, family and letter counts as the platform counts it, so the cut keeps as many as fit.
        kept = post["text"].count(SCOTLAND)
        assert LIMITS[platform] - post["length"] < whole and kept >= (LIMITS[platform] - 60) // whole


# -- bidirectional controls stay inside the piece that opened them ----------------------------------
OPENERS, PDF, PDI = "\u202a\u202b\u202d\u202e\u2066\u2067\u2068", "\u202c", "\u2069"


def still_open(text: str) -> list[str]:
    """The embeddings, overrides and isolates open at the end of `text`, which must nest properly."""
    stack: list[str] = []
    for char in text:
        if char in OPENERS:
            stack.append(char)
        elif char in (PDF, PDI):
            assert stack and (char == PDI) == (stack[-1] in "\u2066\u2067\u2068"), f"stray closer in {text!r}"
            stack.pop()
    return stack


def test_an_unclosed_right_to_left_override_is_closed_before_the_link(tmp_path):
    text = P1.replace("title: Sign-in unavailable", 'title: "\\u202eSign-in unavailable"').replace(
        "message: Sign-in works again.", 'message: "\\u2067Sign-in works \\u202bagain."')
    project = write_project(tmp_path / "s", {"2026-03-04-sign-in.md": text})
    drafts = drafts_json(project, "2026-03-04-sign-in")["drafts"]
    url = "https://status.example.com/incidents/2026-03-04-sign-in/"
    one_line = {"X post": drafts["social"][X]["text"], "Mastodon post": drafts["social"][MASTODON]["text"],
                "chat message": drafts["chat"]["text"], "e-mail subject": drafts["email"]["subject"],
                "in-app banner": drafts["in_app"]["text"]}
    for name, line in one_line.items():
        assert "\u202eSign-in unavailable\u202c" in line, name  # the title keeps its override, closed
        assert still_open(line.split(url)[0]) == [], name
    assert "\u2067Sign-in works \u202bagain.\u202c\u2069" in drafts["social"][X]["text"]


def test_a_cut_inside_an_isolate_closes_it(tmp_path):
    assert still_open(shorten("\u2067" + "שלום עולם " * 30 + "\u2069 end", 50)) == []
    title = "\u2067" + "שלום " * 150 + "\u2069"  # closed as written, cut before its end
    project = write_project(tmp_path / "s", {"2026-03-04-sign-in.md": P1.replace(
        "title: Sign-in unavailable", "title: " + json.dumps(title, ensure_ascii=False))})
    post = drafts_json(project, "2026-03-04-sign-in")["drafts"]["social"][X]
    assert "…" in post["text"] and still_open(post["text"]) == []


@pytest.mark.parametrize("title", ["T" * 40, "Word " * 120, "日本語のタイトル" * 40])
def test_a_long_post_is_shortened_to_fit_and_says_so(tmp_path, title):
    text = P1.replace("title: Sign-in unavailable", f"title: {title.strip()}").replace(
        "Sign-in works again.", "Sign-in works again. " + "All requests succeed now. " * 40)
    project = write_project(tmp_path / "s", {"2026-03-04-sign-in.md": text})
    social = drafts_json(project, "2026-03-04-sign-in")["drafts"]["social"]
    for platform, counter in ((X, x_length), (MASTODON, mastodon_length)):
        post = social[platform]
        assert post["length"] == counter(post["text"]) <= LIMITS[platform] == post["limit"]
        assert post["text"].endswith("https://status.example.com/incidents/2026-03-04-sign-in/")
        assert post["notes"] and all("shortened to fit" in n for n in post["notes"])
        assert "…" in post["text"]


def test_a_short_post_is_left_as_written(project):
    post = drafts_json(project, "2026-03-04-sign-in")["drafts"]["social"][X]
    assert post == {"text": "Resolved: Sign-in unavailable — Sign-in works again. "
                            "https://status.example.com/incidents/2026-03-04-sign-in/",
                    "length": 53 + 23, "limit": 280, "notes": []}


def override(project, channel: str, name: str, text: str):
    """Writes the project's own comms template overrides/statusgen/comms/<channel>/<name>; returns its path."""
    path = project.root / "overrides" / "statusgen" / "comms" / channel / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_template_too_long_to_fit_is_an_error_not_a_long_post(project):
    override(project, "social", "resolved.txt.j2", "{{ title }} " + "padding " * 70 + "{{ url }}\n")
    result = comms(project, "2026-03-04-sign-in")
    assert result.exit_code == 1
    assert "resolved.txt.j2: the X post is" in result.output and "it allows 280" in result.output
    assert "Traceback" not in result.output


def test_a_post_without_the_link_is_refused(project):
    override(project, "social", "resolved.txt.j2", "{{ title }} is resolved\n")
    result = comms(project, "2026-03-04-sign-in")
    assert result.exit_code == 1 and "must link to the incident page; add {{ url }}" in result.output


# -- channels per severity ---------------------------------------------------------------------------

@pytest.mark.parametrize(("incident", "channels"), [
    ("2026-03-04-sign-in", {"email", "social", "in_app", "chat"}),  # P1
    ("2026-03-04-exports", {"chat"}),  # P3: status page, chat, webhook
    ("2026-03-10-db", {"in_app", "chat"}),  # maintenance_channels
])
def test_the_severity_chooses_the_channels(project, incident, channels):
    assert set(drafts_json(project, incident)["drafts"]) == channels


def test_a_p4_has_nothing_to_draft_and_says_so(tmp_path):
    project = write_project(tmp_path / "s", {"2026-03-04-typo.md": P3.replace("P3", "P4")})
    result = comms(project, "2026-03-04-typo")
    assert result.exit_code == 0 and "channels: status_page" in result.output
    assert "no channel of this severity takes a drafted message" in result.output


def test_channel_picks_one_even_outside_the_severity_and_says_it_would_not_be_sent(project):
    message = drafts_json(project, "2026-03-04-exports", "--channel", "email")
    assert set(message["drafts"]) == {"email"}
    assert message["notes"] == ["email is not among the channels of P3 (status_page, chat, webhook); this draft "
                                "would not be sent"]


# -- kinds of message --------------------------------------------------------------------------------

def test_each_update_has_its_kind_and_a_threaded_message_id(project):
    first = drafts_json(project, "2026-03-04-sign-in", "--update", "1")
    last = drafts_json(project, "2026-03-04-sign-in")
    assert (first["kind"], first["update"], last["kind"], last["update"]) == ("first", 1, "resolved", 2)
    assert re.fullmatch(r"<statusgen\.2026-03-04-sign-in\.1\.[0-9a-f]{12}@status\.example\.com>",
                        first["drafts"]["email"]["message_id"])
    assert first["drafts"]["email"]["in_reply_to"] is None
    assert last["drafts"]["email"]["in_reply_to"] == first["drafts"]["email"]["message_id"]
    assert first["drafts"]["email"]["subject"] == last["drafts"]["email"]["subject"]  # one thread
    assert "Next update: by 2026-03-04 10:18 UTC" in first["drafts"]["email"]["text"]
    text = last["drafts"]["email"]["text"]
    assert "- Duration: 30 min" in text and "within 48 hours" in text
    assert "Workaround: API tokens still work." in first["drafts"]["email"]["text"]
    # The heading says where the drafted update stands among those posted so far.
    assert comms(project, "2026-03-04-sign-in", "--update", "1").output.startswith(
        "# 2026-03-04-sign-in, update 1 of 2 (investigating): first notice;")
    assert comms(project, "2026-03-04-sign-in").output.startswith("# 2026-03-04-sign-in, update 2 of 2 (resolved)")


def test_the_breach_notice_has_the_sections_of_a_customer_notice(project):
    email = drafts_json(project, "2026-03-04-breach", "--channel", "email")["drafts"]["email"]
    assert email["subject"] == "[Test Status] Security notice: Unauthorised access to some accounts"
    text = email["text"]
    sections = ["What happened", "What information was involved", "What we are doing", "What you can do"]
    positions = [text.index(f"\n{s}\n") for s in sections]
    assert positions == sorted(positions)
    assert "E-mail addresses and hashed passwords of about 300 accounts." in text
    assert "- Reset your password.\n- Turn on multi-factor authentication." in text
    assert "We will send the next update by 2026-03-04 10:18 UTC." in text
    html = email["html"]
    assert [h for h in sections if f">{h}</h2>" in html] == sections
    assert "<em>hashed</em>" in html and "<li>Reset your password.</li>" in html


def test_a_security_incident_without_details_says_what_is_not_known_yet(tmp_path):
    project = write_project(tmp_path / "s", {"2026-03-04-b.md": BREACH.split("security:")[0] + "security: true\n"
                                             + "components:" + BREACH.split("components:")[1]})
    text = drafts_json(project, "2026-03-04-b", "--channel", "email")["drafts"]["email"]["text"]
    assert "We are still establishing which information was involved" in text
    assert "Turn on multi-factor authentication." in text


def test_maintenance_drafts_name_the_window(project):
    drafts = drafts_json(project, "2026-03-10-db")["drafts"]
    assert drafts["in_app"]["text"] == ("Scheduled maintenance: Database upgrade (2026-03-10 02:00–04:00 UTC) — We will "
                                        "upgrade the database.")
    email = drafts_json(project, "2026-03-10-db", "--channel", "email")["drafts"]["email"]
    assert email["subject"] == "[Test Status] Scheduled maintenance: Database upgrade"
    assert email["text"].startswith("Scheduled maintenance: 2026-03-10 02:00–04:00 UTC.")


# -- templates and safety ----------------------------------------------------------------------------

def test_every_template_can_be_overridden_by_the_project(project):
    override(project, "email", "resolved.txt.j2", "Subject: Fixed: {{ title }}\n\nAll good: {{ message }}\n")
    override(project, "email", "resolved.html.j2", "<p>{{ title }} fixed</p>\n")
    override(project, "in_app", "resolved.txt.j2", "{{ title }} is fixed\n")
    drafts = drafts_json(project, "2026-03-04-sign-in")["drafts"]
    assert drafts["email"]["subject"] == "Fixed: Sign-in unavailable"
    assert drafts["email"]["text"] == "All good: Sign-in works again.\n"
    assert drafts["email"]["html"] == "<p>Sign-in unavailable fixed</p>\n"
    assert drafts["in_app"]["text"] == "Sign-in unavailable is fixed"


def test_a_broken_override_names_its_file_and_line(project):
    template = override(project, "email", "resolved.txt.j2", "Subject: x\n\n{% if %}\n")
    result = comms(project, "2026-03-04-sign-in")
    assert result.exit_code == 1
    assert f"{template}:3: template error" in result.output and "Traceback" not in result.output


def test_an_email_template_without_a_subject_line_is_refused(project):
    override(project, "email", "resolved.txt.j2", "Hello\n")
    result = comms(project, "2026-03-04-sign-in")
    assert result.exit_code == 1 and 'resolved.txt.j2:1: the first line must be the subject' in result.output


def test_the_html_of_an_override_is_escaped_too(tmp_path):
    project = write_project(tmp_path / "s", {"2026-03-04-x.md": P1.replace(
        "title: Sign-in unavailable", 'title: "<img src=x onerror=alert(1)>"')})
    override(project, "email", "resolved.html.j2", "<h1>{{ title }}</h1>{{ message_html }}\n")
    html = drafts_json(project, "2026-03-04-x")["drafts"]["email"]["html"]
    assert html == "<h1>&lt;img src=x onerror=alert(1)&gt;</h1><p>Sign-in works again.</p>\n"


def test_nothing_internal_or_draft_is_drafted(project):
    result = comms(project, "2026-03-04-sign-in", "--format", "json")
    assert "SECRET-INTERNAL-NOTE" not in result.output
    refused = comms(project, "2026-03-04-draft")
    assert refused.exit_code == 1 and "is a draft (draft: true)" in refused.output


def test_unknown_ids_and_updates_are_clear_errors(project):
    unknown = comms(project, "2026-03-04-sign-on")
    assert unknown.exit_code == 1 and 'no incident with id "2026-03-04-sign-on"' in unknown.output
    assert "did you mean" in unknown.output.lower()
    missing = comms(project, "2026-03-04-sign-in", "--update", "3")
    assert missing.exit_code == 1 and "incidents/2026-03-04-sign-in.md:" in missing.output
    assert "--update 3: there is no such update; it has 2" in missing.output
    both = comms(project)
    assert both.exit_code == 2 and "give an incident ID" in both.output


def test_drafts_are_the_same_on_every_run(project):
    assert comms(project, "2026-03-04-breach", "--format", "json").output == \
        comms(project, "2026-03-04-breach", "--format", "json").output


# -- what merging would send (the pull request's job summary) -----------------------------------------

def test_since_drafts_every_announced_change_in_markdown(tmp_path):
    repo = GitProject(tmp_path / "status")
    repo.write("2026-03-04-sign-in.md", P1.replace("title: Sign-in unavailable", "title: Sign-in ``` <b>down</b>"))
    repo.write("2026-03-04-exports.md", P3)
    repo.commit("incidents")
    result = repo.run("comms", "--since", "HEAD~1", "--now", NOW, "--format", "markdown")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("### Messages merging would send")
    assert "#### Sign-in \\`\\`\\` \\<b\\>down\\</b\\>" in out  # escaped in the heading
    assert "````text\nResolved: Sign-in ``` <b>down</b> — " in out  # a fence longer than the title's backticks
    assert "**X** (" in out and "**Mastodon** (" in out and "<summary>HTML part</summary>" in out
    assert out.count("**Chat**") == 2 and out.count("**E-mail**") == 1  # P3 sends no e-mail
    assert "SECRET-INTERNAL-NOTE" not in out
    nothing = repo.run("comms", "--since", "HEAD", "--now", NOW, "--format", "markdown")
    assert "No announced change" in nothing.output


def test_the_pipeline_shows_the_drafts_and_keeps_the_record():
    import yaml

    root = Path(__file__).resolve().parents[1] / ".github" / "workflows"
    check = yaml.safe_load((root / "pull-request.yml").read_text())["jobs"]["check"]
    # Through statusgen's own Action, whose run.sh writes comms as Markdown into the job summary.
    assert {"command": "comms", "args": "--since HEAD^1"} in [s.get("with") for s in check["steps"]
                                                             if s.get("uses") == "./"]
    notify = yaml.safe_load((root / "deploy.yml").read_text())["jobs"]["notify"]["steps"]
    send = next(s for s in notify if "statusgen notify" in s.get("run", ""))
    assert set(send["env"]) >= {"STATUSGEN_SMTP_URL", "STATUSGEN_EMAIL_FROM", "STATUSGEN_EMAIL_TO"}
    # The record is a branch of the repository that notify itself fetches and pushes: no artifact trail.
    assert "--record-branch statusgen-record" in send["run"]
    assert not any("upload-artifact" in s.get("uses", "") or "gh run" in s.get("run", "") for s in notify)


def test_the_resolution_e_mail_says_sorry_once(tmp_path, monkeypatch):
    """The default resolve text already apologises and says when the report comes; the e-mail's own closing
    says it only after a message of the author's."""
    project = write_project(tmp_path / "status", {})
    monkeypatch.chdir(project.root)

    def resolution_email(message: list[str]) -> str:
        runner = CliRunner()
        assert runner.invoke(main, ["new", "-t", "API down", "-s", "P2", "-c", "api=major_outage",
                                    "--now", "2026-03-04T10:00:00Z"]).exit_code == 0
        result = runner.invoke(main, ["resolve", *message, "--now", "2026-03-04T11:00:00Z"])
        assert result.exit_code == 0, result.output
        email = drafts_json(project, "2026-03-04-api-down")["drafts"]["email"]
        for path in (project.incidents).iterdir():
            path.unlink()
        return email["text"]

    default = resolution_email([])
    assert default.count("A post-incident report will be published") == 1, default
    assert "We apologise for the disruption." in default and "We are sorry for the disruption." not in default
    own = resolution_email(["-m", "Fixed."])
    assert "We are sorry for the disruption. A post-incident report will be published on the status page within" \
           in own, own
