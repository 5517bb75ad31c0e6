"""Static files shaped like Atlassian Statuspage's public v2 API.

Tools written against Statuspage (status widgets, monitoring dashboards,
chat bots) can poll /api/v2/summary.json here unchanged. Field names,
nesting and enum values follow Statuspage; ids are stable strings derived
from ours (see docs/api.md for every decision).
"""
from __future__ import annotations

from datetime import datetime

from ..core import urls
from ..read.config import Component, Config, group_id
from ..core.model import COMPONENT_STATUS_RANK, OPERATIONAL, Incident, Status
from ..model.state import SiteState
from .common import incident_url, iso, page_id, page_updated_at, plain_text, to_json

BASE = urls.API
SUMMARY = BASE + "summary.json"
STATUS = BASE + "status.json"
COMPONENTS = BASE + "components.json"
INCIDENTS = BASE + "incidents.json"
UNRESOLVED = BASE + "incidents/unresolved.json"
MAINTENANCES = BASE + "scheduled-maintenances.json"
UPCOMING = BASE + "scheduled-maintenances/upcoming.json"
ACTIVE = BASE + "scheduled-maintenances/active.json"
ACTIVE_PHASES = (Status.IN_PROGRESS, Status.VERIFYING)


class ApiSerializer:
    """Builds the shared pieces once (page, components) and each incident on demand."""

    def __init__(self, state: SiteState):
        self.state = state
        self.config: Config = state.config
        self.page_id = page_id(self.config)
        self.updated = page_updated_at(state)
        self.page = {
            "id": self.page_id,
            "name": self.config.site_name,
            "url": urls.absolute(self.config.site_url, urls.STATUS),
            "time_zone": self.config.time_zone,
            "updated_at": iso(self.updated),
        }
        self.status = {"indicator": state.indicator, "description": state.description}
        self.components, self.component_by_id = self._components()

    # Components ---------------------------------------------------------

    def _times(self, component: Component) -> tuple[datetime, datetime]:
        """created_at: first update of the earliest incident naming it; updated_at:
        the latest update among them. Both fall back to the page's updated_at."""
        items = self.state.component_incidents.get(component.id, [])
        if not items:
            return self.updated, self.updated
        return min(i.created_at for i in items), items[0].updated_at  # newest activity first

    def _component_row(self, component: Component, group: str | None) -> dict:
        created, updated = self._times(component)
        return {
            "id": component.id,
            "name": component.name,
            "status": self.state.component_status.get(component.id, OPERATIONAL),
            "created_at": iso(created),
            "updated_at": iso(updated),
            "position": 0,
            "description": component.description or None,
            "showcase": True,
            # Statuspage's "date this component started being used": the day its uptime is measured from.
            "start_date": component.measured_since.isoformat() if component.measured_since else None,
            "group_id": group,
            "page_id": self.page_id,
            "group": False,
            "only_show_if_degraded": component.only_show_if_degraded,
        }

    def _components(self) -> tuple[list[dict], dict[str, dict]]:
        """Components in config order; a group is listed where its first member
        appears, immediately followed by all its members (as Statuspage does)."""
        members: dict[str, list[Component]] = {}
        for component in self.config.components:
            if component.group:
                members.setdefault(component.group, []).append(component)
        rows: list[dict] = []
        by_id: dict[str, dict] = {}
        for component in self.config.components:
            if not component.group:
                by_id[component.id] = self._component_row(component, None)
                rows.append(by_id[component.id])
                continue
            if component.group not in members:
                continue  # group already listed
            group = members.pop(component.group)
            gid = group_id(component.group)
            children = [self._component_row(m, gid) for m in group]
            rows.append({
                "id": gid,
                "name": component.group,
                "status": max((c["status"] for c in children), key=COMPONENT_STATUS_RANK.__getitem__),
                "created_at": min(c["created_at"] for c in children),
                "updated_at": max(c["updated_at"] for c in children),
                "position": 0,
                "description": None,
                "showcase": False,
                "start_date": None,
                "group_id": None,
                "page_id": self.page_id,
                "group": True,
                "only_show_if_degraded": False,
                "components": [c["id"] for c in children],
            })
            for child in children:
                by_id[child["id"]] = child
                rows.append(child)
        for index, row in enumerate(rows, start=1):
            row["position"] = index
        return rows, by_id

    # Incidents ----------------------------------------------------------

    def _affected(self, changes: dict) -> list[dict] | None:
        """Component changes an update announced, as Statuspage reports them (null: it changed none).

        From the incident's impact timeline (Incident.impact_changes): the first
        update (a maintenance's first in_progress) takes the components to their
        impact, an update's own components change them, the resolving update
        returns the rest to operational.
        """
        if not changes:
            return None
        return [{"code": cid, "name": self.config.component_name(cid), "old_status": old, "new_status": new}
                for cid, (old, new) in changes.items()]

    def incident(self, item: Incident) -> dict:
        state = self.state
        updates = []
        changes = item.impact_changes()
        for index, update in enumerate(item.updates):
            stamp = iso(update.at)
            updates.append({
                "id": f"{item.id}-{index + 1}",
                "status": update.status,
                # Plain text, as Statuspage publishes it: widgets that insert the
                # body as HTML must not receive markup from an incident file.
                "body": plain_text(update.message),
                "incident_id": item.id,
                "created_at": stamp,
                "updated_at": stamp,
                "display_at": stamp,
                "affected_components": self._affected(changes[index]),
                "deliver_notifications": True,
                "custom_tweet": None,
                "tweet_id": None,
            })
        updates.reverse()  # Statuspage lists updates newest first
        status = state.phase(item)
        resolved_at = item.resolved_at
        if item.is_maintenance and resolved_at is None and status is Status.COMPLETED and item.window_end:
            resolved_at = item.window_end  # the window ran out without a closing update
        data = {
            "id": item.id,
            "name": item.title,
            "status": status,
            "impact": state.incident_impact(item),
            "created_at": iso(item.created_at),
            "updated_at": iso(item.last_activity),
            "monitoring_at": iso(item.first_at(Status.MONITORING)),
            "resolved_at": iso(resolved_at),
            "started_at": iso(item.window_start if item.is_maintenance else item.started_at),
            "shortlink": incident_url(self.config, item.id),
            "page_id": self.page_id,
            "incident_updates": updates,
            "components": [self.component_by_id[cid] for cid in item.affected if cid in self.component_by_id],
            # Plain text like the update bodies: widgets must not receive markup from incident files.
            "postmortem_body": plain_text(item.report) if item.has_report else None,
            "postmortem_published_at": iso(item.report_published),
        }
        if item.is_maintenance:
            data["scheduled_for"] = iso(item.window_start)
            data["scheduled_until"] = iso(item.window_end)
        return data


