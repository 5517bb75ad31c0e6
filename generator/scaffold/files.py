"""The files of a new status repository, rendered from the templates shipped with statusgen.

The templates (templates/*.j2) use [[ ]] and [% %] so that GitHub's own ${{ }} expressions and
the {{ site_url }} tokens of the hand-written pages pass through untouched. Every value the
team typed goes through a filter for where it lands: `yaml` quotes it as YAML needs, `md`
escapes what Markdown would read as markup.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..core.severities import PRESETS
from .answers import ACTION_PLACEHOLDER, Answers

TEMPLATES = Path(__file__).resolve().parent / "templates"

# (path in the new repository, template): the order init lists them in.
FILES = (
    ("mkdocs.yml", "mkdocs.yml.j2"),
    ("README.md", "README.md.j2"),
    ("incidents/README.md", "incidents-README.md.j2"),
    ("site_src/about.md", "about.md.j2"),
    ("site_src/subscribe.md", "subscribe.md.j2"),
    (".github/workflows/deploy.yml", "deploy.yml.j2"),
    (".github/workflows/pull-request.yml", "pull-request.yml.j2"),
    (".github/workflows/schedule.yml", "schedule.yml.j2"),
    (".github/workflows/alert.yml", "alert.yml.j2"),
    (".github/workflows/mirror.yml", "mirror.yml.j2"),
    (".github/dependabot.yml", "dependabot.yml.j2"),
    (".gitignore", "gitignore.j2"),
)

# The actions the workflows use besides statusgen's, pinned to full commits with the release beside
# them, exactly as this repository's own workflows pin them (tests/test_init.py holds the two together).
PINS = {
    "checkout": "3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
    "configure_pages": "45bfe0192ca1faeb007ade9deae92b16b8254a0d # v6.0.0",
    "upload_pages_artifact": "fc324d3547104276b827a68afc52ff2a11cc49c9 # v5.0.0",
    "deploy_pages": "368f82528645a54fb793d4d04e342629a3f51346 # v5.0.1",
    "upload_artifact": "cf430e030ddbb5b0abf93d22962f4752f3646cd9 # v7.0.2",
    "download_artifact": "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1",
    "setup_node": "820762786026740c76f36085b0efc47a31fe5020 # v7.0.0",
    "wrangler_action": "da0e0dfe58b7a431659754fdf3f186c529afbe65 # v3.14.1",
    "configure_aws_credentials": "e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2",
}

_ENTITY = re.compile(r"&(?=#?\w+;)")  # an & that would start an entity; a lone & shows as itself
_MARKDOWN = re.compile(r"([\\`*_{}\[\]#])")
_UNITS = {"m": ("minute", "min"), "h": ("hour", "h")}


def _yaml(value) -> str:
    """A YAML scalar for the value, quoted only where YAML needs it (valid in block context)."""
    text = yaml.safe_dump(value, width=float("inf"), allow_unicode=True)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _md(value) -> str:
    """Text as Markdown shows it: HTML's specials as entities, Markdown's own backslash-escaped."""
    text = _ENTITY.sub("&amp;", str(value)).replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text)


def _cell(value) -> str:
    """Text in a Markdown table's cell: also its column separator escaped."""
    return _md(value).replace("|", "\\|")


def _percent(value: float) -> str:
    return f"{value:g}"


def _short(duration: str | None) -> str:
    """ "15m" -> "15 min", "2h" -> "2 h"; none -> "no target"."""
    if not duration:
        return "no target"
    return f"{duration[:-1]} {_UNITS[duration[-1]][1]}"


def _levels(scheme: str) -> list[dict]:
    out = []
    for level in PRESETS[scheme]:
        report = level.get("postmortem_within")
        out.append({"id": level["id"], "name": level["name"], "definition": level["definition"],
                    "response": _short(level.get("response_time")), "cadence": _short(level.get("update_every")),
                    "report": f"within {_short(report)} of resolving" if report else "optional"})
    return out


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined, autoescape=False,
                      block_start_string="[%", block_end_string="%]", variable_start_string="[[",
                      variable_end_string="]]", comment_start_string="[#", comment_end_string="#]",
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(yaml=_yaml, md=_md, cell=_cell, percent=_percent)
    return env


def action_ref(version: str) -> str:
    return f"v{version}"


def render(answers: Answers) -> dict[str, str]:
    """{path in the new repository: its text}."""
    levels = _levels(answers.severities)
    example = levels[1] if len(levels) > 1 else levels[0]
    ref = action_ref(answers.version)
    context = {
        "a": answers,
        "version": answers.version,
        "ref": ref,
        "uses": f"{answers.action}@{ref}",
        "placeholder": answers.action == ACTION_PLACEHOLDER,
        "pins": PINS,
        "levels": levels,
        "example": example,
        "example_id": "2030-01-15-slow-responses",
        "first": answers.components[0],
        "description": f"Current status, incident history and post-incident reports of {answers.name}.",
    }
    env = _environment()
    out = {}
    for path, template in FILES:
        text = env.get_template(template).render(context)
        out[path] = text if text.endswith("\n") else text + "\n"
    return out
