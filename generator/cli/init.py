"""`statusgen init`: a new status repository, from flags or from answers typed at a prompt."""
from __future__ import annotations

import dataclasses
import os
import re
from zoneinfo import ZoneInfo
from pathlib import Path

import click

from .. import __version__
from ..core.diagnostics import UserError
from ..scaffold import answers as ask
from .options import TimeParam, fail, resolve_now

_SCHEMES = {"p1-p4": "P1 critical to P4 low", "p0-p3": "P0 critical to P3 low"}


def _proc(parse, many: bool = False):
    """A prompt's value check: the scaffold's parser, its complaint shown and the question asked again."""
    def proc(value):
        try:
            return parse(ask.split_list(value) if many else value)
        except ask.AnswerError as exc:
            raise click.BadParameter(str(exc)) from None
    return proc


def _prompt(text: str, parse, *, default=None, many=False):
    return click.prompt(text, default=default, show_default=bool(default), value_proc=_proc(parse, many))


def _interview(values: dict) -> dict:
    """Ask for whatever the flags left out; each answer is checked as it is typed."""
    if values["name"] is None:
        values["name"] = _prompt("Name readers know you by (company, product or team)", ask.parse_name)
    if values["url"] is None:
        values["url"] = _prompt("Address the page will be served from (e.g. https://status.example.com/ or "
                                "https://OWNER.github.io/REPOSITORY/)", ask.parse_url)
    if values["contact"] is None:
        values["contact"] = _prompt("Contact for readers: an e-mail address or https:// link (Enter for none)",
                                    ask.parse_contact, default="")
    if not values["components"]:
        found = _prompt("Components readers see, separated by commas (Name, or id=Name; e.g. Website, "
                        "api=Public API)", ask.parse_components, many=True)
        values["components"] = [f"{c.id}={c.name}" for c in found]
    if values["severities"] is None:
        values["severities"] = click.prompt("Severity scheme: " + "; ".join(f"{k} ({v})" for k, v in _SCHEMES.items()),
                                            type=click.Choice(list(_SCHEMES)), default="p1-p4", show_choices=False)
    if values["reliability"] is None:
        values["reliability"] = click.confirm("Publish a reliability page (monthly uptime per component, against "
                                              "any SLA you promise)?", default=False)
    if values["reliability"] and not values["sla_tiers"]:
        found = _prompt("SLA tiers you promise customers, as NAME=PERCENT separated by commas (Enter for none)",
                        ask.parse_tiers, default="", many=True)
        values["sla_tiers"] = [f"{t.name}={t.uptime:g}" for t in found]
    return values


@click.command("init")
@click.argument("directory", default=".", type=click.Path(path_type=Path))
@click.option("--name", help="The name readers know you by (company, product or team); the page is called "
                             '"NAME Status".')
@click.option("--url", help="The address the page will be served from, e.g. https://status.example.com/ or "
                            "https://OWNER.github.io/REPOSITORY/.")
@click.option("--contact", help="Where readers report a problem: an e-mail address or an https:// link "
                                "(linked on the status page; empty for none).")
@click.option("--component", "-c", "components", multiple=True, metavar="ID=NAME",
              help='A component readers see, as ID=Name (or just Name: "Public API" gets the id public-api); '
                   "repeat for each, in the order shown.")
@click.option("--severity-scheme", "severities", type=click.Choice(list(_SCHEMES)),
              help="The severity levels: p1-p4 (default) or p0-p3.")
@click.option("--reliability/--no-reliability", default=None,
              help="Publish /reliability/ (monthly uptime per component). Off unless asked for.")
@click.option("--sla-tier", "sla_tiers", multiple=True, metavar="NAME=PERCENT",
              help="A monthly uptime you promise a customer tier, e.g. Business=99.5; repeat for each. None "
                   "unless given.")
@click.option("--time-zone", help="The IANA time zone of the days and months readers see (default: UTC).")
@click.option("--action", metavar="OWNER/REPO", default=ask.ACTION_PLACEHOLDER, show_default=True,
              help="The GitHub repository of statusgen's Action, which the workflows call at this statusgen's "
                   "version.")
@click.option("--now", type=TimeParam(), help="The day the page begins, from which uptime is measured (default: "
                                            "SOURCE_DATE_EPOCH, else the clock).")
@click.option("-y", "--yes", "--no-input", "no_input", is_flag=True,
              help="Ask nothing: take every answer from the flags (--name, --url and --component are needed).")
