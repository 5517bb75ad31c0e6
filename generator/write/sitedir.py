"""The site folder: what statusgen may replace, and replacing it so a site is always there.

A build may replace a folder only when it can prove it wrote every file in it.
Each build leaves a marker file at the top of the site that lists the files it
wrote; a folder is replaceable when it does not exist, is empty, or holds
nothing but the files its marker lists. Anything else (someone's documents,
a home folder, /etc) is refused before a single byte moves.

Replacing is an atomic exchange of the new folder with the old one where the
system offers it (Linux renameat2, macOS renamex_np), so at every instant the
site folder exists and is complete. Elsewhere it falls back to two renames;
a build killed between them leaves the old site beside the folder, and the
next build puts it back before doing anything else.

Builds into the same parent folder take turns (an advisory lock on it), so
one build never moves a site aside while another is replacing it, and
leftovers found under the lock belong to no running build.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

MARKER = ".statusgen-site"
_HEADER = ("statusgen site folder. statusgen replaces this folder on its next build only while it holds\n"
           "nothing but the files listed below, which statusgen wrote. Add no files of your own here.\n")
_BUILDING = "statusgen build in progress\n"


class SiteDirError(Exception):
    """A site folder that must not be touched; the message says why and what to do."""


# -- the marker ----------------------------------------------------------------------------------------------

def written_files(folder: Path, ignore: frozenset[str] = frozenset()) -> list[str]:
    """Every file below `folder` (posix paths, sorted), the marker and `ignore` excepted."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        rel_root = os.path.relpath(root, folder)
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            rel = name if rel_root == "." else f"{rel_root}/{name}".replace(os.sep, "/")
            if rel != MARKER and rel not in ignore:
                found.append(rel)
    return sorted(found)


def mark(folder: Path, ignore: frozenset[str] = frozenset()) -> None:
    """Record the files now in `folder` as statusgen's (deterministic: a sorted list, no dates)."""
    listing = "".join(f"{path}\n" for path in written_files(folder, ignore))
    (folder / MARKER).write_text(_HEADER + "\n" + listing, encoding="utf-8")


