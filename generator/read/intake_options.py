"""The alert intake's options in mkdocs.yml (plugins.statusgen.intake): read and checked.

    intake:
      flap_window: 5m        # an alert resolved within this of its start never becomes public (0: off)
      unmapped: draft        # draft: a draft for a person to complete; ignore: write nothing
      rules:                 # first match wins
        - match: {service: api, alertname: "Api*"}
          severity: P2
          components: {api: partial_outage}

Checked like every other option (generator.read.config): each problem names the option's full path
and line, and all of them are reported in one run. The checker is passed in rather than imported,
so this module and config.py do not import each other.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from ..core.diagnostics import did_you_mean
from ..core.model import INCIDENT_IMPACTS
from ..core.timeutil import type_name

if TYPE_CHECKING:  # config.py imports this module; only the type checker needs the other direction
    from .config import Component, Severity
    from .option_checker import OptionChecker

DRAFT, IGNORE = "draft", "ignore"
UNMAPPED_POLICIES = (DRAFT, IGNORE)
DEFAULT_FLAP_WINDOW = timedelta(minutes=5)
INTAKE_KEYS = ("flap_window", "unmapped", "rules")
RULE_KEYS = ("match", "severity", "components")
OPTION_HELP = ("alert intake for statusgen ingest: flap_window (default 5m), unmapped (draft or ignore), "
               "rules (match labels, severity, components; first match wins)")


@dataclass(frozen=True)
class Rule:
    """Alerts whose labels all match `match` (glob patterns, case-sensitive) get this severity and these
    components. Pairs rather than dicts keep the rule hashable and in the order it was written."""

    match: tuple[tuple[str, str], ...]  # (label, glob pattern)
    severity: str
    components: tuple[tuple[str, str], ...]  # (component id, impact); () for a notice


@dataclass(frozen=True)
class Intake:
    flap_window: timedelta = DEFAULT_FLAP_WINDOW  # timedelta(0): off, every resolved alert is kept
    unmapped: str = DRAFT
    rules: tuple[Rule, ...] = ()


def check_intake(value, check: "OptionChecker", components: "tuple[Component, ...]",
                 severities: "tuple[Severity, ...]") -> Intake:
    """The intake options as an Intake; every problem goes to `check`."""
    keys = ("intake",)
    if value is None:
        return Intake()
    if not isinstance(value, dict):
        check.error(keys, f"expected a mapping with {', '.join(INTAKE_KEYS)}, got {type_name(value)}")
        return Intake()
    check.mapping_keys(value, keys, INTAKE_KEYS)
    return Intake(flap_window=_flap_window(value.get("flap_window"), check),
                  unmapped=_unmapped(value.get("unmapped"), check),
                  rules=_rules(value.get("rules"), check, components, severities))


def _flap_window(value, check: "OptionChecker") -> timedelta:
    if value is None:
        return DEFAULT_FLAP_WINDOW
    if value == 0 or value == "0":  # "0" is the documented way to turn it off; parse_duration wants a unit
        return timedelta(0)
    found = check.duration(value, ("intake", "flap_window"))
    return DEFAULT_FLAP_WINDOW if found is None else found


def _unmapped(value, check: "OptionChecker") -> str:
    if value is None:
        return DRAFT
    if value not in UNMAPPED_POLICIES:
        shown = f'"{value}"' if isinstance(value, str) else type_name(value)
        check.error(("intake", "unmapped"), f"{shown} is not a policy" + did_you_mean(str(value), UNMAPPED_POLICIES)
                    + "; use draft (a draft with no components and the least severe level, for a person to "
                      "complete) or ignore (write nothing)")
        return DRAFT
    return value


def _rules(value, check: "OptionChecker", components, severities) -> tuple[Rule, ...]:
    keys = ("intake", "rules")
    if value is None:
        return ()
    if not isinstance(value, list):
        check.error(keys, f"expected a list of rules, each with match, severity and components, got {type_name(value)}")
        return ()
    out = []
    for _index, k, item in check.entries(value, keys, "match, severity and components", RULE_KEYS):
        match = _match(item.get("match"), "match" in item, k + ("match",), check)
        severity = _severity(item.get("severity"), k + ("severity",), check, severities)
        impacts = _components(item.get("components"), "components" in item, k + ("components",), check, components)
        if match is not None and severity is not None and impacts is not None:
            out.append(Rule(match, severity, impacts))
    return tuple(out)


def _match(value, given: bool, keys: tuple, check: "OptionChecker"):
    if value is None:
        check.error(keys, "is required: the labels an alert must carry, e.g. {service: api, alertname: \"Api*\"}"
                    if not given else "has no value; give the labels to match, or {} to match every alert")
        return None
    if not isinstance(value, dict):
        check.error(keys, f"expected a mapping of label to pattern, e.g. {{service: api}}, got {type_name(value)}")
        return None
    pairs, ok = [], True
    for label, pattern in value.items():
        if not isinstance(label, str) or not label:
            check.error(keys, f"{label!r} is not a label name")
            ok = False
            continue
        if isinstance(pattern, (int, float)) and not isinstance(pattern, bool):
            pattern = str(pattern)  # labels are text: severity: 1 matches the label "1"
        if not isinstance(pattern, str):
            check.error(keys + (label,), f"expected text (a label value or a glob like \"Api*\"), got {type_name(pattern)}")
            ok = False
            continue
        pairs.append((label, pattern))
    return tuple(pairs) if ok else None


def _severity(value, keys: tuple, check: "OptionChecker", severities):
    choices = [s.id for s in severities]
    if value is None:
        check.error(keys, f"is required: one of the configured severities ({', '.join(choices)})")
        return None
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text not in choices:
        shown = f'"{value}"' if text is not None else type_name(value)
        check.error(keys, f"{shown} is not a configured severity" + did_you_mean(str(value), choices)
                    + f"; use one of {', '.join(choices)}")
        return None
    return text


def _components(value, given: bool, keys: tuple, check: "OptionChecker", components):
    known = [c.id for c in components]
    if value is None:
        check.error(keys, "is required: each affected component and its impact, e.g. "
                          f"{{{known[0] if known else 'api'}: partial_outage}}, or {{}} for a notice"
                    if not given else "has no value; give the components and impacts, or {} for a notice")
        return None
    if not isinstance(value, dict):
        check.error(keys, f"expected a mapping of component id to impact, e.g. {{api: partial_outage}}, "
                          f"got {type_name(value)}")
        return None
    pairs, ok = [], True
    for cid, impact in value.items():
        if cid not in known:
            check.error(keys + (cid,), f'unknown component "{cid}"' + did_you_mean(str(cid), known)
                        + f"; configured: {', '.join(known)}")
            ok = False
        elif impact not in INCIDENT_IMPACTS:
            shown = f'"{impact}"' if isinstance(impact, str) else type_name(impact)
            check.error(keys + (cid,), f"{shown} is not an incident impact" + did_you_mean(str(impact), INCIDENT_IMPACTS)
                        + f"; use one of {', '.join(INCIDENT_IMPACTS)}")
            ok = False
        else:
            pairs.append((cid, str(impact)))
    return tuple(pairs) if ok else None
