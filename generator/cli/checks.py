"""`statusgen validate` and `statusgen schema`: checking incident files."""
from __future__ import annotations

import json
from pathlib import Path

import click

from .options import CONFIG_OPTION, TimeParam, load_or_fail, resolve_now


@click.command()
@CONFIG_OPTION
@click.option("--strict", is_flag=True, help="Treat policy warnings (late or missing updates, overdue reports) "
                                            "as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="github prints workflow commands, so problems appear as annotations on a pull request.")
@click.option("--now", type=TimeParam(), help="Judge policy as of this time instead of the clock.")
def validate(config_file, strict, fmt, now):
    """Check every incident file and report every problem at once.

    Exits 1 when there is an error (or, with --strict, a warning).

    \b
    Example:
      statusgen validate
      statusgen validate --strict --format github
    """
    from ..validate.project import load_project
    from ..write.stale_defaults import stale_defaults

    config = load_or_fail(config_file, fmt)
    project = load_project(config, resolve_now(now))
    project.diagnostics += stale_defaults(config, project.everything)
    for d in project.diagnostics:
        click.echo(d.format_github() if fmt == "github" else d.format(), err=fmt != "github")
    failed = bool(project.errors) or (strict and bool(project.warnings))
    summary = (f"{project.files} file(s): {len(project.errors)} error(s), {len(project.warnings)} warning(s)"
               f"{' (errors under --strict)' if strict and project.warnings else ''}")
    if failed:
        click.echo(f"statusgen: {summary}. Fix the problems above and run statusgen validate again.", err=True)
        raise SystemExit(1)
    published = len(project.incidents)
    click.echo(f"statusgen: {project.files} file(s) valid ({published} published, {project.drafts} draft(s)), "
               f"{len(project.warnings)} warning(s).")
    if project.unpublished_reports:
        # Not a fault (a report is drafted before it is published), but never silent: under the rule before
        # --publish existed, such a report was public; now nothing of it is until report_published is set.
        click.echo(f"statusgen: {len(project.unpublished_reports)} post-incident report(s) written and not "
                   "published; nothing of them is public until you publish each with statusgen postmortem "
                   "--publish ID:")
        for item in sorted(project.unpublished_reports, key=lambda i: i.source):
            click.echo(f"  {item.source}: {item.id}")


@click.command()
@CONFIG_OPTION
@click.option("--generic", is_flag=True, help="Do not read mkdocs.yml; allow any component and severity.")
def schema(config_file, generic):
    """Print a JSON Schema of the incident front matter for editors.

    \b
    Example (VS Code with the YAML extension, in .vscode/settings.json):
      statusgen schema > incident.schema.json
      "yaml.schemas": {"./incident.schema.json": "incidents/**/*.md"}
    """
    from ..validate.schema import front_matter_schema

    config = None
    if not generic and Path(config_file).exists():
        config = load_or_fail(config_file)
    click.echo(json.dumps(front_matter_schema(config), indent=2, sort_keys=False))
