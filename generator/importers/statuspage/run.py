"""`statusgen import statuspage`: read, map, check, then write, in that order.

Nothing is written until every file has been made and checked as a build checks it, against the
configuration as it will be (with the imported components): a file that would not pass is left out,
with the validator's words as its note. Existing files are never overwritten unless asked: a file
imported before (found by its `source:`) is refused, skipped or replaced as --existing says, and a
name taken by any other file is never reused. The same export and project give the same files, byte
for byte.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from ...core.diagnostics import ERROR, Diagnostic, UserError
from ...core.model import Kind
from ...read.config import Component, Config
from ...read.reader import shown_path, split_source
from ...validate.validate import parse_incident
from .components import map_components
from .map import LEVELS, Draft, Mapper
from .mkdocs_edit import prepare_config, snippet
from .notes import Note, Notes
from .read import read_export
from .write import existing_files, file_id, file_text, take_back, write_files

EXISTING = ("refuse", "skip", "replace")


@dataclass
class Options:
    existing: str = "refuse"  # what to do with a file imported before: refuse, skip or replace
    write_config: bool = False  # add the new components (and policy_since) to mkdocs.yml in place
    dry_run: bool = False
    severities: dict[str, str] = field(default_factory=dict)  # Statuspage impact level -> severity id


@dataclass
class Result:
    page: str
    incidents: int = 0
    maintenances: int = 0
    notices: int = 0
    written: list[Path] = field(default_factory=list)
    replaced: list[Path] = field(default_factory=list)
    unchanged: int = 0  # imported before and the same now
    kept: list[Path] = field(default_factory=list)  # imported before, left as they are (--existing skip)
    notes: list[Note] = field(default_factory=list)
    components: list[dict] = field(default_factory=list)  # added to the configuration
    policy_since: date | None = None
    snippet: str = ""
    config_written: bool = False

    @property
    def skipped(self) -> list[Note]:
        return [n for n in self.notes if n.skipped]


def choose_severities(config: Config, asked: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Each Statuspage impact level's severity: as asked, else the first configured with that impact, else
    the nearest level's (said in the second list)."""
    problems, out, said = [], {}, []
    known = [s.id for s in config.severities]
    for level, sid in asked.items():
        if level not in LEVELS:
            problems.append(Diagnostic("--severity", None, f'"{level}" is not a Statuspage impact; use one of '
                                                           f"{', '.join(LEVELS)}"))
        elif sid not in known:
            problems.append(Diagnostic("--severity", None, f'"{sid}" is not a configured severity; use one of '
                                                           f"{', '.join(known)}"))
    if problems:
        raise UserError(problems)
    for level in LEVELS:
        out[level] = asked.get(level) or next((s.id for s in config.severities if s.impact == level), None)
    for index, level in enumerate(LEVELS):
        if out[level] is None:
            nearest = sorted((abs(LEVELS.index(s.impact) - index), -LEVELS.index(s.impact), s.rank, s.id)
                             for s in config.severities if s.impact in LEVELS)
            out[level] = nearest[0][-1] if nearest else config.severities[-1].id
            said.append(f'no configured severity has the Statuspage impact "{level}": incidents with it get '
                        f"{out[level]}, the nearest; pass --severity {level}=ID to choose another")
    return out, said


def _merged(config: Config, new: list[dict]) -> Config:
    extra = tuple(Component(id=c["id"], name=c["name"], group=c.get("group"), description=c.get("description", ""),
                            only_show_if_degraded=c.get("only_show_if_degraded", False),
                            position=len(config.components) + n + 1, measured_since=c.get("measured_since"))
                  for n, c in enumerate(new))
    return replace(config, components=config.components + extra)


def _check(draft: Draft, text: str, path: Path, config: Config) -> list[str]:
    """What the validator says is wrong with the file (nothing, normally), and a duration that differs."""
    source, problems = split_source(text, path, shown_path(path, config.base_dir))
    parsed = parse_incident(source, config) if source else None
    errors = [p.message for p in problems + (parsed.problems if parsed else []) if p.level == ERROR]
    if not errors and parsed and parsed.incident and draft.kind is Kind.INCIDENT \
            and parsed.incident.duration != draft.duration:
        errors.append(f"it would last {parsed.incident.duration}, not {draft.duration} as at Statuspage")
    return errors


