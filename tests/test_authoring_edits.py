"""Authoring edits keep the author's file: only the new lines differ, values are quoted when YAML
would reinterpret them, concurrent edits are never lost, and a killed edit leaves nothing behind.

The corpus below is written the way people really write incident files (and the way other tools
write them); every quirk in it used to be rewritten by `statusgen update`.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from generator.write.authoring import action_items_hint, add_update
from generator.read.config import load_config
from generator.core.diagnostics import UserError
from generator.validate.project import load_project
from generator.read.reader import split_source
from generator.core.timeutil import parse_time

from test_cli import project, run  # noqa: F401  (project is a fixture: the same CLI project and runner)

ROOT = Path(__file__).resolve().parent.parent

HEAD = "---\ntitle: API errors\nseverity: P2\ncomponents:\n  api: partial_outage\n"

CORPUS = {
    "fractional-seconds": HEAD + (
        "updates:\n"
        "  - at: 2026-03-04T09:10:00.500Z\n"
        "    status: investigating\n"
        "    message: Looking into it.\n"
        "---\n"),
    "escaped-characters": (
        '---\ntitle: "Caf\\u00e9 API errors"\nseverity: P2\ncomponents:\n  api: partial_outage\n'
        "updates:\n"
        "  - at: 2026-03-04T09:10:00Z\n"
        "    status: investigating\n"
        '    message: "R\\u00e9seau lent \\u2014 we are looking."\n'
        "---\n"),
    "four-space-mappings": (
        "---\ntitle: API errors\nseverity: P2\ncomponents:\n    api: partial_outage\n"
        "updates:\n"
        "    -   at: 2026-03-04T09:10:00Z\n"
        "        status: investigating\n"
        "        message: |\n"
        "            Looking into it.\n"
        "internal:\n"
        "    commander: SRE on-call\n"
        "---\n"),
    "offset-with-space": HEAD + (
        "started: 2026-03-04 09:05:00 +01:00\n"
        "updates:\n"
        "  - at: 2026-03-04 09:10:00 +01:00\n"
        "    status: investigating\n"
        "    message: Looking into it.\n"
        "---\n"),
    "multi-line-plain": HEAD + (
        "updates:\n"
        "  - at: 2026-03-04T09:10:00Z\n"
        "    status: investigating\n"
        "    message: We are looking into elevated error rates\n"
        "      on the Public API. Retries usually succeed.\n"
        "\n"
        "# Slack: #inc-api\n"
        "---\n"),
    "long-line": HEAD + (
        "updates:\n"
        "  - at: 2026-03-04T09:10:00Z\n"
        "    status: investigating\n"
        "    message: " + "Requests to the Public API fail intermittently. " * 100 + "\n"
        "---\n"),
    "anchors-and-aliases": (
        "---\ntitle: &title API errors\nseverity: P2\ncomponents: &affected\n  api: partial_outage\n"
        "updates:\n"
        "  - at: 2026-03-04T09:10:00Z\n"
        "    status: investigating\n"
        "    message: &first Looking into it.\n"
        "  - at: 2026-03-04T09:20:00Z\n"
        "    status: identified\n"
        "    message: *first\n"
        "internal:\n"
        "  first_words: *first\n"
        "---\n"),
    "tab-after-colon": HEAD + (
        "updates:\n"
        "  - at:\t2026-03-04T09:10:00Z\n"
        "    status:\tinvestigating\n"
        "    message:\tLooking into it.\n"
        "---\n"),
    "crlf-bom-comments": "\ufeff" + (HEAD + (
        "updates:  # oldest first\n"
        "  # first report came from support\n"
        "  - at: 2026-03-04T09:10:00Z  # from the pager\n"
        "    status: investigating\n"
        "    message: 'Looking into it.'  # agreed wording\n"
        "\n"
        "  - at: 2026-03-04T09:20:00Z\n"
        "    status: identified\n"
        "    message: >\n"
        "      A faulty deploy;\n"
        "      rolling back.\n"
        "\n"
        "internal:\n"
        "  notes: keep calm\n"
        "---\n"
        "\n")).replace("\n", "\r\n"),
    "indentless-dash-lines": HEAD + (
        "updates:\n"
        "-\n"
        "  at: 2026-03-04T09:10:00Z\n"
        "  status: investigating\n"
        "  message: Looking into it.\n"
        "---\n"),
    "flow-items": HEAD + (
        "updates:\n"
        "  - {at: 2026-03-04T09:10:00Z, status: investigating, message: Looking into it.}\n"
        "  - {at: 2026-03-04T09:20:00Z, status: identified,\n"
        "     message: \"A faulty deploy.\"}\n"
        "---\n"),
    "kept-trailing-lines": HEAD + (
        "updates:\n"
        "  - at: 2026-03-04T09:10:00Z\n"
        "    status: investigating\n"
        "    message: |+\n"
        "      Looking into it.\n"
        "\n"
        "internal:\n"
        "  notes: the blank line above is part of the message\n"
        "---\n"),
    "kept-lines-at-end": HEAD + (
        "updates:\n"
        "  - at: 2026-03-04T09:10:00Z\n"
        "    status: investigating\n"
        "    message: |+\n"
        "      Looking into it.\n"
        "\n"
        "\n"
        "---\n"),
    "line-separators": HEAD + (
        "updates:\n"
        "  - at: 2026-03-04T09:10:00Z\n"
        "    status: investigating\n"
        '    message: "Looking\\Linto\\Pit\\N."\n'
        "---\n"),
    "tracked-action-items": HEAD + (
        "updates:\n"
        "  - at: 2026-03-04T09:10:00Z\n"
        "    status: investigating\n"
        "    message: Looking into it.\n"
        "action_items:\n"
        "  - action: Alert on the rate of rejected requests\n"
        "    owner: Platform team\n"
        "    due: 2026-04-01\n"
        "---\n"),
}
# A report written after the resolution (statusgen postmortem --now).
NOW_PM = parse_time("2026-03-04T12:00:00Z")


def project_state(root, now="2026-03-04T12:00:00Z"):
    return load_project(load_config(root / "mkdocs.yml"), parse_time(now))


def write(root, name, text) -> Path:
    path = root / "incidents" / f"{name}.md"
    path.write_bytes(text.encode("utf-8"))
    return path


def lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


def only_lines_added(before: bytes, after: bytes) -> list[bytes]:
    """The lines `after` adds to `before` as one block; fails if any line of `before` changed."""
    old, new = lines(before), lines(after)
    assert len(new) > len(old)
    start = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), len(old))
    added = len(new) - len(old)
    assert new[:start] == old[:start] and new[start + added:] == old[start:], "an existing line changed"
    return new[start:start + added]


def as_published(facts: dict) -> dict:
    """Front matter as the page shows it: a message's surrounding line breaks do not count
    (a block at the very end of the front matter gains one when a line is added below it)."""
    updates = [{**u, "message": u["message"].strip()} for u in facts["updates"]]
    return {**facts, "updates": updates}


def front_matter_of(data: bytes, path: Path):
    source, problems = split_source(data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n"), path,
                                    path.name)
    assert not problems
    return yaml.load(source.front_matter, Loader=yaml.CSafeLoader)


def front_matter(path: Path):
    """The front matter's values as the build reads them."""
    source, problems = split_source(path.read_bytes().decode("utf-8"), path, path.name)
    assert not problems
    return yaml.load(source.front_matter, Loader=yaml.CSafeLoader)  # as the validator: libyaml


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_update_only_adds_lines_to_real_world_files(project, name):
    path = write(project, name, CORPUS[name])
    assert project_state(project).errors == [], "the corpus file itself must be valid"
    before_raw, before = path.read_bytes(), front_matter(path)

    run("update", name, "-s", "monitoring", "-m", "A fix is out.\n\nWe are watching error rates.",
        "--now", "2026-03-04T10:00:00Z")

    added = only_lines_added(before_raw, path.read_bytes())
    if b"\r\n" in before_raw:
        assert all(line.endswith(b"\r") for line in added)
    after = front_matter(path)
    assert after["updates"][:-1] == before["updates"]
    assert {k: v for k, v in after.items() if k != "updates"} == {k: v for k, v in before.items() if k != "updates"}
    assert after["updates"][-1]["status"] == "monitoring"
    assert after["updates"][-1]["message"].strip() == "A fix is out.\n\nWe are watching error rates."
    state = project_state(project)
    assert state.errors == []
    assert state.incidents[0].status == "monitoring"


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_resolve_and_postmortem_only_add_lines(project, name):
    path = write(project, name, CORPUS[name])
    before = path.read_bytes()
    run("resolve", name, "--now", "2026-03-04T10:00:00Z")
    resolved = path.read_bytes()
    only_lines_added(before, resolved)
    run("postmortem", name, "--now", "2026-03-04T12:00:00Z")
    after = path.read_bytes()
    # The skeleton is a draft: no report_published. Where there are no action items yet, a commented-out
    # action_items block closes the front matter; the report skeleton goes at the end; nothing else changes.
    eol = b"\r\n" if b"\r\n" in resolved else b"\n"
    fence = resolved.index(eol + b"---", 4) + len(eol)
    hint = [] if "action_items" in front_matter_of(resolved, path) else list(action_items_hint(NOW_PM))
    added = eol.join(line.encode() for line in hint) + eol if hint else b""
    assert after[:fence] == resolved[:fence] and after[fence:fence + len(added)] == added
    assert after[fence + len(added):].startswith(resolved[fence:])
    assert as_published(front_matter(path)) == as_published(front_matter_of(resolved, path))
    state = project_state(project)
    assert state.errors == [] and not state.incidents[0].has_report  # written, not published
    # Filled in, then published: --publish adds exactly one line, report_published, at the front matter's end.
    body_at = after.index(b"## Summary")
    filled = after[:body_at] + b"## Summary" + eol + eol + b"An expired certificate." + eol
    path.write_bytes(filled)
    run("postmortem", "--publish", name, "--now", "2026-03-04T13:00:00Z")
    published = path.read_bytes()
    end = filled.index(eol + b"---", len(after[:fence]) - len(eol)) + len(eol)
    stamp = b"report_published: 2026-03-04T13:00:00Z" + eol
    assert published == filled[:end] + stamp + filled[end:]
    expected = {**front_matter_of(resolved, path), "report_published": datetime(2026, 3, 4, 13, tzinfo=timezone.utc)}
    assert as_published(front_matter(path)) == as_published(expected)
    state = project_state(project)
    assert state.errors == [] and state.incidents[0].has_report


