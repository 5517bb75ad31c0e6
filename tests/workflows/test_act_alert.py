"""The alert workflow (.github/workflows/alert.yml) under act, against a strict loopback stand-in of
GitHub's REST API (tests/github_api.py): an Alertmanager firing opens one draft pull request whose
branch holds the draft incident file; a person edits that branch; the resolve, whose first push is
refused as if the branch had moved, lands as new commits on top (never a force push), keeps the
person's edit and comments on the same pull request; no second pull request is opened."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from github_api import GitHubAPI
from sample import write_project

ALERTS = Path(__file__).resolve().parent / "fixtures" / "alerts"
TOKEN = "ghs_act-test-token"


def dispatch(name: str, sender: str | None = "alertmanager") -> dict:
    """The repository_dispatch event GitHub delivers for POST /repos/acme/status/dispatches."""
    client = {"payload": json.loads((ALERTS / name).read_text(encoding="utf-8"))}
    if sender:
        client["sender"] = sender
    return {"action": "alert", "branch": "main", "client_payload": client,
            "repository": {"full_name": "acme/status", "default_branch": "main"}}


@pytest.fixture
def github(hosting):
    write_project(hosting.author, {}, pages={"about.md": "# About\n"}, site_url=hosting.pages_url)
    hosting.create()
    with GitHubAPI("acme/status", TOKEN, origin=hosting.origin) as api:
        yield api


def run_alert(hosting, api, name: str):
    return hosting.run("repository_dispatch", workflow="alert.yml", payload=dispatch(name),
                       secrets={"GITHUB_TOKEN": TOKEN}, variables={"GITHUB_API_URL": api.url})


def is_ancestor(hosting, old: str, new: str) -> bool:
    return subprocess.run(["git", "merge-base", "--is-ancestor", old, new], cwd=hosting.origin,
                          capture_output=True).returncode == 0


def branch_files(hosting, branch: str) -> dict[str, str]:
    names = hosting.git("ls-tree", "-r", "--name-only", branch, "--", "incidents", cwd=hosting.origin).splitlines()
    return {n: hosting.git("show", f"{branch}:{n}", cwd=hosting.origin) for n in names}


def test_an_alert_opens_one_draft_pull_request_then_updates_it(hosting, github):
    main_before = hosting.branch("main")
    fired = run_alert(hosting, github, "alertmanager-firing.json")

    assert fired.jobs == {"read": "success", "draft": "success"}, fired.output()
    assert github.violations == [], github.violations
    [pull] = github.open_pulls()
    assert pull.draft is True and pull.base == "main" and pull.head.startswith("statusgen-alert/alertmanager-")
    assert "Checkout error rate above 5%" in pull.title and "Merging publishes the incident" in pull.body
    assert hosting.branch("main") == main_before  # nothing reaches main without a person
    [(path, text)] = branch_files(hosting, pull.head).items()
    assert "Checkout error rate above 5%" in text
    public, internal = text.split("internal:", 1)
    assert "draft: true" in public and "runbooks.internal.example" not in public
    assert "runbooks.internal.example" in internal  # the alert's annotations are kept under internal: only
    first_tip = hosting.branch(pull.head)

    # A person reviews the draft and rewords its title on the branch.
    hosting.git("fetch", "-q", str(hosting.origin), f"{pull.head}:{pull.head}")
    hosting.git("checkout", "-q", pull.head)
    draft = hosting.author / path
    edited = re.sub(r"(?m)^title: .*$", "title: Some payments fail at checkout", draft.read_text(encoding="utf-8"),
                    count=1)
    draft.write_text(edited, encoding="utf-8")
    human = hosting.commit("Reword the title", push=False)
    hosting.git("push", "-q", "origin", f"{pull.head}:{pull.head}")
    hosting.git("checkout", "-q", "main")

    # The resolve's first push is refused, as when the branch moves under the job: it writes again on top.
    hosting.arm(f"push-{pull.head}", "reject")
    resolved = run_alert(hosting, github, "alertmanager-resolved.json")

    assert resolved.jobs == {"read": "success", "draft": "success"}, resolved.output()
    assert "The push of" in resolved.output("draft") and "was refused" in resolved.output("draft")
    assert github.violations == [], github.violations
    assert len(github.pulls) == 1 and github.open_pulls() == [pull]  # the same pull request, no second one
    assert len(pull.comments) == 1 and "resolved" in pull.comments[0]
    tip = hosting.branch(pull.head)
    assert tip != human
    for old in (first_tip, human):
        assert is_ancestor(hosting, old, tip), f"{old} is no longer on {pull.head}"
    for event in hosting.events("ref-updated"):
        if event["ref"] == f"refs/heads/{pull.head}" and set(event["old"]) != {"0"}:
            assert is_ancestor(hosting, event["old"], event["new"]), \
                f"{pull.head} moved from {event['old']} to {event['new']}: not a fast-forward"
    text = branch_files(hosting, pull.head)[path]
    assert "title: Some payments fail at checkout" in text  # the person's edit survived
    assert "resolved" in text
    assert hosting.branch("main") == main_before
    assert not hosting.pending_faults()

    # The same resolve again changes nothing: no commit, no comment.
    again = run_alert(hosting, github, "alertmanager-resolved.json")
    assert again.jobs == {"read": "success", "draft": "success"}, again.output()
    assert hosting.branch(pull.head) == tip and len(pull.comments) == 1 and len(github.pulls) == 1
    assert github.violations == []


def test_an_alert_withdrawn_within_the_flap_window_closes_its_pull_request(hosting, github):
    fired = run_alert(hosting, github, "alertmanager-firing.json")
    [pull] = github.open_pulls()
    tip = hosting.branch(pull.head)
    flapped = run_alert(hosting, github, "alertmanager-flap-resolved.json")

    assert (fired.jobs, flapped.jobs) == ({"read": "success", "draft": "success"},) * 2, flapped.output()
    assert github.violations == [], github.violations
    assert pull.state == "closed" and github.open_pulls() == [] and len(github.pulls) == 1
    assert len(pull.comments) == 1 and "withdrawn" in pull.comments[0]
    # The withdrawal is recorded on the branch, on top (the file stays a draft); the branch is never deleted.
    withdrawn = hosting.branch(pull.head)
    assert withdrawn != tip and is_ancestor(hosting, tip, withdrawn)
    [text] = branch_files(hosting, pull.head).values()
    assert "withdrawn: 2026-12-06T03:01:00Z" in text and "draft: true" in text


def test_a_push_refused_every_time_fails_the_run_after_three_attempts(hosting, github):
    branch = "statusgen-alert/alertmanager-6592b823d6e6"  # sha256 of the sender and the fixture's groupKey
    hosting.arm(f"push-{branch}", "reject", "reject", "reject")
    refused = run_alert(hosting, github, "alertmanager-firing.json")

    assert refused.jobs == {"read": "success", "draft": "failure"}, refused.output()
    assert f"Could not push {branch} after 3 attempts" in refused.output("draft"), refused.output()
    assert hosting.branch(branch) is None and github.pulls == {} and github.violations == []
    assert not hosting.pending_faults()
