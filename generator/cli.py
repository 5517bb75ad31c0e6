"""The statusgen command line."""
from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click

from . import __version__
from .config import Config, load_config
from .diagnostics import UserError
from .timeutil import TimeError, build_now, parse_time

CONFIG_OPTION = click.option(
    "-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False),
    help="The project's mkdocs.yml.")


def fail(diagnostics, fmt: str = "text") -> None:
    """Print every problem and exit 1."""
    for d in diagnostics:
        click.echo(d.format_github() if fmt == "github" else d.format(), err=fmt != "github")
    raise SystemExit(1)


def load_or_fail(config_file: str, fmt: str = "text") -> Config:
    try:
        return load_config(config_file)
    except UserError as exc:
        fail(exc.diagnostics, fmt)


class TimeParam(click.ParamType):
    name = "TIME"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime):
            return value
        try:
            return parse_time(value)
        except TimeError as exc:
            self.fail(str(exc), param, ctx)


def resolve_now(now: datetime | None) -> datetime:
    try:
        return build_now(now)
    except TimeError as exc:
        raise click.UsageError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="statusgen")
def main():
    """Build a status page and post-incident reports from incident files.

    \b
    Example:
      statusgen new --title "Elevated API errors" --severity P2 -c api=partial_outage
      statusgen validate
      statusgen build
    """


@main.command()
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
    from .project import load_project

    config = load_or_fail(config_file, fmt)
    project = load_project(config, resolve_now(now))
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


@main.command()
@CONFIG_OPTION
@click.option("--generic", is_flag=True, help="Do not read mkdocs.yml; allow any component and severity.")
def schema(config_file, generic):
    """Print a JSON Schema of the incident front matter for editors.

    \b
    Example (VS Code with the YAML extension, in .vscode/settings.json):
      statusgen schema > incident.schema.json
      "yaml.schemas": {"./incident.schema.json": "incidents/**/*.md"}
    """
    from .schema import front_matter_schema

    config = None
    if not generic and Path(config_file).exists():
        config = load_or_fail(config_file)
    click.echo(json.dumps(front_matter_schema(config), indent=2, sort_keys=False))


def run():  # pragma: no cover - console entry for python -m
    main(prog_name="statusgen")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
