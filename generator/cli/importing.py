"""`statusgen import statuspage`: a Statuspage history into incident files (generator/importers/statuspage)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from ..core.diagnostics import UserError
from .options import CONFIG_OPTION, fail, load_or_fail


@click.group("import")
def import_group():
    """Import a history from another status page into incident files.

    \b
    Example:
      statusgen import statuspage export/ --dry-run
      statusgen import statuspage export/ --write-config
    """


def _severity_pairs(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        level, sep, sid = value.partition("=")
        if not sep or not level.strip() or not sid.strip():
            raise click.BadParameter(f'"{value}" is not LEVEL=ID, e.g. --severity none=P4', param_hint="--severity")
        out[level.strip()] = sid.strip()
    return out


@import_group.command("statuspage", short_help="Import a Statuspage history from the JSON its API returns.")
@CONFIG_OPTION
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--write-config", is_flag=True,
              help="Add the new components (and policy_since) to mkdocs.yml in place, keeping its comments and "
                   "layout (default: print them to paste).")
@click.option("--existing", type=click.Choice(["refuse", "skip", "replace"]), default="refuse", show_default=True,
              help="A file imported before that would change: refuse (nothing is written), skip it, or replace it.")
@click.option("--severity", "severities", multiple=True, metavar="LEVEL=ID",
              help="The severity for a Statuspage impact level (none, minor, major, critical), e.g. none=P4 "
                   "(default: the severity configured with that impact).")
@click.option("--dry-run", is_flag=True, help="Read, map and check everything; write nothing.")
def statuspage(config_file, sources, write_config, existing, severities, dry_run):
    """Import a Statuspage page's history from the JSON its API returns.

    SOURCES are files or folders of .json files, as the page's API returned
    them: /api/v2/incidents.json, /api/v2/scheduled-maintenances.json,
    /api/v2/components.json, and /api/v2/incidents/<id>.json, one incident
    per file (incidents.json holds only the 50 most recent), or the Manage
    API's lists. Each incident and maintenance becomes a file under
    incidents/<year>/ with its Statuspage id kept in `source:`; the new
    components are printed for mkdocs.yml (or added with --write-config).
    Everything the format could not keep as it was is listed, item by item,
    with its Statuspage id. Existing files are never overwritten unless
    asked (--existing).

    \b
    Example:
      statusgen import statuspage export/ --dry-run
      statusgen import statuspage export/ --write-config
      statusgen validate --strict
    """
    from ..importers.statuspage.run import Options, import_statuspage

    config = load_or_fail(config_file)
    options = Options(existing=existing, write_config=write_config, dry_run=dry_run,
                      severities=_severity_pairs(severities))
    try:
        result = import_statuspage(config, Path(config_file), list(sources), options)
    except UserError as exc:
        fail(exc.diagnostics)
    for note in sorted(result.notes, key=lambda n: n.order):
        click.echo(note.diagnostic().format(), err=True)
    if result.snippet and not result.config_written:
        click.echo(result.snippet, nl=False)
    click.echo(_summary(result, dry_run, config_file), err=True)


def _summary(result, dry_run: bool, config_file: str) -> str:
    verb = "would write" if dry_run else "wrote"
    parts = [f"statusgen: {result.page}: {result.incidents} incident(s) and {result.maintenances} maintenance(s) "
             f"imported ({result.notices} of them notices, naming no component); {verb} {len(result.written)} new "
             f"file(s)"]
    if result.replaced:
        parts.append(f"{'would replace' if dry_run else 'replaced'} {len(result.replaced)}")
    if result.unchanged:
        parts.append(f"{result.unchanged} unchanged since the last import")
    if result.kept:
        parts.append(f"kept {len(result.kept)} imported before as they are")
    line = ", ".join(parts) + "."
    counts = Counter(note.kind for note in result.notes)
    if counts:
        line += f"\nstatusgen: {len(result.notes)} note(s) above: " + ", ".join(
            f"{count} {kind}" for kind, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))) + "."
    if result.components or result.policy_since:
        where = (f"added to {config_file}" if result.config_written
                 else "printed above for mkdocs.yml (or pass --write-config)")
        line += (f"\nstatusgen: {len(result.components)} new component(s)"
                 + (f" and policy_since {result.policy_since}" if result.policy_since else "") + f" {where}.")
    if not dry_run:
        line += "\nstatusgen: next, statusgen validate --strict and statusgen build."
    return line
