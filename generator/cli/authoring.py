"""`statusgen new`, `update`, `resolve` and `postmortem`: writing incident files."""
from __future__ import annotations

import click

from ..read import spec
from ..read.config import Config
from ..core.model import Kind
from ..core.diagnostics import UserError
from .options import CONFIG_OPTION, NOW_HELP, PastTimeParam, TimeParam, at, fail, load_or_fail, resolve_now

NOW_OPTION = click.option("--now", type=TimeParam(), help=NOW_HELP)
# ID: what `update`, `resolve` and `postmortem` act on (generator.write.authoring.target).
ID_ARGUMENT = click.argument("incident", metavar="[ID]", required=False)


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


def _translations(values, option: str) -> dict[str, str]:
    """--message-in / --title-in LANG=TEXT, repeatable: language -> text (the write layer checks both)."""
    out = {}
    for value in values:
        code, sep, text = value.partition("=")
        if not sep or not code.strip():
            raise click.BadParameter(f'"{value}" should look like LANG=TEXT, e.g. de="Wir untersuchen das Problem."',
                                     param_hint=option)
        if code.strip() in out:
            raise click.BadParameter(f"{code.strip()} is given twice; give each language once", param_hint=option)
        out[code.strip()] = text
    return out


MESSAGE_IN_OPTION = click.option(
    "--message-in", "message_in", multiple=True, metavar="LANG=TEXT",
    help="The message in another language than the site's, e.g. --message-in de=\"Wir untersuchen das Problem.\" "
         "(Material's language code: de, fr, pt-BR...); repeat for several. Readers of a language without one read "
         "the site's own text, marked as such.")


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
@click.option("--started", type=PastTimeParam(), help="When impact began, if before now: a time with a zone "
              "(2026-03-04T02:47:00Z) or how long before now (-15m, -1h30m). Default: the earliest of "
              "--detected, --acknowledged and now.")
@click.option("--detected", type=PastTimeParam(), help="When the team first knew (the alert fired, the first "
              "report), like --started. Never published.")
@click.option("--acknowledged", type=PastTimeParam(), help="When someone took it on (the page was "
              "acknowledged), like --started. Never published.")
@click.option("--security", is_flag=True, help="A security incident or data breach (security: true): its "
              "messages follow the breach notice. Without -c it names no component (a breach need not take "
              "anything down).")
@click.option("--security-data", metavar="TEXT", help="What information was involved (implies --security).")
@click.option("--security-actions", metavar="TEXT", help="What readers should do (implies --security).")
@click.option("--title-in", "title_in", multiple=True, metavar="LANG=TEXT",
              help="The title in another language than the site's, e.g. --title-in de=\"API nicht erreichbar\"; "
                   "repeat for several.")
@MESSAGE_IN_OPTION
@NOW_OPTION
def new(config_file, title, severity, components, notice, maintenance, start, end, message, incident_id, draft,
        started, detected, acknowledged, security, security_data, security_actions, title_in, message_in, now):
    """Create an incident or a maintenance file, stamped now (UTC).

    The first update is pre-filled with the standard "Investigating" or
    "Scheduled maintenance" wording; edit it to be specific. Times given
    are checked against each other before anything is written (detected
    not before started, acknowledged not before detected, none after now).

    \b
    Examples:
      statusgen new -t "Elevated errors on the API" -s P2 -c api=partial_outage
      statusgen new -t "API down" -s P1 -c api=major_outage --started -20m --detected -12m --acknowledged -10m
      statusgen new -t "Suspicious logins" -s P1 --security --detected -2h
      statusgen new -t "New support hours from Monday" -s P4 --notice
      statusgen new -t "API down" -s P1 -c api=major_outage --title-in de="API nicht erreichbar" \\
          -m "We are investigating." --message-in de="Wir untersuchen das Problem."
      statusgen new --maintenance -t "Database upgrade" -c api=under_maintenance \\
          --start 2026-12-01T02:00:00Z --end 2026-12-01T04:00:00Z
    """
    from ..write.authoring import create

    config = load_or_fail(config_file)
    moment = resolve_now(now)
    details = {key: text for key, text in (("data", security_data), ("actions", security_actions)) if text}
    titles, messages = _translations(title_in, "--title-in"), _translations(message_in, "--message-in")
    path, warnings = _run_edit(lambda: create(
        config, title=title, severity=severity, components=_components(components), now=moment,
        maintenance=maintenance, start=start, end=end, message=message, draft=draft, incident_id=incident_id,
        notice=notice, started=at(started, moment), detected=at(detected, moment),
        acknowledged=at(acknowledged, moment), security=details or (True if security else None),
        title_translations=titles, message_translations=messages))
    _print_result(path, warnings, config, "created")


def _target(config: Config, incident, want: str, command: str):
    from ..write.authoring import find_target

    return _run_edit(lambda: find_target(config, incident, want=want, command=command))


@click.command()
@CONFIG_OPTION
@ID_ARGUMENT
@click.option("--status", "-s", required=True,
              help=f"{', '.join(spec.statuses(Kind.INCIDENT))}; for maintenance "
                   f"{', '.join(spec.statuses(Kind.MAINTENANCE))}.")
@click.option("--message", "-m", required=True, help=_help("message", spec.UPDATE_FIELDS))
@click.option("--component", "-c", "components", multiple=True, metavar="ID=IMPACT",
              help="A component whose impact changes from now on (operational: no longer affected); repeat for "
                   "several.")
