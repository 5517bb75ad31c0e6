"""The site folder's marker: what a statusgen build wrote, read and written without following links.

A finished build's marker lists every file it wrote with its SHA-256, one `digest  path` line each
(as sha256sum prints them, so `sha256sum -c .statusgen-site` checks a site by hand). A build in
progress marks its private scratch folder with that folder's own identity (device and inode number),
which a copy, a checkout or a folder made by hand does not share.

The marker is opened with O_NOFOLLOW and must be a plain file with a single name: statusgen never
takes a listing from a file a link leads to, and never writes through a link (symbolic or hard) onto
a file outside the site.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

MARKER = ".statusgen-site"
HEADER = ("statusgen site folder. statusgen replaces this folder on its next build only while it holds\n"
          "nothing but the files listed below, which statusgen wrote. Add no files of your own here.\n")
_BUILDING = "statusgen build in progress\n"
_DIGEST_LINE = re.compile(r"(?P<digest>[0-9a-f]{64})  (?P<path>.+)")
# Not on every system (Windows has neither); there the lstat checks below stand alone.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO planted as a file must not hang the build


class SiteDirError(Exception):
    """A site folder that must not be touched; the message says why and what to do."""


# -- opening without following links ---------------------------------------------------------------------------

def _refuse(path: Path, info: os.stat_result) -> None:
    if stat.S_ISLNK(info.st_mode):
        raise SiteDirError(f"{path} is a symbolic link (to {os.readlink(path)}); statusgen never reads or writes "
                           f"its marker through a link, so remove it (rm {path}) and build again")
    if not stat.S_ISREG(info.st_mode):
        raise SiteDirError(f"{path} is not a plain file, so it is not statusgen's marker; remove it and build again")
    if info.st_nlink > 1:
        raise SiteDirError(f"{path} is a hard link (one file with {info.st_nlink} names), so writing the marker "
                           f"would change a file elsewhere; remove it (rm {path}) and build again")


def check_marker(folder: Path) -> None:
    """Refuse a marker that is a link, or anything but a plain file: a build would write through it."""
    path = folder / MARKER
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    _refuse(path, info)


def _open_marker(folder: Path, flags: int) -> int:
    path = folder / MARKER
    try:
        fd = os.open(path, flags | _NOFOLLOW | _NONBLOCK, 0o644)
    except OSError:
        check_marker(folder)  # a link: say so; anything else is the system's error
        raise
    try:
        _refuse(path, os.fstat(fd))  # checked on what was opened, so a swap after lstat changes nothing
    except SiteDirError:
        os.close(fd)
        raise
    return fd


def read_marker(folder: Path) -> str | None:
    """The marker's text; None when there is none, or it is a link, not a plain file, or not text."""
    try:
        fd = _open_marker(folder, os.O_RDONLY)
    except (OSError, SiteDirError):
        return None
    with os.fdopen(fd, "rb") as handle:
        data = handle.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def write_marker(folder: Path, text: str) -> None:
    """Replace the marker's text; raises SiteDirError, before writing a byte, when the marker is a link."""
    fd = _open_marker(folder, os.O_WRONLY | os.O_CREAT)  # no O_TRUNC: nothing changes before the checks
    with os.fdopen(fd, "wb") as handle:
        handle.truncate(0)
        handle.write(text.encode("utf-8"))


