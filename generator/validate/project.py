"""Reading a whole project: every incident file, validated, into the model."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from ..read.config import Config
from ..core.both_ends import map_from_both_ends
from ..core.diagnostics import ERROR, WARNING, Diagnostic, sort_key
from ..core.model import Incident, InternalFacts
from ..read.reader import read_source, scan, shown_path
from .notice_deadline import notice_warnings
from .targets import internal_warnings, policy_warnings
from .validate import Parsed, parse_incident


@dataclass
class Project:
    config: Config
    incidents: list[Incident]  # published only: no drafts; newest activity first
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    drafts: int = 0
    # The team's facts per published incident id (detected, acknowledged, action items): never published.
    internal: dict[str, InternalFacts] = field(default_factory=dict)
    # The drafts that parsed, with their team facts: only for the team's reminders (statusgen remind), never
    # for any output.
    unpublished: list[tuple[Incident, InternalFacts | None]] = field(default_factory=list)
    # Published incidents whose report is written below the front matter but has no report_published: the
    # author's draft, not public (validate lists them, so that none is forgotten).
    unpublished_reports: list[Incident] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == WARNING]

    @property
    def everything(self) -> list[Incident]:
        """The incidents that parsed, drafts included (those are checked too, never published)."""
        return self.incidents + [item for item, _ in self.unpublished]


@dataclass(frozen=True)
class _Read:
    """One incident file read and parsed: what load_project needs of it (it may come from another process)."""
    found: list[Diagnostic]  # the file could not be read as an incident file
    id: str | None = None
    shown: str = ""
    has_body: bool = False  # text below the front matter: a report, published or not
    parsed: Parsed | None = None


def _read(path: Path, config: Config) -> _Read:
    source, found = read_source(path, config.base_dir)
    if source is None:
        return _Read(found)
    return _Read(found, source.id, source.shown, bool(source.body.strip()), parse_incident(source, config))


def load_project(config: Config, now: datetime) -> Project:
    paths, strays = scan(config.incidents_dir)
    problems: list[Diagnostic] = []
    for path in strays:
        shown = shown_path(path, config.base_dir)
        if path.is_symlink() and not path.exists():
            problems.append(Diagnostic(shown, None, "is a link to a file that does not exist; fix or remove it"))
        else:
            problems.append(Diagnostic(shown, None, f'is not read: incident files must end in ".md"; rename it to '
                                                    f'"{path.stem}.md"'))
    if not config.incidents_dir.is_dir():
        problems.append(Diagnostic(str(config.incidents_dir), None,
                                   "the incidents folder does not exist; create it or set incidents_dir"))
    published: list[Incident] = []
    seen: dict[str, str] = {}
    sources: dict[tuple[str, str], str] = {}  # (system, id) -> the file imported from it
    drafts = 0
    internal: dict[str, InternalFacts] = {}
    unpublished: list[tuple[Incident, InternalFacts | None]] = []
    unpublished_reports: list[Incident] = []
    for read in map_from_both_ends(partial(_read, config=config), paths):
        problems += read.found
        if read.id is None:
            continue
        if read.id in seen:
            problems.append(Diagnostic(read.shown, None, f'the id "{read.id}" is already used by {seen[read.id]}; '
                                                         "rename one of the files (ids come from file names)"))
            continue
        seen[read.id] = read.shown
        parsed = read.parsed
        problems += parsed.problems
        if parsed.incident is None:
            continue
        origin = parsed.incident.origin
        if origin is not None:
            key = (origin.system, origin.id)
            if key in sources:
                problems.append(Diagnostic(read.shown, parsed.incident.meta_lines.get("source"),
                                           f"source: {origin.system} {origin.id} is also the source of "
                                           f"{sources[key]}; one item imported twice: keep one of the files"))
            sources.setdefault(key, read.shown)
        problems += policy_warnings(parsed.incident, config, now, parsed.internal)
        problems += notice_warnings(config, parsed.incident, parsed.internal, not parsed.draft, now)
        if parsed.internal is not None:
            problems += internal_warnings(parsed.internal, now, config.zone)
        if parsed.draft:
            drafts += 1
            unpublished.append((parsed.incident, parsed.internal))
        else:
            published.append(parsed.incident)
            if read.has_body and parsed.incident.report_published_at is None:
                unpublished_reports.append(parsed.incident)
            if parsed.internal is not None:
                internal[parsed.incident.id] = parsed.internal
    published.sort(key=lambda i: (i.last_activity, i.id), reverse=True)
    problems.sort(key=sort_key)
    return Project(config=config, incidents=published, diagnostics=problems, files=len(paths), drafts=drafts,
                   internal=internal, unpublished=unpublished, unpublished_reports=unpublished_reports)
