"""`statusgen changes` and `statusgen notify`: what changed since a commit, and announcing it.

The work is in generator.notify: compare (both sides), plan (who hears what,
pure), deliver (bodies and POSTs) and report (lines and the job summary).
"""
from __future__ import annotations

import json
import os
import shlex
import time
from pathlib import Path

import click

from ..core.diagnostics import Diagnostic, UserError
from .options import CONFIG_OPTION, TimeParam, fail, load_or_fail, resolve_now

# Well inside the deploy workflow's 10-minute Notify job, so a slow receiver
# fails the run with a report rather than being killed by the job's limit.
DEFAULT_MAX_TIME = 300.0
FAILED_EXIT = 1


def _now_option(function):
    return click.option("--now", type=TimeParam(),
                        help="The moment to describe (default: SOURCE_DATE_EPOCH, else the clock); it is the only "
                             "time in a webhook body besides the incident's own.")(function)


def _since_option(function):
    return click.option("--since", "since", required=True, metavar="REF",
                        help="The commit to compare with: a hash, branch, tag or HEAD~1.")(function)


def _say(line: str, err: bool = False) -> None:
    """Print one line that may hold user values (titles, ids, a ref, a server's words) as one line."""
    from ..core.text import one_line

    click.echo(one_line(line), err=err)


def _compare(config_file: str, since: str, now):
    from ..changes.compare import WorkingTreeErrors, compare

    config = load_or_fail(config_file)
    moment = resolve_now(now)
    try:
        result = compare(config, since, moment)
    except WorkingTreeErrors as exc:
        fail(exc.diagnostics, hint=f"{len(exc.diagnostics)} error(s) in the incident files; fix them "
                                   "(statusgen validate) before comparing")
    except UserError as exc:
        fail(exc.diagnostics)
    for d in result.before.unreadable:
        _say(f"{d.format()} (ignored: this file is treated as absent at {since})", err=True)
    return result


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
    from ..comms.payloads import event_name
    from ..comms.summary import render_markdown, render_text

    result = _compare(config_file, since, now)
    if fmt == "markdown":
        click.echo(render_markdown(result.changes, result.config, result.label), nl=False)
    elif fmt == "json":
        click.echo(json.dumps({
            "since": result.before.commit,
            "changes": [{"id": c.id, "kinds": list(c.kinds), "announced": c.announced, "event": event_name(c),
                         "new_updates": len(c.new_updates), "previous_status": c.previous_status,
                         "status": c.incident.status} for c in result.changes],
        }, indent=2, sort_keys=True))
    else:
        click.echo(render_text(result.changes, result.config, result.label))


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
@click.option("--audit-log", "audit_file", type=click.Path(dir_okay=False), envvar="STATUSGEN_AUDIT_LOG",
              help="Append one JSON line per message sent, failed or skipped to this file (the audit trail); an "
                   "e-mail it records as sent is not sent again. Default: $STATUSGEN_AUDIT_LOG.")
def notify_command(config_file, since, now, timeout, attempts, backoff, max_time, dry_run, summary_file, audit_file):
    """Announce what changed since a commit to the team chat, a JSON webhook and e-mail.

    Each incident or maintenance that is new, has a new update, or changed
    status or severity is announced once to every target its severity's
    channels allow ("chat": the Slack-compatible message; "webhook": the JSON
    webhook; "email": the e-mail `statusgen comms` drafts; maintenance follows
    maintenance_channels). Targets come from the environment:

    \b
      STATUSGEN_SLACK_WEBHOOK_URL  a Slack-compatible incoming webhook
      STATUSGEN_WEBHOOK_URL        receives Statuspage-style incident JSON
      STATUSGEN_SMTP_URL           smtps://user:password@host:465 or smtp://...:587?starttls,
                                   with STATUSGEN_EMAIL_FROM and STATUSGEN_EMAIL_TO (one address)

    Exits 1 if any notification could not be delivered.

    \b
    Example:
      statusgen notify --since HEAD~1 --dry-run
    """
    from ..notify.deliver import Delivery, message_id, send, send_email
    from ..comms.payloads import ChatRenderer, event_name
    from ..notify.plan import plan
    from ..notify.report import ALREADY, advice, delivery_line, github_annotation, summary_markdown
    from ..notify.send import Policy, Result, check_url
    from ..notify.targets import CHAT, EMAIL, VARIABLES, configured_targets
    from ..model.state import build_state

    result = _compare(config_file, since, now)
    config = result.config
    targets = configured_targets()
    for target in targets:
        if target.channel == EMAIL:
            _check_email_target(target)
            continue
        problem = check_url(target.url)
        if problem:
            fail([Diagnostic(target.variable, None, f"{problem}; set it to the webhook's https:// URL")])
    planned = plan(result.changes, targets, config)
    click.echo(f"statusgen: {len(planned.announcements)} change(s) to announce since {result.label}"
               + (f" ({planned.quiet} other change(s) are not announced)" if planned.quiet else "") + ".")

    def write_summary(deliveries, unrouted):
        if summary_file:
            _append(summary_file, summary_markdown(config, deliveries, unrouted, result.label, targets,
                                                   audit_file or ""))

    if not planned.announcements:
        write_summary([], [])
        return
    state = build_state(config, result.project.incidents, result.now)
    chat = None
    composer = None
    if dry_run or any(t.channel == CHAT for t in targets):
        try:
            chat = ChatRenderer.for_config(config)
        except UserError as exc:
            fail(exc.diagnostics, hint="nothing was sent")
    if dry_run or any(t.channel == EMAIL for t in targets):
        from ..comms.drafts import Composer

        composer = Composer(config)
    audit = None
    if audit_file and not dry_run:
        from ..notify.audit import AuditLog

        try:
            audit = AuditLog(Path(audit_file))
        except UserError as exc:
            fail(exc.diagnostics, hint="nothing was sent: every message must be recorded")
        if audit.unreadable:
            _say(f"{audit_file}: warning: {audit.unreadable} line(s) are not audit records and were skipped", err=True)
    policy = Policy(timeout=timeout, attempts=attempts, backoff=backoff)
    deadline = time.monotonic() + max_time  # for sending; comparing was quick and is done
    deliveries: list[Delivery] = []
    unrouted = [a.change for a in planned.announcements if not a.routed]
    for item in planned.announcements:
        change = item.change
        if not item.routed:
            _say(f"  not sent  {change.id} ({event_name(change)}): {item.not_sent}")
            continue
        if dry_run:
            _print_dry_run(change, state, result.now, chat, item.channels, composer)
        elif not item.targets:
            _say(f"  not sent  {change.id} ({event_name(change)}): {item.not_sent}")
        for target in item.targets:
            if dry_run:
                deliveries.append(Delivery(change, target, None))
                continue
            mid = message_id(change, target.channel, state)
            if target.channel == EMAIL and audit is not None and audit.was_sent(EMAIL, mid):
                sent = Result(True, 0, f"not sent again: {audit_file} records {mid} as sent", ALREADY)
            elif target.channel == EMAIL:
                sent = send_email(change, target, composer, state, policy, deadline)
            else:
                sent = send(change, target, chat, state, result.now, policy, deadline)
            deliveries.append(Delivery(change, target, sent, mid))
            if audit is not None:
                _record(audit, change, target, sent, mid)
            click.echo(delivery_line(change, target, sent))
            if not sent.ok and os.environ.get("GITHUB_ACTIONS") == "true":
                click.echo(github_annotation(change, target, sent))
    write_summary(deliveries, unrouted)
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
        for line in advice(failed, policy, max_time):
            _say(f"statusgen: {line}", err=True)
        _say(f"statusgen: {len(failed)} notification(s) could not be delivered (see FAILED above). Fix what is "
             f"named above, then run `statusgen notify --since {shlex.quote(since)}` again; targets that "
             "already received a change will receive it again.", err=True)
        raise SystemExit(FAILED_EXIT)


