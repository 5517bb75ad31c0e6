"""The published incidents as they were at a git commit.

The files are read straight from git (ls-tree + cat-file) into a scratch
folder and go through the same reader, validator and draft rules as the
working tree, so "before" and "after" are parsed identically.
"""
from __future__ import annotations

import dataclasses
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from ..read.config import Config
from ..core.diagnostics import Diagnostic, UserError
from ..core.model import Incident
from ..validate.project import Project, load_project
from ..core.text import one_line


@dataclass
class Snapshot:
    ref: str
    commit: str  # full hash the ref resolved to
    incidents: dict[str, Incident]  # published only, by id
    unreadable: list[Diagnostic]  # files at the commit that did not parse


def _git(args: list[str], cwd: Path, *, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise UserError([Diagnostic(str(cwd), None, "git is not installed; statusgen needs it to compare with an "
                                                    "earlier commit")]) from None


def repo_root(base: Path) -> Path:
    done = _git(["rev-parse", "--show-toplevel"], base)
    if done.returncode != 0:
        raise UserError([Diagnostic(str(base), None, "is not inside a git repository; run this in a clone of the "
                                                     "status page repository")])
    return Path(done.stdout.decode().strip()).resolve()


def resolve_commit(ref: str, root: Path) -> str:
    done = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], root)
    if done.returncode != 0 or not done.stdout.strip():
        shallow = _git(["rev-parse", "--is-shallow-repository"], root).stdout.decode().strip() == "true"
        hint = ("this clone is shallow: fetch the history with `git fetch --unshallow` (in GitHub Actions, give "
                "actions/checkout `fetch-depth: 0`)" if shallow else
                "check the name, or `git fetch` the branch or commit first")
        # One line: the ref is the caller's text, and this message may reach a CI log.
        raise UserError([Diagnostic("--since", None,
                                    f'"{one_line(ref)}" is not a commit in this repository; {hint}')])
    return done.stdout.decode().strip()


def _list_files(commit: str, folder: str, root: Path) -> list[str]:
    done = _git(["ls-tree", "-r", "-z", "--name-only", commit, "--", folder], root)
    if done.returncode != 0:
        raise UserError([Diagnostic("--since", None, f"cannot list {folder} at {commit[:12]}: "
                                                     f"{one_line(done.stderr.decode(errors='replace').strip())}")])
    return sorted(name for name in done.stdout.decode("utf-8", errors="surrogateescape").split("\0")
                  if name.endswith(".md"))


def _read_blobs(commit: str, names: list[str], root: Path) -> dict[str, bytes]:
    """Every file's bytes in one `git cat-file --batch` call."""
    if not names:
        return {}
    request = "".join(f"{commit}:{name}\n" for name in names).encode("utf-8", errors="surrogateescape")
    done = _git(["cat-file", "--batch"], root, stdin=request)
    out, data, pos = {}, done.stdout, 0
    for name in names:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # a submodule or something else that is not a file
        size = int(header[2])
        out[name] = data[pos:pos + size]
        pos += size + 1  # contents are followed by a newline
    return out


def relative_to_root(path: Path, root: Path) -> PurePosixPath:
    try:
        return PurePosixPath(path.resolve().relative_to(root).as_posix())
    except ValueError:
        raise UserError([Diagnostic(str(path), None, f"is outside the git repository at {root}; statusgen can only "
                                                     "compare incident files that git tracks")]) from None


def snapshot_at(config: Config, ref: str, now: datetime) -> Snapshot:
    """The published incidents at `ref`, parsed with today's configuration."""
    root = repo_root(config.base_dir)
    commit = resolve_commit(ref, root)
    project = project_at(config, commit, now, root)
    unreadable = [dataclasses.replace(d, path=f"{ref}:{d.path}") for d in project.errors]
    return Snapshot(ref=ref, commit=commit, incidents={i.id: i for i in project.incidents}, unreadable=unreadable)


def project_at(config: Config, commit: str, now: datetime, root: Path) -> Project:
    """Every incident file at `commit` (a full hash), read and validated as the working tree's would be."""
    base_rel = relative_to_root(config.base_dir, root)
    incidents_rel = relative_to_root(config.incidents_dir, root)
    names = _list_files(commit, incidents_rel.as_posix(), root)
    blobs = _read_blobs(commit, names, root)
    with tempfile.TemporaryDirectory(prefix="statusgen-ref-") as scratch:
        top = Path(scratch)
        for name, content in blobs.items():
            target = top / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        (top / incidents_rel).mkdir(parents=True, exist_ok=True)
        then = dataclasses.replace(config, base_dir=top / base_rel, incidents_dir=top / incidents_rel)
        return load_project(then, now)
