"""A JSON Schema of the incident front matter, for editors.

yaml-language-server reads it to complete and check files as they are
written; the component and severity lists come from the project's config.
"""
from __future__ import annotations

from .config import Config
from .model import INCIDENT_IMPACTS, IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES

TIME = {
    "type": "string",
    "description": "ISO 8601 time with Z or an offset, e.g. 2026-03-04T09:12:00Z",
    "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$",
}


def front_matter_schema(config: Config | None = None) -> dict:
    component_ids = [c.id for c in config.components] if config else None
    severity_ids = [s.id for s in config.severities] if config else None

    def impacts(allowed):
        values = {"enum": list(allowed)}
        if component_ids:
            return {"type": "object", "minProperties": 1, "additionalProperties": False,
                    "properties": {cid: values for cid in component_ids}}
        return {"type": "object", "minProperties": 1, "additionalProperties": values}

    def updates(statuses):
        return {
            "type": "array",
            "minItems": 1,
            "description": "Updates, oldest first. The last one's status is the current status.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["at", "status", "message"],
                "properties": {
                    "at": TIME,
                    "status": {"enum": list(statuses)},
                    "message": {"type": "string", "minLength": 1, "description": "Markdown shown to readers"},
                },
            },
        }

    common = {
        "title": {"type": "string", "minLength": 1},
        "draft": {"type": "boolean", "description": "true keeps this file out of every output"},
        "internal": {"description": "Anything for the team only; never published"},
    }
    severity = {"type": "string", "description": "Severity level"}
    if severity_ids:
        severity = {"enum": severity_ids, "description": "Severity level"}
    incident = {
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "severity", "components", "updates"],
        "properties": {
            **common,
            "type": {"const": "incident"},
            "severity": severity,
            "components": impacts(INCIDENT_IMPACTS),
            "started": {**TIME, "description": "When impact began (default: the first update)"},
            "updates": updates(INCIDENT_STATUSES),
        },
    }
    maintenance = {
        "type": "object",
        "additionalProperties": False,
        "required": ["type", "title", "components", "window", "updates"],
        "properties": {
            **common,
            "type": {"const": "maintenance"},
            "components": impacts(IMPACTS),
            "window": {
                "type": "object",
                "additionalProperties": False,
                "required": ["start", "end"],
                "properties": {"start": TIME, "end": TIME},
            },
            "updates": updates(MAINTENANCE_STATUSES),
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://statusgen.invalid/schema/incident.json",
        "title": "statusgen incident or maintenance front matter",
        "if": {"properties": {"type": {"const": "maintenance"}}, "required": ["type"]},
        "then": maintenance,
        "else": incident,
    }
