"""The notification policy as a table, for `statusgen comms --policy`: text, Markdown or JSON.

One block per severity (and maintenance): a row per kind of message, a column per channel, each cell the
audiences that hear it ("-": not sent). A mark says where a cell was decided, so a team can tell the
preset's procedure from its own choices.
"""
from __future__ import annotations

import json

from ..core.notifications import INCIDENT_KINDS, KIND_LABELS, MAINTENANCE_KINDS, MAINTENANCE_SCOPE, POLICY_PRESETS
from ..core.text import md, one_line
from ..read.config import Config
from .policy import POLICY_CHANNELS, rules

MARKS = {"mkdocs.yml": "*", "channels": ""}  # anything else is the preset's: "+"
LEGEND = ("+ the preset's procedure says so; * mkdocs.yml says so; unmarked: the severity's channels "
          "(maintenance_channels). -: not sent.")


def _mark(source: str) -> str:
    return MARKS.get(source, "+")


def _blocks(config: Config) -> list[tuple[str, list[list[str]]]]:
    """(heading, rows): rows of [kind label, cell per channel]."""
    table = {(r.scope, r.channel, r.kind): r for r in rules(config)}
    scopes = [(s.id, f"{s.id} {s.name}", INCIDENT_KINDS) for s in config.severities]
    scopes.append((MAINTENANCE_SCOPE, "Maintenance", MAINTENANCE_KINDS))
    out = []
    for scope, heading, kinds in scopes:
        rows = []
        for kind in kinds:
            cells = [KIND_LABELS[kind]]
            for channel in POLICY_CHANNELS:
                rule = table[(scope, channel, kind)]
                cells.append((", ".join(rule.audiences) or "-") + _mark(rule.source))
            rows.append(cells)
        out.append((heading, rows))
    return out


def _intro(config: Config) -> tuple[str, list[tuple[str, str]]]:
    policy = config.notifications
    preset = POLICY_PRESETS.get(policy.preset)
    line = f"Preset {policy.preset}: {preset.follows if preset else ''}."
    return line, [(a.name, a.description) for a in policy.audiences]


def render_text(config: Config) -> str:
    intro, audiences = _intro(config)
    lines = [f"Notification policy. {intro}", "Audiences:"]
    width = max(len(name) for name, _ in audiences)
    lines += [f"  {name.ljust(width)}  {description}".rstrip() for name, description in audiences]
    header = ["kind of message", *POLICY_CHANNELS]
    for heading, rows in _blocks(config):
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        lines += ["", heading]
        lines += ["  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
                  for row in [header, *rows]]
    lines += ["", LEGEND]
    return "\n".join(one_line(line) for line in lines) + "\n"


def render_markdown(config: Config) -> str:
    intro, audiences = _intro(config)
    lines = ["### Notification policy", "", md(intro), "",
             "Audiences: " + "; ".join(f"**{md(n)}**" + (f" ({md(d)})" if d else "") for n, d in audiences), ""]
    for heading, rows in _blocks(config):
        lines += [f"**{md(heading)}**", "", "| kind of message | " + " | ".join(POLICY_CHANNELS) + " |",
                  "|---" * (len(POLICY_CHANNELS) + 1) + "|"]
        lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
        lines.append("")
    lines.append(md(LEGEND))
    return "\n".join(lines) + "\n"


def render_json(config: Config) -> str:
    policy = config.notifications
    return json.dumps({
        "preset": policy.preset,
        "audiences": [{"name": a.name, "description": a.description} for a in policy.audiences],
        "rules": [{"scope": r.scope, "channel": r.channel, "kind": r.kind, "audiences": list(r.audiences),
                   "source": r.source} for r in rules(config)],
    }, indent=2, ensure_ascii=False) + "\n"