def render_api(state: SiteState) -> dict[str, bytes]:
    api = ApiSerializer(state)
    limit = state.config.feed_entries
    cache: dict[str, dict] = {}

    def one(item: Incident) -> dict:
        if item.id not in cache:
            cache[item.id] = api.incident(item)
        return cache[item.id]

    incidents: list[Incident] = []
    maintenances: list[Incident] = []
    for item in state.incidents:  # newest activity first; stop once both lists are full
        target = maintenances if item.is_maintenance else incidents
        if len(target) < limit:
            target.append(item)
        if len(incidents) >= limit and len(maintenances) >= limit:
            break
    unresolved = [one(i) for i in state.active]
    active = [one(m) for m in state.maintenance_active]
    upcoming = [one(m) for m in state.maintenance_upcoming]
    page = api.page
    return {
        SUMMARY: to_json({"page": page, "status": api.status, "components": api.components,
                          "incidents": unresolved, "scheduled_maintenances": active + upcoming}),
        STATUS: to_json({"page": page, "status": api.status}),
        COMPONENTS: to_json({"page": page, "components": api.components}),
        INCIDENTS: to_json({"page": page, "incidents": [one(i) for i in incidents]}),
        UNRESOLVED: to_json({"page": page, "incidents": unresolved}),
        MAINTENANCES: to_json({"page": page, "scheduled_maintenances": [one(m) for m in maintenances]}),
        UPCOMING: to_json({"page": page, "scheduled_maintenances": upcoming}),
        ACTIVE: to_json({"page": page, "scheduled_maintenances": active}),
    }