def _check_email_target(target) -> None:
    """The SMTP URL and both addresses, before anything is sent; never printing the password."""
    from ..comms.mime import parse_address
    from ..notify.email_send import parse_smtp_url
    from ..notify.targets import EMAIL_FROM, EMAIL_TO

    server = parse_smtp_url(target.url)
    if isinstance(server, str):
        fail([Diagnostic(target.variable, None, f"{server}; e.g. smtps://user:password@smtp.example.com:465 or "
                                                "smtp://user:password@smtp.example.com:587?starttls")])
    for variable, value in ((EMAIL_FROM, target.sender), (EMAIL_TO, target.recipient)):
        if not value:
            fail([Diagnostic(variable, None, f"is not set; e-mail needs it with {target.variable}: one address, "
                                             "e.g. \"Acme Status <status@acme.example>\"")])
        if parse_address(value) is None:
            fail([Diagnostic(variable, None, "is not one e-mail address (e.g. status@acme.example, or "
                                             "\"Acme Status <status@acme.example>\"); for many people, send to a "
                                             "mailing list")])


def _record(audit, change, target, sent, mid) -> None:
    from ..notify.audit import ALREADY_SENT, FAILED, SENT, Record, run_id, utc_now
    from ..comms.payloads import event_name
    from ..notify.report import ALREADY
    from ..notify.send import redact

    outcome = ALREADY_SENT if sent.kind == ALREADY else (SENT if sent.ok else FAILED)
    audit.append(Record(time=utc_now(), channel=target.channel, incident=change.id,
                        update=f"{change.id}-{len(change.incident.updates)}", event=event_name(change),
                        message_id=mid, outcome=outcome, detail=sent.detail, attempts=sent.attempts,
                        target=redact(target.url), run=run_id()))


def _print_dry_run(change, state, now, chat, channels, composer=None):
    from ..comms.payloads import event_name, one_line, webhook_payload
    from ..notify.targets import CHAT, EMAIL, WEBHOOK

    _say(f"--- {change.id} ({event_name(change)}); channels: {', '.join(channels)}")
    if EMAIL in channels and composer is not None and change.per_update:
        from ..comms.find import drafts_for_change

        click.echo("e-mail:")
        try:
            email = drafts_for_change(composer, change, state, only=EMAIL).email
            click.echo(f"Subject: {email.subject}\nMessage-ID: {email.message_id}\n\n{email.text}", nl=False)
        except UserError as exc:
            click.echo("\n".join(one_line(d.format()) for d in exc.diagnostics))
    if CHAT in channels:
        click.echo("chat message:")
        try:
            click.echo(chat.render(change, state))
        except UserError as exc:
            click.echo("\n".join(one_line(d.format()) for d in exc.diagnostics))
    if WEBHOOK in channels:
        click.echo("webhook body:")
        click.echo(json.dumps(webhook_payload(change, state, now), indent=2, sort_keys=True, ensure_ascii=False))


def _append(path: str, text: str) -> None:
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:  # the notifications went out; only the summary is lost
        _say(f"{path}: warning: the summary could not be written: {exc.strerror or exc}", err=True)
