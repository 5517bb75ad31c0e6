"""Pieces every statusgen command shares: options, time parsing, failing cleanly."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import click

from ..read.config import Config, load_config
from ..core.diagnostics import Diagnostic, UserError
from ..core.timeutil import TimeError, build_now, parse_duration, parse_time

CONFIG_OPTION = click.option(
    "-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False),
    help="The project's mkdocs.yml.")


class TimeParam(click.ParamType):
    """A command-line time; like a file's, it must carry Z or an offset."""

    name = "TIME"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime):
            return value
        try:
            return parse_time(value)
        except TimeError as exc:
            self.fail(str(exc), param, ctx)


class PastTimeParam(click.ParamType):
    """A time that has already happened: like TimeParam, or counted back from now (-15m, -1h30m, now).

    Converts to a datetime, or to the timedelta to subtract from the command's now (known only once
    every option is read: --now may come after); `at` turns either into a time.
    """

    name = "TIME"

    def convert(self, value, param, ctx):
        if isinstance(value, (datetime, timedelta)):
            return value
        text = str(value).strip()
        if text.lower() == "now":
            return timedelta(0)
        sign = re.match(r"^([+-])\s*(?=\d)", text)
        if sign:
            try:
                delta = parse_duration(text[sign.end():])
            except TimeError:
                self.fail(f'"{text}" is not a time relative to now; write it like -15m, -2h, -1h30m or -1d',
                          param, ctx)
            if sign.group(1) == "+":
                self.fail(f'"{text}" is in the future; relative times count back from now: write '
                          f"-{text[sign.end():]} for that long ago", param, ctx)
            return delta
        try:
            return parse_time(text)
        except TimeError as exc:
            try:
                parse_duration(text)
            except TimeError:
                self.fail(f"{exc}, or count back from now like -15m or -1h30m", param, ctx)
            self.fail(f'"{text}" is a duration, not a time; write -{text} for that long ago', param, ctx)


def at(value: datetime | timedelta | None, now: datetime) -> datetime | None:
    """A PastTimeParam value as a time, relative ones counted back from `now`."""
    return now - value if isinstance(value, timedelta) else value


NOW_HELP = ("Act as if it were this time instead of the clock (a time with a zone, e.g. 2026-03-04T09:12:00Z): "
            "to record something done a little earlier, or to rehearse.")


class CommitParam(click.ParamType):
    """A full commit hash (40 hex digits, or 64 in a SHA-256 repository), as `git rev-parse HEAD` prints it.

    Only a full hash: a branch name or a short hash would be compared as text and never match.
    """

    name = "SHA"

    def convert(self, value, param, ctx):
        text = str(value).strip().lower()
        if len(text) not in (40, 64) or any(c not in "0123456789abcdef" for c in text):
            self.fail(f'"{value}" is not a full commit hash (40 hex digits); pass `git rev-parse HEAD` '
                      "or, in a workflow, $GITHUB_SHA", param, ctx)
        return text


def fail(diagnostics: list[Diagnostic], fmt: str = "text", hint: str = "") -> None:
    """Print every problem (and what to do next), then exit 1: never a traceback."""
    for d in diagnostics:
        click.echo(d.format_github() if fmt == "github" else d.format(), err=fmt != "github")
    if hint:
        click.echo(f"statusgen: {hint}", err=True)
    raise SystemExit(1)


def load_or_fail(config_file: str, fmt: str = "text") -> Config:
    try:
        return load_config(config_file)
    except UserError as exc:
        fail(exc.diagnostics, fmt)


def resolve_now(now: datetime | None) -> datetime:
    try:
        return build_now(now)
    except TimeError as exc:
        raise click.UsageError(str(exc)) from None


def delivery_options(things: str, max_time: float):
    """The bounds of a command that sends (notify, remind): each attempt, retries, and all of it together.

    `things` names what is sent ("notifications", "reminders") in the help.
    """
    singular = things[:-1] if things.endswith("s") else things
    options = [
        click.option("--timeout", type=click.FloatRange(min=0.05), default=10.0, show_default=True,
                     help="Seconds each attempt may take in all: connecting, sending and the whole answer."),
        click.option("--attempts", type=click.IntRange(1, 10), default=3, show_default=True,
                     help=f"Tries per {singular} (connection errors, timeouts, 5xx and 429 are retried)."),
        click.option("--backoff", type=click.FloatRange(min=0), default=1.0, show_default=True,
                     help="Seconds before the first retry; doubles after each."),
        click.option("--max-time", type=click.FloatRange(min=0.05), default=max_time, show_default=True,
                     help=f"Seconds all {things} may take together; what is left unsent then counts as failed."),
    ]

    def apply(function):
        for option in reversed(options):
            function = option(function)
        return function

    return apply
