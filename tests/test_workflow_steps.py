"""The workflows' shell steps, run as GitHub runs them, against stand-in commands that fail each way.

Each step's `run:` text is taken from the YAML and run with `bash --noprofile --norc -eo pipefail`
(GitHub's shell on Linux) in a temporary folder, with stand-ins for curl, python or statusgen first
on PATH. A step that runs statusgen's Action (`uses: ./`) runs the Action's action/run.sh as its
"Run statusgen" step would, with the step's `command` and `args`. A step must do the right thing or
fail: never carry on as if a failed command had succeeded. `statusgen` itself is the real one where
its answer matters.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sample import write_project

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
SHELL = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]
HEAD = "c" * 40
OLDER = "d" * 40
EPOCH = 1773144000  # 2026-03-10T12:00:00Z, the clock statusgen reads (SOURCE_DATE_EPOCH)
BUILT = "2026-03-10T11:55:00Z"


def step(workflow: str, job: str, *, name: str | None = None, step_id: str | None = None) -> dict:
    data = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))
    steps = data["jobs"][job]["steps"]
    found = [s for s in steps if (name is None or s.get("name") == name) and (step_id is None or s.get("id") == step_id)]
    assert len(found) == 1, (workflow, job, name, step_id)
    return found[0]


class Runner:
    """A folder to run one step in, with a bin/ of stand-ins that comes first on PATH."""

    def __init__(self, root: Path):
        self.root = root
        self.work = root / "work"
        self.bin = root / "bin"
        self.temp = root / "runner-temp"
        for folder in (self.work, self.bin, self.temp):
            folder.mkdir(parents=True, exist_ok=True)
        self.output = root / "github-output"
        self.summary = root / "step-summary"
        self.log = root / "calls.log"
        for path in (self.output, self.summary, self.log):
            path.write_text("")

    def stub(self, name: str, body: str) -> None:
        path = self.bin / name
        path.write_text("#!/bin/bash\n" + f'printf "%s\\n" "{name} $*" >> "{self.log}"\n' + body)
        path.chmod(0o755)

    def real_statusgen(self) -> None:
        path = self.bin / "statusgen"
        path.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m generator "$@"\n')
        path.chmod(0o755)

    def run(self, found: dict, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        script = self.root / "step.sh"
        action: dict[str, str] = {}
        if found.get("uses") == "./":
            # What the Action's "Run statusgen" step does (action.yml): run.sh with the step's inputs, against
            # the statusgen in bin/ (the Install step's), whose folder holds the python run.sh splits args with.
            script = ROOT / "action" / "run.sh"
            given = found.get("with") or {}
            python = self.bin / "python"
            if not python.exists():
                python.symlink_to(sys.executable)
            action = {"STATUSGEN_COMMAND": given.get("command", ""), "STATUSGEN_ARGS": given.get("args", ""),
                      "STATUSGEN_BIN": str(self.bin / "statusgen"), "GITHUB_ACTION_PATH": str(ROOT)}
        else:
            script.write_text(found["run"])
        base = {"PATH": f"{self.bin}:/usr/bin:/bin", "HOME": str(self.root), "LANG": "C.UTF-8",
                "RUNNER_TEMP": str(self.temp), "GITHUB_OUTPUT": str(self.output),
                "GITHUB_STEP_SUMMARY": str(self.summary), "GITHUB_SHA": HEAD, "GITHUB_RUN_ID": "4242",
                "SOURCE_DATE_EPOCH": str(EPOCH), **action}
        return subprocess.run([*SHELL, str(script)], cwd=self.work, env={**base, **(env or {})},
                              capture_output=True, text=True, timeout=timeout)

    def outputs(self) -> dict[str, str]:
        return dict(line.split("=", 1) for line in self.output.read_text().splitlines() if "=" in line)

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines()


@pytest.fixture
def runner(tmp_path) -> Runner:
    return Runner(tmp_path)


# -- schedule.yml: "Decide whether to rebuild" (the Action's `due`) ----------------------------------------------
DECIDE = step("schedule.yml", "check", step_id="due")
assert DECIDE["uses"] == "./" and DECIDE["with"]["command"] == "due"

# curl as the step calls it, failing in each way a fetch fails. It writes what a server sent to --output.
CURL = r'''
out=""; prev=""
for arg in "$@"; do [ "$prev" = "--output" ] && out="$arg"; prev="$arg"; done
case "$STUB_CURL" in
  ok)           cat "$STUB_BODY" > "$out" ;;
  502)          echo "curl: (22) The requested URL returned error: 502" >&2; exit 22 ;;
  502-partial)  printf '<html><body>502 Bad' > "$out"; echo "curl: (22) The requested URL returned error: 502" >&2; exit 22 ;;
  200-html)     printf '<html><body><h1>502 Bad Gateway</h1></body></html>' > "$out" ;;
  empty)        : > "$out" ;;
  timeout)      sleep 0.2; echo "curl: (28) Operation timed out after 20001 milliseconds" >&2; exit 28 ;;
  refused)      echo "curl: (7) Failed to connect to status.example.com port 443" >&2; exit 7 ;;
esac
'''


def record_settled_at(work: Path, commit: str) -> None:
    """A clone whose origin holds a communications record whose last checkpoint is `commit`."""
    from generator.notify.record.gitstore import GitBranchStore

    bare = work.parent / "origin.git"
    if not bare.exists():
        subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
        subprocess.run(["git", "init", "-q", str(work)], check=True)
        subprocess.run(["git", "-C", str(work), "remote", "add", "origin", str(bare)], check=True)
    store = GitBranchStore(work, "origin", "statusgen-record")
    line = json.dumps({"v": 1, "type": "checkpoint", "commit": commit, "as_of": BUILT, "time": BUILT}) + "\n"
    if store.load() is None:
        store.start(line.encode())
    else:
        store.append(line.encode())


@pytest.fixture
def decide(runner):
    write_project(runner.work, {})  # site_url: https://status.example.com/, no incidents
    runner.real_statusgen()
    runner.stub("curl", CURL)
    body = runner.root / "live.json"

    def run(mode: str, built=(BUILT, HEAD), settled=HEAD) -> tuple[subprocess.CompletedProcess, str]:
        record_settled_at(runner.work, settled)
        body.write_text(json.dumps({"built_at": built[0], "commit": built[1]}))
        result = runner.run(DECIDE, {"STUB_CURL": mode, "STUB_BODY": str(body)})
        assert result.returncode == 0, result.stdout + result.stderr
        return result, runner.outputs()["due"]

    return run


def test_the_live_page_is_current_so_no_deploy(decide, runner):
    result, due = decide("ok")
    assert due == "false"
    assert "not due: nothing on the page has changed since it was built at 2026-03-10T11:55:00Z" in result.stdout
    [curl] = [c for c in runner.calls() if c.startswith("curl ")]
    # Bounded in time and size, past the host's cache.
    for flag in ("--fail", "--max-time 20", "--connect-timeout 10", "--max-filesize 65536", "--proto =https,http"):
        assert flag in curl, curl
    assert curl.endswith("https://status.example.com/build.json?run=4242")


def test_unsettled_notifications_deploy_though_the_page_is_current(decide):
    result, due = decide("ok", settled=OLDER)
    assert due == "true"
    assert f"due: notifications are not settled: the record's last checkpoint is {OLDER[:12]}" in result.stdout


def test_a_newer_commit_deploys(decide):
    result, due = decide("ok", built=(BUILT, OLDER))
    assert due == "true" and f"due: a newer commit: {HEAD[:12]}" in result.stdout


@pytest.mark.parametrize("mode, reason", [
    ("502", "does not exist (the live build.json could not be fetched)"),
    ("502-partial", "does not exist (the live build.json could not be fetched)"),  # the half-written body is gone
    ("timeout", "does not exist (the live build.json could not be fetched)"),
    ("refused", "does not exist (the live build.json could not be fetched)"),
    ("200-html", "is not a build.json statusgen wrote: it is not JSON"),
    ("empty", "is not a build.json statusgen wrote: it is empty"),
])
def test_a_failed_fetch_deploys(decide, mode, reason):
    result, due = decide(mode)
    assert due == "true" and reason in result.stdout, result.stdout
    if mode not in ("200-html", "empty"):  # curl said it failed: the log says so too
        assert "::warning::Could not fetch the live page's build.json; rebuilding to be safe." in result.stdout


def test_no_curl_at_all_deploys(runner):
    write_project(runner.work, {})
    runner.real_statusgen()
    result = runner.run(DECIDE, {"PATH": f"{runner.bin}:{_without('curl', runner.root / 'usr-bin')}"})
    assert result.returncode == 0, result.stderr
    assert runner.outputs()["due"] == "true"
    assert "Could not fetch" in result.stdout


@pytest.mark.parametrize("body, words", [
    ("exit 3", "statusgen due failed (exit 3)"),  # crashes, whatever it is asked
    # --print-url prints nothing (and says it succeeded): nothing is fetched from an empty address.
    ('[ "$2" = --print-url ] && exit 0; echo "due: $*"', "Could not tell the live page's address"),
])
def test_statusgen_failing_deploys(runner, body, words):
    runner.stub("statusgen", body)
    runner.stub("curl", "exit 0")
    result = runner.run(DECIDE)
    assert result.returncode == 0, result.stderr
    assert words in result.stdout
    assert runner.outputs()["due"] == "true"
    if "print-url" in body:
        assert not [c for c in runner.calls() if c.startswith("curl ")]


def test_a_missing_statusgen_deploys(runner):
    runner.stub("curl", "exit 0")
    result = runner.run(DECIDE)
    assert result.returncode == 0, result.stderr
    assert runner.outputs()["due"] == "true"
    assert "statusgen due failed (exit 127)" in result.stdout


def _without(command: str, folder: Path) -> str:
    """A folder standing in for /usr/bin:/bin, with links to everything there except `command`."""
    folder.mkdir()
    for base in ("/bin", "/usr/bin"):
        for entry in Path(base).iterdir():
            target = folder / entry.name
            if entry.name != command and not target.exists():
                target.symlink_to(entry)
    return str(folder)


# -- deploy.yml: "Send notifications" ---------------------------------------------------------------------------
SEND = step("deploy.yml", "notify", name="Send notifications")
ARGS = 'for arg in "$@"; do printf "[%s]" "$arg" >> "$STUB_ARGS"; done; exit "${STUB_EXIT:-0}"\n'


@pytest.mark.parametrize("requested, expected", [
    ("", "[notify][--record-branch][statusgen-record][--summary][{summary}]"),
    ("v1.2 $(touch pwned)", "[notify][--record-branch][statusgen-record][--summary][{summary}][--since]"
                            "[v1.2 $(touch pwned)]"),
])
def test_notify_is_called_with_the_record_branch_and_since_only_when_asked(runner, requested, expected):
    args = runner.root / "args"
    runner.stub("statusgen", ARGS)
    result = runner.run(SEND, {"REQUESTED": requested, "STUB_ARGS": str(args)})
    assert result.returncode == 0, result.stderr
    assert args.read_text() == expected.format(summary=runner.summary)
    assert not (runner.work / "pwned").exists()  # the input is an argument, never shell


def test_a_failing_notify_fails_the_step(runner):
    runner.stub("statusgen", ARGS)
    result = runner.run(SEND, {"REQUESTED": "", "STUB_ARGS": str(runner.root / "args"), "STUB_EXIT": "1"})
    assert result.returncode == 1


# -- every install: statusgen's Action, the same in every job ---------------------------------------------------
JOBS = [("deploy.yml", "build"), ("deploy.yml", "notify"), ("schedule.yml", "check"), ("schedule.yml", "remind"),
        ("pull-request.yml", "check")]


def test_every_job_installs_through_the_same_action_before_it_runs_statusgen():
    """Each job's first use of the Action installs statusgen (action/install.sh: setuptools by hash, the lock by
    hash, statusgen alone, `pip check`; tests/test_action.py runs it failing at each of those). Nothing in a
    job sets another Python or folder for it, so every job installs the same set the same way."""
    for workflow, job in JOBS:
        data = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))
        steps = data["jobs"][job]["steps"]
        first = next(i for i, s in enumerate(steps) if s.get("uses") == "./")
        assert not any("statusgen" in s.get("run", "") or "pip" in s.get("run", "") for s in steps[:first]), \
            (workflow, job)
        for s in steps:
            if s.get("uses") == "./":
                assert not {"python-version", "working-directory"} & set(s.get("with") or {}), (workflow, job)


def test_statusgen_from_the_action_is_what_the_send_step_runs():
    """The notify job's Send step runs `statusgen` from PATH: the folder install.sh puts there holds only it."""
    text = (ROOT / "action" / "install.sh").read_text(encoding="utf-8")
    assert 'echo "$home/bin" >> "${GITHUB_PATH:?}"' in text
    assert 'ln -sfn "$venv/bin/statusgen" "$home/bin/statusgen"' in text
    assert 'statusgen notify "$@"' in SEND["run"]


# -- schedule.yml: "Send due reminders" ---------------------------------------------------------------------------
REMIND = step("schedule.yml", "remind", name="Send due reminders")


def test_the_remind_step_keeps_its_record_reads_the_draft_branches_and_fails_when_statusgen_fails(runner):
    args = runner.root / "args"
    runner.stub("statusgen", ARGS)
    result = runner.run(REMIND, {"STUB_ARGS": str(args)})
    assert result.returncode == 0, result.stderr
    assert args.read_text() == ("[remind][--record-branch][statusgen-record][--draft-branches][statusgen-alert/*]"
                                f"[--summary][{runner.summary}]")
    failed = runner.run(REMIND, {"STUB_ARGS": str(args), "STUB_EXIT": "1"})
    assert failed.returncode == 1  # the job fails and shows it; the rebuild, in other jobs, goes on


def test_the_remind_step_without_the_secret_does_nothing_and_succeeds(runner):
    write_project(runner.work)
    runner.real_statusgen()
    result = runner.run(REMIND, {"STATUSGEN_TEAM_CHAT_URL": ""})  # an unset secret arrives empty
    assert result.returncode == 0, result.stdout + result.stderr
    assert "STATUSGEN_TEAM_CHAT_URL is not set" in result.stdout
