"""Where an incident falls short of its severity's communication targets, and the team's overdue action
items: warnings, which `validate --strict` turns into errors."""
from __future__ import annotations

from datetime import datetime

from ..core.diagnostics import WARNING, Diagnostic
from ..core.model import Incident, InternalFacts
from ..core.timeutil import CLOCK_SKEW, format_duration, utc_minute
from ..read.config import Config
from .monitoring import monitoring_shortfall

# Clocks differ a little between laptops and CI; beyond this, a time is a typo.
FUTURE_TOLERANCE = CLOCK_SKEW


def policy_warnings(incident: Incident, config: Config, now: datetime,
                    internal: InternalFacts | None = None) -> list[Diagnostic]:
    """Where an incident falls short of its severity's communication targets (those that began on or after
    the configured policy_since; a time in the future is reported for every incident).

    `internal`: the file's team facts; the first-update target counts from its `detected`. Without one
    the clock starts at the declaration, the first update itself, so there is nothing to warn about.
    """
    out = []
    top = incident.meta_lines.get("top")

    def warn(line, message):
        out.append(Diagnostic(incident.source, line or top, message, WARNING))

    for number, update in enumerate(incident.updates, start=1):
        if update.at - now > FUTURE_TOLERANCE:
            warn(update.line, f"updates[{number}].at ({utc_minute(update.at)}) is in the future; readers would see it "
                              "as already posted. Check the date")
    if incident.is_maintenance or incident.severity is None:
        return out
    if config.policy_since is not None and incident.started_at < config.day_start(config.policy_since):
        return out  # began before the targets applied (policy_since): e.g. a history imported from elsewhere
    severity = config.severity_map[incident.severity]

    first = incident.updates[0]
    # The procedures count the first update from detection (or the declaration, which is the first update
    # itself), never from impact start: a problem found late is a detection miss, not a communication one.
    detected = internal.detected_at if internal is not None else None
    if (severity.response_time is not None and detected is not None
            and first.at - detected > severity.response_time):
        warn(first.line, f"first public update came {format_duration(first.at - detected)} after detected; "
                         f"{severity.id} asks for one within {format_duration(severity.response_time)} of detection")
    if severity.update_every is not None:
        for before, after in zip(incident.updates, incident.updates[1:]):
            gap = after.at - before.at
            if gap > severity.update_every:
                warn(after.line, f"{format_duration(gap)} passed without an update while the incident was open; "
                                 f"{severity.id} asks for one every {format_duration(severity.update_every)}")
        last = incident.updates[-1]
        if not incident.is_closed and now - last.at > severity.update_every:
            warn(last.line, f"next update is overdue: the last one was {format_duration(now - last.at)} ago; "
                            f"{severity.id} asks for one every {format_duration(severity.update_every)}")
    early = monitoring_shortfall(incident, severity.monitor_for)
    if early:
        warn(*early)
    if (severity.postmortem_within is not None and incident.is_closed and not incident.has_report
            and now - incident.resolved_at > severity.postmortem_within):
        warn(top, f"{severity.id} incident resolved {format_duration(now - incident.resolved_at)} ago has no "
                  f"published post-incident report (due within {format_duration(severity.postmortem_within)}); write one "
                  f"with `statusgen postmortem {incident.id}`, and publish it when it is ready with "
                  f"`statusgen postmortem --publish {incident.id}`")
    published = incident.report_published
    if (severity.postmortem_within is not None and incident.is_closed and published is not None
            and published - incident.resolved_at > severity.postmortem_within):
        warn(incident.meta_lines.get("report_published"),
             f"the post-incident report was published {format_duration(published - incident.resolved_at)} after "
             f"the incident was resolved; {severity.id} asks for one within "
             f"{format_duration(severity.postmortem_within)}")
    return out


def internal_warnings(facts: InternalFacts, now: datetime, zone=None) -> list[Diagnostic]:
    """Action items still to do after their due date (days as in `zone`, default UTC)."""
    today = (now.astimezone(zone) if zone else now).date()
    out = []
    for number, item in enumerate(facts.action_items, start=1):
        if item.overdue(today):
            late = (today - item.due).days
            out.append(Diagnostic(facts.source, item.line, f'action_items[{number}]: "{item.action}" ({item.owner}) '
                                                           f"was due {item.due.isoformat()}, {late} "
                                                           f"day{'s' if late != 1 else ''} ago, and is still "
                                                           f"{item.status.label.lower()}; finish it and set "
                                                           "status: done, or agree a new due date", WARNING))
    return out
