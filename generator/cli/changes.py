"""`statusgen changes`: what changed on the public page since a commit (also what notify compares)."""
from __future__ import annotations

import json

import click

from ..core.diagnostics import UserError
from .options import CONFIG_OPTION, TimeParam, fail, load_or_fail, resolve_now


def now_option(function):
    return click.option("--now", type=TimeParam(),
                        help="The moment to describe (default: SOURCE_DATE_EPOCH, else the clock); it is the only "
                             "time in a webhook body besides the incident's own.")(function)


def since_option(function):
    return click.option("--since", "since", required=True, metavar="REF",
                        help="The commit to compare with: a hash, branch, tag or HEAD~1.")(function)


def say(line: str, err: bool = False) -> None:
    """Print one line that may hold user values (titles, ids, a ref, a server's words) as one line."""
    from ..core.text import one_line

    click.echo(one_line(line), err=err)


def compare_or_fail(config, since: str, then, moment):
    from ..changes.compare import WorkingTreeErrors, compare

    try:
        result = compare(config, since, moment, then)
    except WorkingTreeErrors as exc:
        fail(exc.diagnostics, hint=f"{len(exc.diagnostics)} error(s) in the incident files; fix them "
                                   "(statusgen validate) before comparing")
    except UserError as exc:
        fail(exc.diagnostics)
    for d in result.before.unreadable:
        say(f"{d.format()} (ignored: this file is treated as absent at {since})", err=True)
    return result


@click.command("changes")
@CONFIG_OPTION
@since_option
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="markdown suits a GitHub job summary ($GITHUB_STEP_SUMMARY).")
@now_option
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

    result = compare_or_fail(load_or_fail(config_file), since, None, resolve_now(now))
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