def listed(folder: Path) -> set[str] | None:
    """The files the marker lists, or None when there is no marker of a finished build."""
    try:
        text = (folder / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not text.startswith(_HEADER):
        return None
    return {line for line in text[len(_HEADER):].splitlines() if line}


def foreign_files(folder: Path) -> list[str]:
    """The files in an existing folder that statusgen cannot prove it wrote (empty: safe to replace)."""
    if not folder.exists():
        return []
    known = listed(folder) or set()
    return [path for path in written_files(folder) if path not in known]


def check_replaceable(folder: Path, *, keep_hidden: bool = False) -> None:
    """Refuse a folder that holds files statusgen did not write.

    keep_hidden: MkDocs' in-place build leaves files whose names start with a
    dot alone, so only the others need to be statusgen's.
    """
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise SiteDirError(f"{folder} is not a folder; choose another site_dir or --site-dir")
    foreign = foreign_files(folder)
    if keep_hidden:
        foreign = [p for p in foreign if not any(part.startswith(".") for part in p.split("/"))]
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise SiteDirError(
            f"{folder} holds files that statusgen did not write ({shown}); a build only replaces an empty "
            f"folder or a site it built itself. Choose another site_dir or --site-dir, or move those files away")
    _check_removable(folder)


def _check_removable(folder: Path) -> None:
    """A read-only folder would be swapped out and then fail to delete, leaving a copy per build."""
    if not folder.is_dir():
        return
    for root, dirs, _files in os.walk(folder):
        if not os.access(root, os.W_OK | os.X_OK):
            raise SiteDirError(f"{root} is read-only, so the previous site could not be removed; make it writable "
                               f"(chmod -R u+w {folder}) or choose another site_dir")


# -- taking turns ----------------------------------------------------------------------------------------------

@contextlib.contextmanager
def exclusive(parent: Path):
    """Hold an advisory lock on the site's parent folder for the whole build."""
    try:
        import fcntl
    except ImportError:  # Windows: builds do not take turns
        yield
        return
    fd = os.open(parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


# -- building beside the site ----------------------------------------------------------------------------------

def _prefix(target: Path, kind: str) -> str:
    return f".{target.name}-{kind}-"


def new_folder(target: Path) -> Path:
    """An empty, marked folder next to target for the new site (same file system: renames are atomic)."""
    folder = Path(tempfile.mkdtemp(prefix=_prefix(target, "building"), dir=target.parent))
    (folder / MARKER).write_text(_BUILDING, encoding="utf-8")
    return folder


def _ours(folder: Path) -> bool:
    try:
        text = (folder / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return text == _BUILDING or text.startswith(_HEADER)


def recover(target: Path) -> list[str]:
    """Put back a site a killed build moved aside, and remove what killed builds left. Call under exclusive().

    Returns notes on what was done, for the log.
    """
    notes = []
    leftovers = sorted(p for p in target.parent.iterdir()
                       if p.is_dir() and not p.is_symlink()
                       and p.name.startswith((_prefix(target, "building"), _prefix(target, "old"))))
    if not target.exists():
        complete = [p for p in leftovers if listed(p) is not None and not foreign_files(p)]
        if complete:
            # Any complete site is better than none; the newest one is the latest build.
            newest = max(complete, key=lambda p: (p / MARKER).stat().st_mtime)
            os.rename(newest, target)
            leftovers.remove(newest)
            notes.append(f"put back the site that an interrupted build left in {newest.name}")
    for folder in leftovers:
        if _ours(folder) and remove(folder):
            notes.append(f"removed {folder.name}, left by an interrupted build")
        elif not any(folder.iterdir()):
            folder.rmdir()  # empty: nothing in it to lose
    return notes


def remove(folder: Path) -> bool:
    """Delete a folder statusgen wrote, read-only parts included; False if some of it stayed.

    The marker goes last, so a folder half-removed by a kill still proves whose it is.
    """
    def make_writable(function, path, _exc):
        parent = os.path.dirname(path)
        with contextlib.suppress(OSError):
            os.chmod(parent, os.stat(parent).st_mode | stat.S_IWUSR | stat.S_IXUSR)
            function(path)

    handler = {"onexc": make_writable} if sys.version_info >= (3, 12) else {"onerror": make_writable}
    with contextlib.suppress(OSError):
        for child in folder.iterdir():
            if child.name == MARKER:
                continue
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, **handler)
            else:
                child.unlink()
        (folder / MARKER).unlink(missing_ok=True)
        folder.rmdir()
    return not folder.exists()


# -- the swap --------------------------------------------------------------------------------------------------

def _libc():
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name, use_errno=True) if name else None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders; False when the system cannot (the caller falls back)."""
    try:
        libc = _libc()
    except OSError:
        return False
    if libc is None:
        return False
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        at_fdcwd, rename_exchange = -100, 2
        result = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        rename_swap = 2
        result = libc.renamex_np(os.fsencode(a), os.fsencode(b), rename_swap)
    else:
        return False
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # e.g. a file system without exchange support
    raise OSError(code, os.strerror(code), str(b))


def replace(new: Path, target: Path) -> Path | None:
    """Make `new` the site at `target`. Returns the old site's folder, now beside it, for remove()."""
    os.chmod(new, 0o755)  # mkdtemp made it private
    if not target.exists():
        os.rename(new, target)
        return None
    if _exchange(new, target):
        return new  # holds the old site now
    old = Path(tempfile.mkdtemp(prefix=_prefix(target, "old"), dir=target.parent))
    old.rmdir()
    os.rename(target, old)  # a kill here leaves no site until recover() runs
    os.rename(new, target)
    return old