def test_a_new_report_offers_action_items_to_track_once_taken_out_of_their_comment(project):
    path = write(project, "fractional-seconds", CORPUS["fractional-seconds"])
    run("resolve", "fractional-seconds", "--now", "2026-03-04T10:00:00Z")
    run("postmortem", "fractional-seconds", "--now", "2026-03-04T12:00:00Z")
    assert "action_items" not in front_matter(path)  # only a comment until someone fills it in
    assert project_state(project).internal["fractional-seconds"].action_items == ()
    text = path.read_text(encoding="utf-8")
    for line in action_items_hint(NOW_PM)[2:]:
        text = text.replace(line, line.removeprefix("# "), 1)
    path.write_text(text, encoding="utf-8")
    state = project_state(project)
    assert state.errors == []
    (item,) = state.internal["fractional-seconds"].action_items
    assert (item.owner, item.due.isoformat(), item.status) == ("Who sees it through", "2026-04-03", "open")


def test_update_follows_the_authors_item_and_message_indentation(project):
    path = write(project, "four-space-mappings", CORPUS["four-space-mappings"])
    run("update", "four-space-mappings", "-s", "identified", "-m", "Found it.\nRolling back.",
        "--now", "2026-03-04T10:00:00Z")
    assert (b"    -   at: 2026-03-04T10:00:00Z\n"
            b"        status: identified\n"
            b"        message: |\n"
            b"            Found it.\n"
            b"            Rolling back.\n"
            b"internal:\n") in path.read_bytes()


