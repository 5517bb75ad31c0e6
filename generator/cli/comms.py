"""`statusgen comms`: the messages an update asks for, on every channel its severity names."""
from __future__ import annotations

import click

from ..core.diagnostics import UserError
from .options import CONFIG_OPTION, TimeParam, fail, load_or_fail, resolve_now

CHANNEL_CHOICES = ("email", "social", "in_app", "chat")


@click.command("comms")
@CONFIG_OPTION
@click.argument("incident_id", metavar="ID", required=False)
@click.option("--update", "update", type=click.IntRange(min=1), metavar="N",
              help="The update to draft for, counting from 1 (default: the current one).")
@click.option("--channel", type=click.Choice(CHANNEL_CHOICES),
              help="Only this channel's draft (even one the severity does not send).")
@click.option("--since", metavar="REF",
              help="Instead of one incident: the drafts of every change announced since this commit "
                   "(what merging sends).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="json gives every draft (the e-mail's HTML part too); markdown suits a job summary.")
@click.option("--now", type=TimeParam(),
              help="The moment to draft as of (default: SOURCE_DATE_EPOCH, else the clock).")
@click.option("--policy", "show_policy", is_flag=True,
              help="Instead of drafts: the notification policy, which kinds of message go on which channel to "
                   "which audiences, per severity and for maintenance.")
def comms_command(config_file, incident_id, update, channel, since, fmt, now, show_policy):
    """Draft the messages an incident's update asks for: e-mail, social posts, in-app text, chat.

    The notification policy chooses which channels and audiences hear each kind
    of message (`--policy` shows it; plugins.statusgen.notifications in
    mkdocs.yml changes it); the wording comes from templates/comms/,
    overridable from the project.
    Posts fit X (280 characters, a link counts 23) and Mastodon (500).

    \b
    Examples:
      statusgen comms 2026-03-04-api-errors
      statusgen comms 2026-03-04-api-errors --update 1 --channel email
      statusgen comms --since HEAD^1 --format markdown >> "$GITHUB_STEP_SUMMARY"
      statusgen comms --policy
    """
    from ..comms.show import render_json, render_markdown, render_text

    if show_policy:
        if incident_id or since or update or channel:
            raise click.UsageError("--policy shows the whole policy; give it without an ID, --since, --update or "
                                   "--channel")
        _policy(load_or_fail(config_file), fmt)
        return
    if bool(incident_id) == bool(since):
        raise click.UsageError("give an incident ID, or --since REF for every announced change, not both")
    if since and update:
        raise click.UsageError("--update applies to one incident ID")
    config = load_or_fail(config_file)
    moment = resolve_now(now)
    try:
        if since:
            items, label, commit = _since(config, since, moment, channel)
        else:
            from ..comms.find import drafts_for_incident

            items, label, commit = drafts_for_incident(config, incident_id, moment, update, channel).drafts, "", ""
    except UserError as exc:
        fail(exc.diagnostics, hint="nothing was drafted")
    if fmt == "json":
        click.echo(render_json(items, **({"since": commit} if since else {})), nl=False)
    elif fmt == "markdown":
        click.echo(render_markdown(items, label or incident_id), nl=False)
    else:
        if since and not items:
            click.echo(f"No announced change since {label}: no message is drafted.")
            return
        click.echo(render_text(items), nl=False)


def _since(config, since, moment, channel):
    from ..comms.drafts import Composer
    from ..comms.find import drafts_for_change
    from ..changes.compare import WorkingTreeErrors, compare
    from ..model.state import build_state

    try:
        result = compare(config, since, moment)
    except WorkingTreeErrors as exc:
        raise UserError(exc.diagnostics) from None
    state = build_state(config, result.project.incidents, result.now)
    composer = Composer(config)
    announced = [c for c in reversed(result.changes) if c.announced]
    items = []
    for change in announced:
        try:
            items.append(drafts_for_change(composer, change, state, channel, languages=True))
        except UserError:
            if channel:  # e.g. --channel email for a published report: that change has none
                continue
            raise
    return items, result.label, result.before.commit


def _policy(config, fmt) -> None:
    from ..comms import policy_table

    render = {"json": policy_table.render_json, "markdown": policy_table.render_markdown}.get(
        fmt, policy_table.render_text)
    click.echo(render(config), nl=False)
