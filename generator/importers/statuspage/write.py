"""The imported files: their text, their names, and writing them all or none.

A file's text is its front matter (the format's fields in the format's order, times unquoted in UTC,
messages as literal blocks) and its report below; it must read back as exactly the values it was made
from. Its name is the day it began (in the site's time zone) and its title, like every other file;
when two share both, the later ones add their Statuspage id, so a name never depends on what else
is imported. Files go to incidents/<year>/.

Writing is all or none: every file is staged beside its place first, then linked into place (a new
file) or swapped in (one replaced on request, if it still holds what was read); if any step fails,
what this run wrote is taken back.
"""
from __future__ import annotations

import os
from contextlib import ExitStack, suppress
from datetime import date
from pathlib import Path

import yaml

from ...core.diagnostics import UserError
from ...read import spec
from ...read.reader import discover, read_source, shown_path
from ...write.safely import changed_meanwhile, discard, link_new, locked, stage, unwritable
from .components import slug
from .map import Draft

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Time(str):
    """A time, written as the plain YAML timestamp authors write (2026-03-04T09:12:00Z)."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)  # list items indented under their key, as authors write


def _time(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", str(value))


def _text(dumper, value):
    # Several lines read best as a literal block; PyYAML quotes instead whatever a block cannot hold.
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(_Time, _time)
_Dumper.add_representer(str, _text)


class _FactsLoader(_Loader):
    """YAML as the validator reads it: times stay text, so the check below compares them exactly."""


_FactsLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _ordered(fields: tuple[spec.Field, ...], values: dict) -> dict:
    out = {}
    for entry in fields:
        if entry.name not in values:
            continue
        value = values[entry.name]
        if entry.type == spec.TIME:
            value = _Time(value)
        elif entry.type == spec.WINDOW:
            value = _ordered(spec.WINDOW_FIELDS, value)
        elif entry.type == spec.SOURCE:
            value = _ordered(spec.SOURCE_FIELDS, value)
        elif entry.type in (spec.IMPACTS, spec.IMPACT_CHANGES):
            value = {cid: str(impact) for cid, impact in value.items()}
        elif entry.type == spec.UPDATES:
            value = [_ordered(spec.UPDATE_FIELDS, update) for update in value]
        out[entry.name] = value
    return out


def _plain(value):
    """The values as they read back: plain strings, dicts and lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, str) else value


def file_text(draft: Draft) -> str | None:
    """The file's text, or None if it cannot be written so that it reads back as these values."""
    values = _ordered(spec.FIELDS, draft.values)
    front = yaml.dump(values, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=float("inf"),
                      default_flow_style=False)
    try:
        again = yaml.load(front, Loader=_FactsLoader)
    except yaml.YAMLError:
        return None
    if again != _plain(values) or "\n---" in "\n" + front or "\n..." in "\n" + front:
        return None
    report = draft.report.strip("\n")
    return "---\n" + front + "---\n" + (report + "\n" if report else "")


def file_id(draft: Draft, day: date, taken: set[str]) -> str:
    """<day>-<title>, or with the Statuspage id added when another file already has that name."""
    words = slug(draft.title)[:60].strip("-") or str(draft.kind)
    base = f"{day.isoformat()}-{words}"
    if base not in taken:
        return base
    own = f"{base}-{slug(draft.source_id)[:16].strip('-') or 'imported'}"
    candidate, number = own, 2
    while candidate in taken:
        candidate, number = f"{own}-{number}", number + 1
    return candidate


def existing_files(incidents_dir: Path, base: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """(every incident file by id, the files imported from Statuspage by their id there)."""
    by_id, imported = {}, {}
    for path in discover(incidents_dir):
        by_id.setdefault(path.stem, path)
        source, _ = read_source(path, base)
        if source is None or "source:" not in source.front_matter:
            continue
        try:
            data = yaml.load(source.front_matter, Loader=_FactsLoader)
        except yaml.YAMLError:
            continue
        origin = data.get("source") if isinstance(data, dict) else None
        if isinstance(origin, dict) and origin.get("system") == "statuspage" and origin.get("id") is not None:
            imported.setdefault(str(origin["id"]), path)
    return by_id, imported


def write_files(files: list[tuple[Path, str, bytes | None]], base: Path) -> None:
    """Write every (path, text, the bytes it replaces or None for a new file), or none of them."""
    created: list[Path] = []
    for folder in sorted({path.parent for path, _, _ in files}):
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise unwritable(shown_path(folder, base), exc) from None
        created += reversed(missing)
    done: list[tuple[Path, bytes | None]] = []
    staged: list[str] = []
    try:
        with ExitStack() as stack:
            for folder in sorted({path.parent for path, _, _ in files}):
                stack.enter_context(locked(folder, shown_path(folder, base)))
            steps = []
            for path, text, expected in files:
                steps.append((path, stage(path, text, shown_path(path, base)), expected))
                staged.append(steps[-1][1])
            for path, tmp, expected in steps:
                shown = shown_path(path, base)
                if expected is None:
                    link_new(tmp, path, shown, "run the import again")
                else:
                    try:
                        current = path.read_bytes()
                    except OSError:
                        current = None
                    if current != expected:
                        raise changed_meanwhile(shown)
                    os.replace(tmp, path)
                done.append((path, expected))
    except (UserError, OSError) as exc:
        for tmp in staged:
            discard(tmp)
        take_back(done, created, base)
        if isinstance(exc, OSError):
            raise unwritable(shown_path(base, base), exc) from None
        raise
    finally:
        for tmp in staged:
            discard(tmp)


def take_back(done: list[tuple[Path, bytes | None]], created: list[Path], base: Path) -> None:
    """Undo what a failed run wrote: remove its new files, put back the ones it replaced."""
    for path, old in reversed(done):
        with suppress(OSError):
            if old is None:
                path.unlink()
            else:
                tmp = stage(path, old.decode("utf-8"), shown_path(path, base))
                os.replace(tmp, path)
    for folder in reversed(created):
        with suppress(OSError):
            folder.rmdir()  # only if empty
