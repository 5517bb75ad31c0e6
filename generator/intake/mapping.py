"""Which severity and components an alert gets: the first intake rule its labels match.

A rule matches when every label it names is present on the alert and its value matches the rule's
glob pattern (`*`, `?`, `[...]`), case-sensitively, as label values are. A rule with no labels
matches every alert (a catch-all, put last). No rule matching is the `unmapped` policy's case.
"""
from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from ..read.intake_options import DRAFT, Intake, Rule


@dataclass(frozen=True)
class Mapping:
    severity: str
    components: dict[str, str]  # component id -> impact; {} is a notice
    rule: int | None  # the index of the rule that matched; None: unmapped


def matches(rule: Rule, labels: dict[str, str]) -> bool:
    return all(label in labels and fnmatchcase(labels[label], pattern) for label, pattern in rule.match)


def map_alert(intake: Intake, labels: dict[str, str], least_severe: str) -> Mapping | None:
    """The first matching rule's severity and components; for an unmapped alert the policy's answer:
    a draft with no components and the least severe level (`draft`), or None (`ignore`)."""
    for index, rule in enumerate(intake.rules):
        if matches(rule, labels):
            return Mapping(rule.severity, dict(rule.components), index)
    if intake.unmapped == DRAFT:
        return Mapping(least_severe, {}, None)
    return None
