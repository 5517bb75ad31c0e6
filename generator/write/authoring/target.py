"""Which incident file a command means: the one argument of `update`, `resolve` and `postmortem`.

A pure function over what the incidents folder holds, so every case is
tested without files. The argument may be:

- nothing: the only incident the command can apply to (an open incident for
  `update` and `resolve`; a resolved one whose report is due for `postmortem`; a resolved one whose
  report is written and not yet published for `postmortem --publish`);
- a path to the file, relative to the current folder or absolute, inside the
  incidents folder;
- an id, or a unique start of one (with or without its leading date:
  `2026-03-04-api`, `api-err` and `2026-03-04-api-errors` all name
  2026-03-04-api-errors when nothing else starts that way).

Anything else is refused with the candidates listed, one line per file, so
the next command can be copied from the message.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import PurePath

from ...core.diagnostics import Diagnostic, UserError, did_you_mean

OPEN = "open"  # update, resolve: an incident (not a maintenance) still open
REPORT = "report"  # postmortem: a resolved incident whose severity asks for a report it does not have yet
PUBLISH = "publish"  # postmortem --publish: a resolved incident whose report is written and not yet published

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}-")


@dataclass(frozen=True)
class Candidate:
    """One incident file, as far as choosing between them needs."""

    id: str
    path: PurePath  # absolute
    shown: str  # as messages show it: relative to the project
    title: str = ""
    status: str = ""  # the current status; "" when the file does not validate
    open: bool = False  # an incident (not a maintenance) that is not closed
    draft: bool = False
    awaiting_report: bool = False
    unpublished_report: bool = False  # resolved, with a report below the front matter and no report_published


def pick(argument: str | None, candidates: list[Candidate], *, want: str, cwd: PurePath,
         incidents_dir: PurePath, shown_dir: str, command: str) -> Candidate:
    """The candidate `argument` names, or raise UserError saying why none is chosen and listing the choices."""
    if argument is None or not argument.strip():
        return _default(candidates, want, shown_dir, command)
    text = argument.strip()
    if "/" in text or os.sep in text or (text.endswith(".md") and _exists_as_path(text, candidates, cwd)):
        return _by_path(text, candidates, cwd, incidents_dir, shown_dir)
    return _by_id(text.removesuffix(".md"), candidates, shown_dir)


def _exists_as_path(text: str, candidates: list[Candidate], cwd: PurePath) -> bool:
    target = _absolute(text, cwd)
    return any(_absolute(str(c.path), cwd) == target for c in candidates)


def _absolute(text: str, cwd: PurePath) -> str:
    return os.path.normpath(os.path.join(str(cwd), os.path.expanduser(text)))


def _by_path(text: str, candidates: list[Candidate], cwd: PurePath, incidents_dir: PurePath,
             shown_dir: str) -> Candidate:
    target = _absolute(text, cwd)
    folder = _absolute(str(incidents_dir), cwd)
    if os.path.commonpath([target, folder]) != folder:
        raise UserError([Diagnostic(text, None, f"is outside the incidents folder ({shown_dir}/); statusgen edits "
                                                "only the incident files of this project (give the right "
                                                "--config-file, or the file's id)")])
    for candidate in candidates:
        if _absolute(str(candidate.path), cwd) == target:
            return candidate
    hint = did_you_mean(PurePath(text).stem, [c.id for c in candidates])
    raise UserError([Diagnostic(text, None, f"is not an incident file of this project{hint}; incident files are "
                                            f"the .md files under {shown_dir}/")])


def _by_id(text: str, candidates: list[Candidate], shown_dir: str) -> Candidate:
    exact = [c for c in candidates if c.id == text]
    if len(exact) > 1:
        shown = ", ".join(c.shown for c in exact)
        raise UserError([Diagnostic(exact[1].shown, None, f'the id "{text}" is used by {shown}; rename one before '
                                                          "editing")])
    if exact:
        return exact[0]
    matches = [c for c in candidates if c.id.startswith(text) or _DATE.sub("", c.id).startswith(text)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UserError([Diagnostic(shown_dir, None, f'"{text}" is the start of {len(matches)} incident ids; give '
                                                     "more of the id, or the file's path:"), *_listed(matches)])
    hint = did_you_mean(text, [c.id for c in candidates])
    raise UserError([Diagnostic(shown_dir, None, f'no incident with id "{text}"{hint}; the id is the file name '
                                                 "without .md (the start of it is enough when only one id starts "
                                                 "that way), or give the file's path")])


def _default(candidates: list[Candidate], want: str, shown_dir: str, command: str) -> Candidate:
    if want == OPEN:
        chosen = [c for c in candidates if c.open and not c.draft]
        what, several = "open incident", "open incidents"
    elif want == PUBLISH:
        chosen = [c for c in candidates if c.unpublished_report and not c.draft]
        what = "resolved incident with a written, unpublished post-incident report"
        several = "resolved incidents with a written, unpublished post-incident report"
    else:
        chosen = [c for c in candidates if c.awaiting_report and not c.draft]
        what = "resolved incident awaiting its post-incident report"
        several = "resolved incidents awaiting their post-incident report"
    if len(chosen) == 1:
        return chosen[0]
    if chosen:
        raise UserError([Diagnostic(shown_dir, None, f"{len(chosen)} {several}; say which: {command} ID (or the "
                                                     "start of the id, or the file's path):"), *_listed(chosen)])
    wanted = {OPEN: "open", PUBLISH: "unpublished_report"}.get(want, "awaiting_report")
    drafts = [c for c in candidates if c.draft and getattr(c, wanted)]
    more = "; open drafts (draft: true, not yet published) are named only by their id:" if drafts else ""
    raise UserError([Diagnostic(shown_dir, None, f"no {what}, so there is nothing to default to; give the "
                                                 f"incident's id or its file's path{more}"), *_listed(drafts)])


def _listed(candidates: list[Candidate]) -> list[Diagnostic]:
    """One line per candidate: its file, then its id, status and title."""
    return [Diagnostic(c.shown, None, f"{c.id}" + (f" ({c.status}{', draft' if c.draft else ''})" if c.status
                                                   else " (does not validate)") + (f": {c.title}" if c.title else ""))
            for c in sorted(candidates, key=lambda c: c.id)]
