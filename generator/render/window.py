"""The end fact of a maintenance page, true in every state it can be in.

A maintenance follows its window (model/state.py): past window.end it is
over even without a "completed" update, and a completed or cancelled update
ends it early. The page says which of these happened, so its "Ended" row
never contradicts the updates printed under it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..core.model import Incident, Status
from ..core.text import N_


@dataclass(frozen=True)
class EndFact:
    label: str  # "Ends", "Ended" or "Cancelled" (English, marked: the page template translates it)
    at: datetime
    planned: bool = False  # the planned end of a maintenance still running
    note: str = ""  # after the time: how it ended, when not simply at that time
    posted: datetime | None = None  # a completion posted after the window's end


def maintenance_end(item: Incident, phase: Status) -> EndFact | None:
    """The row after "Window"; None while it is only scheduled (the window already says when)."""
    last = item.updates[-1]
    start, end = item.window_start, item.window_end
    if phase in (Status.IN_PROGRESS, Status.VERIFYING):
        return EndFact(N_("Ends"), end, planned=True)
    if phase is Status.CANCELLED:
        if last.at <= start:
            return EndFact(N_("Cancelled"), last.at, note=N_("before it began"))
        return EndFact(N_("Ended"), min(last.at, end), note=N_("cancelled partway"))
    if phase is Status.COMPLETED:
        if last.status is Status.COMPLETED and last.at <= end:
            return EndFact(N_("Ended"), last.at)
        late = last.at if last.status is Status.COMPLETED else None
        return EndFact(N_("Ended"), end, note=N_("the end of its window"), posted=late)
    return None


# The rows an open maintenance's page carries for each phase the reader's clock can move it into
# (statusgen.js shows the one its clock says, as it does the status tag): keyed as the script names
# them, verifying sharing in progress's rows.
def phases_ahead(phase: Status) -> list[tuple[str, Status]]:
    """[(key, phase)], the build's phase first; [] once it is over (nothing can move it on)."""
    if phase is Status.SCHEDULED:
        return [("scheduled", phase), ("in_progress", Status.IN_PROGRESS), ("completed", Status.COMPLETED)]
    if phase in (Status.IN_PROGRESS, Status.VERIFYING):
        return [("in_progress", phase), ("completed", Status.COMPLETED)]
    return []
