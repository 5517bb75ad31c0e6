"""`statusgen due`: whether the live page needs a rebuild (the scheduled workflow asks before deploying).

Exit 0: due, 1: not due, each with one line saying why. Anything that keeps it from telling (a
missing or broken build.json, unreadable incident files) counts as due: a needless rebuild costs a
few minutes, a missed one leaves readers a wrong page.
"""
from __future__ import annotations

from pathlib import Path

import click

from .options import CONFIG_OPTION, CommitParam, TimeParam, resolve_now


def _duration(ctx, param, value):
    from ..core.timeutil import TimeError, parse_duration

    try:
        found = parse_duration(value)
    except TimeError as exc:
        raise click.BadParameter(str(exc)) from None
    if found.total_seconds() <= 0:
        raise click.BadParameter("must be longer than 0")
    return found


def _verdict(due: bool, reason: str) -> None:
    click.echo(f"{'due' if due else 'not due'}: {reason}")
    raise SystemExit(0 if due else 1)


@click.command("due")
@CONFIG_OPTION
@click.option("--build-info", type=click.Path(dir_okay=False), metavar="FILE",
              help="The live site's build.json, as fetched (missing, empty or not JSON: due).")
@click.option("--commit", type=CommitParam(), help="The newest commit of the branch the site is built from.")
@click.option("--interval", default="10m", show_default=True, callback=_duration,
              help="How long until the next check: a page that would turn stale before then is due now.")
@click.option("--now", type=TimeParam(), help="Decide as of this time instead of the clock.")
@click.option("--record-branch", metavar="BRANCH",
              help="Also due while the communications record on this branch has not caught up with --commit: the "
                   "last notify did not settle every message, and only a deploy runs it again.")
@click.option("--record-remote", default="origin", show_default=True, metavar="REMOTE")
@click.option("--print-url", is_flag=True, help="Print the address of the live build.json (from site_url) and exit.")
def due_command(config_file, build_info, commit, interval, now, record_branch, record_remote, print_url):
    """Say whether the live page needs rebuilding; exit 0 if it does, 1 if not.

    It does when the commit differs from the one the page was built from, or when since its build
    an update or report became visible, a maintenance window started or ended, a promised update
    fell overdue or a day began, or when the page would say it may be out of date before the next
    check. A build.json that cannot be read counts as due.

    \b
    Example (what the scheduled workflow does):
      curl --fail --max-time 20 -o live.json "$(statusgen due --print-url)"
      statusgen due --build-info live.json --commit "$(git rev-parse HEAD)"
    """
    from ..core import urls
    from ..core.diagnostics import UserError
    from ..read.config import load_config

    try:
        config = load_config(config_file)
    except UserError as exc:
        if print_url:
            for d in exc.diagnostics:
                click.echo(d.format(), err=True)
            click.echo("statusgen: fix mkdocs.yml; without site_url the live page cannot be checked.", err=True)
            raise SystemExit(2)
        _verdict(True, f"{config_file} has {len(exc.diagnostics)} problem(s); the build will report them")
    if print_url:
        click.echo(urls.absolute(config.site_url, urls.BUILD_INFO))
        return
    if build_info is None or commit is None:
        raise click.UsageError("--build-info and --commit are needed (or --print-url)")
    _decide(config, Path(build_info), commit, interval, resolve_now(now),
            record=(record_remote, record_branch) if record_branch else None)


def _record_settled(config, remote: str, branch: str, commit: str) -> None:
    """Due while the record's checkpoint lags the commit: a message failed, and the next notify sends it."""
    from ..changes.gitref import repo_root
    from ..core.diagnostics import UserError
    from ..notify.record import Record
    from ..notify.record.gitstore import GitBranchStore

    try:
        record = Record.open(GitBranchStore(repo_root(config.base_dir), remote, branch))
    except UserError as exc:
        _verdict(True, f"the communications record cannot be read ({exc.diagnostics[0].message})")
    if record is None:
        return  # not begun yet: the Deploy workflow says so on its own
    mark = record.checkpoint or {}
    if mark.get("commit") != commit:
        _verdict(True, f"notifications are not settled: the record's last checkpoint is "
                       f"{str(mark.get('commit') or 'none')[:12]}, the branch is at {commit[:12]}")


def _decide(config, build_info: Path, commit: str, interval, now, record=None) -> None:
    from ..model.due import MAX_BUILD_INFO, BuildInfoError, parse_build_info, rebuild_due
    from ..validate.project import load_project

    try:
        with build_info.open("rb") as handle:
            raw = handle.read(MAX_BUILD_INFO + 1)
    except FileNotFoundError:
        _verdict(True, f"{build_info} does not exist (the live build.json could not be fetched)")
    except OSError as exc:
        _verdict(True, f"{build_info} cannot be read: {exc.strerror or exc}")
    try:
        built_at, built_commit = parse_build_info(raw)
    except BuildInfoError as exc:
        _verdict(True, f"{build_info} is not a build.json statusgen wrote: {exc}")
    project = load_project(config, now)
    if project.errors:
        _verdict(True, f"the incident files have {len(project.errors)} error(s); the build will report them")
    verdict = rebuild_due(config, project.incidents, built_at=built_at, built_commit=built_commit, commit=commit,
                          now=now, interval=interval)
    if not verdict.due and record is not None:
        _record_settled(config, *record, commit)  # only asked when the page alone would not be rebuilt
    _verdict(verdict.due, verdict.reason)