def init_command(directory, name, url, contact, components, severities, reliability, sla_tiers, time_zone, action,
                 now, no_input):
    """Create a new status repository in DIRECTORY (default: here), which must be new or empty.

    It writes mkdocs.yml (your name, address, contact and components), your
    own pages under site_src/, incidents/README.md (how to write incidents),
    GitHub workflows that call statusgen's Action at this version, and a
    Dependabot configuration that proposes each new release. No example
    incidents, and no uptime promises unless you make them.

    Without --yes it asks for whatever the flags leave out, checking each
    answer as it is typed; with --yes it asks nothing.

    \b
    Examples:
      statusgen init status-page
      statusgen init status-page --yes --name "Example Corp" --url https://status.example.com/ \\
          --contact support@example.com -c website=Website -c api="Public API"
    """
    from ..scaffold import create
    from ..scaffold.folder import check_target

    try:
        check_target(directory)  # before any question: a folder that cannot be used is said at once
    except UserError as exc:
        fail(exc.diagnostics)
    values = {"name": name, "url": url, "contact": contact, "components": list(components),
              "severities": severities, "reliability": reliability, "sla_tiers": list(sla_tiers),
              "action": action, "version": __version__, "time_zone": time_zone}
    # Flags are checked before any question, so a script learns every mistake in one run.
    _answers, problems = ask.collect(**_defaults(values))
    problems = [p for p in problems if no_input or _given(values, p.path)]
    if problems:
        fail(problems, hint="nothing was written.")
    if not no_input:
        try:
            values = _interview(values)
        except click.Abort:
            fail([], hint="init stopped before every question was answered; nothing was written. In a script, "
                          "give the answers as flags with --yes (statusgen init --help).")
    answers, problems = ask.collect(**_defaults(values))
    if problems:
        fail(problems, hint="nothing was written. Give the flags above (statusgen init --help).")
    # Uptime is measured from the day the page begins: the 90 days before it show "no data", never 100 %.
    began = resolve_now(now).astimezone(ZoneInfo(answers.time_zone)).date()
    answers = dataclasses.replace(answers, measured_since=began.isoformat())
    try:
        written = create(directory, answers)
    except UserError as exc:
        fail(exc.diagnostics)
    _report(directory, written, answers)


_FLAGS = {"--name": "name", "--url": "url", "--contact": "contact", "--component": "components",
          "--sla-tier": "sla_tiers", "--action": "action", "--time-zone": "time_zone",
          "--severity-scheme": "severities"}


def _given(values: dict, flag: str) -> bool:
    value = values.get(_FLAGS.get(flag, ""))
    return value not in (None, [], "")


def _defaults(values: dict) -> dict:
    """The values as collect() takes them: what was not given is empty (required) or its default."""
    return {**values, "contact": values["contact"] or "", "severities": values["severities"] or "p1-p4",
            "reliability": bool(values["reliability"]), "time_zone": values["time_zone"] or "UTC"}


def _report(directory: Path, written: list[str], answers) -> None:
    shown = str(directory) if str(directory).endswith(os.sep) else f"{directory}{os.sep}"
    click.echo(f"statusgen: wrote a new status repository for {answers.name} into {shown}")
    for path in written:
        click.echo(f"  {path}")
    steps = [] if directory.resolve() == Path.cwd().resolve() else [f"cd {directory}"]
    steps.append("statusgen serve   # a preview of the page, at http://127.0.0.1:8000/")
    if not (directory / ".git").exists():
        steps.append('git init -b main && git add -A && git commit -m "Status page"')
    steps.append('then README.md, "Setting it up": GitHub, Pages, the notifications environment, the first deploy')
    click.echo("Next:\n" + "\n".join(f"  {step}" for step in steps))
    if answers.action == ask.ACTION_PLACEHOLDER:
        click.echo(f"statusgen: the workflows call {answers.action}@v{answers.version}: replace OWNER in "
                   ".github/workflows/*.yml with the GitHub account that publishes statusgen's Action (or run "
                   "init with --action OWNER/REPO); until then they cannot run.", err=True)
    if not re.fullmatch(r"\d+\.\d+\.\d+", answers.version):
        click.echo(f"statusgen: this statusgen ({answers.version}) is not a release, so no Action is tagged "
                   f"v{answers.version}: pin the workflows to a released version.", err=True)
