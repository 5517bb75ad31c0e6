"""`statusgen alert-pr`: the GitHub calls of the alert workflow, against a strict loopback stand-in of the
REST API (tests/github_api.py), and the text it puts on GitHub, which carries untrusted alert text."""
from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner
from github_api import GitHubAPI
from servers import Silent

from generator.cli import main
from generator.notify.alertpr import pull_body, pull_title, read_result
from generator.notify.github import GitHub, GitHubError

TOKEN = "ghs_secret-token-value"
BRANCH = "statusgen-alert/alertmanager-0123456789ab"


def result(**changes) -> dict:
    data = {"action": "created", "sender": "alertmanager", "alert_key": "{}:{alertname=\"ApiDown\"}",
            "state": "firing", "incident": "2026-12-06-api-down", "path": "incidents/2026/2026-12-06-api-down.md",
            "draft": True, "branch": BRANCH, "title": "API is down", "changes": ["created the draft incident"],
            "reason": "a new alert"}
    return {**data, **changes}


@pytest.fixture
def api():
    with GitHubAPI("acme/status", TOKEN) as server:
        yield server


def run(api, tmp_path, *args, token=TOKEN, **result_changes):
    path = tmp_path / "result.json"
    path.write_text(json.dumps(result(**result_changes)))
    env = {"GITHUB_TOKEN": token, "GITHUB_API_URL": api.url, "GITHUB_REPOSITORY": "acme/status"}
    words = [str(path) if a == "RESULT" else a for a in args]
    return CliRunner().invoke(main, ["alert-pr", *words], env=env)


def test_open_find_comment_close_one_draft_pull_request(api, tmp_path):
    assert run(api, tmp_path, "find", BRANCH).output == ""
    opened = run(api, tmp_path, "open", "RESULT")
    assert opened.exit_code == 0, opened.output
    assert opened.output == "1\n"
    found = run(api, tmp_path, "find", BRANCH)
    assert found.output == "1\n"
    again = run(api, tmp_path, "open", "RESULT")  # another run got there first: the same pull request
    assert again.output == "1\n"
    updated = run(api, tmp_path, "comment", "1", "RESULT", action="updated", state="resolved",
                  changes=["added a resolving update"])
    closed = run(api, tmp_path, "close", "1", "RESULT", action="withdrawn", reason="resolved within 5m")

    assert updated.exit_code == 0 and closed.exit_code == 0, updated.output + closed.output
    assert api.violations == []
    [pull] = api.pulls.values()
    assert (pull.draft, pull.head, pull.base, pull.state) == (True, BRANCH, "main", "closed")
    assert "added a resolving update" in pull.comments[0] and "resolved within 5m" in pull.comments[1]
    assert [(c.method, c.path, c.status) for c in api.calls] == [
        ("GET", "/repos/acme/status/pulls", 200), ("POST", "/repos/acme/status/pulls", 201),
        ("GET", "/repos/acme/status/pulls", 200),
        ("POST", "/repos/acme/status/pulls", 422), ("GET", "/repos/acme/status/pulls", 200),
        ("POST", "/repos/acme/status/issues/1/comments", 201),
        ("POST", "/repos/acme/status/issues/1/comments", 201), ("PATCH", "/repos/acme/status/pulls/1", 200)]
    assert api.calls[0].query == {"head": [f"acme:{BRANCH}"], "state": ["open"], "per_page": ["10"]}


def test_the_stand_in_refuses_what_github_documents_as_wrong(api):
    github = GitHub(api.url, "acme/status", TOKEN)
    with pytest.raises(GitHubError, match="HTTP 404"):
        github.call("DELETE", "/repos/acme/status/pulls/1")
    with pytest.raises(GitHubError, match="HTTP 422"):
        github.call("POST", "/repos/acme/status/pulls", {"head": BRANCH, "base": "main", "title": "x", "draft": "yes"})
    assert len(api.violations) == 2 and "'draft' is str, not bool" in api.violations[1]