def sha256(path: Path | str) -> str | None:
    """A plain file's digest, opened without following a link; None for anything else."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        digest = hashlib.sha256()
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# -- what a build wrote -----------------------------------------------------------------------------------------

def written_files(folder: Path, ignore: frozenset[str] = frozenset()) -> list[str]:
    """Every file below `folder` (posix paths, sorted), the marker and `ignore` excepted.

    A link is listed, never followed (a link to a folder too), and so is anything else that is not a
    folder. A folder that cannot be read is passed over, as os.walk does."""
    found: list[str] = []
    pending = [("", os.fspath(folder))]
    while pending:
        prefix, path = pending.pop()
        try:
            with os.scandir(path) as entries:
                listing = list(entries)
        except OSError:
            continue
        for entry in listing:  # the entry knows its own kind: no second system call per name
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append((rel + "/", entry.path))
            elif rel != MARKER and rel not in ignore:
                found.append(rel)
    return sorted(found)


def mark(folder: Path, ignore: frozenset[str] = frozenset()) -> None:
    """Record the files now in `folder` as statusgen's, each with its digest (deterministic: no dates).

    Only plain files are recorded: a link or a device in the folder is not something a build wrote,
    so it stays foreign and the next build refuses the folder.
    """
    lines = []
    for rel in written_files(folder, ignore):
        digest = sha256(os.path.join(folder, rel))
        if digest is not None:
            lines.append(f"{digest}  {rel}\n")
    write_marker(folder, HEADER + "\n" + "".join(lines))


def listed_digests(folder: Path) -> dict[str, str | None] | None:
    """The files a finished build's marker lists, each with its digest (None in a marker from before
    digests); None when there is no such marker."""
    text = read_marker(folder)
    if text is None or not text.startswith(HEADER):
        return None
    out: dict[str, str | None] = {}
    for line in text[len(HEADER):].splitlines():
        if line:
            match = _DIGEST_LINE.fullmatch(line)
            out[match["path"] if match else line] = match["digest"] if match else None
    return out


def listed(folder: Path) -> set[str] | None:
    """The files the marker lists, or None when there is no marker of a finished build."""
    digests = listed_digests(folder)
    return None if digests is None else set(digests)


def _building_text(info: os.stat_result) -> str:
    return f"{_BUILDING}folder {info.st_dev} {info.st_ino}\n"


def mark_building(folder: Path) -> None:
    """Mark a new scratch folder as this build's: its identity, which only this very folder has."""
    write_marker(folder, _building_text(os.lstat(folder)))


# -- proof, for leftovers -------------------------------------------------------------------------------------

def unproven(folder: Path) -> str | None:
    """Why `folder` cannot be shown to hold only what a statusgen build wrote; None when it can.

    A finished site: every file in it is listed in its marker with the digest it has now. A build
    in progress: the marker names this very folder, which is still private to its owner, so no one
    else can have added to it. Either way, a link anywhere in it, or anything but folders and plain
    files, is not a build's.
    """
    text = read_marker(folder)
    if text is None:
        return "it has no statusgen marker (or its marker is a link)"
    info = os.lstat(folder)
    if text.startswith(HEADER):
        return _unaccounted(folder, listed_digests(folder) or {})
    if text == _building_text(info):
        # Where there are POSIX owners and modes (not on Windows), a private folder is one nobody else added to.
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            return "it belongs to another user"
        if hasattr(os, "geteuid") and info.st_mode & 0o077:
            return "its marker says a build was in progress, but the folder is open to others"
        return _unaccounted(folder, None)
    if text == _BUILDING:
        return "its marker names no folder (an older statusgen's, or made by hand)"
    if text.startswith(_BUILDING):
        return "its marker was written for another folder (a copy, or one made by hand)"
    return "its marker is not statusgen's"


def _unaccounted(folder: Path, digests: dict[str, str | None] | None) -> str | None:
    """The first entry not accounted for; digests None: any plain file is (a private build folder)."""
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        dirs.sort()
        for name in sorted(dirs + files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            if rel == MARKER:
                continue
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                return f"{rel} is a symbolic link"
            if stat.S_ISDIR(mode):
                continue
            if not stat.S_ISREG(mode):
                return f"{rel} is not a plain file"
            if digests is None:
                continue
            if rel not in digests:
                return f"{rel} is not listed in its marker"
            if digests[rel] is None:
                return "its marker lists no digests (an older statusgen wrote it)"
            if sha256(path) != digests[rel]:
                return f"{rel} differs from what its marker lists"
    if unreadable:
        return f"{unreadable[0].filename} cannot be read"
    return None
