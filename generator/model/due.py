"""Whether the live page needs rebuilding: what `statusgen due` decides before a scheduled deploy.

A page built at one moment from one commit stays right until one of these happens:

- a newer commit (a push whose deploy failed or was replaced in the queue);
- the clock passes a moment the page depends on: an update or a post-incident report whose stamp
  becomes visible (CLOCK_SKEW ahead of it), an update's impacts taking effect, a maintenance window
  starting or ending, an incident's start, a promised next update falling overdue;
- a new day begins in the site's time zone (the uptime bars, the past days, the month's figures);
- the page would reach its stale threshold (stale_after) before the next check, and say it may be
  out of date.

Between those moments a rebuild would only change "Last updated", so the schedule skips it. The list
of moments errs on the side of too many: an extra one costs one build, a missing one leaves the page
wrong until the next. Only incident ids appear in the reasons (titles are untrusted text, and a
reason ends up in a workflow log).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from ..core.model import Incident
from ..core.timeutil import CLOCK_SKEW, format_duration, iso_z
from ..read.config import Config


@dataclass(frozen=True)
class Moment:
    at: datetime
    what: str


@dataclass(frozen=True)
class Verdict:
    due: bool
    reason: str  # one line, for people


def clock_moments(config: Config, incidents: list[Incident]) -> list[Moment]:
    """Every moment at which the page changes by the clock alone, earliest first."""
    out: list[Moment] = []
    for item in incidents:
        name = f"{item.kind} {item.id}"
        every = update_cadence(config, item)
        for number, update in enumerate(item.updates, 1):
            out.append(Moment(update.at - CLOCK_SKEW, f"update {number} of {name} becomes visible"))
            out.append(Moment(update.at, f"update {number} of {name} takes effect"))
            if every is not None and not update.status.terminal:
                out.append(Moment(update.at + every, f"the next update of {name} becomes overdue"))
        if item.report_published_at is not None:
            out.append(Moment(item.report_published_at - CLOCK_SKEW, f"the report on {name} is published"))
        if item.is_maintenance:
            out.append(Moment(item.window_start, f"the window of {name} starts"))
            out.append(Moment(item.window_end, f"the window of {name} ends"))
        else:
            out.append(Moment(item.started_at, f"{name} starts"))
    out.sort(key=lambda m: (m.at, m.what))
    return out


def update_cadence(config: Config, item: Incident) -> timedelta | None:
    """How often the incident's severity asks for an update (None: no cadence, or maintenance)."""
    severity = None if item.is_maintenance else config.severity_map.get(item.severity or "")
    return severity.update_every if severity is not None else None


def next_update_due(config: Config, item: Incident) -> datetime | None:
    """When an open incident's next update is due: its last update plus the cadence (None once closed)."""
    every = update_cadence(config, item)
    if every is None or item.is_closed:
        return None
    return item.updated_at + every


def next_day(config: Config, moment: datetime) -> datetime:
    """The next midnight in the site's time zone after `moment`."""
    zone = config.zone
    day = moment.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(day, time(0), zone)


def rebuild_due(config: Config, incidents: list[Incident], *, built_at: datetime, built_commit: str | None,
                commit: str, now: datetime, interval: timedelta) -> Verdict:
    """Whether a page built at `built_at` from `built_commit` should be rebuilt from `commit` at `now`.

    `interval` is how long until the next check (the schedule's period): a page that would turn
    stale before then is rebuilt now.
    """
    if built_commit is None:
        return Verdict(True, "the live page does not say which commit it was built from")
    if built_commit != commit:
        return Verdict(True, f"a newer commit: {commit[:12]} (the live page was built from {built_commit[:12]})")
    if built_at > now + CLOCK_SKEW:
        return Verdict(True, f"the live page says it was built at {iso_z(built_at)}, later than now "
                             f"({iso_z(now)}): a clock is wrong, rebuild to be sure")
    midnight = next_day(config, built_at)
    if now >= midnight:
        return Verdict(True, f"a new day began at {iso_z(midnight)} ({config.time_zone}): the uptime bars move on")
    moments = clock_moments(config, incidents)
    passed = [m for m in moments if built_at < m.at <= now]
    if passed:
        more = f" (and {len(passed) - 1} more)" if len(passed) > 1 else ""
        return Verdict(True, f"{passed[0].what} at {iso_z(passed[0].at)}{more}, after the live page was built "
                             f"at {iso_z(built_at)}")
    stale = built_at + config.stale_after
    if now + interval >= stale:
        return Verdict(True, f"the live page, built at {iso_z(built_at)}, would say it may be out of date from "
                             f"{iso_z(stale)} (stale_after {format_duration(config.stale_after)}), before the "
                             f"next check in {format_duration(interval)}")
    upcoming = [m for m in moments if m.at > now] + [Moment(midnight, "a new day begins"),
                                                    Moment(stale - interval, "the page nears its stale threshold")]
    soonest = min(upcoming, key=lambda m: m.at)
    return Verdict(False, f"nothing on the page has changed since it was built at {iso_z(built_at)} from "
                          f"{commit[:12]}; next: {soonest.what} at {iso_z(soonest.at)}")


class BuildInfoError(ValueError):
    """build.json is not what a build writes. The message never repeats the file's text (it came
    over the network and ends up in a workflow log)."""


MAX_BUILD_INFO = 64 * 1024


def parse_build_info(raw: bytes) -> tuple[datetime, str | None]:
    """(built_at, commit or None) from the bytes of a build.json."""
    import json

    from ..core.timeutil import TimeError, parse_time

    if not raw.strip():
        raise BuildInfoError("it is empty")
    if len(raw) > MAX_BUILD_INFO:
        raise BuildInfoError(f"it is larger than {MAX_BUILD_INFO // 1024} KiB, so not what statusgen writes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BuildInfoError("it is not JSON (an error page?)") from None
    if not isinstance(data, dict):
        raise BuildInfoError("it is not a JSON object")
    try:
        built_at = parse_time(data.get("built_at"))
    except TimeError:
        raise BuildInfoError('its "built_at" is missing or not a time') from None
    commit = data.get("commit")
    if commit is None:
        return built_at, None
    if not (isinstance(commit, str) and len(commit) in (40, 64) and all(c in "0123456789abcdef" for c in commit)):
        raise BuildInfoError('its "commit" is not a full commit hash')
    return built_at, commit
