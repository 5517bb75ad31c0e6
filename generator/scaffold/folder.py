"""Putting a new repository's files into a folder: all of them, or none.

The folder must be empty, or not exist yet (it is then created, with any missing parents). A fresh
clone's `.git` is allowed: `git clone` of a new, empty repository, then `statusgen init`, is the
usual way in. Anything else in it is refused before a byte is written, with what is there.

Every file is first written whole (and flushed to disk) into a hidden folder inside the target,
then each top-level entry is moved into place by a rename. If anything fails, the entries already
moved are moved back out and everything init made is removed, so the folder is left as it was. A
hidden folder left by a killed init (`.statusgen-init-*`) is init's own: it is removed, not counted.
"""
from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from ..core.diagnostics import Diagnostic, UserError

STAGING_PREFIX = ".statusgen-init-"
ALLOWED = frozenset({".git"})  # what a fresh clone of an empty repository holds


def _shown(path: Path) -> str:
    text = str(path)
    return text if text.endswith(os.sep) else text + os.sep


def check_target(target: Path) -> None:
    """Refuse a target that is a file or that holds anything but what init may write beside."""
    if target.is_symlink() and not target.is_dir():
        raise UserError([Diagnostic(str(target), None, "is a link to nothing; give a folder name")])
    if target.exists() and not target.is_dir():
        raise UserError([Diagnostic(str(target), None, "is a file, not a folder; give the name of a new or empty "
                                                       "folder, e.g. statusgen init status-page")])
    if not target.exists():
        return
    try:
        names = sorted(os.listdir(target))
    except OSError as exc:
        raise UserError([Diagnostic(_shown(target), None, f"cannot be read: {exc.strerror or exc}")]) from None
    found = [name for name in names if name not in ALLOWED and not name.startswith(STAGING_PREFIX)]
    if found:
        more = f" and {len(found) - 3} more" if len(found) > 3 else ""
        listed = ", ".join(found[:3]) + more
        raise UserError([Diagnostic(_shown(target), None,
                                    f"is not empty: it holds {listed}. statusgen init writes a new status "
                                    "repository into an empty folder (a fresh clone's .git is fine) and never "
                                    "overwrites or mixes in with what is there: give a new folder name (statusgen "
                                    "init status-page), or move those files away first")])


def _write_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _missing_parents(folder: Path) -> list[Path]:
    """The folder and its parents that do not exist yet, outermost first."""
    out = []
    for path in [folder, *folder.parents]:
        if os.path.lexists(path):
            break
        out.append(path)
    return list(reversed(out))


def _remove_leftovers(target: Path) -> None:
    for name in os.listdir(target):
        if name.startswith(STAGING_PREFIX):
            shutil.rmtree(target / name, ignore_errors=True)


def place(target: Path, files: dict[str, str]) -> list[str]:
    """Write every file under target, or none of them; return the paths written, in the order given."""
    check_target(target)
    created = _missing_parents(target)
    moved: list[str] = []
    staging = None
    try:
        for folder in created:
            os.mkdir(folder)
        _remove_leftovers(target)
        staging = target / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
        os.mkdir(staging)
        for relative, text in files.items():
            _write_file(staging / relative, text)
        for name in sorted(os.listdir(staging)):
            if os.path.lexists(target / name):  # appeared meanwhile: never overwrite it
                raise FileExistsError(f"{target / name} appeared while init was writing")
            os.rename(staging / name, target / name)
            moved.append(name)
        os.rmdir(staging)
    except OSError as exc:
        for name in reversed(moved):
            try:
                os.rename(target / name, staging / name)
            except OSError:
                shutil.rmtree(target / name, ignore_errors=True)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        for folder in reversed(created):
            try:
                os.rmdir(folder)
            except OSError:
                pass
        where = getattr(exc, "filename", None) or target
        raise UserError([Diagnostic(str(where), None, f"cannot be written: {exc.strerror or exc}; nothing was "
                                                      "written. Fix that (a full disk, a read-only folder, missing "
                                                      "permission) and run statusgen init again")]) from None
    return list(files)
