"""The site folder: what statusgen may replace, and replacing it so a site is always there.

A build may replace a folder only when it can prove it wrote every file in it.
Each build leaves a marker file at the top of the site that lists the files it
wrote (generator.write.marker); a folder is replaceable when it does not exist,
is empty, or holds nothing but the files its marker lists. Anything else
(someone's documents, a home folder, /etc) is refused before a single byte
moves, and so is a site folder or a marker that is a link: a build never writes
or replaces anything a link leads to.

Leftovers of killed builds (.site-building-*, .site-old-*, found by name) need
more than a listing: one is deleted, or put back as the site, only when its
marker proves every entry in it (generator.write.marker.unproven). Any other
is left where it is, and the build says so.

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

from .marker import (MARKER, SiteDirError, check_marker, listed, listed_digests, mark, mark_building, unproven,
                     written_files)

# The marker's functions are part of this module's interface: callers (build, the plugin) import only sitedir.
__all__ = ["MARKER", "SiteDirError", "check_marker", "listed", "listed_digests", "mark", "written_files",
           "foreign_files", "check_replaceable", "refuse_link", "exclusive", "new_folder", "recover", "remove",
           "replace"]


# -- what a build may replace ----------------------------------------------------------------------------------

def foreign_files(folder: Path) -> list[str]:
    """The files in an existing folder that statusgen cannot prove it wrote (empty: safe to replace)."""
    if not folder.exists():
        return []
    known = listed(folder) or set()
    # A build writes no links, so a link is never its own, even under a name the marker lists: a
    # build writing that name (mkdocs build --dirty) would write through it.
    return [path for path in written_files(folder) if path not in known or os.path.islink(folder / path)]


def check_replaceable(folder: Path, *, keep_hidden: bool = False) -> None:
    """Refuse a folder that holds files statusgen did not write.

    keep_hidden: MkDocs' in-place build leaves files whose names start with a
    dot alone, so only the others need to be statusgen's.
    """
    refuse_link(folder)
    if folder.exists() and not folder.is_dir():
        raise SiteDirError(f"{folder} is not a folder; choose another site_dir or --site-dir")
    if folder.is_dir():
        check_marker(folder)  # before MkDocs empties anything, as writing it would follow the link
    foreign = foreign_files(folder)
    if keep_hidden:
        foreign = [p for p in foreign if not any(part.startswith(".") for part in p.split("/"))]
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise SiteDirError(
            f"{folder} holds files that statusgen did not write ({shown}); a build only replaces an empty "
            f"folder or a site it built itself. Choose another site_dir or --site-dir, or move those files away")
    _check_removable(folder)


def refuse_link(folder: Path) -> None:
    """A site folder that is a link would have the build write, and replace, whatever it leads to."""
    if folder.is_symlink():
        raise SiteDirError(f"{folder} is a symbolic link (to {os.readlink(folder)}); statusgen builds only into a "
                           f"real folder: point site_dir or --site-dir at the folder itself, or remove the link")


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
    mark_building(folder)
    return folder


def recover(target: Path) -> list[str]:
    """Put back a site a killed build moved aside, and remove what killed builds left. Call under exclusive().

    Only leftovers whose marker proves every entry in them are touched; the others are named in the notes.
    Returns notes on what was done, for the log.
    """
    notes = []
    leftovers = sorted(p for p in target.parent.iterdir()
                       if p.is_dir() and not p.is_symlink()
                       and p.name.startswith((_prefix(target, "building"), _prefix(target, "old"))))
    why = {folder: unproven(folder) for folder in leftovers}
    if not target.exists() and not target.is_symlink():
        complete = [p for p in leftovers if why[p] is None and listed(p) is not None]
        if complete:
            # Any complete site is better than none; the newest one is the latest build.
            newest = max(complete, key=lambda p: os.lstat(p / MARKER).st_mtime)
            os.rename(newest, target)
            leftovers.remove(newest)
            notes.append(f"put back the site that an interrupted build left in {newest.name}")
    for folder in leftovers:
        if why[folder] is None:
            if remove(folder):
                notes.append(f"removed {folder.name}, left by an interrupted build")
            else:
                notes.append(f"could not remove all of {folder.name}, left by an interrupted build; "
                             f"the next build tries again")
        elif not any(folder.iterdir()):
            folder.rmdir()  # empty: nothing in it to lose
        else:
            notes.append(f"left {folder.name} alone: {why[folder]}, so statusgen cannot prove it wrote what is in "
                         f"it; remove it yourself if you do not need it")
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
