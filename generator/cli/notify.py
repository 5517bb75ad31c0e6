"""`statusgen notify`: announcing what changed since a commit (`statusgen changes` lists it).

The work is in generator.notify: compare (both sides), plan (who hears what,
pure), deliver (bodies and POSTs) and report (lines and the job summary).
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import click

from ..core.diagnostics import Diagnostic, UserError
from .changes import compare_or_fail as _compare, now_option as _now_option, say as _say
from .options import CONFIG_OPTION, delivery_options, fail, load_or_fail, resolve_now

# Well inside the deploy workflow's 10-minute Notify job, so a slow receiver
# fails the run with a report rather than being killed by the job's limit.
DEFAULT_MAX_TIME = 300.0
FAILED_EXIT = 1


@click.command("notify")
@CONFIG_OPTION
@click.option("--since", "since", metavar="REF",
              help="The commit to compare with: a hash, branch, tag or HEAD~1. Default: the record's last "
                   "checkpoint (where the last run that settled every message left off).")
@_now_option
@delivery_options("notifications", DEFAULT_MAX_TIME)
@click.option("--dry-run", is_flag=True, help="Print what would be sent instead of sending it.")
@click.option("--summary", "summary_file", type=click.Path(dir_okay=False),
              help="Also append a Markdown report to this file (e.g. $GITHUB_STEP_SUMMARY).")
@click.option("--record", "record_file", type=click.Path(dir_okay=False), envvar="STATUSGEN_RECORD",
              help="The communications record in a local file (default: $STATUSGEN_RECORD).")
@click.option("--audit-log", "audit_file", type=click.Path(dir_okay=False), envvar="STATUSGEN_AUDIT_LOG",
              hidden=True)  # the record's name before it was one; kept so old workflows keep their trail
@click.option("--record-branch", metavar="BRANCH", envvar="STATUSGEN_RECORD_BRANCH",
              help="Keep the record on this branch of the repository (default: $STATUSGEN_RECORD_BRANCH); every "
                   "line is pushed before the next message goes out.")
@click.option("--record-remote", default="origin", show_default=True, metavar="REMOTE",
              help="The remote that holds --record-branch.")
@click.option("--begin-record", is_flag=True,
              help="Begin the record when there is none yet, at the current commit, sending nothing this run. "
                   "Without it a missing record is an error: one that vanished must not restart silently.")
@click.option("--confirm-sent", multiple=True, metavar="MESSAGE_ID",
              help="Record that a message whose outcome is unknown did arrive (you found it in the receiver's "
                   "log); nothing is sent. Repeatable.")
@click.option("--resend", multiple=True, metavar="MESSAGE_ID",
              help="Send this message again although the record says it was sent or its outcome is unknown "
                   "(repeatable; it must be among the messages this run plans: widen with --since).")
def notify_command(config_file, since, now, timeout, attempts, backoff, max_time, dry_run, summary_file,
                   record_file, audit_file, record_branch, record_remote, begin_record, confirm_sent, resend):
    """Announce what changed to the team chat, a JSON webhook, e-mail and social accounts, each message once.

    Each incident or maintenance that is new, has a new update, or changed
    status or severity is announced once to every channel and audience the
    notification policy names for its kind of message (`statusgen comms
    --policy`; by default each severity's channels, maintenance_channels for
    maintenance): "chat", the Slack-compatible message; "webhook", the JSON
    webhook; "email", the e-mail `statusgen comms` drafts. These targets reach
    the audience "everyone"; another audience they cannot reach is said, not
    sent. Targets come from the environment:

    \b
      STATUSGEN_SLACK_WEBHOOK_URL  a Slack-compatible incoming webhook
      STATUSGEN_WEBHOOK_URL        receives Statuspage-style incident JSON
      STATUSGEN_SMTP_URL           smtps://user:password@host:465 or smtp://...:587?starttls,
                                   with STATUSGEN_EMAIL_FROM and STATUSGEN_EMAIL_TO (one address)
      STATUSGEN_MASTODON_TOKEN     "social": posts to Mastodon, with STATUSGEN_MASTODON_URL
                                   (the instance) and STATUSGEN_MASTODON_VISIBILITY (public)
      STATUSGEN_BLUESKY_APP_PASSWORD  "social": posts to Bluesky, with STATUSGEN_BLUESKY_HANDLE
                                   (and STATUSGEN_BLUESKY_SERVICE, default https://bsky.social)

    "email" also reaches subscribers, audience by audience, through the
    mailing-list provider mkdocs.yml names (mailing_list; docs/subscribers.md).

    With a record (--record or --record-branch), every message is written down
    before and after it is sent; what the record says was sent is not sent
    again, and a message whose outcome is unknown is held for a person to
    decide (--resend). A record that cannot be read stops the run before
    anything is sent. A run without a record sends everything it finds.

    Exits 1 if any notification could not be delivered.

    \b
    Examples:
      statusgen notify --since HEAD~1 --dry-run
      statusgen notify --record-branch statusgen-record
    """
    from ..notify.run import message_ids as _ids
    from .notify_targets import checked_targets

    config = load_or_fail(config_file)
    targets = checked_targets(config, dry_run)
    record_file = record_file or audit_file
    if record_file and record_branch:
        raise click.UsageError("give --record or --record-branch, not both")
    moment = resolve_now(now)
    record, since, then = _open_record(config, record_file, record_branch, record_remote, since, moment, dry_run,
                                       begin_record)
    try:
        if record is not None and not dry_run:
            _confirm(record, sorted(_ids(confirm_sent)))
            _warn_unresolved(record)
        if since is not None:  # None: the record began here; nothing is sent on its first run
            _notify(config, targets, record, since, then, moment, dry_run, summary_file, _ids(resend),
                    (timeout, attempts, backoff), max_time)
    finally:
        if record is not None:
            record.close()


def _notify(config, targets, record, since, then, moment, dry_run, summary_file, resend, policy_args, max_time):
    from ..notify.plan import plan
    from ..notify.report import summary_markdown

    result = _compare(config, since, then, moment)
    if record is not None and not dry_run and then is not None:
        _record_went_live(record, result)
    planned = plan(result.changes, targets, config)
    click.echo(f"statusgen: {len(planned.announcements)} change(s) to announce since {result.label}"
               + (f" ({planned.quiet} other change(s) are not announced)" if planned.quiet else "") + ".")
    where = record.where if record is not None else ""

    def write_summary(deliveries, unrouted):
        if summary_file:
            _append(summary_file, summary_markdown(config, deliveries, unrouted, result.label, targets, where))

    if not planned.announcements:
        if resend:
            fail([Diagnostic("--resend", None, "this run plans no message; widen it with --since")])
        write_summary([], [])
        _settle(record, result, dry_run, announced=False)
        return
    _send_all(result, planned, targets, record, dry_run, resend, write_summary, policy_args=policy_args,
              max_time=max_time)


def _record_went_live(record, result) -> None:
    """Each update this deploy made visible, with when it went live: before anything is sent."""
    from ..notify.published import record_went_live

    try:
        recorded = record_went_live(record, result.changes, result.config, result.now)
    except UserError as exc:
        record.close()
        fail(exc.diagnostics, hint="nothing was sent: the record must be writable before anything goes out")
    if recorded:
        click.echo(f"statusgen: {len(recorded)} update(s) recorded as live on the status page.")


def _confirm(record, message_ids) -> None:
    """--confirm-sent: a person found the message in the receiver's log; the record says so."""
    from ..notify.record import SENT, UNKNOWN

    for mid in message_ids:
        keys = [key for key, standing in record.ledger.standing.items()
                if key[1] == mid and standing.state == UNKNOWN]
        if not keys:
            record.close()
            fail([Diagnostic("--confirm-sent", None, f"{mid} is not a message whose outcome is unknown in "
                                                     f"{record.where}")])
        for channel, _ in keys:
            try:
                record.outcome(channel, mid, SENT, "confirmed by a person (--confirm-sent)", 0)
            except UserError as exc:
                record.close()
                fail(exc.diagnostics, hint="nothing was sent")
            _say(f"statusgen: {mid} ({channel}) is recorded as sent, as confirmed.")


def _warn_unresolved(record) -> None:
    """Every message still unknown, on every run, until a person settles it: never forgotten silently."""
    for (channel, mid), standing in record.ledger.unresolved():
        if channel == "team":
            continue  # a team reminder's: statusgen remind says so, and --resend is not for it
        said = Diagnostic(record.where, None, f"warning: the outcome of {mid} ({channel}, {standing.time}) is "
                                              "unknown: check the receiver's log, then settle it with "
                                              f"--confirm-sent '{mid}' if it arrived or --resend '{mid}' if not")
        _say(said.format_github() if os.environ.get("GITHUB_ACTIONS") == "true" else said.format())


def _open_record(config, record_file, record_branch, remote, since, moment, dry_run, begin):
    """The record (or None), the commit to compare with and the moment it was described at."""
    from ..changes.gitref import repo_root, resolve_commit
    from ..core.timeutil import parse_time
    from ..notify.record import Record
    from ..notify.record.filestore import FileStore
    from ..notify.record.gitstore import GitBranchStore

    if not record_file and not record_branch:
        if since is None:
            raise click.UsageError("--since is needed without a record: give the commit to compare with, or keep "
                                   "a record (--record FILE or --record-branch BRANCH) and it remembers")
        return None, since, None
    store = None
    try:
        root = repo_root(config.base_dir)
        store = (GitBranchStore(root, remote, record_branch) if record_branch
                 else FileStore(Path(record_file), read_only=dry_run))
        record = Record.open(store)
        for note in store.notes:
            _say(f"{store.where}: warning: {note}", err=True)
        if record is None:
            if dry_run:
                return None, since or _head(root), None
            if not begin and since is None:
                store.close()
                fail([Diagnostic(store.where, None, "holds no record. If this is the first run, begin it: "
                                 "statusgen notify --begin-record (in the Deploy workflow: Run workflow, with "
                                 "'Begin the communications record'); if it was there before, restore it from "
                                 "the repository's history or a clone, since a record that restarts forgets "
                                 "what was sent")], hint="nothing was sent")
            start = resolve_commit(since, root) if since else _head(root)
            record = Record.begin(store, start, moment)
            if since is None:
                _say(f"statusgen: {store.where}: the record begins now, at {start[:12]}. Nothing is sent this time; "
                     "from the next run on, every change after this commit is announced once.")
                return record, None, None
            return record, since, None
    except UserError as exc:
        if store is not None:
            store.close()
        fail(exc.diagnostics, hint="nothing was sent: every message must be recorded before it goes out")
    if since is not None:
        return record, since, None
    mark = record.checkpoint
    if mark is None:
        record.close()
        fail([Diagnostic(record.where, None, "holds no checkpoint to compare from (was it started by hand?)")],
             hint="nothing was sent; give --since with the commit the last notifications covered")
    try:
        then = parse_time(mark["as_of"])
    except Exception:  # noqa: BLE001 - a hand-edited time: said, never a traceback
        record.close()
        fail([Diagnostic(record.where, None, f"its last checkpoint has an unreadable time {mark['as_of']!r}")],
             hint="nothing was sent; give --since")
    try:
        resolve_commit(mark["commit"], root)
    except UserError:
        record.close()
        fail([Diagnostic(record.where, None, f"its last checkpoint, commit {mark['commit'][:12]}, is not in this "
                                             "clone's history (was main force-pushed, or is the clone shallow?)")],
             hint="nothing was sent; fetch the full history, or give --since with the commit the last "
                  "notifications covered")
    head = _head(root)
    if head != mark["commit"] and _is_ancestor(head, mark["commit"], root):
        # A run of an older commit that started late: a newer run has announced more than it knows.
        _say(f"statusgen: this commit ({head[:12]}) is older than the record's checkpoint "
             f"({mark['commit'][:12]}); a newer run has already announced what it holds. Nothing to send.")
        return record, None, None
    return record, mark["commit"], then


def _is_ancestor(older: str, newer: str, root) -> bool:
    import subprocess

    done = subprocess.run(["git", "merge-base", "--is-ancestor", older, newer], cwd=root, capture_output=True)
    return done.returncode == 0


def _head(root) -> str:
    from ..changes.gitref import resolve_commit

    return resolve_commit("HEAD", root)


def _send_all(result, planned, targets, record, dry_run, resend, write_summary, policy_args, max_time):
    from ..comms.payloads import ChatRenderer, event_name
    from ..model.state import build_state
    from ..notify.report import advice, delivery_line, github_annotation
    from ..notify.run import deliver_all
    from ..notify.deliver import mail, post
    from ..notify.plan import unserved
    from ..notify.send import Policy
    from ..notify.lists.deliver import ListSender
    from ..notify.social.post import Poster, fit_to_instances
    from ..notify.targets import CHAT, EMAIL, PLATFORM_VARIABLES, SERVES, VARIABLES

    config = result.config
    state = build_state(config, result.project.incidents, result.now)
    chat = composer = None
    if dry_run or any(t.channel == CHAT for t in targets):
        try:
            chat = ChatRenderer.for_config(config)
        except UserError as exc:
            fail(exc.diagnostics, hint="nothing was sent")
    if dry_run or any(t.channel == EMAIL or t.channel in SERVES for t in targets):  # e-mail, list, social drafts
        from ..comms.drafts import Composer

        composer = Composer(config)
    # What is not sent, and why: a change no target gets, and each audience the policy names that none reaches.
    unrouted = [(a.change, a.not_sent) for a in planned.announcements if not a.routed or not a.sends]
    unrouted += [(a.change, f"{u.channel} to {u.audience}: {u.reason}") for a in planned.announcements
                 if a.sends for u in a.unreached]
    undrafted = 0
    for item in planned.announcements:
        if not item.routed or not item.sends:
            _say(f"  not sent  {item.change.id} ({event_name(item.change)}): {item.not_sent}")
        else:
            for missed in item.unreached:
                _say(f"  not sent  {item.change.id} ({event_name(item.change)}) -> {missed.channel} "
                     f"[{missed.audience}]: {missed.reason}")
            if dry_run:
                undrafted += _print_dry_run(item.change, state, result.now, chat, item.channels, composer)
    if dry_run:
        deliveries = [_dry_delivery(a.change, s.target, record, config, s.audience, resend)
                      for a in planned.announcements for s in a.sends]
        _refuse_unmatched(resend, deliveries)
        for d in deliveries:
            if d.result is not None:
                _say(f"  {d.change.id} -> {d.target.channel}{_to(d.audience)}: {d.result.detail}")
        deliveries = [d for d in deliveries if d.result is None]
        write_summary(deliveries, unrouted)
        if targets:
            click.echo(f"statusgen: dry run; {len(deliveries)} notification(s) would be sent.")
        if undrafted:  # a dry run is how a template is tried: one that fails must fail the run
            _say(f"statusgen: {undrafted} message(s) could not be drafted; fix what is named above", err=True)
            raise SystemExit(FAILED_EXIT)
        return
    missing = unserved(planned, targets, record.ledger.channels if record is not None else set())
    policy = Policy(timeout=policy_args[0], attempts=policy_args[1], backoff=policy_args[2])
    deadline = time.monotonic() + max_time  # for sending; comparing was quick and is done

    def shown(delivery):
        click.echo(delivery_line(delivery.change, delivery.target, delivery.result, delivery.audience))
        if not delivery.result.ok and os.environ.get("GITHUB_ACTIONS") == "true":
            click.echo(github_annotation(delivery.change, delivery.target, delivery.result))

    for note in fit_to_instances(composer, targets, planned, policy, deadline):
        _say(f"statusgen: warning: {note}", err=True)
    done = deliver_all([a for a in planned.announcements if a.routed], record, state, result.now, chat, composer,
                       send_one=lambda target, content, mid: post(target, content, policy, deadline, mid),
                       send_mail=lambda target, message: mail(target, message, policy, deadline),
                       send_list=ListSender(config.mailing_list, policy, deadline) if config.mailing_list else None,
                       send_post=Poster(policy, deadline).send,
                       resend=resend, on_delivery=shown, time_left=lambda: deadline - time.monotonic())
    write_summary(done.deliveries, unrouted)
    if done.stopped is None:
        _refuse_unmatched(resend, done.deliveries)
    if not targets:
        names = " and/or ".join(v for value in VARIABLES.values() for v in value.split(" or "))
        click.echo(f"statusgen: no notification targets are configured (set {names}); nothing was sent.")
    if done.stopped is not None:
        fail(done.stopped.diagnostics, hint="the run stopped there: nothing more was sent. What was sent is in the "
                                             "record; fix the record's store and run notify again")
    counts = _counts(done.deliveries)
    if targets:
        extra = "".join(f", {n} {what}" for what, n in list(counts.items())[2:] if n)
        click.echo(f"statusgen: {counts['sent']} notification(s) sent, {counts['failed']} failed{extra}.")
    _settle(record, result, dry_run, announced=True, settled=done.settled and not missing)
    if missing:
        fail([Diagnostic({**VARIABLES, **PLATFORM_VARIABLES}[channel], None, f"is not set, though the record shows {channel} messages were sent "
                                                   f"before (a secret missing from the environment?): "
                                                   f"{', '.join(c.id for c in changes)} got no {channel} message. "
                                                   "Set it; the next run sends what is missing")
              for channel, changes in missing.items()], hint="nothing is settled until every channel is served")
    if done.failed:
        for line in advice(done.failed, policy, max_time):
            _say(f"statusgen: {line}", err=True)
        retry = "" if record is not None else " (without a record, targets that already received a change " \
                                               "receive it again)"
        _say(f"statusgen: {len(done.failed)} notification(s) could not be delivered (see FAILED and UNKNOWN above). "
             f"Fix what is named above, then run notify again{retry}.", err=True)
        raise SystemExit(FAILED_EXIT)


def _refuse_unmatched(resend, deliveries) -> None:
    unmatched = sorted(set(resend) - {d.message_id for d in deliveries})
    if unmatched:
        fail([Diagnostic("--resend", None, f"{mid} is not among the messages this run plans; check the id, "
                                           "or widen the run with --since") for mid in unmatched])


def _dry_delivery(change, target, record, config, audience, resend=frozenset()):
    """What a dry run would do with one message: send it, or not, because the record says it went out; a
    message named by --resend would be sent again, whatever the record says."""
    from ..notify.record import SENT, UNKNOWN
    from ..notify.run import ALREADY, HELD, Delivery, message_id
    from ..notify.send import Result

    mid = message_id(change, target.channel, config, audience)
    standing = record.standing(target.channel, mid) if record is not None else None
    if standing is None or standing.state not in (SENT, UNKNOWN) or mid in resend:
        return Delivery(change, target, None, mid, audience)
    if standing.state == SENT:
        return Delivery(change, target, Result(True, 0, f"would not be sent: already sent ({standing.time})", ALREADY),
                        mid, audience)
    return Delivery(change, target, Result(False, 0, f"would not be sent: outcome unknown since {standing.time}",
                                           HELD), mid, audience)


def _to(audience: str) -> str:
    return "" if audience == "everyone" else f" [{audience}]"


def _counts(deliveries) -> dict[str, int]:
    from ..notify.run import ALREADY, HELD
    from ..notify.send import UNKNOWN

    counts = {"sent": 0, "failed": 0, "outcome unknown": 0, "already sent": 0, "held (outcome unknown earlier)": 0}
    for d in deliveries:
        kind = d.result.kind
        key = ("already sent" if kind == ALREADY else "held (outcome unknown earlier)" if kind == HELD else
               "outcome unknown" if kind == UNKNOWN else "sent" if d.result.ok else "failed")
        counts[key] += 1
    return counts


def _settle(record, result, dry_run, announced: bool, settled: bool = True) -> None:
    """A checkpoint once every planned message is settled; none when nothing moved since the last one."""
    if record is None or dry_run or not settled:
        return
    from ..changes.gitref import repo_root

    try:
        head = _head(repo_root(result.config.base_dir))
    except UserError:
        return  # no commit to name (an unborn branch): the next run compares from the same place
    mark = record.checkpoint or {}
    if not announced and mark.get("commit") == head:
        return
    try:
        record.settle(head, result.now)
    except UserError as exc:
        # Everything was sent and recorded; only the next run's starting point is older. Said, not fatal.
        for d in exc.diagnostics:
            _say(f"{d.format()} (the checkpoint was not written; the next run compares from the previous one)",
                 err=True)


def _print_dry_run(change, state, now, chat, channels, composer=None) -> int:
    """Prints what would be sent for one change; returns how many of its messages could not be drafted."""
    from ..comms.payloads import event_name, one_line, webhook_payload
    from ..notify.targets import CHAT, EMAIL, SOCIAL, WEBHOOK

    undrafted = 0
    _say(f"--- {change.id} ({event_name(change)}); channels: {', '.join(channels)}")
    if EMAIL in channels and composer is not None and change.per_update:
        from ..comms.find import drafts_for_change

        click.echo("e-mail:")
        try:
            # With the e-mail of each audience that reads another language, so a dry run tries those too.
            drafts = drafts_for_change(composer, change, state, only=EMAIL, languages=True)
            email = drafts.email
            click.echo(f"Subject: {email.subject}\nMessage-ID: {email.message_id}\n\n{email.text}", nl=False)
            for other in (o for o in drafts.others if o.email is not None):
                names = ", ".join(dict.fromkeys(n for _, audiences in other.audiences for n in audiences))
                click.echo(f"e-mail in {other.language} ({names}):")
                click.echo(f"Subject: {other.email.subject}\n\n{other.email.text}", nl=False)
        except UserError as exc:
            click.echo("\n".join(one_line(d.format()) for d in exc.diagnostics))
            undrafted += 1
    if CHAT in channels:
        click.echo("chat message:")
        try:
            click.echo(chat.render(change, state))
        except UserError as exc:
            click.echo("\n".join(one_line(d.format()) for d in exc.diagnostics))
            undrafted += 1
    if SOCIAL in channels and composer is not None and change.per_update:
        from ..notify.social.post import dry_run_text

        try:
            click.echo(dry_run_text(change, composer, state))
        except UserError as exc:
            click.echo("\n".join(one_line(d.format()) for d in exc.diagnostics))
            undrafted += 1
    if WEBHOOK in channels:
        click.echo("webhook body:")
        click.echo(json.dumps(webhook_payload(change, state, now), indent=2, sort_keys=True, ensure_ascii=False))
    return undrafted


def _append(path: str, text: str) -> None:
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:  # the notifications went out; only the summary is lost
        _say(f"{path}: warning: the summary could not be written: {exc.strerror or exc}", err=True)
