"""Both sides of a comparison: the published incidents at a commit and in the working tree."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..read.config import Config
from ..core.diagnostics import UserError
from ..validate.project import Project, load_project
from ..model.state import as_of
from .detect import Change, detect_changes
from .gitref import Snapshot, snapshot_at
from ..core.text import one_line


class WorkingTreeErrors(UserError):
    """The incident files being compared have errors of their own."""


@dataclass
class Comparison:
    config: Config
    project: Project
    before: Snapshot
    changes: list[Change]  # newest activity first
    now: datetime

    @property
    def label(self) -> str:
        """The ref as given, with its commit unless it is a short hash; one line, as it is printed."""
        ref = one_line(self.before.ref)
        commit = self.before.commit
        return ref if ref == commit[:len(ref)] and len(ref) <= 12 else f"{ref} ({commit[:12]})"


def compare(config: Config, since: str, now: datetime, then: datetime | None = None) -> Comparison:
    """Read both sides; raise UserError if the working tree has errors or the ref cannot be read.

    `then` is the moment the earlier side was described at (a notify run's checkpoint): an update stamped
    ahead of that moment was hidden then, so it is news now that it shows. Without it, both sides are
    read as of `now`.
    """
    project = load_project(config, now)
    if project.errors:
        raise WorkingTreeErrors(project.errors)
    before = snapshot_at(config, since, now)
    # As readers know them now: a report dated later is announced when it is published, not before.
    known_before = {i.id: i for i in as_of(list(before.incidents.values()), min(then or now, now))}
    changes = detect_changes(known_before, {i.id: i for i in as_of(project.incidents, now)})
    return Comparison(config, project, before, changes, now)
