"""`statusgen report`: how the team did over a period, for the team (internal facts included)."""
from __future__ import annotations


import click

from .options import CONFIG_OPTION, TimeParam, fail, load_or_fail, resolve_now


@click.command("report")
@CONFIG_OPTION
@click.option("--from", "first", metavar="DAY", help="First day of the period (YYYY-MM-DD, in time_zone). "
                                                      "Default: the first day of the last full quarter.")
@click.option("--to", "last", metavar="DAY", help="Last day of the period, included. Default: the last day of "
                                                   "the last full quarter.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "csv", "json"]), default="text",
              show_default=True, help="text for a terminal; markdown, csv or json to keep or share.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to this file instead "
                                                                                     "of printing.")
@click.option("--now", type=TimeParam(), help="Report as of this time instead of the clock.")
@click.option("--record", "record_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Read the communications record in this file for when each first update went live.")
@click.option("--record-branch", metavar="BRANCH",
              help="Read the communications record on this branch (as the Deploy workflow keeps it, e.g. "
                   "statusgen-record) for when each first update went live.")
@click.option("--record-remote", default="origin", show_default=True, metavar="REMOTE",
              help="The remote that holds --record-branch.")
def report_command(config_file, first, last, fmt, output, now, record_file, record_branch, record_remote):
    """Response times per severity against their targets, missed targets, uptime per component and month
    against the SLA tiers, and open action items.

    For the team: it includes the internal facts (detected, acknowledged, action items). Incidents count
    in the period they started in. With the communications record (--record-branch or --record), each
    first update's "went live" time too (as the notify run after the deploy that published it recorded
    it): "customers told within N minutes", review, CI and deploy included.

    \b
    Example:
      statusgen report                                   # the last full quarter
      statusgen report --from 2026-07-01 --to 2026-09-30 --format markdown -o q3.md
      statusgen report --record-branch statusgen-record  # with when each first update went live
    """
    from ..core.diagnostics import UserError
    from ..validate.project import load_project
    from ..reliability import build_report, parse_period
    from ..reliability.formats import render

    config = load_or_fail(config_file)
    moment = resolve_now(now)
    try:
        period = parse_period(first, last, moment, config.zone)
    except UserError as exc:
        fail(exc.diagnostics)
    project = load_project(config, moment)
    if project.errors:
        fail(project.errors, hint=f"{len(project.errors)} error(s) in incident files; fix them and run statusgen "
                                  "report again.")
    if record_file and record_branch:
        raise click.UsageError("give --record or --record-branch, not both")
    went_live = (_went_live(config, project.incidents, record_file, record_branch, record_remote)
                 if record_file or record_branch else None)
    text = render(build_report(config, project.incidents, project.internal, period, moment, went_live,
                               tuple(project.unpublished)), fmt)
    if output:
        try:
            # "x": a new file only. An existing one may be someone's; statusgen cannot prove it wrote it.
            with open(output, "x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            fail([], hint=f"{output} already exists and was not replaced; choose a new name, remove it yourself, "
                          "or print the report (without -o) and redirect it")
        except OSError as exc:
            fail([], hint=f"cannot write {output}: {exc.strerror or exc}")
        click.echo(f"statusgen: wrote the {period.label} report to {output}.", err=True)
    else:
        click.echo(text, nl=False)


def _went_live(config, incidents, record_file, record_branch, remote):
    """From the communications record: when each incident's first update went live (read only)."""
    from ..core.diagnostics import Diagnostic
    from ..notify.published import first_updates_live
    from .record_access import open_record

    hint = "the record says when updates went live; fix what is named, or leave out --record/--record-branch"
    record, store = open_record(config, record_file, record_branch, remote, read_only=True, hint=hint)
    store.close()
    if record is None:
        fail([Diagnostic(store.where, None, "holds no communications record")], hint=hint)
    return first_updates_live(record.published(), incidents)
