"""The record in a local file: each line written whole and on disk before the caller goes on.

A line that cannot be written whole (a full disk, a quota) is cut back off,
so the file never holds half a line and the caller learns before sending. A
last line without its newline is either whole (an editor saved it without
one: the newline is added) or a write that was cut off (the process killed
mid-write: nothing was sent after it, so it is moved to a file beside the
record and said). A dry run reads only and changes nothing. Two runs on one
file at once would each think a message unsent; the second is refused while
the first holds the lock.
"""
from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from ...core.diagnostics import Diagnostic, UserError


class FileStore:
    def __init__(self, path: Path, read_only: bool = False):
        self.path = path
        self.read_only = read_only
        self.fd: int | None = None
        self.notes: list[str] = []

    @property
    def where(self) -> str:
        return str(self.path)

    def _fail(self, what: str, exc: OSError | None = None) -> UserError:
        reason = f": {exc.strerror or exc}" if exc is not None else ""
        return UserError([Diagnostic(str(self.path), None, f"{what}{reason}")])

    def _open(self, create: bool) -> None:
        flags = (os.O_RDONLY if self.read_only else os.O_RDWR | os.O_APPEND) | (os.O_CREAT | os.O_EXCL if create else 0)
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.path, flags | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as exc:
            raise self._fail("the record cannot be opened for writing", exc) from None
        try:
            fcntl.flock(self.fd, (fcntl.LOCK_SH if self.read_only else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except OSError:
            os.close(self.fd)
            self.fd = None
            raise self._fail("another statusgen notify is using this record; wait for it to finish") from None

    def load(self) -> list[bytes] | None:
        """The record's lines (without their newlines), or None when there is no record yet."""
        if not self.path.exists() and not self.path.is_symlink():
            return None
        self._open(create=False)
        try:
            data = b""
            while chunk := os.pread(self.fd, 1 << 20, len(data)):
                data += chunk
        except OSError as exc:
            raise self._fail("the record cannot be read", exc) from None
        if data and not data.endswith(b"\n"):
            data = self._mend(data)
        return data.split(b"\n")[:-1] if data else []

    def _mend(self, data: bytes) -> bytes:
        """The record with its last line ended: a whole entry gets its newline, a fragment is set aside."""
        keep = data.rfind(b"\n") + 1
        tail = data[keep:]
        try:
            whole = isinstance(json.loads(tail.decode("utf-8")), dict)
        except (UnicodeDecodeError, ValueError):
            whole = False
        if self.read_only:
            return data + b"\n" if whole else data[:keep]
        try:
            if whole:
                os.write(self.fd, b"\n")
            else:
                aside = self.path.with_name(self.path.name + ".cut-off")
                with open(aside, "ab") as handle:
                    handle.write(tail + b"\n")
                    handle.flush()
                    os.fsync(handle.fileno())
                os.ftruncate(self.fd, keep)
            os.fsync(self.fd)
        except OSError as exc:
            raise self._fail("the record's last line has no newline, and it cannot be set right", exc) from None
        if whole:
            self.notes.append("the last line had no newline (saved by an editor?); one was added")
            return data + b"\n"
        self.notes.append(f"the last line was cut off mid-write ({len(tail)} bytes, kept in {aside.name}); nothing "
                          "had been sent after it")
        return data[:keep]

    def start(self, first: bytes) -> None:
        self._open(create=True)
        self.append(first)

    def append(self, line: bytes, message: str = "") -> None:  # message: what a git store commits with
        assert self.fd is not None, "load() or start() opens the file"
        size = os.fstat(self.fd).st_size
        try:
            written = 0
            while written < len(line):
                written += os.write(self.fd, line[written:])
            os.fsync(self.fd)
        except OSError as exc:
            try:
                os.ftruncate(self.fd, size)  # never leave half a line behind
                os.fsync(self.fd)
            except OSError:
                pass
            raise self._fail("the record could not be written", exc) from None

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the lock
            self.fd = None
