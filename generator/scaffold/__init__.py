"""A new status repository (`statusgen init`): its files, rendered from the answers, written all at once.

    answers   what init asks, and checking each answer (the same checks for prompts and flags)
    files     the files, rendered from templates/ (shipped with statusgen as package data)
    folder    writing them into an empty or new folder: all of them, or none
"""
from __future__ import annotations

from pathlib import Path

import yaml

from ..core.diagnostics import Diagnostic, UserError
from ..read.config import PLUGIN_NAME, validate_options
from .answers import Answers
from .files import render
from .folder import place


def _self_check(files: dict[str, str], answers: Answers, target: Path) -> None:
    """What init writes must read back as it means: mkdocs.yml's options valid, every YAML file YAML."""
    problems = []
    for path, text in files.items():
        if path.endswith((".yml", ".yaml")):
            try:
                yaml.safe_load(text)
            except yaml.YAMLError as exc:
                problems.append(Diagnostic(path, None, f"statusgen init wrote invalid YAML ({exc})"))
    if not problems:
        data = yaml.safe_load(files["mkdocs.yml"])
        options = next(entry[PLUGIN_NAME] for entry in data["plugins"] if isinstance(entry, dict))
        _config, found = validate_options(options, site_name=data["site_name"], site_url=data["site_url"],
                                          base_dir=target, path="mkdocs.yml")
        problems += found
    if problems:
        raise UserError(problems + [Diagnostic("statusgen init", None, "nothing was written: this is a bug in "
                                                                       "statusgen init; please report it")])


def create(target: Path, answers: Answers) -> list[str]:
    """Write a new status repository into target (new or empty); return the files written."""
    files = render(answers)
    _self_check(files, answers, target)
    return place(target, files)


__all__ = ["Answers", "create", "render"]
