"""Finding incident files and splitting them into front matter and body."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.diagnostics import Diagnostic

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    shown: str  # as printed in messages: relative to the project when possible
    id: str
    front_matter: str
    front_matter_line: int  # file line of the front matter's first line
    body: str
    body_line: int


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def _skipped(relative: Path) -> bool:
    """README.md files and anything whose name starts with _ or . are for authors, not readers."""
    return any(p.startswith((".", "_")) for p in relative.parts) or relative.name.lower() == "readme.md"


def discover(incidents_dir: Path) -> list[Path]:
    """Every incident file below `incidents_dir`, in a stable order."""
    return scan(incidents_dir)[0]


def scan(incidents_dir: Path) -> tuple[list[Path], list[Path]]:
    """(incident files, files that look like incidents but would be ignored).

    The second list holds Markdown files with another ending (2026-03-04.MD,
    .markdown) and links that lead nowhere: silently skipping them would lose
    an update an engineer believes is published.
    """
    if not incidents_dir.is_dir():
        return [], []
    found, strays = [], []
    for path in incidents_dir.rglob("*"):
        relative = path.relative_to(incidents_dir)
        if _skipped(relative) or path.suffix.lower() not in MARKDOWN_SUFFIXES:
            continue
        if path.suffix == ".md" and path.is_file():
            found.append(path)
        elif not path.is_dir():
            strays.append(path)
    return sorted(found), sorted(strays)


def shown_path(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()  # the usual case: found below the project
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def suggest_id(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "incident"


def read_source(path: Path, base: Path) -> tuple[SourceFile | None, list[Diagnostic]]:
    shown = shown_path(path, base)
    problems = []
    stem = path.stem
    if not ID_PATTERN.match(stem):
        problems.append(Diagnostic(shown, None, f'the file name "{path.name}" must be lowercase letters, digits and '
                                                f'hyphens (it becomes the incident\'s URL and id); rename it to '
                                                f'"{suggest_id(stem)}.md"'))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, problems + [Diagnostic(shown, None, f"cannot be read: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, problems + [Diagnostic(shown, line, "is not UTF-8 text; save the file as UTF-8")]
    source, more = split_source(text, path, shown)
    return source, problems + more


def split_source(text: str, path: Path, shown: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Split decoded file text into front matter and body (no file access)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return None, [Diagnostic(shown, 1, "has no front matter: the file must start with a line '---', "
                                           "then the YAML fields, then another '---'")]
    for index in range(1, len(lines)):
        if _END.match(lines[index]):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            source = SourceFile(path=path, shown=shown, id=path.stem, front_matter=front, front_matter_line=2,
                                body=body, body_line=index + 2)
            return source, []
    return None, [Diagnostic(shown, 1, "the front matter is never closed: add a line '---' after the "
                                       "YAML fields")]