def test_update_goes_right_after_the_last_update_before_what_follows(project):
    path = write(project, "crlf-bom-comments", CORPUS["crlf-bom-comments"])
    run("update", "crlf-bom-comments", "-s", "monitoring", "-m", "Watching.", "--now", "2026-03-04T10:00:00Z")
    text = path.read_bytes().decode("utf-8")
    assert ("      rolling back.\r\n"
            "  - at: 2026-03-04T10:00:00Z\r\n"
            "    status: monitoring\r\n"
            "    message: |\r\n"
            "      Watching.\r\n"
            "\r\n"
            "internal:\r\n") in text


def test_flow_style_updates_list_is_refused_clearly(project):
    text = HEAD + ("updates: [{at: 2026-03-04T09:10:00Z, status: investigating, message: Looking.}]\n"
                   "---\n")
    path = write(project, "flow-list", text)
    result = run("update", "flow-list", "-s", "identified", "-m", "Found it.", "--now", "2026-03-04T10:00:00Z",
                 ok=False)
    assert "incidents/flow-list.md:6: updates is written as a flow list" in result.output
    assert "one update per line" in result.output
    assert path.read_text() == text


@pytest.mark.parametrize("title", ["10:45", "yes", "On", "no", "1e3", "0x1F", "~", "null", "2026-03-04",
                                   "12:30:00", "- dash", "Incident #5", "API: errors", "'quoted'", "[brackets]",
                                   "@mention", "%percent", "trailing: ", "&anchor", "*star", "!bang", "| pipe"])
