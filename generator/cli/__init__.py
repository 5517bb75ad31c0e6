"""The statusgen command line: the only layer that prints, exits or imports click.

Each command parses its options, calls the library (which returns results or
raises UserError) and reports. Heavy modules are imported inside the commands
so that `statusgen --help` and quick commands start fast.
"""
from __future__ import annotations

import click

from .. import __version__
from .alertpr import alert_pr_group
from .authoring import new, postmortem, resolve, update
from .checks import schema, validate
from .comms import comms_command
from .deploy import deploy_s3_command
from .due import due_command
from .importing import import_group
from .ingest import ingest_command
from .init import init_command
from .changes import changes_command
from .notify import notify_command
from .remind import remind_command
from .report import report_command
from .site import build_command, serve_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="statusgen", message="%(prog)s %(version)s")
def main():
    """Build a status page and post-incident reports from incident files.

    \b
    Example:
      statusgen init status-page      # a new status repository
      statusgen new --title "Elevated API errors" --severity P2 -c api=partial_outage
      statusgen validate
      statusgen build
    """


for _command in (init_command, new, update, resolve, postmortem, validate, schema, build_command, serve_command,
                 changes_command, notify_command, remind_command, comms_command, report_command, due_command,
                 import_group, ingest_command, alert_pr_group, deploy_s3_command):
    main.add_command(_command)
