"""What `statusgen init` writes, run under act as a team's own status repository would run on GitHub, with
its workflows unmodified: every `uses: some/statusgen@vX.Y.Z` is this working tree's Action (action.yml at
the project's root, from a local path), every `actions/...` the harness's stand-in (the ones the Action
itself uses included). The deploy workflow, run by hand to begin the communications record, goes live with
the team's name and none of the demo's words and announces nothing; the next push, carrying an incident
made with `statusgen new`, reaches the webhook once; a pull request is checked and previewed.

The Action installs statusgen from its hash-locked requirements: here from the session's wheelhouse alone,
which the setup-python stand-in arranges inside the Action. The runs are given a package index and
find-links that nothing answers, and no pip configuration, so an install that reached past the wheelhouse
fails the test instead of quietly using this machine's packages."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from actrun import STANDINS, Hosting, actions_used, copy_project, standins_for
from loopback import LiveSite, Receiver
from smtp_support import free_port

from generator import __version__

ACTION_REPO = "some/statusgen"
TEAM = "Globex Robotics"
# Words of the shipped demo (Acme Cloud) that a new team's page must never show.
DEMO_WORDS = ("acme", "fictional", "app.acme", "sign-in and sso", "third-party integrations")
SUCCESS = {"build": "success", "deploy": "success", "notify": "success"}


def statusgen(*args: str, cwd: Path) -> str:
    """The statusgen of the tests' own environment, as the team runs it on a laptop."""
    command = [str(Path(sys.executable).parent / "statusgen"), *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"statusgen {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


def composite_uses(action: Path) -> set[tuple[str, str]]:
    """(owner/repo, ref) of every `uses:` in a composite action's own steps."""
    data = yaml.safe_load((action / "action.yml").read_text(encoding="utf-8"))
    found = set()
    for step in (data.get("runs") or {}).get("steps") or []:
        uses = step.get("uses") or ""
        if uses and not uses.startswith(("./", "docker://")):
            name, _, ref = uses.partition("@")
            found.add(("/".join(name.split("/")[:2]), ref))
    return found


class ScaffoldHosting(Hosting):
    """`Hosting` for a scaffolded repository: the statusgen Action its workflows name is mapped to a
    local folder (this working tree's tracked files), and the actions that Action uses to stand-ins."""

    action: Path  # the Action's folder, set by the fixture

    def local_repositories(self, workflow, path):
        used = actions_used(path)
        ours = {(repo, ref) for repo, ref in used if repo == ACTION_REPO}
        assert ours, f"{workflow} does not use {ACTION_REPO}"
        return ([(f"{repo}@{ref}", self.action) for repo, ref in sorted(ours)]
                + standins_for(workflow, (used - ours) | composite_uses(self.action)))


@pytest.fixture
def scaffold(act, python_env, tmp_path):
    """A repository `statusgen init` wrote for Globex Robotics on `hosting`, served at the live site's
    address, and the webhook receiver its messages go to."""
    with LiveSite(tmp_path / "github" / "live") as site, Receiver() as receiver:
        github = ScaffoldHosting(tmp_path / "github", python_env, site.url)
        github.action = tmp_path / "statusgen-action"
        copy_project(github.action)  # the working tree's tracked files, as a release of the Action has them
        out = statusgen("init", "--yes", str(github.author), "--name", TEAM, "--url", site.url,
                        "--contact", "help@globex.example", "-c", "api=Public API", "-c", "website=Website",
                        "--action", ACTION_REPO, cwd=tmp_path)
        assert "wrote a new status repository" in out, out
        github.create()
        github.receiver = receiver
        yield github


def closed_url() -> str:
    """A loopback address nothing listens on."""
    return f"http://127.0.0.1:{free_port()}/simple/"


def run(hosting, event="push", **kwargs):
    """A run with no way to packages but the wheelhouse the setup-python stand-in hands the Action."""
    nowhere = closed_url()
    env = {"PIP_CONFIG_FILE": "/dev/null", "PIP_INDEX_URL": nowhere, "PIP_FIND_LINKS": nowhere,
           "PIP_EXTRA_INDEX_URL": nowhere,
           # Byte-compiling every file the Action's virtualenv gets (mkdocs-material, Babel, Pygments ...)
           # is most of an install's time here and changes nothing statusgen does.
           "PIP_COMPILE": "false"}
    return hosting.run(event, env=env, **kwargs)


def site_words(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace").lower() for p in folder.rglob("*")
                     if p.suffix in (".html", ".xml", ".json", ".txt", ".ics", ".rss", ".atom") and p.is_file())


def test_the_scaffold_deploys_announces_and_checks_pull_requests_with_the_action(scaffold):
    hosting = scaffold
    secrets = {"STATUSGEN_WEBHOOK_URL": hosting.receiver.url("/hook")}

    begun = run(hosting, "workflow_dispatch", inputs={"begin_record": "true"}, secrets=secrets)
    assert begun.jobs == SUCCESS, begun.output()
    # This tree's statusgen, from the Action's own files: the version the scaffold's `@v...` names.
    assert f"statusgen {__version__}" in begun.output("build"), begun.output("build")
    assert f"{ACTION_REPO}@v{__version__}" in (hosting.author / ".github/workflows/deploy.yml").read_text()
    live = hosting.live / "index.html"
    assert TEAM in live.read_text(encoding="utf-8")
    words = site_words(hosting.live)
    assert not [word for word in DEMO_WORDS if word in words]
    assert hosting.receiver.delivered("/hook") == []
    assert hosting.branch("statusgen-record"), "the record branch was not made"

    message = "W01: webhook deliveries are delayed; we are looking into it."
    statusgen("new", "-t", "Delayed webhooks", "-s", "P2", "-c", "api=degraded_performance", "-m", message,
              "--id", "delayed-webhooks", cwd=hosting.author)
    hosting.commit("Incident: delayed webhooks")
    pushed = run(hosting, secrets=secrets)

    assert pushed.jobs == SUCCESS, pushed.output()
    page = hosting.live / "incidents" / "delayed-webhooks" / "index.html"
    assert message.split(";")[0] in page.read_text(encoding="utf-8")
    hooks = hosting.receiver.delivered("/hook")
    assert len(hooks) == 1, [h.json() for h in hooks]
    assert "W01: webhook deliveries are delayed" in json.dumps(hooks[0].json())

    # A pull request: a branch with one commit, and the merge commit GitHub tests for it.
    hosting.git("checkout", "-q", "-b", "identified", "main")
    statusgen("update", "delayed-webhooks", "--status", "identified", "-m", "W02: a full queue; draining it now.",
              cwd=hosting.author)
    head = hosting.commit("Incident: identified", push=False)
    hosting.git("push", "-q", "origin", "identified")
    hosting.git("checkout", "-q", "--detach", "main")
    hosting.git("merge", "-q", "--no-ff", "-m", f"Merge {head} into main", "identified")
    merge = hosting.git("rev-parse", "HEAD")
    hosting.git("push", "-q", "origin", f"{merge}:refs/pull/3/merge")
    payload = {"action": "opened", "number": 3, "pull_request": {"number": 3, "head": {"ref": "identified", "sha": head},
                                             "base": {"ref": "main", "sha": hosting.git("rev-parse", "main")}}}
    checked = run(hosting, "pull_request", workflow="pull-request.yml", payload=payload)

    assert checked.jobs == {"check": "success"}, checked.output()
    assert "Delayed webhooks" in checked.summaries["check"], checked.summaries
    preview = hosting.folder / "runs" / str(checked.number) / "artifacts" / "status-site-preview"
    assert "W02: a full queue" in (preview / "incidents" / "delayed-webhooks" / "index.html").read_text()
    assert len(hosting.receiver.delivered("/hook")) == 1  # a pull request sends nothing


def test_the_scaffold_mirror_is_off_until_switched_on_then_publishes_to_the_host(scaffold):
    """mirror.yml as init writes it: without STATUSGEN_MIRROR_HOST no job runs; with it, the build job
    runs the Action at its release (install only, then statusgen build --hosting) and the host's job
    deploys that build once (the host stand-ins: standins/hosts.py, as in test_act_mirror.py)."""
    hosting = scaffold
    hosting.tools = [STANDINS / "bin"]
    off = run(hosting, workflow="mirror.yml")
    assert off.returncode == 0 and off.jobs == {}, off.output()

    with LiveSite(hosting.folder / "mirror") as mirror:
        on = run(hosting, workflow="mirror.yml",
                 secrets={"CLOUDFLARE_API_TOKEN": "cf-token", "CLOUDFLARE_ACCOUNT_ID": "0" * 32},
                 repo_vars={"STATUSGEN_MIRROR_HOST": "cloudflare-pages", "STATUSGEN_MIRROR_URL": mirror.url,
                            "CLOUDFLARE_PAGES_PROJECT": "globex-status"})
        assert on.jobs == {"build": "success", "cloudflare-pages": "success"}, on.output()
        assert f"statusgen {__version__}" in on.output("build"), on.output("build")
        (deploy,) = hosting.events("wrangler")
        assert deploy["command"][:4] == ["pages", "deploy", "upload", "--project-name=globex-status"]
        served = json.loads((hosting.folder / "mirror" / "build.json").read_text(encoding="utf-8"))
        assert served["commit"] == on.sha
        assert TEAM in (hosting.folder / "mirror" / "index.html").read_text(encoding="utf-8")
        assert (hosting.folder / "mirror" / "_headers").is_file()  # the host's cache policy went with it
        assert [path for path, _mode in mirror.requests] == ["/build.json?deploy=2-1"]
