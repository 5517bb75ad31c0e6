"""`statusgen alert-pr`: the steps of the alert workflow (.github/workflows/alert.yml) that are not git.

    unwrap EVENT OUT     the sender's payload out of a repository_dispatch event, into OUT; prints the sender
    result FILE          checks `statusgen ingest`'s JSON; prints "ACTION BRANCH"
    find BRANCH          the number of the open pull request from BRANCH, or nothing
    open RESULT          opens the draft pull request for the alert; prints its number
    comment N RESULT     says on pull request N what the alert's new event changed
    close N RESULT       says why, then closes pull request N (the branch stays)

The GitHub calls read GITHUB_TOKEN, GITHUB_API_URL and GITHUB_REPOSITORY; each has a total deadline
(notify/github.py). Every failure is one line on stderr saying what to do, exit 2.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import click

MAX_EVENT = 2 * 1024 * 1024  # bytes of the event file read at most (GitHub caps the dispatch's body far below)
MAX_PAYLOAD = 1024 * 1024  # what `statusgen ingest` accepts
_SENDER = re.compile(r"[a-z][a-z0-9-]{0,39}")


def _fail(message: str) -> None:
    click.echo(f"statusgen alert-pr: {message}", err=True)
    raise SystemExit(2)


def _read(path: str, limit: int, what: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        _fail(f"cannot read {what} {path}: {exc.strerror or exc}")
    if len(data) > limit:
        _fail(f"{what} {path} is larger than {limit} bytes")
    return data


def _result(path: str):
    from ..notify.alertpr import ResultError, read_result

    try:
        return read_result(_read(path, MAX_PAYLOAD, "ingest's output").decode("utf-8", "replace"))
    except ResultError as exc:
        _fail(f"{path}: {exc}")


def _github():
    from ..notify.github import GitHub, GitHubError

    try:
        return GitHub.from_environment()
    except GitHubError as exc:
        _fail(str(exc))


def _calling(work):
    from ..notify.github import GitHubError

    try:
        return work()
    except GitHubError as exc:
        _fail(str(exc))


@click.group("alert-pr")
def alert_pr_group():
    """The alert workflow's steps: from a repository_dispatch event to a draft pull request.

    \b
    The event's client_payload: {"sender": NAME (optional), "payload": the sender's JSON body}.
    GitHub calls read GITHUB_TOKEN, GITHUB_API_URL and GITHUB_REPOSITORY. See docs/alerts.md.

    \b
    Example (what .github/workflows/alert.yml does):
      statusgen alert-pr unwrap "$GITHUB_EVENT_PATH" payload.json     # prints the sender
      statusgen ingest payload.json > result.json
      number="$(statusgen alert-pr find statusgen-alert/alertmanager-0123456789ab)"
      statusgen alert-pr open result.json                            # after pushing the branch
    """


@alert_pr_group.command("unwrap")
@click.argument("event", type=click.Path(dir_okay=False))
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def unwrap_command(event, out):
    """Write the sender's payload from EVENT (GITHUB_EVENT_PATH) to OUT; print the sender's name, if given."""
    try:
        data = json.loads(_read(event, MAX_EVENT, "the event file"))
    except ValueError as exc:
        _fail(f"the event file {event} is not JSON ({exc})")
    client = data.get("client_payload") if isinstance(data, dict) else None
    if not isinstance(client, dict):
        _fail(f"the event file {event} has no client_payload object: send "
              '{"event_type": "alert", "client_payload": {"sender": NAME, "payload": BODY}}')
    unknown = sorted(set(client) - {"sender", "payload"})
    if unknown:
        _fail(f"client_payload has fields statusgen does not know ({', '.join(map(repr, unknown[:5]))}); "
              "it takes only sender and payload")
    sender = client.get("sender") or ""
    if not isinstance(sender, str) or (sender and not _SENDER.fullmatch(sender)):
        _fail("client_payload.sender is not a sender's name (alertmanager, grafana, uptime-kuma, datadog, "
              "pagerduty), nor left out")
    payload = client.get("payload")
    if not isinstance(payload, (dict, list)):
        _fail("client_payload.payload is missing or not a JSON object: put the sender's whole body there")
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    if len(body) > MAX_PAYLOAD:
        _fail(f"client_payload.payload is larger than {MAX_PAYLOAD} bytes")
    Path(out).write_bytes(body)
    click.echo(sender)


@alert_pr_group.command("result")
@click.argument("file", type=click.Path(dir_okay=False))
def result_command(file):
    """Check `statusgen ingest`'s JSON in FILE; print its action and branch, separated by a space."""
    result = _result(file)
    click.echo(f"{result.action} {result.branch}")


@alert_pr_group.command("find")
@click.argument("branch")
def find_command(branch):
    """Print the number of the open pull request whose head is BRANCH, or nothing."""
    github = _github()
    found = _calling(lambda: github.open_pull(branch))
    if found:
        click.echo(str(found["number"]))


@alert_pr_group.command("open")
@click.argument("result_file", metavar="RESULT", type=click.Path(dir_okay=False))
@click.option("--base", default="main", show_default=True, help="The branch the pull request merges into.")
def open_command(result_file, base):
    """Open the draft pull request for the alert of RESULT (ingest's JSON); print its number."""
    from ..notify.alertpr import pull_body, pull_title

    result = _result(result_file)
    github = _github()
    pull = _calling(lambda: github.create_draft(result.branch, base, pull_title(result), pull_body(result)))
    click.echo(str(pull["number"]))


@alert_pr_group.command("comment")
@click.argument("number", type=click.IntRange(min=1))
@click.argument("result_file", metavar="RESULT", type=click.Path(dir_okay=False))
def comment_command(number, result_file):
    """Say on pull request NUMBER what the alert's new event (RESULT) changed."""
    from ..notify.alertpr import update_comment

    result = _result(result_file)
    github = _github()
    _calling(lambda: github.comment(number, update_comment(result)))


@alert_pr_group.command("close")
@click.argument("number", type=click.IntRange(min=1))
@click.argument("result_file", metavar="RESULT", type=click.Path(dir_okay=False))
def close_command(number, result_file):
    """Comment why, then close pull request NUMBER; its branch is kept."""
    from ..notify.alertpr import withdrawn_comment

    result = _result(result_file)
    github = _github()
    _calling(lambda: github.comment(number, withdrawn_comment(result)))
    _calling(lambda: github.close(number))
