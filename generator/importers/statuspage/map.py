"""One Statuspage incident or maintenance onto the incident format: the values of its file.

What maps one to one: the name is the title; each incident update is an update, at the time the page
showed it (display_at, which a back-filled history sets apart from created_at) and with its body
turned into Markdown (markup); the incident's impact (none, minor, major, critical) chooses the
severity with that Statuspage impact; started_at is `started`; a maintenance's scheduled_for and
scheduled_until are its window; `source` keeps the id and the short link.

Where the format is stricter than what Statuspage allowed, and what is done (each with a note):
- impact per component comes from the updates' affected_components (the first update's are where
  it began, later ones change them); an incident whose updates give none uses the components it was
  attached to, at the impact its own impact level means; one with none at all is a notice;
- nothing may follow the resolving update: updates posted after it (a root-cause write-up, a second
  "resolved") and the postmortem body make the post-incident report, published when the first of them
  was; a "resolved" followed by a reopening reads "monitoring";
- the resolving update is dated by the incident's resolved_at, so the incident lasts exactly what it
  lasted at Statuspage (started_at, else created_at, to resolved_at);
- an incident closed at Statuspage without a resolving update gets one, at resolved_at.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ...core.model import Impact, Kind, Status
from .components import ComponentMap
from .markup import plain_text, to_markdown
from .notes import Notes
from .read import Export, Item
from .times import maybe, text

LEVELS = ("none", "minor", "major", "critical")
# What an incident's impact level means for a component it was attached to without saying how.
IMPACT_OF_LEVEL = {"none": Impact.DEGRADED_PERFORMANCE, "minor": Impact.DEGRADED_PERFORMANCE,
                   "major": Impact.PARTIAL_OUTAGE, "critical": Impact.MAJOR_OUTAGE}
LEVEL_OF_IMPACT = {Impact.DEGRADED_PERFORMANCE: "minor", Impact.PARTIAL_OUTAGE: "major", Impact.MAJOR_OUTAGE: "critical"}
INCIDENT = ("investigating", "identified", "monitoring", "resolved")
MAINTENANCE = ("scheduled", "in_progress", "verifying", "completed", "cancelled")
# A status of the other kind, as the nearest status of this kind.
NEAREST = {Kind.INCIDENT: {"scheduled": "investigating", "in_progress": "identified", "verifying": "monitoring",
                           "completed": "resolved", "cancelled": "resolved"},
           Kind.MAINTENANCE: {"investigating": "in_progress", "identified": "in_progress", "monitoring": "verifying",
                              "resolved": "completed", "postmortem": "completed"}}
MAX_MESSAGE = 9_000  # below the validator's 10,000 characters per message, with room for the note it gets


@dataclass
class Draft:
    """A file to write: its front-matter values (in the format's order), its report, and how long the
    source says it lasted (checked against the file once it is read back)."""

    source_id: str
    kind: Kind
    title: str
    start: datetime  # when impact began (a maintenance: its window), for the file's name
    values: dict
    report: str
    notes: Notes
    duration: timedelta | None = None  # the source's: started (or created) to resolved; a maintenance's window
    notice: bool = False
    files: list = field(default_factory=list)


@dataclass
class _Update:
    id: str
    status: str
    at: datetime
    body: str
    affected: list


def _updates(item: Item, notes: Notes) -> list[_Update]:
    out = []
    raw = item.data.get("incident_updates") or []
    for index, record in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(record, dict):
            continue
        uid = str(record.get("id") or f"#{index + 1}")
        at = maybe(record.get("display_at")) or maybe(record.get("created_at"))
        if at is None:
            notes.add("update without a time", f"update {uid} has no time (display_at, created_at): left out")
            continue
        affected = record.get("affected_components")
        out.append((at, maybe(record.get("created_at")) or at, -index,
                    _Update(uid, str(record.get("status") or ""), at, str(record.get("body") or ""),
                            affected if isinstance(affected, list) else [])))
    return [entry[-1] for entry in sorted(out, key=lambda e: e[:3])]  # the API lists the newest first


class Mapper:
    def __init__(self, export: Export, components: ComponentMap, severities: dict[str, str]):
        self.export = export
        self.components = components
        self.severities = severities  # Statuspage impact level -> the configured severity id
        self.base_url = str(export.page.get("url") or "")

    # -- shared ------------------------------------------------------------------------------------
    def message(self, update: _Update, status: str, notes: Notes) -> str:
        converted = to_markdown(update.body, base_url=self.base_url)
        for lost in converted.lost:
            notes.add("markup", f"update {update.id}: {lost}")
        markdown = converted.markdown
        if len(markdown) > MAX_MESSAGE:
            cut = markdown.rfind("\n\n", 0, MAX_MESSAGE)
            markdown = markdown[:cut if cut > 0 else MAX_MESSAGE].rstrip() \
                + "\n\n(The rest of this update was cut when it was imported.)"
            notes.add("cut", f"update {update.id}: longer than a message may be; cut after "
                             f"{len(markdown):,} characters")
        return markdown or f"{Status(status).label}."

    def component(self, code, name, notes: Notes, reported: set) -> str | None:
        cid = self.components.ids.get(str(code or ""))
        if cid is None and code not in reported:
            reported.add(code)
            notes.add("unknown component", f"names the component {name or code} ({code}), which is not in the "
                                           "components list: its impact there was left out")
        return cid

    def source(self, item: Item) -> dict:
        out = {"system": "statuspage", "id": item.id}
        link = item.data.get("shortlink")
        if isinstance(link, str) and link.startswith(("http://", "https://")) and " " not in link:
            out["url"] = link
        elif self.base_url.startswith(("http://", "https://")):
            out["url"] = f"{self.base_url.rstrip('/')}/incidents/{item.id}"
        return out

    def report(self, item: Item, late: list[_Update], notes: Notes) -> tuple[str, datetime | None]:
        """The post-incident report: the postmortem body, then every update posted after the resolving
        one, each under the time it was posted; published when the first of them was."""
        parts, published = [], []
        body = item.data.get("postmortem_body")
        if isinstance(body, str) and body.strip():
            converted = to_markdown(body, base_url=self.base_url, markdown=True)
            for lost in converted.lost:
                notes.add("markup", f"postmortem: {lost}")
            parts.append(converted.markdown)
            when = maybe(item.data.get("postmortem_published_at"))
            if when:
                published.append(when)
        for update in late:
            heading = f"## Update posted {update.at:%Y-%m-%d %H:%M} UTC"
            parts.append(f"{heading}\n\n{self.message(update, 'resolved', notes)}")
            published.append(update.at)
        if late:
            notes.add("after resolved", f"{len(late)} update(s) posted after the resolving one "
                                        f"({', '.join(u.id for u in late)}) are its post-incident report, "
                                        "since nothing may follow the resolving update")
        return "\n\n".join(p for p in parts if p.strip()), (min(published) if published else None)

    def notes_for(self, item: Item, kind: str, title: str) -> Notes:
        return Notes(item.file, self.export.line_of(item.file, item.id), f"{kind} {item.id}", title)

    # -- incidents ---------------------------------------------------------------------------------
    def incident(self, item: Item) -> Draft | Notes:
        title = plain_text(item.data.get("name"))
        notes = self.notes_for(item, "incident", title)
        if not title:
            notes.skip("it has no name (the title)")
            return notes
        updates = _updates(item, notes)
        if not updates:
            notes.skip("it has no updates with a time")
            return notes
        source_status = str(item.data.get("status") or "")
        resolved_at = maybe(item.data.get("resolved_at"))
        open_at = [i for i, u in enumerate(updates) if u.status not in ("resolved", "postmortem")]
        after = open_at[-1] + 1 if open_at else 0
        closing = next((i for i in range(after, len(updates)) if updates[i].status == "resolved"),
                       after if after < len(updates) else None)
        body, late = (updates, []) if closing is None else (updates[:closing + 1], updates[closing + 1:])

        started = maybe(item.data.get("started_at")) or maybe(item.data.get("created_at")) or body[0].at
        if started > body[0].at:
            notes.add("started", f"started_at {text(started)} is after its first update ({text(body[0].at)}): it "
                                 "began at the first update")
            started = body[0].at
        written, previous = [], None
        for index, update in enumerate(body):
            status = update.status
            if index == closing:
                status = "resolved"
            elif status in ("resolved", "postmortem"):
                notes.add("reopened", f"update {update.id} said {status}, but the incident went on after it: it "
                                      "reads monitoring")
                status = "monitoring"
            elif status not in INCIDENT:
                status = NEAREST[Kind.INCIDENT].get(status, previous or "investigating")
                notes.add("status", f"update {update.id} has the status {update.status or '(none)'}, which an "
                                    f"incident cannot have: it reads {status}")
            written.append([update, status, update.at])
            previous = status
        if closing is None and (source_status in ("resolved", "postmortem") or resolved_at is not None):
            moment = max(resolved_at or body[-1].at, body[-1].at)
            written.append([_Update("(added)", "resolved", moment, "", []), "resolved", moment])
            notes.add("resolved without an update", f"is {source_status or 'resolved'} at Statuspage but no update "
                                                    f"resolved it: a resolving update was added at {text(moment)}")
        elif closing is None:
            notes.add("still open", f"is still {source_status or 'open'} at Statuspage: imported as open, so it "
                                    "shows as active until it is resolved here")
        if written[-1][1] == "resolved" and resolved_at is not None and written[-1][0].id != "(added)":
            last, earlier = written[-1], written[-2][2] if len(written) > 1 else started
            if resolved_at >= earlier and resolved_at >= started:
                if abs((resolved_at - last[2]).total_seconds()) >= 60:
                    notes.add("resolved_at", f"the resolving update {last[0].id} is dated by resolved_at "
                                             f"({text(resolved_at)}); the page showed it at {text(last[2])}")
                last[2] = resolved_at
            else:
                notes.add("resolved_at", f"resolved_at ({text(resolved_at)}) is before the update before the "
                                         f"resolving one: the resolving update keeps its time ({text(last[2])})")

        impacts, changes = self.impacts(item, written, notes, Kind.INCIDENT)
        level = str(item.data.get("impact") or "")
        if level not in LEVELS:
            peak = max([*impacts.values(), *(i for c in changes for i in c.values() if i != Impact.OPERATIONAL)],
                       key=lambda i: i.rank, default=None)
            level = LEVEL_OF_IMPACT.get(peak, "none")
        values = {"title": title, "severity": self.severities[level], "components": impacts,
                  "started": text(started), "updates": []}
        for (update, status, at), change in zip(written, changes):
            entry = {"at": text(at), "status": status,
                     "message": self.message(update, status, notes) if update.id != "(added)"
                     else "This incident has been resolved."}
            if change:
                entry["components"] = change
            values["updates"].append(entry)
        report, published = self.report(item, late, notes)
        if published is not None:
            values["report_published"] = text(published)
        values["source"] = self.source(item)
        end = written[-1][2] if written[-1][1] == "resolved" else None
        notice = not impacts and not any(changes)
        return Draft(item.id, Kind.INCIDENT, title, started, values, report, notes,
                     None if end is None else end - started, notice)

    def impacts(self, item: Item, written: list, notes: Notes, kind: Kind) -> tuple[dict, list[dict]]:
        """(the impact where it began, each update's changes) from the updates' affected_components; the
        resolving update's are left out (it ends them all)."""
        allowed = Impact.of(kind)
        top: dict[str, Impact] = {}
        changes: list[dict] = []
        current: dict[str, Impact] = {}
        reported: set = set()
        for index, (update, status, _at) in enumerate(written):
            change: dict[str, Impact] = {}
            closing = Status(status).terminal
            # An incident posted resolved at once (a back-filled one, often) says its impact only as the
            # status its components had before: old_status.
            only = closing and index == 0 and kind is Kind.INCIDENT
            for record in update.affected if not closing or only else []:
                if not isinstance(record, dict):
                    continue
                cid = self.component(record.get("code"), record.get("name"), notes, reported)
                new = Impact.parse(record.get("old_status" if only else "new_status"))
                if cid is None or new is None:
                    continue
                if new is not Impact.OPERATIONAL and new not in allowed:
                    notes.add("impact", f"update {update.id}: {record.get('name') or cid} was {new}, which an "
                                        f"{kind} cannot give: it reads degraded_performance")
                    new = Impact.DEGRADED_PERFORMANCE
                if index == 0 or (kind is Kind.MAINTENANCE):
                    if new is not Impact.OPERATIONAL and cid not in top:
                        top[cid] = new
                elif current.get(cid, Impact.OPERATIONAL) != new:
                    change[cid] = new
                current[cid] = new
            changes.append(change if kind is Kind.INCIDENT else {})
        if not top and not any(changes):
            top = self.attached(item, notes, reported, kind)
        return top, changes

    def attached(self, item: Item, notes: Notes, reported: set, kind: Kind) -> dict:
        """The components the item was attached to, at the impact its impact level means."""
        level = str(item.data.get("impact") or "none")
        impact = Impact.UNDER_MAINTENANCE if kind is Kind.MAINTENANCE else IMPACT_OF_LEVEL.get(level,
                                                                                            Impact.DEGRADED_PERFORMANCE)
        out = {}
        for record in item.data.get("components") or []:
            if isinstance(record, dict) and not record.get("group"):
                cid = self.component(record.get("id"), record.get("name"), notes, reported)
                if cid is not None:
                    out[cid] = impact
        if out and kind is Kind.INCIDENT:
            notes.add("impact from level", f"no update says how its components were affected: each is given "
                                           f"{impact} (its impact was {level})")
        return out

    # -- maintenance -------------------------------------------------------------------------------
    def maintenance(self, item: Item) -> Draft | Notes:
        title = plain_text(item.data.get("name"))
        notes = self.notes_for(item, "maintenance", title)
        start, end = maybe(item.data.get("scheduled_for")), maybe(item.data.get("scheduled_until"))
        if not title:
            notes.skip("it has no name (the title)")
            return notes
        if start is None or end is None:
            notes.skip("it has no window (scheduled_for and scheduled_until)")
            return notes
        if end <= start:
            notes.skip(f"its window ends ({text(end)}) before it starts ({text(start)})")
            return notes
        updates = _updates(item, notes)
        if not updates:
            notes.skip("it has no updates with a time")
            return notes
        written, previous, late = [], None, []
        for update in updates:
            if previous in ("completed", "cancelled"):
                late.append(update)
                continue
            status = update.status
            if status not in MAINTENANCE:
                status = NEAREST[Kind.MAINTENANCE].get(status, previous or "scheduled")
                notes.add("status", f"update {update.id} has the status {update.status or '(none)'}, which a "
                                    f"maintenance cannot have: it reads {status}")
            if status == "scheduled" and previous not in (None, "scheduled"):
                notes.add("status", f"update {update.id} went back to scheduled after it began: it reads {previous}")
                status = previous
            written.append([update, status, update.at])
            previous = status
        impacts, _ = self.impacts(item, written, notes, Kind.MAINTENANCE)
        values = {"type": "maintenance", "title": title, "components": impacts,
                  "window": {"start": text(start), "end": text(end)}, "updates": []}
        for update, status, at in written:
            values["updates"].append({"at": text(at), "status": status,
                                      "message": self.message(update, status, notes)})
        report, published = self.report(item, late, notes)
        if published is not None:
            values["report_published"] = text(published)
        values["source"] = self.source(item)
        return Draft(item.id, Kind.MAINTENANCE, title, start, values, report, notes, end - start, not impacts)