def test_a_wrong_token_is_refused_and_never_printed(api, tmp_path):
    refused = run(api, tmp_path, "find", BRANCH, token="ghs_wrong-token")
    assert refused.exit_code == 2
    assert "HTTP 401" in refused.output and "token was refused" in refused.output
    assert "ghs_wrong" not in refused.output and "Traceback" not in refused.output
    missing = CliRunner().invoke(main, ["alert-pr", "find", BRANCH], env={"GITHUB_TOKEN": "", "GITHUB_REPOSITORY": ""})
    assert missing.exit_code == 2 and "GITHUB_TOKEN is not set" in missing.output
    assert "GITHUB_REPOSITORY '' is not OWNER/REPO" in missing.output


def test_a_silent_api_fails_within_the_call_deadline():
    with Silent() as silent:
        github = GitHub(silent.url("").rstrip("/"), "acme/status", TOKEN, deadline=1.5)
        started = time.monotonic()
        with pytest.raises(GitHubError, match="GitHub API GET /repos/acme/status/pulls failed"):
            github.open_pull(BRANCH)
        assert time.monotonic() - started < 3


def test_a_comment_github_may_have_taken_is_not_sent_again():
    with Silent() as silent:
        github = GitHub(silent.url("").rstrip("/"), "acme/status", TOKEN, deadline=1.5)
        with pytest.raises(GitHubError, match="may have acted on it"):
            github.comment(1, "hello")
        assert len(silent.connections) == 1


def test_untrusted_alert_text_shows_verbatim_and_mentions_no_one():
    text = "@acme/oncall <img src=x onerror=alert(1)> ```\n[click](https://evil.example) #1"
    ingested = read_result(json.dumps(result(title=text, changes=["```` fence", "@everyone"])))
    title = pull_title(ingested)
    body = pull_body(ingested)
    assert "\n" not in title and len(title) < 200
    # Untrusted text only inside fences longer than any backtick run in it: GitHub renders nothing there.
    assert "````text\n@acme/oncall <img" in body and "`````text\n```` fence\n@everyone\n`````" in body
    outside = body.split("````text")[0]
    assert "@" not in outside and "<img" not in outside
    assert "Merging publishes the incident" in body and "severity" in body and "components" in body


@pytest.mark.parametrize("change, words", [
    ({"action": "published"}, "action 'published' is not one of"),
    ({"branch": "main"}, "branch 'main' is not statusgen-alert/"),
    ({"branch": "statusgen-alert/x;rm -rf /"}, "is not statusgen-alert/"),
    ({"path": "../outside.md"}, "is not a path inside the repository"),
])
def test_ingest_output_that_breaks_its_contract_is_refused(tmp_path, api, change, words):
    done = run(api, tmp_path, "result", "RESULT", **change)
    assert done.exit_code == 2 and words in done.output and "Traceback" not in done.output


def test_unwrap_writes_the_senders_payload_and_says_the_sender(tmp_path):
    event = tmp_path / "event.json"
    out = tmp_path / "payload.json"
    event.write_text(json.dumps({"action": "alert", "client_payload": {"sender": "datadog", "payload": {"id": "1"}}}))
    done = CliRunner().invoke(main, ["alert-pr", "unwrap", str(event), str(out)])
    assert (done.exit_code, done.output, json.loads(out.read_text())) == (0, "datadog\n", {"id": "1"})
    for client, words in [({"payload": "text"}, "not a JSON object"), ({"sender": "a b", "payload": {}}, "sender"),
                          ({"payload": {}, "extra": 1}, "'extra'"), (None, "no client_payload")]:
        event.write_text(json.dumps({"action": "alert", "client_payload": client}))
        done = CliRunner().invoke(main, ["alert-pr", "unwrap", str(event), str(out)])
        assert done.exit_code == 2 and words in done.output, done.output


def test_without_draft_pull_requests_an_ordinary_one_says_why(tmp_path):
    with GitHubAPI("acme/status", TOKEN, drafts=False) as api:
        opened = run(api, tmp_path, "open", "RESULT")
    assert opened.exit_code == 0, opened.output
    [pull] = api.pulls.values()
    assert pull.draft is False and pull.body.startswith("**This repository has no draft pull requests**")
    assert "Merging publishes the incident" in pull.body and api.violations == []
