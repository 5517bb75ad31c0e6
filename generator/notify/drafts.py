"""Draft incidents that live on branches: the alert intake opens each as a draft pull request.

The scheduled run checks out the main branch, where a draft made from an alert is not yet; it is on
its own branch (statusgen-alert/...) until someone merges it. To remind the team that its first
public update is due, the branches matching a pattern are fetched (bounded in time) into a ref
namespace of statusgen's own, never a branch anyone checks out, and each one's incident files are
read as the working tree's are. A branch that cannot be fetched only costs those reminders: it is
said, and the others still go out.
"""
from __future__ import annotations

import os
import re
import subprocess
from datetime import datetime

from ..changes.gitref import project_at, repo_root
from ..core.diagnostics import Diagnostic, UserError
from ..core.model import Incident, InternalFacts
from ..core.text import one_line
from ..read.config import Config

NAMESPACE = "refs/statusgen/drafts/"
FETCH_TIMEOUT = 30.0  # seconds for the one fetch
MAX_BRANCHES = 100  # more open alert branches than this is a backlog, not a night's incidents
_PATTERN = re.compile(r"^[A-Za-z0-9._-]+(?:/[A-Za-z0-9._*-]+)*$")


def check_pattern(pattern: str) -> str | None:
    """Why `pattern` cannot name draft branches, or None."""
    if not _PATTERN.fullmatch(pattern) or pattern.count("*") > 1 or ".." in pattern:
        return "is not a branch pattern like 'statusgen-alert/*' (letters, digits, . _ - and /, one * at most)"
    return None


def _git(args: list[str], root, timeout: float | None = None) -> subprocess.CompletedProcess:
    # Never a prompt for credentials: a scheduled run has nobody to answer it.
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    return subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=timeout, check=False, env=env)


def drafts_on_branches(config: Config, remote: str, pattern: str,
                       now: datetime) -> tuple[list[tuple[Incident, InternalFacts | None]], list[str]]:
    """The drafts on the remote's branches matching `pattern`, and notes for what could not be read."""
    problem = check_pattern(pattern)
    if problem:
        raise UserError([Diagnostic("--draft-branches", None, f'"{one_line(pattern)}" {problem}')])
    root = repo_root(config.base_dir)
    notes: list[str] = []
    shallow = _git(["rev-parse", "--is-shallow-repository"], root).stdout.decode().strip() == "true"
    # In a shallow clone (actions/checkout's default) only each branch's tip; a full clone is never made shallow.
    depth = ["--depth=1"] if shallow else []
    refspec = f"+refs/heads/{pattern}:{NAMESPACE}{pattern}"
    try:
        done = _git(["fetch", "--quiet", "--no-tags", "--prune", *depth, "--end-of-options", remote, refspec], root,
                    timeout=FETCH_TIMEOUT)
        if done.returncode != 0:
            said = one_line(done.stderr.decode("utf-8", errors="replace").strip())[:300]
            notes.append(f"the draft branches ({pattern}) could not be fetched from {remote} ({said}); drafts on "
                         "them are not reminded of this run")
    except subprocess.TimeoutExpired:
        notes.append(f"fetching the draft branches ({pattern}) took longer than {FETCH_TIMEOUT:g} s; drafts on them "
                     "are not reminded of this run")
    listed = _git(["for-each-ref", "--format=%(objectname) %(refname)", NAMESPACE], root)
    tips = [line.split(" ", 1) for line in listed.stdout.decode("utf-8", errors="replace").splitlines() if " " in line]
    if len(tips) > MAX_BRANCHES:
        notes.append(f"{len(tips)} draft branches match {pattern}; only the first {MAX_BRANCHES} are read")
        tips = tips[:MAX_BRANCHES]
    out: list[tuple[Incident, InternalFacts | None]] = []
    for commit, ref in tips:
        try:
            project = project_at(config, commit, now, root)
        except UserError as exc:
            notes.append(f"{ref.removeprefix(NAMESPACE)}: {exc.diagnostics[0].message}")
            continue
        out += project.unpublished
    return out, notes
