"""`statusgen build` and `statusgen serve`: the site, from the command line (the work is in generator.write.build)."""
from __future__ import annotations

import logging
import sys

import click

from ..core.diagnostics import UserError
from ..read.hosting_options import HOSTS
from .options import CONFIG_OPTION, CommitParam, TimeParam, fail


def _echo_warning(message: str) -> None:
    click.echo(message, err=True)


@click.command("build")
@CONFIG_OPTION
@click.option("--site-dir", type=click.Path(file_okay=False), help="Write the site here instead of site_dir.")
@click.option("--now", type=TimeParam(), help="Build the page as of this time (default: SOURCE_DATE_EPOCH, "
                                                 "else the clock).")
@click.option("--strict", is_flag=True, help="Treat policy warnings and MkDocs warnings as errors.")
@click.option("--commit", type=CommitParam(), help="The commit being built (full hash), recorded in build.json so "
                                                  "`statusgen due` can tell when a newer one is waiting.")
@click.option("--hosting", type=click.Choice(HOSTS), help="Write the files this host reads instead of those for "
                                                          "mkdocs.yml's hosting: (a second host for the same site: "
                                                          "docs/hosting.md).")
def build_command(config_file, site_dir, now, strict, commit, hosting):
    """Validate the incidents, then build the whole site.

    On any problem it prints every one as path:line: message, exits 1 and
    leaves the previous site untouched. The status shown depends on the
    build time: rebuild whenever that changes (the pipeline checks every 10 minutes
    with `statusgen due`).

    It only replaces a site folder that is empty or that statusgen wrote.

    \b
    Example:
      statusgen build
      statusgen build --site-dir public --strict
      SOURCE_DATE_EPOCH=1772614800 statusgen build   # reproducible
      statusgen build --now 2026-03-04T10:00:00Z
      statusgen build --commit "$(git rev-parse HEAD)"
      statusgen build --hosting cloudflare-pages --site-dir mirror
    """
    from ..write.build import build_site

    try:
        result = build_site(config_file, site_dir, now, strict, on_warning=_echo_warning, commit=commit,
                            hosting=hosting)
    except UserError as exc:
        fail(exc.diagnostics, hint="the build stopped and the previous site was left untouched. Fix the problems "
                                   "above and build again.")
    for d in result.warnings:
        click.echo(d.format(), err=True)
    for note in result.notes:
        click.echo(f"statusgen: {note}", err=True)
    click.echo(f"statusgen: built {result.pages} page(s) into {result.site_dir}")


@click.command("serve")
@CONFIG_OPTION
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on (default: 127.0.0.1:8000).")
@click.option("--now", type=TimeParam(), help="Show the page as of this time instead of the clock.")
@click.option("--strict", is_flag=True, help="Treat MkDocs warnings as errors.")
@click.option("-o", "--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
def serve_command(config_file, dev_addr, now, strict, open_browser):
    """Preview the site locally; it reloads when an incident file changes.

    \b
    Example:
      statusgen serve
      statusgen serve --dev-addr 127.0.0.1:8001
    """
    from ..write.build import serve_site

    # MkDocs reports what the server does through logging, as `mkdocs serve` shows it.
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s", stream=sys.stderr)
    try:
        serve_site(config_file, dev_addr, now, strict, open_browser)
    except UserError as exc:
        fail(exc.diagnostics)
