"""Which updates a deploy made visible: what `statusgen notify` records as gone live.

The notify run after each deploy compares the page with the record's last
checkpoint; every update that is new since then went live with this deploy,
whether or not any message about it is sent (no channel configured, a
severity that announces nothing). Imported history is not news and never
"went live" in this sense, so it is left out.
"""
from __future__ import annotations

from datetime import datetime

from ..changes.detect import NEW, UPDATE, Change
from ..changes.gitref import repo_root, resolve_commit
from ..comms.identity import update_digest
from ..core.timeutil import TimeError, iso_z, parse_time
from ..outputs.common import ascii_host
from ..reliability.facts import Live
from .record import Published, Record


def went_live(changes: list[Change]) -> list[Published]:
    """Every update that the changes show for the first time, oldest first within each incident."""
    out = []
    for change in changes:
        if NEW not in change.kinds and UPDATE not in change.kinds:
            continue
        item = change.incident
        for update in change.new_updates:
            number = item.updates.index(update) + 1
            out.append(Published(item.id, number, update_digest(item, number), iso_z(update.at)))
    return out


def record_went_live(record: Record, changes: list[Change], config, now: datetime) -> list[Published]:
    """Write down what `changes` made visible as live at `now`, with the deployed commit (HEAD).

    Only for a run that compares from the record's checkpoint (the Deploy workflow's): then what is new
    went live with this deploy. A run widened with --since would stamp old updates with today.
    Raises UserError when the record cannot be written; the caller sends nothing then.
    """
    updates = went_live(changes)
    if not updates:
        return []
    return record.publish(updates, resolve_commit("HEAD", repo_root(config.base_dir)), ascii_host(config), now)


def first_updates_live(published: list[Published], incidents) -> dict[str, Live]:
    """When each incident's first update went live, where the record has it.

    The first update is found by its own time (written_at), not its number: an update back-filled later
    renumbers the rest. The earliest publication of it counts (a corrected wording went live again later,
    but customers were told at the first). An incident whose first update went live before the record
    began, or was published without a notify run after it, has none: "not in the record", never a guess.
    """
    firsts = {item.id: iso_z(item.updates[0].at) for item in incidents if item.updates}
    out: dict[str, Live] = {}
    for entry in published:
        if firsts.get(entry.incident) != entry.written_at:
            continue
        try:
            at = parse_time(entry.live_at)
        except TimeError:
            continue  # a hand-edited time: no figure rather than a wrong one
        known = out.get(entry.incident)
        if known is None or at < known.at:
            out[entry.incident] = Live(at, entry.commit)
    return out