def test_new_quotes_a_title_yaml_would_reinterpret(project, title):
    run("new", "-t", title, "-s", "P2", "-c", "api=partial_outage", "--id", "inc", "--now", "2026-03-04T09:00:00Z")
    path = project / "incidents" / "inc.md"
    assert front_matter(path)["title"] == title.strip()
    state = project_state(project)
    assert state.errors == [] and state.incidents[0].title == title.strip()


def test_new_writes_a_plain_title_when_it_is_safe(project):
    run("new", "-t", "Elevated API errors", "-s", "P2", "-c", "api=partial_outage", "--id", "inc",
        "--now", "2026-03-04T09:00:00Z")
    assert "\ntitle: Elevated API errors\n" in (project / "incidents" / "inc.md").read_text()


@pytest.mark.parametrize("message", ["  indented first line\nsecond", "ends with spaces   \n   ", "carriage\rreturn",
                                     "10:45", "tab\tinside", "emoji \U0001F680 and é", "---\nnot a fence",
                                     "# heading\n\n- list item"])
def test_messages_are_written_so_they_load_back_unchanged(project, message):
    run("new", "-t", "API errors", "-s", "P2", "-c", "api=partial_outage", "--id", "inc", "-m", message,
        "--now", "2026-03-04T09:00:00Z")
    run("update", "inc", "-s", "identified", "-m", message, "--now", "2026-03-04T10:00:00Z")
    updates = front_matter(project / "incidents" / "inc.md")["updates"]
    assert [u["message"].strip("\n") for u in updates] == [message.strip("\n")] * 2
    assert project_state(project).errors == []


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_invisible_line_breaks_are_refused_at_input(project, char):
    result = run("new", "-t", "API errors", "-s", "P2", "-c", "api=partial_outage", "--id", "inc",
                 "-m", f"one{char}two", "--now", "2026-03-04T09:00:00Z", ok=False)
    assert f"statusgen new: --message contains U+{ord(char):04X}" in result.output
    assert "replace it with an ordinary line break" in result.output
    assert not any((project / "incidents").iterdir())
    result = run("new", "-t", f"API{char}errors", "-s", "P2", "-c", "api=partial_outage", ok=False)
    assert f"--title contains U+{ord(char):04X}" in result.output

    path = write(project, "inc", CORPUS["fractional-seconds"])
    before = path.read_bytes()
    result = run("update", "inc", "-s", "identified", "-m", f"one{char}two", "--now", "2026-03-04T10:00:00Z",
                 ok=False)
    assert f"incidents/inc.md: --message contains U+{ord(char):04X}" in result.output
    assert path.read_bytes() == before


def test_a_file_holding_raw_line_separators_can_still_be_updated(project):
    text = HEAD + ("updates:\n"
                   "  - at: 2026-03-04T09:10:00Z\n"
                   "    status: investigating\n"
                   '    message: "Looking\u2028into it."\n'
                   "---\n")
    path = write(project, "raw-separator", text)
    if project_state(project).errors:  # the validator refuses it: then update must refuse it the same way
        result = run("update", "raw-separator", "-s", "identified", "-m", "Found it.",
                     "--now", "2026-03-04T10:00:00Z", ok=False)
        assert "incidents/raw-separator.md:" in result.output
        return
    run("update", "raw-separator", "-s", "identified", "-m", "Found it.", "--now", "2026-03-04T10:00:00Z")
    only_lines_added(text.encode("utf-8"), path.read_bytes())
    assert project_state(project).incidents[0].status == "identified"


def test_control_characters_are_refused_at_input(project):
    result = run("new", "-t", "API\x1b[31m errors", "-s", "P2", "-c", "api=partial_outage", ok=False)
    assert "statusgen new: --title contains the control character U+001B" in result.output
    result = run("new", "-t", "API errors", "-s", "P2", "-c", "api=partial_outage", "-m", "bell\x07", ok=False)
    assert "--message contains the control character U+0007" in result.output


