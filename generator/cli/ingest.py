"""`statusgen ingest`: one alert webhook payload in, its draft incident file created or brought up to date.

It prints one JSON object on stdout (what it did; see docs/alerts.md) and exits 0 for every outcome,
"ignored" and "withdrawn" included. Anything it cannot act on (an unreadable payload, an unknown
sender, a problem in mkdocs.yml or in the alert's incident file) is a message on stderr and exit
status 2, never a traceback, so a workflow can tell "nothing to do" from "something is wrong".
"""
from __future__ import annotations

import json
import sys
from datetime import datetime

import click

from ..core.diagnostics import UserError
from .options import CONFIG_OPTION, TimeParam

MAX_PAYLOAD = 1024 * 1024  # bytes: far above any sender's documented payload, far below a memory problem
EXIT_PROBLEM = 2


def _stop(*lines: str) -> None:
    for line in lines:
        click.echo(line, err=True)
    raise SystemExit(EXIT_PROBLEM)


def _read(payload: str) -> bytes:
    """At most MAX_PAYLOAD bytes from the file, or from stdin for "-"; a larger payload is refused."""
    shown = "standard input" if payload == "-" else payload
    try:
        if payload == "-":
            data = sys.stdin.buffer.read(MAX_PAYLOAD + 1)
        else:
            with open(payload, "rb") as handle:
                data = handle.read(MAX_PAYLOAD + 1)
    except FileNotFoundError:
        _stop(f"{shown}: no such file; pass the payload's file, or - to read it from standard input")
    except IsADirectoryError:
        _stop(f"{shown}: is a folder; pass the payload's file, or - to read it from standard input")
    except OSError as exc:
        _stop(f"{shown}: cannot be read: {exc.strerror or exc}")
    if len(data) > MAX_PAYLOAD:
        _stop(f"{shown}: the payload is larger than 1 MiB; no sender's alert is that large, so it is refused "
              "unread")
    return data


@click.command("ingest")
@CONFIG_OPTION
@click.option("--sender", metavar="NAME",
              help="Who sent the payload: alertmanager, grafana, uptime-kuma, datadog or pagerduty "
                   "(default: recognised by the payload's shape).")
@click.option("--now", type=TimeParam(),
              help="The time to stamp the updates with, e.g. 2026-03-04T09:12:00Z (default: the current time).")
@click.argument("payload", metavar="PAYLOAD")
def ingest_command(config_file, sender, now, payload):
    """Turn one alert webhook PAYLOAD (a file, or - for stdin) into a draft incident.

    A firing alert creates a draft incident file (draft: true; its labels,
    annotations and links kept under internal: only); a repeated one changes
    nothing; an acknowledgement records acknowledged; a resolved alert adds
    the resolving update, unless it resolved within intake.flap_window while
    still a draft: then it is withdrawn and never published. Severity and
    components come from intake.rules in mkdocs.yml (docs/alerts.md).

    Prints what it did as one JSON object. Exit status 0 whatever it did,
    2 when the payload, the sender, mkdocs.yml or the alert's file is wrong.

    \b
    Example:
      statusgen ingest --sender alertmanager payload.json
      statusgen ingest - < payload.json
    """
    from ..core.timeutil import UTC, TimeError, build_now
    from ..intake.draft import branch_name, ingest
    from ..intake.senders import SENDERS, NotAnAlert, PayloadError, read_payload
    from ..read.config import load_config
    from ..core.diagnostics import did_you_mean

    if sender is not None and sender not in SENDERS:
        _stop(f"--sender: unknown sender {sender!r}{did_you_mean(sender, SENDERS)}; statusgen reads "
              f"{', '.join(SENDERS)}")
    try:
        # The clock, not SOURCE_DATE_EPOCH: a workflow may set that for its builds, and an alert's
        # updates are stamped when they are written.
        moment = build_now(now) if now is not None else datetime.now(UTC).replace(microsecond=0)
    except TimeError as exc:
        _stop(f"--now: {exc}")
    data = _read(payload)
    shown = "standard input" if payload == "-" else payload
    try:
        config = load_config(config_file)
    except UserError as exc:
        _stop(*(d.format() for d in exc.diagnostics))
    try:
        event = read_payload(data, sender)
    except NotAnAlert as exc:
        # Every field keeps its type, so a workflow checks one shape: the branch is the sender's own
        # (no alert has an empty key), and "ignored" tells it to do nothing with it.
        name = sender or _recognised(data) or "unknown"
        _print({"action": "ignored", "sender": name, "alert_key": None, "state": None, "incident": None,
                "path": None, "draft": False, "branch": branch_name(name, ""), "title": "", "changes": [],
                "reason": str(exc)})
        return
    except PayloadError as exc:
        _stop(f"{shown}: {exc}")
    try:
        outcome = ingest(config, event, moment)
    except UserError as exc:
        _stop(*(d.format() for d in exc.diagnostics),
              "statusgen: correct what is named above, then send the alert again (or re-run the workflow)")
    _print(outcome.as_json())


def _recognised(data: bytes) -> str | None:
    """Which sender a payload that is no alert came from, for the report (None if that is unclear)."""
    from ..intake.senders import PayloadError, recognise
    from ..intake.senders.common import parse

    try:
        return recognise(parse(data))
    except PayloadError:
        return None


def _print(result: dict) -> None:
    # ASCII only: the title comes from the alert, and the workflow's log and jq read this line.
    click.echo(json.dumps(result, ensure_ascii=True))
