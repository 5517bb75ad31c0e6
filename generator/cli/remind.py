"""`statusgen remind`: tell the team's chat that an update or a report is due, each reminder once.

The scheduled workflow runs it every ten minutes. What is due is the model's (model/reminders.py),
the words comms' (comms/reminders.py), the sending and the record notify's (notify/remind.py); this
command reads the project, opens the record and reports. Its exit status: 0 when every reminder due
went out (or had already), 1 when one could not be delivered (the next run tries it again) or the
record could not be read or written, 2 for a wrong command line.
"""
from __future__ import annotations

import os
import time

import click

from ..core.diagnostics import Diagnostic, UserError
from .options import CONFIG_OPTION, TimeParam, delivery_options, fail, load_or_fail, resolve_now

DEFAULT_MAX_TIME = 60.0  # seconds for all reminders together: well inside the scheduled job's limit


def _say(line: str, err: bool = False) -> None:
    from ..core.text import one_line

    click.echo(one_line(line), err=err)


@click.command("remind")
@CONFIG_OPTION
@click.option("--record", "record_file", type=click.Path(dir_okay=False), envvar="STATUSGEN_RECORD",
              help="The communications record in a local file (default: $STATUSGEN_RECORD).")
@click.option("--record-branch", metavar="BRANCH", envvar="STATUSGEN_RECORD_BRANCH",
              help="The communications record on this branch of the repository (default: $STATUSGEN_RECORD_BRANCH).")
@click.option("--record-remote", default="origin", show_default=True, metavar="REMOTE",
              help="The remote that holds --record-branch.")
@click.option("--now", type=TimeParam(), help="Decide what is due as of this time instead of the clock.")
@click.option("--dry-run", is_flag=True, help="Print the reminders that would be sent; send and record nothing.")
@delivery_options("reminders", DEFAULT_MAX_TIME)
@click.option("--summary", "summary_file", type=click.Path(dir_okay=False),
              help="Also append a Markdown report to this file (e.g. $GITHUB_STEP_SUMMARY).")
@click.option("--draft-branches", metavar="PATTERN",
              help="Also look for draft incidents on the remote's branches matching this pattern (e.g. "
                   "'statusgen-alert/*', where the alert intake opens its draft pull requests).")
def remind_command(config_file, record_file, record_branch, record_remote, now, dry_run, timeout, attempts, backoff,
                   max_time, summary_file, draft_branches):
    """Remind the team's chat of updates and reports that are due, each reminder once.

    \b
    It reminds when
      - an open incident's next update is due within `lead` (default 5m) or overdue
        (the last update + the severity's update_every);
      - a draft incident made from an alert has no public first update and the
        severity's response_time, counted from `detected`, nears or has passed:
        merge the draft pull request;
      - a resolved incident's post-incident report is due within `report_lead`
        (default 24h) or overdue (postmortem_within after the resolution).

    Reminders go only to STATUSGEN_TEAM_CHAT_URL, the team's own Slack-compatible
    chat webhook; when it is not set, nothing happens. Each reminder (incident,
    what is due, when) is sent once: the communications record (--record or
    --record-branch, the one notify keeps) remembers it, and a failed one is sent
    by the next run. Options: plugins.statusgen.reminders in mkdocs.yml.

    \b
    Examples:
      statusgen remind --dry-run
      statusgen remind --record-branch statusgen-record
    """
    from ..notify.remind import TEAM_VARIABLE, public_twin, team_chat_url
    from ..notify.send import check_url

    config = load_or_fail(config_file)
    if record_file and record_branch:
        raise click.UsageError("give --record or --record-branch, not both")
    if not config.reminders.enabled:
        click.echo("statusgen: reminders are turned off (plugins.statusgen.reminders in mkdocs.yml); nothing to do.")
        return
    url = team_chat_url()
    if not url and not dry_run:
        click.echo(f"statusgen: {TEAM_VARIABLE} is not set, so no reminder is sent. Set it to the team's internal "
                   "chat webhook (a Slack-compatible incoming webhook) to be reminded of due updates and reports.")
        return
    if url and check_url(url):
        fail([Diagnostic(TEAM_VARIABLE, None, f"{check_url(url)}; set it to the team chat webhook's https:// URL")],
             hint="no reminder was sent")
    if url and public_twin(url):
        fail([Diagnostic(TEAM_VARIABLE, None, f"is the same URL as {public_twin(url)}, the public channel "
                                              "notify posts to; reminders are for the team only: set it to the "
                                              "team's internal chat webhook")], hint="no reminder was sent")
    if not dry_run and not record_file and not record_branch:
        raise click.UsageError("a record is needed (--record FILE or --record-branch BRANCH): without one, every "
                               "run would send the same reminders again")
    moment = resolve_now(now)
    reminders = _due(config, moment, draft_branches, record_remote)
    record = _open_record(config, record_file, record_branch, record_remote, dry_run)
    try:
        _remind(config, reminders, record, moment, url, dry_run, summary_file, (timeout, attempts, backoff),
                max_time)
    finally:
        if record is not None:
            record.close()


