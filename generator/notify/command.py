"""`statusgen changes` and `statusgen notify`.

Both compare the published incidents at a commit (--since) with the working
tree. `changes` only describes the difference; `notify` announces it.
"""
from __future__ import annotations

import json
import os
import shlex
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click

from ..cli.options import CONFIG_OPTION, TimeParam, fail
from ..config import Config, load_config
from ..diagnostics import Diagnostic, UserError
from ..project import Project, load_project
from ..state import build_state
from ..timeutil import TimeError, build_now
from .changes import Change, detect_changes
from .gitref import Snapshot, snapshot_at
from .payloads import ChatRenderer, encode, event_name, one_line, slack_payload, webhook_payload
from .send import (FAILING, OUT_OF_TIME, REFUSED, TIMEOUT, UNREACHABLE, Policy, Result, check_url, post_json, redact,
                   seconds)
from .summary import code, md, render_markdown, render_text
from .targets import CHAT, VARIABLES, WEBHOOK, Target, channels_for, configured_targets, routing_note

FAILED_EXIT = 1
TEMPLATE = "template"  # a Result kind: the chat message could not be rendered, nothing was sent
# Well inside the deploy workflow's 10-minute Notify job, so a slow receiver
# fails the run with a report rather than being killed by the job's limit.
DEFAULT_MAX_TIME = 300.0


def _now_option(function):
    return click.option("--now", type=TimeParam(),
                        help="The moment to describe (default: SOURCE_DATE_EPOCH, else the clock); it is the only "
                             "time in a webhook body besides the incident's own.")(function)


def _since_option(function):
    return click.option("--since", "since", required=True, metavar="REF",
                        help="The commit to compare with: a hash, branch, tag or HEAD~1.")(function)


@dataclass
class Comparison:
    config: Config
    project: Project
    before: Snapshot
    changes: list[Change]
    now: datetime


def compare(config_file: str, since: str, now: datetime | None) -> Comparison:
    """Load both sides, or exit with every problem listed."""
    try:
        config = load_config(config_file)
    except UserError as exc:
        fail(exc.diagnostics)
    try:
        moment = build_now(now)
    except TimeError as exc:
        raise click.UsageError(str(exc)) from None
    project = load_project(config, moment)
    if project.errors:
        fail(project.errors, hint=f"{len(project.errors)} error(s) in the incident files; fix them (statusgen validate) "
                              "before comparing")
    try:
        before = snapshot_at(config, since, moment)
    except UserError as exc:
        fail(exc.diagnostics)
    for d in before.unreadable:
        _say(f"{d.format()} (ignored: this file is treated as absent at {since})", err=True)
    changes = detect_changes(before.incidents, {i.id: i for i in project.incidents})
    return Comparison(config, project, before, changes, moment)


def _short(snapshot: Snapshot) -> str:
    """The ref as given, with its commit unless it is a short hash; one line, as it is printed."""
    ref = one_line(snapshot.ref)
    return ref if ref == snapshot.commit[:len(ref)] and len(ref) <= 12 else f"{ref} ({snapshot.commit[:12]})"


