"""`statusgen new`, `update`, `resolve` and `postmortem`: writing incident files."""
from __future__ import annotations

import click

from ..read import spec
from ..read.config import Config
from ..core.model import Kind
from ..core.diagnostics import UserError
from .options import CONFIG_OPTION, TimeParam, fail, load_or_fail, resolve_now


def _help(name: str, fields=spec.FIELDS) -> str:
    """An option's help is its field's, from the one declaration of the format."""
    return spec.field(name, fields).help


def _print_result(path, warnings, config: Config, verb: str) -> None:
    from ..read.reader import shown_path

    click.echo(f"statusgen: {verb} {shown_path(path, config.base_dir)}")
    for d in warnings:
        click.echo(d.format(), err=True)


def _components(values) -> dict[str, str]:
    out = {}
    for value in values:
        cid, sep, impact = value.partition("=")
        if not sep or not cid.strip() or not impact.strip():
            raise click.BadParameter(f'"{value}" should look like ID=IMPACT, e.g. api=partial_outage',
                                     param_hint="-c/--component")
        out[cid.strip()] = impact.strip()
    return out


def _run_edit(action):
    try:
        return action()
    except UserError as exc:
        fail(exc.diagnostics)


@click.command()
@CONFIG_OPTION
@click.option("--title", "-t", required=True, help=_help("title"))
@click.option("--severity", "-s", help=_help("severity") + " Incidents only.")
@click.option("--component", "-c", "components", multiple=True, metavar="ID=IMPACT",
              help="An affected component and its impact; repeat for several.")
@click.option("--notice", is_flag=True, help="A notice: it names no component (components: {}) and touches no "
                                            "status or uptime; give no -c.")
@click.option("--maintenance", is_flag=True, help="Create a scheduled maintenance instead of an incident.")
@click.option("--start", type=TimeParam(), help="Maintenance window start.")
@click.option("--end", type=TimeParam(), help="Maintenance window end.")
@click.option("--message", "-m", help="The first update's text (default: the standard wording).")
@click.option("--id", "incident_id", help="The file name / id (default: today's date and the title).")
@click.option("--draft", is_flag=True, help="Keep it out of the site until draft: true is removed.")
@click.option("--now", type=TimeParam(), hidden=True)
def new(config_file, title, severity, components, notice, maintenance, start, end, message, incident_id, draft, now):
    """Create an incident or a maintenance file, stamped now (UTC).

    The first update is pre-filled with the standard "Investigating" or
    "Scheduled maintenance" wording; edit it to be specific.

    \b
    Examples:
      statusgen new -t "Elevated errors on the API" -s P2 -c api=partial_outage
      statusgen new -t "New support hours from Monday" -s P4 --notice
      statusgen new --maintenance -t "Database upgrade" -c api=under_maintenance \\
          --start 2026-12-01T02:00:00Z --end 2026-12-01T04:00:00Z
    """
    from ..write.authoring import create

    config = load_or_fail(config_file)
    moment = resolve_now(now)
    path, warnings = _run_edit(lambda: create(
        config, title=title, severity=severity, components=_components(components), now=moment,
        maintenance=maintenance, start=start, end=end, message=message, draft=draft, incident_id=incident_id,
        notice=notice))
    _print_result(path, warnings, config, "created")


@click.command()
@CONFIG_OPTION
@click.argument("incident_id", metavar="ID")
@click.option("--status", "-s", required=True,
              help=f"{', '.join(spec.statuses(Kind.INCIDENT))}; for maintenance "
                   f"{', '.join(spec.statuses(Kind.MAINTENANCE))}.")
@click.option("--message", "-m", required=True, help=_help("message", spec.UPDATE_FIELDS))
@click.option("--component", "-c", "components", multiple=True, metavar="ID=IMPACT",
              help="A component whose impact changes from now on (operational: no longer affected); repeat for "
                   "several.")
@click.option("--now", type=TimeParam(), hidden=True)
def update(config_file, incident_id, status, message, components, now):
    """Append an update, stamped now, to incident ID.

    Refuses a status that cannot follow the current one (nothing follows resolved).

    \b
    Example:
      statusgen update 2026-03-04-api-errors -s identified -m "A bad deploy; rolling back now."
      statusgen update 2026-03-04-api-errors -s monitoring -m "Fixed; watching." -c api=operational
    """
    from ..write.authoring import add_update

    config = load_or_fail(config_file)
    moment = resolve_now(now)
    changes = _components(components)
    path, warnings = _run_edit(lambda: add_update(config, incident_id, status, message, moment, changes))
    _print_result(path, warnings, config, "updated")


@click.command()
@CONFIG_OPTION
@click.argument("incident_id", metavar="ID")
@click.option("--message", "-m", help="The resolving text (default: the standard \"Resolved\" wording).")
@click.option("--now", type=TimeParam(), hidden=True)
def resolve(config_file, incident_id, message, now):
    """Resolve incident ID (or complete a maintenance), stamped now.

    \b
    Example:
      statusgen resolve 2026-03-04-api-errors -m "Error rates are back to normal."
    """
    from ..write.authoring import resolve as resolve_incident

    config = load_or_fail(config_file)
    moment = resolve_now(now)
    path, warnings = _run_edit(lambda: resolve_incident(config, incident_id, message, moment))
    _print_result(path, warnings, config, "resolved")


@click.command()
@CONFIG_OPTION
@click.argument("incident_id", metavar="ID")
@click.option("--message", "-m", help="The report's text, e.g. a root-cause write-up posted after the resolving "
                                      "update (default: the report skeleton).")
@click.option("--now", type=TimeParam(), hidden=True)
def postmortem(config_file, incident_id, message, now):
    """Add a post-incident report skeleton to resolved incident ID.

    Its timeline table is filled from the updates; the other sections follow
    the post-mortem template (summary, root cause, impact, response, action
    items, lessons learned) for you to complete. Where the file tracks no
    action items yet, its front matter gets a commented-out action_items
    block to fill in: statusgen report tracks them, and they are never
    published.

    With --message, the report is that text instead: the place for a
    root-cause write-up or a later note posted after the incident was
    resolved (nothing may follow the resolving update). Either way the
    report is published now (report_published).

    \b
    Example:
      statusgen postmortem 2026-03-04-api-errors
      statusgen postmortem 2026-03-04-api-errors -m "Root cause: an expired certificate on one load balancer."
    """
    from ..write.authoring import add_postmortem

    config = load_or_fail(config_file)
    moment = resolve_now(now)
    path, warnings = _run_edit(lambda: add_postmortem(config, incident_id, moment, message))
    _print_result(path, warnings, config, "added a post-incident report to")


# The site build and preview (generator/write/build.py).