@MESSAGE_IN_OPTION
@NOW_OPTION
def update(config_file, incident, status, message, components, message_in, now):
    """Append an update, stamped now, to incident ID.

    Refuses a status that cannot follow the current one (nothing follows resolved).
    ID is the incident's id (its file name without .md), the start of one,
    or the file's path; without ID, the only open incident.

    \b
    Example:
      statusgen update 2026-03-04-api-errors -s identified -m "A bad deploy; rolling back now."
      statusgen update 2026-03-04-api-errors -s monitoring -m "Fixed; watching." -c api=operational
      statusgen update -s identified -m "..."          # the only open incident
      statusgen update api-err -s identified -m "..."  # the one id that starts so (date optional)
      statusgen update -s identified -m "A bad deploy." --message-in de="Ein fehlerhaftes Deployment."
    """
    from ..write.authoring import OPEN, add_update

    config = load_or_fail(config_file)
    moment = resolve_now(now)
    changes = _components(components)
    translations = _translations(message_in, "--message-in")
    path = _target(config, incident, OPEN, "statusgen update")
    path, warnings = _run_edit(lambda: add_update(config, path, status, message, moment, changes, translations))
    _print_result(path, warnings, config, "updated")


@click.command()
@CONFIG_OPTION
@ID_ARGUMENT
@click.option("--message", "-m", help="The resolving text (default: the standard \"Resolved\" wording).")
@MESSAGE_IN_OPTION
@NOW_OPTION
def resolve(config_file, incident, message, message_in, now):
    """Resolve incident ID (or complete a maintenance), stamped now.

    ID is the incident's id (its file name without .md), the start of one,
    or the file's path; without ID, the only open incident. Resolving
    sooner than the severity's monitor_for after monitoring began prints a
    policy warning; it is never refused.

    \b
    Example:
      statusgen resolve 2026-03-04-api-errors -m "Error rates are back to normal."
      statusgen resolve incidents/2026/2026-03-04-api-errors.md
      statusgen resolve                                # the only open incident
    """
    from ..write.authoring import OPEN, resolve as resolve_incident

    config = load_or_fail(config_file)
    moment = resolve_now(now)
    translations = _translations(message_in, "--message-in")
    path = _target(config, incident, OPEN, "statusgen resolve")
    path, warnings = _run_edit(lambda: resolve_incident(config, path, message, moment, translations))
    _print_result(path, warnings, config, "resolved")


@click.command()
@CONFIG_OPTION
@ID_ARGUMENT
@click.option("--message", "-m", help="The report's text, e.g. a root-cause write-up posted after the resolving "
                                      "update (default: the report skeleton).")
@click.option("--publish", is_flag=True, help="Publish the written report now (sets report_published); refused "
                                             "while any of the skeleton's placeholders is left. With -m, write "
                                             "that text and publish it at once.")
@NOW_OPTION
def postmortem(config_file, incident, message, publish, now):
    """Write the post-incident report of resolved incident ID; publish it with --publish.

    Without --publish it writes the report skeleton below the front
    matter, in the site's language (theme.language), unpublished: nothing
    of it is on the page, in the feeds or the JSON, and nobody is told.
    Its timeline table is filled from the updates; the other sections follow the post-mortem template (summary,
    root cause, impact, response, action items, lessons learned) for you
    to complete. Where the file tracks no action items yet, its front
    matter gets a commented-out action_items block to fill in: statusgen
    report tracks them, and they are never published.

    With --message, the report is that text instead: the place for a
    root-cause write-up or a later note posted after the incident was
    resolved (nothing may follow the resolving update).

    When the report is ready, --publish stamps report_published with the
    time now: from then on the report is public, the on-time figures count
    from it, and notify sends the report message. It is refused, naming
    each line, while any of the skeleton's placeholders is left.

    ID is the incident's id (its file name without .md), the start of one,
    or the file's path; without ID, the only resolved incident whose
    severity asks for a report (postmortem_within) that it does not have
    (with --publish: the only one whose report is written, not published).

    \b
    Example:
      statusgen postmortem 2026-03-04-api-errors             # the skeleton, unpublished
      statusgen postmortem --publish 2026-03-04-api-errors   # when it is filled in
      statusgen postmortem 2026-03-04-api-errors --publish -m "Root cause: an expired certificate."
    """
    from ..write.authoring import PUBLISH, REPORT, add_postmortem, publish_report

    config = load_or_fail(config_file)
    moment = resolve_now(now)
    if publish and message is None:
        path = _target(config, incident, PUBLISH, "statusgen postmortem --publish")
        path, warnings = _run_edit(lambda: publish_report(config, path, moment))
        _print_result(path, warnings, config, "published the post-incident report of")
        return
    path = _target(config, incident, REPORT, "statusgen postmortem")
    path, warnings = _run_edit(lambda: add_postmortem(config, path, moment, message, publish=publish))
    if publish:
        _print_result(path, warnings, config, "added and published a post-incident report to")
        return
    _print_result(path, warnings, config, "added an unpublished post-incident report to")
    click.echo(f"statusgen: complete it, then publish it with: statusgen postmortem --publish {path.stem}")


# The site build and preview (generator/write/build.py).