@click.command("changes")
@CONFIG_OPTION
@_since_option
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="markdown suits a GitHub job summary ($GITHUB_STEP_SUMMARY).")
@_now_option
def changes_command(config_file, since, fmt, now):
    """List what changed on the public page since a commit.

    New incidents and maintenance, new updates, status and severity changes,
    component, report and wording edits, and removals. Drafts are never listed.

    \b
    Example (what a pull request changes, in its job summary):
      statusgen changes --since origin/main --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    result = compare(config_file, since, now)
    label = _short(result.before)
    if fmt == "markdown":
        click.echo(render_markdown(result.changes, result.config, label), nl=False)
    elif fmt == "json":
        click.echo(json.dumps({
            "since": result.before.commit,
            "changes": [{"id": c.id, "kinds": list(c.kinds), "announced": c.announced, "event": event_name(c),
                         "new_updates": len(c.new_updates), "previous_status": c.previous_status,
                         "status": c.incident.status} for c in result.changes],
        }, indent=2, sort_keys=True))
    else:
        click.echo(render_text(result.changes, result.config, label))


@dataclass
class Delivery:
    change: Change
    target: Target
    result: Result | None  # None for a dry run


@click.command("notify")
@CONFIG_OPTION
@_since_option
@_now_option
@click.option("--timeout", type=click.FloatRange(min=0.05), default=10.0, show_default=True,
              help="Seconds each attempt may take in all: connecting, sending and the whole answer.")
@click.option("--attempts", type=click.IntRange(1, 10), default=3, show_default=True,
              help="Tries per notification (connection errors, timeouts, 5xx and 429 are retried).")
@click.option("--backoff", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds before the first retry; doubles after each.")
@click.option("--max-time", type=click.FloatRange(min=0.05), default=DEFAULT_MAX_TIME, show_default=True,
              help="Seconds all notifications may take together; what is left unsent then counts as failed.")
@click.option("--dry-run", is_flag=True, help="Print what would be sent instead of sending it.")
@click.option("--summary", "summary_file", type=click.Path(dir_okay=False),
              help="Also append a Markdown report to this file (e.g. $GITHUB_STEP_SUMMARY).")
def notify_command(config_file, since, now, timeout, attempts, backoff, max_time, dry_run, summary_file):
    """Announce what changed since a commit to the team chat and a JSON webhook.

    Each incident or maintenance that is new, has a new update, or changed
    status or severity is announced once to every target its severity's
    channels allow ("chat": the Slack-compatible message; "webhook": the JSON
    webhook; maintenance follows maintenance_channels). Targets come from
    the environment:

    \b
      STATUSGEN_SLACK_WEBHOOK_URL  a Slack-compatible incoming webhook
      STATUSGEN_WEBHOOK_URL        receives Statuspage-style incident JSON

    Exits 1 if any notification could not be delivered.

    \b
    Example:
      statusgen notify --since HEAD~1 --dry-run
    """
    result = compare(config_file, since, now)
    config = result.config
    label = _short(result.before)
    targets = configured_targets()
    for target in targets:
        problem = check_url(target.url)
        if problem:
            fail([Diagnostic(target.variable, None, f"{problem}; set it to the webhook's https:// URL")])
    # Oldest activity first, so a chat channel reads in the order things happened.
    announced = [c for c in reversed(result.changes) if c.announced]
    quiet = len(result.changes) - len(announced)
    click.echo(f"statusgen: {len(announced)} change(s) to announce since {label}"
               + (f" ({quiet} other change(s) are not announced)" if quiet else "") + ".")
    if not announced:
        _write_summary(summary_file, config, [], [], label, targets)
        return
    state = build_state(config, result.project.incidents, result.now)
    chat = None
    if dry_run or any(t.channel == CHAT for t in targets):
        try:
            chat = ChatRenderer.for_project(Path(config_file))
        except UserError as exc:
            fail(exc.diagnostics, hint="nothing was sent")
    policy = Policy(timeout=timeout, attempts=attempts, backoff=backoff)
    deadline = time.monotonic() + max_time  # for sending; comparing was quick and is done
    deliveries: list[Delivery] = []
    unrouted: list[Change] = []
    for change in announced:
        channels = channels_for(change.incident, config)
        wanted = [t for t in targets if t.channel in channels]
        event = event_name(change)
        if not [c for c in channels if c in VARIABLES]:
            unrouted.append(change)
            _say(f"  not sent  {change.id} ({event}): {routing_note(change.incident, config)}")
            continue
        if dry_run:
            _print_dry_run(change, state, result.now, chat, channels)
        elif not wanted:
            missing = " or ".join(VARIABLES[c] for c in channels if c in VARIABLES)
            _say(f"  not sent  {change.id} ({event}): {missing} is not set")
        for target in wanted:
            if dry_run:
                deliveries.append(Delivery(change, target, None))
                continue
            sent = _send(change, target, chat, state, result.now, policy, deadline)
            deliveries.append(Delivery(change, target, sent))
            _report(change, target, sent)
    _write_summary(summary_file, config, deliveries, unrouted, label, targets)
    if not targets:
        names = " and/or ".join(VARIABLES.values())
        click.echo(f"statusgen: no notification targets are configured (set {names}); nothing was sent.")
        return
    if dry_run:
        click.echo(f"statusgen: dry run; {len(deliveries)} notification(s) would be sent.")
        return
    failed = [d for d in deliveries if not d.result.ok]
    click.echo(f"statusgen: {len(deliveries) - len(failed)} notification(s) sent, {len(failed)} failed.")
    if failed:
        for line in _advice(failed, policy, max_time):
            _say(f"statusgen: {line}", err=True)
        _say(f"statusgen: {len(failed)} notification(s) could not be delivered (see FAILED above). Fix what is "
             f"named above, then run `statusgen notify --since {shlex.quote(since)}` again; targets that "
             "already received a change will receive it again.", err=True)
        raise SystemExit(FAILED_EXIT)


def _say(line: str, err: bool = False) -> None:
    """Print one line that may hold user values (titles, ids, a ref, a server's words) as one line."""
    click.echo(one_line(line), err=err)


def _send(change: Change, target: Target, chat: ChatRenderer | None, state, now: datetime, policy: Policy,
          deadline: float) -> Result:
    try:
        body = (encode(slack_payload(chat.render(change, state))) if target.channel == CHAT
                else encode(webhook_payload(change, state, now)))
    except UserError as exc:
        # One bad message must not stop the others; it counts as a failure.
        return Result(False, 0, "; ".join(d.format() for d in exc.diagnostics), TEMPLATE)
    return post_json(target.url, body, policy, deadline=deadline)


def _report(change: Change, target: Target, sent: Result) -> None:
    event = event_name(change)
    verdict = "sent    " if sent.ok else "FAILED  "
    tries = f"{sent.attempts} attempt{'s' if sent.attempts != 1 else ''}"
    _say(f"  {verdict}  {change.id} ({event}) -> {target.channel} {redact(target.url)}: {sent.detail}, {tries}")
    if not sent.ok and os.environ.get("GITHUB_ACTIONS") == "true":
        # Shown on the run's summary page, not only in the log.
        click.echo(Diagnostic(target.variable, None, one_line(f"{change.id} ({event}) not delivered: {sent.detail}"))
                   .format_github())


def _advice(failed: list[Delivery], policy: Policy, max_time: float) -> list[str]:
    """What to do, once per target and kind of failure, naming the target by its redacted URL."""
    lines = []
    for d in failed:
        variable = d.target.variable
        advice = {
            TIMEOUT: f"did not answer within {seconds(policy.timeout)} s; check that the receiver is up and answers "
                     "promptly (or raise --timeout)",
            UNREACHABLE: f"could not be reached; check the host name in {variable} and that the receiver is up",
            REFUSED: f"refused the notification; check that {variable} is the webhook's current URL (revoked or "
                     "mistyped URLs answer 403 or 404)",
            FAILING: "is failing (server errors or rate limits); the next run sends it again",
            OUT_OF_TIME: f"was not tried in time: the run's --max-time of {seconds(max_time)} s ran out; fix the "
                         "slow receiver, or raise --max-time",
            TEMPLATE: "got no message because the chat template failed; fix the template named above",
        }.get(d.result.kind)
        line = f"{redact(d.target.url)} ({variable}) {advice}"
        if advice and line not in lines:
            lines.append(line)
    return lines


def _print_dry_run(change, state, now, chat, channels):
    _say(f"--- {change.id} ({event_name(change)}); channels: {', '.join(channels)}")
    if CHAT in channels:
        click.echo("chat message:")
        try:
            click.echo(chat.render(change, state))
        except UserError as exc:
            click.echo("\n".join(one_line(d.format()) for d in exc.diagnostics))
    if WEBHOOK in channels:
        click.echo("webhook body:")
        click.echo(json.dumps(webhook_payload(change, state, now), indent=2, sort_keys=True, ensure_ascii=False))


def _write_summary(path, config: Config, deliveries: list[Delivery], unrouted: list[Change], label: str,
                   targets: list[Target]) -> None:
    if not path:
        return
    lines = ["### Notifications", "", f"Compared with `{code(label)}`.", ""]
    if not targets:
        lines.append(f"No targets configured ({', '.join(f'`{v}`' for v in VARIABLES.values())}); nothing was sent.")
    if not deliveries and not unrouted:
        lines.append("Nothing to announce.")
    for d in deliveries:
        if d.result is None:
            outcome = "would be sent (dry run)"
        else:
            outcome = ("sent" if d.result.ok else "**failed**") + f": {md(d.result.detail)}, {d.result.attempts} attempt(s)"
        lines.append(f"- `{d.change.id}` ({event_name(d.change)}) → {d.target.channel}: {outcome}")
    for change in unrouted:
        lines.append(f"- `{change.id}` ({event_name(change)}): not sent; {md(routing_note(change.incident, config))}")
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    except OSError as exc:  # the notifications went out; only the summary is lost
        _say(f"{path}: warning: the summary could not be written: {exc.strerror or exc}", err=True)
