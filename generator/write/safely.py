"""Writing project files safely: atomically, never over someone else's change, one writer per folder.

Shared by the authoring commands (one file at a time) and the importers (many new files at once).

- A file is written to a temporary file in its own folder, then renamed or linked into place, so a
  failure leaves the old file (or no file) whole, never half a file.
- An edit names the bytes it was made from; if the file no longer holds them, someone saved it
  meanwhile and the edit is refused instead of losing their change.
- A new file is linked into place, which fails if the name is taken: a file someone created
  meanwhile is never overwritten.
- Commands writing in one folder take turns (an flock on the folder), and the one holding the lock
  removes the temporary files a killed statusgen left behind.
"""
from __future__ import annotations

import os
import re
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from ..core.diagnostics import Diagnostic, UserError

# Temporary files: hidden (the incident reader skips dot files) and named so
# that they cannot be mistaken for anything else, so the next edit in the
# folder can remove one that a killed command left behind (until then the
# project's .gitignore keeps it out of commits).
TMP_SUFFIX = ".statusgen-tmp"
TMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TMP_SUFFIX))
LOCK_WAIT = 20.0  # seconds; an edit takes milliseconds, so a longer wait means a stuck command


def unwritable(shown: str, exc: OSError) -> UserError:
    return UserError([Diagnostic(shown, None, f"cannot be written: {exc.strerror or exc}; nothing was changed. "
                                              "Check the folder's permissions and free space")])


def changed_meanwhile(shown: str) -> UserError:
    return UserError([Diagnostic(shown, None, "changed while statusgen was editing it (another command or an "
                                              "editor saved it); nothing was written: run the command again")])


def _lock_folder(folder: Path, shown: str) -> int | None:
    """An exclusive flock(2) on the folder itself, or None where there is none to take.

    Locking the folder leaves no lock file to commit or clean up, the kernel
    drops it when a process dies, and it covers creating a file too.
    """
    try:
        import fcntl
    except ImportError:  # Windows: the changed-meanwhile check still refuses to lose an edit
        return None
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None  # then writing there fails too, and says why
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                raise UserError([Diagnostic(shown, None, f"another statusgen command has been editing files in "
                                                         f"this folder for {LOCK_WAIT:.0f} s; wait for it to "
                                                         "finish (or stop it), then run the command again")])
            time.sleep(0.02)
        except OSError:  # a file system without flock
            os.close(fd)
            return None


def _remove_leftovers(folder: Path) -> None:
    """Delete temporary files a killed statusgen left in `folder`.

    Only called while holding the folder's lock: no live statusgen is writing
    one, so every file with statusgen's temporary name is a leftover.
    """
    with suppress(OSError):
        for entry in os.scandir(folder):
            if TMP_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with suppress(OSError):
                    os.unlink(entry.path)


@contextmanager
def locked(folder: Path, shown: str):
    """Statusgen commands editing files in one folder take turns (threads and processes alike)."""
    fd = _lock_folder(folder, shown)
    try:
        if fd is not None:
            _remove_leftovers(folder)
        yield
    finally:
        if fd is not None:
            os.close(fd)


def _new_file_mode(path: Path) -> int:
    # mkstemp makes 0600 files; keep the edited file's mode, or the usual one for a new file.
    if path.exists():
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _current_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def stage(path: Path, text: str, shown: str) -> str:
    """`text` in a temporary file beside `path` (with the mode `path` has or would get): its name.

    The caller links or renames it into place, or removes it (discard)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise unwritable(shown, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, _new_file_mode(path))
    except OSError as exc:
        discard(tmp)
        raise unwritable(shown, exc) from None
    return tmp


def discard(tmp: str) -> None:
    with suppress(OSError):
        os.unlink(tmp)


def write_atomic(path: Path, text: str, shown: str, expected: bytes | None,
                 taken: str = "pick another --id or run the command again") -> None:
    """Replace `path` with `text` through a temporary file, so a failure leaves the old file whole.

    `expected` is what the edit was made from: if the file no longer holds it,
    someone saved it meanwhile and replacing it would lose their change. None:
    a new file, which must not have appeared meanwhile (`taken` says what to do then).
    """
    tmp = stage(path, text, shown)
    try:
        if expected is None:
            link_new(tmp, path, shown, taken)
        elif _current_bytes(path) != expected:
            raise changed_meanwhile(shown)
        else:
            os.replace(tmp, path)
    except OSError as exc:
        raise unwritable(shown, exc) from None
    finally:
        discard(tmp)  # gone already after a replace; the spare name after a link


def link_new(tmp: str, path: Path, shown: str, taken: str = "pick another name or run the command again") -> None:
    """Create `path` from the staged `tmp` without overwriting a file someone created meanwhile."""
    exists = UserError([Diagnostic(shown, None, f"was created by someone else while statusgen was writing it; "
                                                f"nothing was written: {taken}")])
    try:
        os.link(tmp, path)  # fails if the name is taken, unlike os.replace
    except FileExistsError:
        raise exists from None
    except OSError:  # a file system without hard links
        if path.exists():
            raise exists from None
        os.replace(tmp, path)
