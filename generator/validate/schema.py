"""A JSON Schema of the incident front matter, for editors, derived from generator.read.spec.

yaml-language-server reads it to complete and check files as they are
written; the component and severity lists come from the project's config.
What a schema cannot say (time order, nothing after the resolving update,
a window that ends after it starts, dates that do not exist) is left to
`statusgen validate`.
"""
from __future__ import annotations

from ..read import spec
from ..read.config import Config
from ..core.model import Kind, Status


# A language code as Material writes it (de, pt-BR, zh-Hant); statusgen validate checks it is one it knows.
_LANGUAGE = {"pattern": r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"}


def _time(help_text: str) -> dict:
    return {"type": "string", "pattern": spec.TIME_PATTERN,
            "description": f"{help_text} An RFC 3339 time with Z or an offset, e.g. 2026-03-04T09:12:00Z."}


def _object(fields: tuple[spec.Field, ...], kind: Kind, shape) -> dict:
    allowed = [f for f in fields if kind in f.allowed]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in allowed if kind in f.required],
        "properties": {f.name: shape(f, kind) for f in allowed},
    }


def front_matter_schema(config: Config | None = None) -> dict:
    component_ids = [c.id for c in config.components] if config else None
    severity_ids = [s.id for s in config.severities] if config else None

    def shape(field: spec.Field, kind: Kind) -> dict:
        described = {"description": field.help}
        if field.type == spec.TEXT:
            return {"type": ["string", "number"], "minLength": 1, "pattern": r"\S", **described}
        if field.type == spec.MARKDOWN:
            return {"type": ["string", "number"], "minLength": 1, "pattern": r"\S", **described}
        if field.type == spec.TIME:
            return _time(field.help)
        if field.type == spec.BOOL:
            return {"type": "boolean", **described}
        if field.type == spec.ANYTHING:
            return described
        if field.type == spec.DATE:
            return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", **described}
        if field.type == spec.ACTION_ITEMS:
            return {"type": "array", "items": _object(spec.ACTION_ITEM_FIELDS, kind, shape), **described}
        if field.type == spec.CHOICE:
            if field in spec.ACTION_ITEM_FIELDS:
                return {"enum": [str(c) for c in field.choices], **described}
            if field.name == "type":
                return {"enum": [str(kind)], **described}
            if field.name == "severity":
                return {"enum": severity_ids, **described} if severity_ids else \
                    {"type": ["string", "number"], **described}
            if field.name == "status":
                return {"enum": [str(s) for s in Status.of(kind)], **described}
        if field.type in (spec.IMPACTS, spec.IMPACT_CHANGES):
            values = {"enum": [str(i) for i in spec.impacts(kind)]
                      + (["operational"] if field.type == spec.IMPACT_CHANGES else [])}
            least = 1 if field.type == spec.IMPACT_CHANGES else 0  # {}: a notice, affecting no component
            if component_ids:
                return {"type": "object", "minProperties": least, "additionalProperties": False,
                        "properties": {cid: values for cid in component_ids}, **described}
            return {"type": "object", "minProperties": least, "additionalProperties": values, **described}
        if field.type == spec.SECURITY:
            return {"oneOf": [{"type": "boolean"}, {**_object(spec.SECURITY_FIELDS, kind, shape), "minProperties": 1}],
                    **described}
        if field.type == spec.SOURCE:
            found = _object(spec.SOURCE_FIELDS, kind, shape)
            found["properties"]["url"] = {"type": "string", "pattern": r"^https?://\S+$",
                                          "description": spec.field("url", spec.SOURCE_FIELDS).help}
            return {**found, **described}
        if field.type == spec.WINDOW:
            return {**_object(spec.WINDOW_FIELDS, kind, shape), **described}
        if field.type == spec.MESSAGE_TRANSLATIONS:
            return {"type": "object", "minProperties": 1, "propertyNames": _LANGUAGE,
                    "additionalProperties": {"type": ["string", "number"], "minLength": 1, "pattern": r"\S"},
                    **described}
        if field.type == spec.TRANSLATIONS:
            one = _object(spec.TRANSLATION_FIELDS, kind, shape)
            one["minProperties"] = 1
            one["properties"]["updates"] = {
                "type": "object", "minProperties": 1, "description": spec.field("updates", spec.TRANSLATION_FIELDS).help,
                "propertyNames": {"pattern": r"^(?:[1-9][0-9]*|\d{4}-\d{2}-\d{2}[Tt ].+)$"},
                "additionalProperties": {"type": ["string", "number"], "minLength": 1, "pattern": r"\S"}}
            return {"type": "object", "minProperties": 1, "propertyNames": _LANGUAGE, "additionalProperties": one,
                    **described}
        if field.type == spec.UPDATES:
            return {"type": "array", "minItems": 1, "items": _object(spec.UPDATE_FIELDS, kind, shape), **described}
        raise AssertionError(f"no schema for {field.type}")

    incident = _object(spec.FIELDS, Kind.INCIDENT, shape)
    maintenance = _object(spec.FIELDS, Kind.MAINTENANCE, shape)
    maintenance["required"] = ["type", *maintenance["required"]]  # a maintenance says so; an incident may not
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://statusgen.invalid/schema/incident.json",
        "title": "statusgen incident or maintenance front matter",
        "if": {"properties": {"type": {"const": "maintenance"}}, "required": ["type"]},
        "then": maintenance,
        "else": incident,
    }