def test_a_multi_line_title_is_refused(project):
    result = run("new", "-t", "API\nerrors", "-s", "P2", "-c", "api=partial_outage", ok=False)
    assert "statusgen new: --title must be a single line" in result.output


def open_incident(project, name="race"):
    return write(project, name, CORPUS["fractional-seconds"])


def test_concurrent_updates_in_threads_are_never_lost(project):
    path = open_incident(project)
    config = load_config(project / "mkdocs.yml")
    now = parse_time("2026-03-04T10:00:00Z")
    for round_ in range(5):
        barrier = threading.Barrier(4)
        outcomes = {}

        def post(n):
            barrier.wait()
            try:
                add_update(config, "race", "identified", f"round {round_} writer {n}", now)
                outcomes[n] = "ok"
            except UserError as exc:
                outcomes[n] = exc

        threads = [threading.Thread(target=post, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        messages = [u["message"].strip() for u in front_matter(path)["updates"]]
        for n, outcome in outcomes.items():
            landed = f"round {round_} writer {n}" in messages
            assert landed == (outcome == "ok"), (n, outcome)
        assert all(outcome == "ok" for outcome in outcomes.values()), outcomes
    assert project_state(project).errors == []


# Each process loads statusgen, then waits for a common moment, so the edits really overlap.
# Each process loads statusgen, says it is ready, and waits for the word to go: all start together.
AT_THE_SAME_MOMENT = ("import pathlib, sys, time\n"
                      "from generator.cli import main\n"
                      "barrier = pathlib.Path(sys.argv[1])\n"
                      "(barrier / sys.argv[2]).touch()\n"
                      "while not (barrier / 'go').exists(): time.sleep(0.001)\n"
                      "sys.exit(main(sys.argv[3:]))\n")


def test_concurrent_update_processes_are_never_lost(project, tmp_path):
    path = open_incident(project)
    for round_ in range(2):
        barrier = tmp_path / f"barrier-{round_}"
        barrier.mkdir()
        procs = [subprocess.Popen([sys.executable, "-c", AT_THE_SAME_MOMENT, str(barrier), f"ready-{n}", "update", "race",
                                   "-s", "identified", "-m", f"round {round_} process {n}", "--now", "2026-03-04T10:00:00Z"],
                                  cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
                 for n in range(4)]
        deadline = time.monotonic() + 60
        while (len(list(barrier.glob("ready-*"))) < 4 and time.monotonic() < deadline
               and all(proc.poll() is None for proc in procs)):
            time.sleep(0.005)
        (barrier / "go").touch()
        results = [proc.communicate(timeout=120) + (proc.returncode,) for proc in procs]
        messages = [u["message"].strip() for u in front_matter(path)["updates"]]
        for n, (out, err, code) in enumerate(results):
            assert "Traceback" not in out + err
            landed = f"round {round_} process {n}" in messages
            if code == 0:
                assert landed and "updated incidents/race.md" in out, (n, messages)
            else:
                assert not landed and code == 1 and "run the command again" in err, (n, err)
    assert project_state(project).errors == []


def test_a_file_changed_by_someone_else_during_the_edit_is_not_overwritten(project, monkeypatch):
    import generator.write.authoring.checks as authoring

    path = open_incident(project, "inc")
    original_check = authoring.check_written

    def editor_saves_meanwhile(*args, **kwargs):
        path.write_text(path.read_text().replace("Looking into it.", "Looking into it (edited)."))
        return original_check(*args, **kwargs)

    monkeypatch.setattr(authoring, "check_written", editor_saves_meanwhile)
    result = run("update", "inc", "-s", "identified", "-m", "Found it.", "--now", "2026-03-04T10:00:00Z", ok=False)
    assert "incidents/inc.md: changed while statusgen was editing it" in result.output
    assert "run the command again" in result.output
    assert "(edited)" in path.read_text() and "Found it." not in path.read_text()
    assert [p.name for p in (project / "incidents").iterdir()] == ["inc.md"]


KILL_AT_REPLACE = ("import os, signal, sys\n"
                   "os.replace = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
                   "os.link = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
                   "from generator.cli import main\n"
                   "sys.exit(main(sys.argv[1:]))\n")


def test_a_killed_update_leaves_nothing_behind_after_the_next_edit(project):
    path = open_incident(project, "inc")
    foreign = [project / "incidents" / ".inc.md.swp", project / "incidents" / ".inc.md.abc123",
               project / "incidents" / "notes.statusgen-tmp"]
    for other in foreign:
        other.write_text("not ours")
    killed = subprocess.run([sys.executable, "-c", KILL_AT_REPLACE, "update", "inc", "-s", "identified",
                             "-m", "Found it.", "--now", "2026-03-04T10:00:00Z"],
                            cwd=project, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert killed.returncode == -signal.SIGKILL
    assert "Found it." not in path.read_text()
    leftovers = sorted(set((project / "incidents").iterdir()) - set(foreign) - {path})
    assert leftovers, "the kill should have left the temporary file"
    assert all(p.name.startswith(".") for p in leftovers)  # the incident reader never sees them

    run("update", "inc", "-s", "identified", "-m", "Found it.", "--now", "2026-03-04T10:00:00Z")
    assert sorted((project / "incidents").iterdir()) == sorted(foreign + [path])
    assert all(p.read_text() == "not ours" for p in foreign)  # never delete what statusgen did not write
    assert project_state(project).errors == []


def test_a_stuck_edit_is_reported_instead_of_waiting_forever(project, monkeypatch):
    import fcntl

    import generator.write.safely as safely

    path = open_incident(project, "inc")
    monkeypatch.setattr(safely, "LOCK_WAIT", 0.3)
    holder = os.open(project / "incidents", os.O_RDONLY)  # another statusgen, stuck mid-edit
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        result = run("update", "inc", "-s", "identified", "-m", "Found it.", "--now", "2026-03-04T10:00:00Z",
                     ok=False)
    finally:
        os.close(holder)
    assert "incidents: another statusgen command has been editing files in this folder" in result.output
    assert "Found it." not in path.read_text()


def test_an_updates_list_written_elsewhere_is_refused_clearly(project):
    text = ("---\ntitle: API errors\nseverity: P2\ncomponents:\n  api: partial_outage\n"
            "internal:\n  history: &history\n    - at: 2026-03-04T09:10:00Z\n      status: investigating\n"
            "      message: Looking.\n"
            "updates: *history\n---\n")
    path = write(project, "aliased", text)
    assert project_state(project).errors == []
    result = run("update", "aliased", "-s", "identified", "-m", "Found it.", "--now", "2026-03-04T10:00:00Z",
                 ok=False)
    assert "incidents/aliased.md:11: statusgen cannot add an update to this layout" in result.output
    assert "Add it by hand" in result.output
    assert path.read_text() == text


def test_a_full_disk_is_a_clear_error(project, monkeypatch):
    import errno
    import tempfile

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    path = open_incident(project, "inc")
    before = path.read_bytes()
    monkeypatch.setattr(tempfile, "mkstemp", full)
    result = run("update", "inc", "-s", "identified", "-m", "Found it.", "--now", "2026-03-04T10:00:00Z", ok=False)
    assert "incidents/inc.md: cannot be written: No space left on device; nothing was changed" in result.output
    assert path.read_bytes() == before


def test_new_never_overwrites_a_file_created_meanwhile(project, monkeypatch):
    import generator.write.authoring.checks as authoring

    original_check = authoring.check_written
    theirs = "---\ntitle: theirs\n---\n"

    def someone_creates_it(config, path, *args, **kwargs):
        path.write_text(theirs)  # another clone's `statusgen new` with the same title, an instant earlier
        return original_check(config, path, *args, **kwargs)

    monkeypatch.setattr(authoring, "check_written", someone_creates_it)
    result = run("new", "-t", "API errors", "-s", "P2", "-c", "api=partial_outage", "--id", "inc",
                 "--now", "2026-03-04T09:00:00Z", ok=False)
    assert "incidents/inc.md: was created by someone else while statusgen was writing it" in result.output
    assert (project / "incidents" / "inc.md").read_text() == theirs
    assert [p.name for p in (project / "incidents").iterdir()] == ["inc.md"]


def test_temporary_files_are_ignored_by_git():
    # Between a killed edit and the next one, `git add incidents` must not pick the leftover up.
    done = subprocess.run(["git", "check-ignore", "--no-index", "-q", "incidents/2026/.inc.md.x1y2z3ab.statusgen-tmp"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, "the shipped .gitignore should cover statusgen's temporary files"
