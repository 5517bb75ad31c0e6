"""statusgen's GitHub Action (action.yml at the root): its shape, and its two scripts run as a runner runs them.

action/install.sh and action/run.sh run under `bash --noprofile --norc -eo pipefail` (GitHub's shell)
in a temporary folder with the runner's variables, against stand-ins that record how they were
called (pip, statusgen, curl), or the real statusgen where its answer matters.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sample import write_project

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
SHELL = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]
HEAD = "c" * 40
OLDER = "d" * 40
EPOCH = 1773144000  # 2026-03-10T12:00:00Z
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def test_the_action_is_composite_and_pins_what_it_uses():
    data = action()
    assert data["runs"]["using"] == "composite"
    assert set(data["inputs"]) == {"command", "args", "python-version", "working-directory"}
    assert all(not spec.get("required") for spec in data["inputs"].values())
    assert set(data["outputs"]) == {"version", "due"}
    text = ACTION.read_text(encoding="utf-8")
    uses = re.findall(r"uses: (\S+ # \S+)", text)
    assert uses and all(PINNED.match(u) for u in uses), uses
    # The same setup-python statusgen's own release workflow pins (Dependabot moves them together;
    # tests/test_workflows.py holds every pin across the workflows and this file to one version).
    release = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    for ref in uses:
        assert ref in release, ref


def test_inputs_reach_the_scripts_only_through_env():
    for step in action()["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step["name"]
            script = re.fullmatch(r'bash "\$GITHUB_ACTION_PATH/(action/[\w.-]+\.sh)"', step["run"].strip())
            assert script and (ROOT / script.group(1)).is_file(), step["run"]
            assert step["shell"] == "bash"


def test_the_install_uses_the_actions_own_hash_locked_requirements():
    text = (ROOT / "action" / "install.sh").read_text(encoding="utf-8")
    assert '--require-hashes --no-deps --no-build-isolation -r "$lock"' in text
    assert 'lock="$action/requirements/deploy.txt"' in text and '-r "$action/requirements/build.txt"' in text
    assert '--no-deps --no-build-isolation "$action"' in text


class Runner:
    """A folder to run one of the Action's scripts in, as the runner would."""

    def __init__(self, root: Path):
        self.root = root
        self.work = root / "work"
        self.temp = root / "runner-temp"
        self.stubs = root / "stubs"
        for folder in (self.work, self.temp, self.stubs):
            folder.mkdir(parents=True)
        self.output = root / "github-output"
        self.summary = root / "step-summary"
        self.path_file = root / "github-path"
        self.log = root / "calls.log"
        for path in (self.output, self.summary, self.path_file, self.log):
            path.write_text("")
        # What install.sh leaves: a virtualenv's bin with its python and statusgen.
        self.venv_bin = root / "venv" / "bin"
        self.venv_bin.mkdir(parents=True)
        (self.venv_bin / "python").symlink_to(sys.executable)

    def stub(self, path: Path, body: str) -> Path:
        path.write_text("#!/bin/bash\n" + f'printf "%s\\n" "$(basename "$0") $*" >> "{self.log}"\n' + body)
        path.chmod(0o755)
        return path

    def statusgen(self, body: str | None = None) -> Path:
        """A stand-in statusgen that records each argument in brackets, or (body None) the real one."""
        path = self.venv_bin / "statusgen"
        if body is None:
            path.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m generator "$@"\n')
            path.chmod(0o755)
            return path
        return self.stub(path, body)

    def run(self, script: str, env: dict, timeout: float = 60) -> subprocess.CompletedProcess:
        base = {"PATH": f"{self.stubs}:/usr/bin:/bin", "HOME": str(self.root), "LANG": "C.UTF-8",
                "RUNNER_TEMP": str(self.temp), "GITHUB_OUTPUT": str(self.output), "GITHUB_PATH": str(self.path_file),
                "GITHUB_STEP_SUMMARY": str(self.summary), "GITHUB_SHA": HEAD, "GITHUB_RUN_ID": "4242",
                "GITHUB_ACTION_PATH": str(ROOT), "SOURCE_DATE_EPOCH": str(EPOCH)}
        return subprocess.run([*SHELL, str(ROOT / "action" / script)], cwd=self.work, env={**base, **env},
                              capture_output=True, text=True, timeout=timeout)

    def outputs(self) -> dict[str, str]:
        return dict(line.split("=", 1) for line in self.output.read_text().splitlines() if "=" in line)

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines()


@pytest.fixture
def runner(tmp_path) -> Runner:
    return Runner(tmp_path)


# -- run.sh ------------------------------------------------------------------------------------------------------
BRACKETS = 'for arg in "$@"; do printf "[%s]" "$arg" >> "$STUB_ARGS"; done; echo; echo "stdout of $1"; ' \
           'exit "${STUB_EXIT:-0}"\n'