def import_statuspage(config: Config, config_path: Path, sources: list[Path], options: Options) -> Result:
    export = read_export(sources, config.base_dir)
    if export.problems:
        raise UserError(export.problems)
    if not export.items and not export.components:
        raise UserError([Diagnostic(shown_path(s, config.base_dir), None, "holds no incidents, maintenances or "
                                    "components") for s in sources[:1]])
    result = Result(page=str(export.page.get("name") or "Statuspage"))
    components = map_components(export, config)
    result.notes += components.notes
    merged = _merged(config, components.new)
    severities, said = choose_severities(config, options.severities)
    for message in said:
        notes = Notes(shown_path(config_path, config.base_dir), None, "severities")
        notes.add("severity", message)
        result.notes += notes.found
    mapper = Mapper(export, components, severities)

    drafts: list[Draft] = []
    for item in export.items:
        if not item.id:
            notes = Notes(item.file, None, "an item without an id", str(item.data.get("name") or ""))
            notes.skip("it has no id")
            result.notes += notes.found
            continue
        found = mapper.maintenance(item) if item.is_maintenance else mapper.incident(item)
        if isinstance(found, Notes):
            result.notes += found.found
        else:
            drafts.append(found)

    by_id, imported = existing_files(config.incidents_dir, config.base_dir)
    taken = set(by_id)
    files, refused = [], []
    for draft in sorted(drafts, key=lambda d: (d.start, d.source_id)):
        result.notes += draft.notes.found
        text = file_text(draft)
        before = imported.get(draft.source_id)
        if before is not None:
            path = before
        else:
            day = draft.start.astimezone(config.zone).date()
            name = file_id(draft, day, taken)
            taken.add(name)
            path = config.incidents_dir / f"{draft.start.astimezone(config.zone):%Y}" / f"{name}.md"
        errors = ["it cannot be written so that it reads back the same"] if text is None else \
            _check(draft, text, path, merged)
        if errors:
            draft.notes.skip("; ".join(errors))
            result.notes.append(draft.notes.found[-1])
            continue
        if before is not None:
            old = before.read_bytes()
            if old == text.encode("utf-8"):
                result.unchanged += 1
            elif options.existing == "refuse":
                refused.append(Diagnostic(shown_path(before, config.base_dir), None,
                                          f"was imported before from Statuspage {draft.source_id} and differs from "
                                          "what the import would write now"))
            elif options.existing == "skip":
                result.kept.append(before)
            else:
                files.append((path, text, old))
                result.replaced.append(path)
        else:
            files.append((path, text, None))
            result.written.append(path)
        if draft.kind is Kind.MAINTENANCE:
            result.maintenances += 1
        else:
            result.incidents += 1
        result.notices += draft.notice
    if refused:
        raise UserError(refused + [Diagnostic("statusgen import", None, f"{len(refused)} file(s) imported before "
                                   "would change; nothing was written. Pass --existing replace to replace them with "
                                   "the new import, or --existing skip to keep them as they are")])

    result.components = components.new
    newest = max((d.start for d in drafts if d.kind is Kind.INCIDENT), default=None)
    if config.policy_since is None and newest is not None:
        result.policy_since = newest.astimezone(config.zone).date() + timedelta(days=1)
    listed = bool(config.components)
    if result.components or result.policy_since:
        result.snippet = snippet(result.components, result.policy_since, listed)
    edit = None
    if options.write_config and (result.components or result.policy_since):
        # Prepared (and checked) before any file is written: a layout it cannot add to changes nothing.
        edit = prepare_config(config_path, shown_path(config_path, config.base_dir), result.components,
                              result.policy_since)
    if options.dry_run:
        return result
    write_files(files, config.base_dir)
    if edit is not None:
        try:
            edit.write()
        except UserError:
            take_back([(path, old) for path, _text, old in files], [], config.base_dir)
            raise
        result.config_written = True
    return result
