"""Default update texts, following the incident-communication procedures'
status templates (Investigating, Resolved, Scheduled Maintenance) and the
post-mortem template. Each is a complete text that can be published as is;
authors are expected to make it specific.
"""
from __future__ import annotations

import re
from datetime import datetime

from ..read.config import Config
from ..core.model import Incident
from ..core.timeutil import describe_duration, format_duration


def _names(config: Config, component_ids) -> str:
    names = [config.component_map[c].name for c in component_ids if c in config.component_map]
    if len(names) <= 1:
        return "".join(names) or "our services"
    return ", ".join(names[:-1]) + " and " + names[-1]


def investigating(config: Config, component_ids, severity_id: str | None) -> str:
    severity = config.severity_map.get(severity_id) if severity_id else None
    cadence = (f"We will post an update within {describe_duration(severity.update_every)}."
               if severity and severity.update_every else "We will post updates as we learn more.")
    return (f"We are investigating reports of problems with {_names(config, component_ids)}. "
            f"Our team is working to identify the cause and restore normal service.\n\n{cadence}\n")


def security_investigating(config: Config, component_ids, severity_id: str | None) -> str:
    """The first update of a security incident: it may touch no component, and readers want to know what to do."""
    severity = config.severity_map.get(severity_id) if severity_id else None
    cadence = (f"We will post an update within {describe_duration(severity.update_every)}."
               if severity and severity.update_every else "We will post updates as we learn more.")
    scope = f" affecting {_names(config, component_ids)}" if component_ids else ""
    return (f"We are investigating a security incident{scope}. We are establishing what happened and which "
            f"information may be involved, and will tell you what to do as soon as we know.\n\n{cadence}\n")


def resolved(config: Config, incident: Incident) -> str:
    severity = config.severity_map.get(incident.severity) if incident.severity else None
    text = (f"This incident has been resolved and {_names(config, incident.components)} "
            f"{'is' if len(incident.components) == 1 else 'are'} operating normally.\n")
    if severity and severity.postmortem_within:
        text += (f"\nWe apologise for the disruption. A post-incident report will be published within "
                 f"{describe_duration(severity.postmortem_within)}.\n")
    return text


def maintenance_completed(config: Config, incident: Incident) -> str:
    return "The scheduled maintenance has been completed and all services are operating normally.\n"


def scheduled(config: Config, component_ids, start: datetime, end: datetime) -> str:
    names = [config.component_map[c].name for c in component_ids if c in config.component_map]
    day = start.strftime("%A %d %B %Y")
    window = f"{start:%H:%M} to {end:%H:%M} UTC" if start.date() == end.date() else \
        f"{start:%H:%M} UTC to {end:%A %d %B %H:%M} UTC"
    listing = "\n".join(f"- {n}" for n in names) or "- Our services"
    return (f"We will be performing scheduled maintenance on {day} from {window} "
            f"({format_duration(end - start)}).\n\n"
            f"During this window, the following services may be briefly unavailable:\n\n{listing}\n\n"
            f"No action is required from customers. We recommend completing any active work "
            f"before the window begins.\n")


def postmortem(config: Config, incident: Incident) -> str:
    """A post-incident report skeleton with its timeline filled from the updates (templates/postmortem.md.j2)."""
    from ..render.text_templates import render

    severity = config.severity_map.get(incident.severity) if incident.severity else None
    timeline = [{"at": incident.started_at, "event": "Impact began"}]
    changes = incident.impact_changes()
    for index, update in enumerate(incident.updates):
        first_line = " ".join(update.message.split("\n\n")[0].split())
        if len(first_line) > 120:
            first_line = first_line[:117].rstrip() + "…"
        event = f"{update.status.label}: {first_line}"
        if index and changes[index] and not update.status.terminal:
            event += " (" + "; ".join(f"{_names(config, [cid])}: {old.label.lower()} → {new.label.lower()}"
                                      for cid, (old, new) in changes[index].items()) + ")"
        timeline.append({"at": update.at, "event": event.replace("|", "\\|")})
    return render(config, "postmortem.md.j2", {
        "incident": incident,
        "started": incident.started_at,
        "duration": format_duration(incident.duration) if incident.duration is not None else "ongoing",
        "severity_text": f"{severity.id} ({severity.name})" if severity else "Maintenance",
        "components": _names(config, incident.components),
        "timeline": timeline,
        "data_exposed": data_exposed(incident),
    })


DATA_PLACEHOLDER = "describe what information was involved, and whose."


def data_exposed(incident: Incident) -> str:
    """The report's "Data exposed" line: what the file names (security.data), a placeholder for a security
    incident that names nothing yet, and "none." only for an incident that is not one. Several paragraphs or a
    list are indented under the line, so they stay part of it."""
    if incident.security is None:
        return "none."
    data = incident.security.data.strip()
    if not data:
        return DATA_PLACEHOLDER
    if "\n\n" not in data and not re.match(r"\s*(?:[-*+]|\d+[.)])\s", data, re.M):
        return " ".join(data.split())
    return "\n\n" + "\n".join(f"    {line}" if line.strip() else "" for line in data.splitlines())
