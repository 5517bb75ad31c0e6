"""plugins.statusgen's reliability options: the customers' SLA tiers (`sla_tiers`), the public
/reliability/ page (`reliability_page`) and how much each impact counts against uptime (`uptime_weights`).

Kept apart from config.py, which names the options and calls these readers with its checker; every
problem goes to that checker with its line, and a default stands in so the rest is still checked.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.diagnostics import did_you_mean
from ..core.model import Impact
from ..core.timeutil import type_name

DEFAULT_UPTIME_WEIGHTS = {Impact.MAJOR_OUTAGE: 1.0, Impact.PARTIAL_OUTAGE: 0.3, Impact.DEGRADED_PERFORMANCE: 0.0,
                          Impact.UNDER_MAINTENANCE: 0.0}

SLA_TIER_KEYS = ("name", "uptime", "components")
RELIABILITY_PAGE_KEYS = ("months",)


@dataclass(frozen=True)
class SlaTier:
    """A customer tier's promise: at least `uptime` percent per month on the components it covers."""

    name: str
    uptime: float  # percent, e.g. 99.9
    components: tuple[str, ...]  # component ids; every component unless the tier names some


# Seed 000's customer tiers; each covers every component unless it lists some.
DEFAULT_SLA_TIERS = (("Enterprise", 99.9), ("Professional", 99.5), ("Starter", 99.0))


@dataclass(frozen=True)
class ReliabilityPage:
    """The public /reliability/ page: off unless mkdocs.yml turns it on."""

    enabled: bool = False
    months: int = 6  # months shown, the current one (to date) included


def read_sla_tiers(value, components: tuple, check) -> tuple[SlaTier, ...]:
    every = tuple(c.id for c in components)
    if value is None:
        return tuple(SlaTier(name, uptime, every) for name, uptime in DEFAULT_SLA_TIERS)
    keys = ("sla_tiers",)
    if not isinstance(value, list):
        check.error(keys, f"expected a list of tiers, each with a name and an uptime target, got {type_name(value)}")
        return ()
    out, seen = [], set()
    for index, k, item in check.entries(value, keys, "name and uptime", SLA_TIER_KEYS):
        name = check.text(item.get("name"), k + ("name",), required=True)
        if name and name in seen:
            check.error(k + ("name",), f'duplicate tier "{name}"')
        seen.add(name)
        uptime = item.get("uptime")
        if uptime is None:
            check.error(k + ("uptime",), "is required: the monthly uptime promised, in percent, e.g. 99.9")
        elif isinstance(uptime, bool) or not isinstance(uptime, (int, float)) or not 0 < uptime <= 100:
            check.error(k + ("uptime",), f"expected a percentage above 0 and at most 100, e.g. 99.9, got {uptime!r}")
            uptime = None
        covered = item.get("components")
        if covered is None:
            covered = every
        elif not isinstance(covered, list) or not covered:
            check.error(k + ("components",), f"expected a non-empty list of component ids, got {type_name(covered)}")
            covered = ()
        else:
            for number, cid in enumerate(covered):
                if cid not in every:
                    check.error(k + ("components", number), f'unknown component "{cid}"' + did_you_mean(cid, every)
                                + f"; configured: {', '.join(every)}")
            covered = tuple(dict.fromkeys(c for c in covered if c in every))
        if name and uptime is not None:
            out.append(SlaTier(name, float(uptime), covered))
    return tuple(out)


def read_reliability_page(value, check) -> ReliabilityPage:
    keys = ("reliability_page",)
    if value is None or value is False:
        return ReliabilityPage()
    if value is True:
        return ReliabilityPage(enabled=True)
    if not isinstance(value, dict):
        check.error(keys, f"expected true, false or {{months: N}}, got {type_name(value)}")
        return ReliabilityPage()
    check.mapping_keys(value, keys, RELIABILITY_PAGE_KEYS)
    return ReliabilityPage(enabled=True, months=check.integer(value.get("months"), keys + ("months",), 6, 1, 24))


def read_uptime_weights(value, check) -> dict:
    weights = dict(DEFAULT_UPTIME_WEIGHTS)
    if value is None:
        return weights
    if not isinstance(value, dict):
        check.error(("uptime_weights",), f"expected a mapping of impact to a share between 0 and 1, got {type_name(value)}")
        return weights
    check.mapping_keys(value, ("uptime_weights",), tuple(DEFAULT_UPTIME_WEIGHTS))
    for key, share in value.items():
        if key not in weights:
            continue
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
            check.error(("uptime_weights", key), f"expected a number from 0 to 1, got {share!r}")
            continue
        weights[key] = float(share)
    return weights
