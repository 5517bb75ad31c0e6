"""The security notice deadline: a breach's first notice is due `security_notice_within` (72 hours by default)
after it was discovered, as the playbooks ask ("affected users within 72 hours") and GDPR does of a controller.

Discovery is the team's `detected`, else `started` (impact began: a breach found late cannot be discovered
before it began, so that is the earliest the clock may run from). The notice is the incident's first public
update: publishing it is what puts the notice on the page and has `statusgen notify` send the security notice.
A draft has sent nothing yet. Pure: validate warns with it, `statusgen remind` reminds of it, `statusgen report`
shows it.

What the file cannot say: an incident filed as an outage and marked `security` only later had its security
notice sent then (a follow-up), not with its first update; the communications record holds when.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..core.diagnostics import WARNING, Diagnostic
from ..core.model import Incident, InternalFacts
from ..core.timeutil import describe_duration, format_duration
from ..read.config import Config

# How long before the deadline an unpublished notice is warned of: a third of the time allowed, at most a day.
NEAR = timedelta(hours=24)


@dataclass(frozen=True)
class NoticeDeadline:
    incident_id: str
    discovered: datetime  # `detected`, else `started`
    counted_from: str  # "detected" or "started", for people
    within: timedelta  # security_notice_within
    noticed: datetime | None  # the first public update; None while it is a draft

    @property
    def due(self) -> datetime:
        return self.discovered + self.within

    @property
    def met(self) -> bool:
        return self.noticed is not None and self.noticed <= self.due

    @property
    def took(self) -> timedelta | None:
        return None if self.noticed is None else self.noticed - self.discovered

    def lead(self) -> timedelta:
        """From when an unsent notice is warned of (before `due`)."""
        return min(NEAR, self.within / 3)

    def nearing(self, now: datetime) -> bool:
        return self.noticed is None and now >= self.due - self.lead()

    def overdue(self, now: datetime) -> bool:
        return self.noticed is None and now > self.due


def notice_deadline(config: Config, incident: Incident, internal: InternalFacts | None,
                    published: bool) -> NoticeDeadline | None:
    """The deadline of a security incident's first notice; None when none applies (not a security incident,
    maintenance, the option turned off, or begun before policy_since)."""
    within = config.security_notice_within
    if within is None or incident.security is None or incident.is_maintenance or not incident.updates:
        return None
    if config.policy_since is not None and incident.started_at < config.day_start(config.policy_since):
        return None
    if not published and internal is not None and internal.withdrawn_at is not None:
        return None  # the alert intake withdrew the draft (a flap): it is no incident anyone must notify of
    detected = internal.detected_at if internal is not None else None
    discovered, counted_from = (detected, "detected") if detected is not None else (incident.started_at, "started")
    return NoticeDeadline(incident.id, discovered, counted_from, within,
                          incident.updates[0].at if published else None)


def _show(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def notice_warnings(config: Config, incident: Incident, internal: InternalFacts | None, published: bool,
                    now: datetime) -> list[Diagnostic]:
    """Policy warnings (--strict fails on them): a notice that went out late, or a draft's notice near or past
    its deadline."""
    deadline = notice_deadline(config, incident, internal, published)
    if deadline is None:
        return []
    within = describe_duration(deadline.within)
    clock = f"security notices are due within {within} of discovery (security_notice_within)"
    if deadline.noticed is not None:
        if deadline.met:
            return []
        first = incident.updates[0]
        return [Diagnostic(incident.source, first.line, f"the first security notice went out "
                                                        f"{format_duration(deadline.took)} after {deadline.counted_from} "
                                                        f"({_show(deadline.discovered)}); {clock}", WARNING)]
    line = incident.meta_lines.get("security") or incident.meta_lines.get("top")
    if deadline.overdue(now):
        return [Diagnostic(incident.source, line, f"no security notice went out within {within} of "
                                                  f"{deadline.counted_from} ({_show(deadline.discovered)}): it was "
                                                  f"due {_show(deadline.due)}, {format_duration(now - deadline.due)} "
                                                  "ago; publish it now (remove draft: true and merge)", WARNING)]
    if deadline.nearing(now):
        return [Diagnostic(incident.source, line, f"the security notice is due {_show(deadline.due)}, in "
                                                  f"{format_duration(deadline.due - now)} ({within} from "
                                                  f"{deadline.counted_from}); publish this draft before then "
                                                  "(remove draft: true and merge)", WARNING)]
    return []