def _due(config, moment, draft_branches, remote):
    """The reminders due: from the working tree, and the drafts on the draft branches if asked."""
    from ..model.reminders import reminders_due
    from ..validate.project import load_project

    project = load_project(config, moment)
    drafts = list(project.unpublished)
    if draft_branches:
        from ..notify.drafts import drafts_on_branches

        try:
            found, notes = drafts_on_branches(config, remote, draft_branches, moment)
        except UserError as exc:
            fail(exc.diagnostics, hint="no reminder was sent: the draft branches could not be read")
        drafts += found
        for note in notes:
            _say(f"statusgen: warning: {note}", err=True)
    if project.errors:
        _say(f"statusgen: warning: the incident files have {len(project.errors)} error(s) (statusgen validate "
             "names them); reminders cover the files that could be read.", err=True)
    return reminders_due(config, project.incidents, drafts, moment)


def _open_record(config, record_file, record_branch, remote, dry_run):
    from .record_access import open_record

    if not record_file and not record_branch:
        return None
    record, store = open_record(config, record_file, record_branch, remote, read_only=dry_run,
                                hint="no reminder was sent: every reminder is recorded before it goes out")
    for note in store.notes:
        _say(f"{store.where}: warning: {note}", err=True)
    if record is None and not dry_run:
        store.close()
        fail([Diagnostic(store.where, None, "holds no communications record. Begin it with statusgen notify "
                                            "--begin-record (in the Deploy workflow: Run workflow, with 'Begin the "
                                            "communications record'); reminders are recorded in the same record")],
             hint="no reminder was sent")
    return record


def _remind(config, reminders, record, moment, url, dry_run, summary_file, policy_args, max_time) -> None:
    from ..comms.reminders import reminder_line, reminder_text
    from ..notify.remind import message_id, send_reminders, standing_result
    from ..notify.send import Policy, post_json

    click.echo(f"statusgen: {len(reminders)} reminder(s) due at {moment:%Y-%m-%d %H:%MZ}.")
    if dry_run:
        for reminder in reminders:
            known = standing_result(record, message_id(reminder, config))
            verdict = "would send" if known is None else f"would not send: {known.detail.split(';')[0]}"
            _say(f"  {verdict}  {reminder_line(reminder, moment)}")
            if known is None:
                _say(f"    {reminder_text(reminder, moment, config)}")
        _warn_unresolved(record)
        return
    policy = Policy(timeout=policy_args[0], attempts=policy_args[1], backoff=policy_args[2])
    deadline = time.monotonic() + max_time
    run = send_reminders(reminders, record, config, moment, url,
                         post=lambda body, mid: post_json(url, body, policy, deadline=deadline, message_id=mid),
                         on_sent=lambda s: _shown(s, moment), time_left=lambda: deadline - time.monotonic())
    _warn_unresolved(record)
    if summary_file:
        _append(summary_file, _summary(run.sent, moment))
    if run.stopped is not None:
        fail(run.stopped.diagnostics, hint="the run stopped there: nothing more was sent; the next run goes on")
    failed = [s for s in run.sent if s.failed]
    sent = sum(1 for s in run.sent if s.result.ok and s.result.attempts)
    click.echo(f"statusgen: {sent} reminder(s) sent, {len(failed)} failed, {len(run.sent) - sent - len(failed)} "
               "already sent or held.")
    if failed:
        _say(f"statusgen: {len(failed)} reminder(s) could not be delivered to the team chat; the next run tries "
             "again.", err=True)
        raise SystemExit(1)


def _verdict(sent) -> str:
    from ..notify.run import ALREADY, HELD
    from ..notify.send import UNKNOWN

    kind = sent.result.kind
    return {ALREADY: "already", HELD: "held", UNKNOWN: "UNKNOWN"}.get(kind) or ("sent" if sent.result.ok else "FAILED")


def _shown(sent, moment) -> None:
    from ..comms.reminders import reminder_line
    from ..notify.remind import TEAM_VARIABLE

    tries = f", {sent.result.attempts} attempt(s)" if sent.result.attempts else ""
    _say(f"  {_verdict(sent):8}  {reminder_line(sent.reminder, moment)}: {sent.result.detail}{tries}")
    if sent.failed and os.environ.get("GITHUB_ACTIONS") == "true":
        click.echo(Diagnostic(TEAM_VARIABLE, None, f"reminder {reminder_line(sent.reminder, moment)} not delivered: "
                                                   f"{sent.result.detail}; the next run tries again").format_github())


def _warn_unresolved(record) -> None:
    from ..notify.remind import TEAM

    if record is None:
        return
    for (channel, mid), standing in record.ledger.unresolved():
        if channel == TEAM:
            _say(f"{record.where}: warning: the outcome of reminder {mid} ({standing.time}) is unknown; it is not "
                 "sent again. If the team chat got it, settle it with statusgen notify --confirm-sent "
                 f"'{mid}'", err=True)


def _summary(sent, moment) -> str:
    from ..comms.reminders import reminder_line
    from ..core.text import md

    if not sent:
        return "### Team reminders\n\nNothing due.\n\n"
    rows = "".join(f"| {_verdict(s)} | {md(reminder_line(s.reminder, moment))} | {md(s.result.detail)} |\n"
                   for s in sent)
    return f"### Team reminders\n\n| | reminder | outcome |\n|---|---|---|\n{rows}\n"


def _append(path: str, text: str) -> None:
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        _say(f"{path}: warning: the summary could not be written: {exc.strerror or exc}", err=True)
