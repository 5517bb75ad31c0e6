"""The statusgen command line: the only layer that prints, exits or imports click.

Each command parses its options, calls the library (which returns results or
raises UserError) and reports. Heavy modules are imported inside the commands
so that `statusgen --help` and quick commands start fast.
"""
from __future__ import annotations

import importlib

import click

from .. import __version__

# Each command's module is imported when the command is run (or its help is shown): `statusgen build`
# does not load what `init`, `notify` or `comms` need (about 30-40 ms of its start-up).
COMMANDS = {
    "init": ".init:init_command", "new": ".authoring:new", "update": ".authoring:update",
    "resolve": ".authoring:resolve", "postmortem": ".authoring:postmortem", "validate": ".checks:validate",
    "schema": ".checks:schema", "build": ".site:build_command", "serve": ".site:serve_command",
    "changes": ".changes:changes_command", "notify": ".notify:notify_command", "remind": ".remind:remind_command",
    "comms": ".comms:comms_command", "report": ".report:report_command", "due": ".due:due_command",
    "import": ".importing:import_group", "ingest": ".ingest:ingest_command", "alert-pr": ".alertpr:alert_pr_group",
    "deploy-s3": ".deploy:deploy_s3_command",
}


class _Commands(click.Group):
    """A group whose commands are imported by name when first asked for."""

    def list_commands(self, ctx) -> list[str]:
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx, name: str):
        if name not in self.commands and name in COMMANDS:
            module, _, attr = COMMANDS[name].partition(":")
            self.add_command(getattr(importlib.import_module(module, __name__), attr), name)
        return self.commands.get(name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
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