def run_command(runner: Runner, command: str, args: str = "", exit_code: int = 0):
    runner.statusgen(BRACKETS)
    record = runner.root / "args"
    result = runner.run("run.sh", {"STATUSGEN_COMMAND": command, "STATUSGEN_ARGS": args,
                                   "STATUSGEN_BIN": str(runner.venv_bin / "statusgen"), "STUB_ARGS": str(record),
                                   "STUB_EXIT": str(exit_code)})
    return result, (record.read_text() if record.exists() else "")


@pytest.mark.parametrize("command, args, expected", [
    ("validate", "", "[validate][--format][github]"),
    ("validate", "--format text --strict", "[validate][--format][text][--strict]"),
    ("validate", "--format=text", "[validate][--format=text]"),
    ("build", "--site-dir site --commit " + HEAD, f"[build][--site-dir][site][--commit][{HEAD}]"),
    ("notify", "--record-branch statusgen-record", "[notify][--record-branch][statusgen-record][--summary][{summary}]"),
    ("notify", "--summary out.md", "[notify][--summary][out.md]"),
    ("changes", "--since HEAD^1", "[changes][--since][HEAD^1][--format][markdown]"),
    ("comms", "--since HEAD^1 --format json", "[comms][--since][HEAD^1][--format][json]"),
])
def test_each_command_reports_the_way_a_workflow_wants(runner, command, args, expected):
    result, called = run_command(runner, command, args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert called == expected.format(summary=runner.summary)


def test_changes_and_comms_in_markdown_go_to_the_job_summary_and_the_log(runner):
    result, _ = run_command(runner, "changes", "--since HEAD^1")
    assert result.returncode == 0
    assert "stdout of changes" in result.stdout and "stdout of changes" in runner.summary.read_text()
    runner.summary.write_text("")
    result, _ = run_command(runner, "comms", "--format json")  # asked for another format: not the summary
    assert "stdout of comms" in result.stdout and runner.summary.read_text() == ""


def test_args_are_words_never_shell(runner):
    args = """--message "two words" '$(touch pwned)' `touch pwned2` ; rm -rf / && echo $HOME"""
    result, called = run_command(runner, "build", args)
    assert result.returncode == 0, result.stderr
    assert called == "[build][--message][two words][$(touch pwned)][`touch][pwned2`][;][rm][-rf][/][&&][echo][$HOME]"
    assert not list(runner.work.iterdir())


@pytest.mark.parametrize("command", ["validate", "build", "changes", "notify"])
def test_a_failing_command_fails_the_step(runner, command):
    result, _ = run_command(runner, command, exit_code=1)
    assert result.returncode == 1


@pytest.mark.parametrize("command, args, words", [
    ("deploy", "", 'command "deploy" is not one of validate, build, changes, comms, notify, due'),
    ("build", '--site-dir "unclosed', "args cannot be split into words (No closing quotation): close every quote"),
])
def test_a_wrong_input_fails_with_a_message_before_running_anything(runner, command, args, words):
    result, called = run_command(runner, command, args)
    assert result.returncode == 2
    assert f"::error::statusgen's Action: " in result.stdout + result.stderr
    assert words in result.stdout + result.stderr
    assert called == "" and runner.calls() == []


# curl as run.sh calls it: the body given, or a failure.
CURL = r'''
out=""; prev=""
for arg in "$@"; do [ "$prev" = "--output" ] && out="$arg"; prev="$arg"; done
case "$STUB_CURL" in
  ok)  cat "$STUB_BODY" > "$out" ;;
  502) echo "curl: (22) The requested URL returned error: 502" >&2; exit 22 ;;
esac
'''


@pytest.fixture
def due(runner):
    write_project(runner.work, {})  # site_url: https://status.example.com/, no incidents
    runner.statusgen()
    runner.stub(runner.stubs / "curl", CURL)
    body = runner.root / "live.json"

    def run(mode: str, commit: str = HEAD) -> tuple[subprocess.CompletedProcess, str]:
        body.write_text(json.dumps({"built_at": "2026-03-10T11:55:00Z", "commit": commit}))
        result = runner.run("run.sh", {"STATUSGEN_COMMAND": "due", "STATUSGEN_ARGS": "",
                                       "STATUSGEN_BIN": str(runner.venv_bin / "statusgen"),
                                       "STUB_CURL": mode, "STUB_BODY": str(body)})
        assert result.returncode == 0, result.stdout + result.stderr
        return result, runner.outputs()["due"]

    return run


def test_due_fetches_the_live_build_and_says_not_due_when_nothing_changed(due, runner):
    result, verdict = due("ok")
    assert verdict == "false"
    assert "not due: nothing on the page has changed" in result.stdout
    [curl] = [c for c in runner.calls() if c.startswith("curl ")]
    for flag in ("--fail", "--max-time 20", "--max-filesize 65536", "--proto =https,http"):
        assert flag in curl
    assert curl.endswith("https://status.example.com/build.json?run=4242")


def test_due_after_a_newer_commit_or_a_failed_fetch(due):
    result, verdict = due("ok", commit=OLDER)
    assert verdict == "true" and f"due: a newer commit: {HEAD[:12]}" in result.stdout
    result, verdict = due("502")
    assert verdict == "true"
    assert "::warning::Could not fetch the live page's build.json; rebuilding to be safe." in result.stdout


def test_due_passes_its_args_on_and_a_crash_counts_as_due(runner):
    runner.statusgen('[ "$1 $2" = "due --print-url" ] && { echo https://status.example.com/build.json; exit 0; }; '
                     "exit 3\n")
    runner.stub(runner.stubs / "curl", "exit 22\n")
    result = runner.run("run.sh", {"STATUSGEN_COMMAND": "due", "STATUSGEN_ARGS": "--record-branch statusgen-record",
                                   "STATUSGEN_BIN": str(runner.venv_bin / "statusgen")})
    assert result.returncode == 0, result.stderr
    assert runner.outputs()["due"] == "true"
    assert "statusgen due failed (exit 3); rebuilding to be safe." in result.stdout
    decide = [c for c in runner.calls() if c.startswith("statusgen due --build-info")]
    assert decide == [f"statusgen due --build-info {runner.temp}/statusgen-live-build.json --commit {HEAD} "
                      "--record-branch statusgen-record"]


# -- install.sh --------------------------------------------------------------------------------------------------
# A stand-in interpreter: `-m venv DIR` makes DIR/bin/python (this same stand-in); in a virtualenv,
# `-m pip install ... ACTION_PATH` puts a statusgen there; STUB_FAIL makes the pip call naming it fail.
PYTHON = r'''
if [ "$1 $2" = "-m venv" ]; then
  mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; exit 0
fi
[ -n "$STUB_FAIL" ] && [[ " $* " == *" $STUB_FAIL "* ]] && exit 1
if [[ " $* " == *" --no-build-isolation $GITHUB_ACTION_PATH "* ]]; then
  printf '#!/bin/sh\necho "statusgen 9.8.7"\n' > "$(dirname "$0")/statusgen"; chmod +x "$(dirname "$0")/statusgen"
fi
exit 0
'''


def install(runner: Runner, fail: str = "") -> subprocess.CompletedProcess:
    python = runner.stub(runner.root / "python3.11", PYTHON)
    return runner.run("install.sh", {"STATUSGEN_PYTHON": str(python), "STUB_FAIL": fail})


def test_install_puts_only_statusgen_on_path_and_reuses_it_in_the_same_job(runner):
    result = install(runner)
    assert result.returncode == 0, result.stdout + result.stderr
    pip = [c.split(" ", 1)[1] for c in runner.calls() if c.startswith("python ")]
    assert pip == [f"-m pip --disable-pip-version-check --no-input install --quiet --require-hashes --no-deps "
                   f"-r {ROOT}/requirements/build.txt",
                   f"-m pip --disable-pip-version-check --no-input install --quiet --require-hashes --no-deps "
                   f"--no-build-isolation -r {ROOT}/requirements/deploy.txt",
                   f"-m pip --disable-pip-version-check --no-input install --quiet --no-deps --no-build-isolation "
                   f"{ROOT}",
                   "-m pip --disable-pip-version-check --no-input check"]
    outputs = runner.outputs()
    assert outputs["version"] == "9.8.7"
    [folder] = runner.path_file.read_text().splitlines()
    assert sorted(p.name for p in Path(folder).iterdir()) == ["statusgen"]  # never the virtualenv's python or pip
    assert subprocess.run([Path(folder) / "statusgen"], capture_output=True, text=True).stdout == "statusgen 9.8.7\n"
    assert outputs["bin"].startswith(str(runner.temp)) and Path(outputs["bin"]).is_file()

    calls = len(runner.calls())
    again = install(runner)
    assert again.returncode == 0 and "installed already" in again.stdout
    assert [c for c in runner.calls()[calls:] if c.startswith("python ")] == []


@pytest.mark.parametrize("fail_on, words", [
    ("--require-hashes", ""),  # a hash mismatch stops it: statusgen is not installed over a broken set
    ("--no-build-isolation", ""),
    ("check", "requirements/deploy.txt does not satisfy its pyproject.toml"),
])
def test_install_stops_at_the_first_failure_and_is_not_taken_as_installed(runner, fail_on, words):
    result = install(runner, fail_on)
    assert result.returncode == 1
    assert words in result.stdout
    assert runner.path_file.read_text() == "" and "version" not in runner.outputs()
    again = install(runner)  # the next use installs afresh rather than trusting a half-made one
    assert again.returncode == 0 and "installed already" not in again.stdout
