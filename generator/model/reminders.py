"""What the team should be reminded of at a moment: pure, from the incidents and the severities' targets.

Three things fall due on the clock alone (the procedures' targets, per severity):

    update        an open incident's next public update: its last update + update_every
    first-update  a draft incident made from an alert: the first public update is due response_time
                  after `detected` (the procedures count from detection), and only merging the draft
                  publishes it
    report        a resolved incident's post-incident report: postmortem_within after the resolution
    security-notice  a draft security incident's notice: security_notice_within (72 hours) after discovery
                  (validate.notice_deadline); it is owed even when the draft was resolved unpublished

Each is reminded from `lead` (`report_lead` for reports) before its due moment on, and a reminder is
known by (incident, what, due moment): a new update moves the due moment, so the next one is a new
reminder, while a re-run at the same state finds the same ones (the caller keeps them from going out
twice). Maintenance has no cadence and is never reminded of. What was due longer than HORIZON ago is
history, not news: turning reminders on does not post one for every report an old incident lacks.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..core.model import Incident, InternalFacts
from ..read.config import Config, Severity
from ..validate.notice_deadline import notice_deadline
from .due import next_update_due

UPDATE, FIRST_UPDATE, REPORT, SECURITY_NOTICE = "update", "first-update", "report", "security-notice"
WHATS = (UPDATE, FIRST_UPDATE, REPORT, SECURITY_NOTICE)
HORIZON = timedelta(days=7)


@dataclass(frozen=True)
class Reminder:
    incident_id: str
    source: str  # the file, for people (never sent: a draft's path is the team's business)
    title: str  # untrusted text; a draft's is not public
    severity: str
    what: str  # UPDATE, FIRST_UPDATE or REPORT
    due: datetime
    since: datetime  # what the target counts from: the last update, `detected`, the resolution
    target: timedelta  # update_every, response_time or postmortem_within
    draft: bool = False

    def overdue(self, now: datetime) -> bool:
        return now >= self.due

    @property
    def key(self) -> tuple[str, str, datetime]:
        return (self.incident_id, self.what, self.due)


def reminders_due(config: Config, incidents: Iterable[Incident],
                  drafts: Iterable[tuple[Incident, InternalFacts | None]], now: datetime) -> list[Reminder]:
    """Every reminder due at `now`, soonest due first. `incidents` are the published ones; `drafts` the
    unpublished ones with their team facts (a draft whose id is also published is an old copy: skipped)."""
    options = config.reminders
    if not options.enabled:
        return []
    out: list[Reminder] = []
    published = set()
    for item in incidents:
        published.add(item.id)
        severity = _severity(config, item)
        if severity is None:
            continue
        due = next_update_due(config, item)
        if due is not None and _window(due, options.lead, now):
            out.append(_reminder(item, severity, UPDATE, due, item.updated_at, severity.update_every))
        report = _report_due(item, severity)
        if report is not None and _window(report, options.report_lead, now):
            out.append(_reminder(item, severity, REPORT, report, item.resolved_at, severity.postmortem_within))
    seen = set()
    for item, facts in drafts:
        if item.id in published or item.id in seen:
            continue
        seen.add(item.id)
        severity = _severity(config, item)
        detected = facts.detected_at if facts is not None else None
        if facts is not None and facts.withdrawn_at is not None:
            continue  # the intake withdrew it: its alert resolved inside the flap window
        notice = notice_deadline(config, item, facts, published=False)
        if notice is not None and severity is not None and _window(notice.due, notice.lead(), now):
            out.append(_reminder(item, severity, SECURITY_NOTICE, notice.due, notice.discovered, notice.within,
                                 draft=True))
        if severity is None or item.is_closed or detected is None or severity.response_time is None:
            continue  # a draft resolved before anyone published it (a flap) is not news
        due = detected + severity.response_time
        if _window(due, options.lead, now):
            out.append(_reminder(item, severity, FIRST_UPDATE, due, detected, severity.response_time, draft=True))
    out.sort(key=lambda r: (r.due, r.incident_id, r.what))
    return out


def _severity(config: Config, item: Incident) -> Severity | None:
    """The incident's severity, when its targets apply to it (not maintenance, not before policy_since)."""
    if item.is_maintenance:
        return None
    if config.policy_since is not None and item.started_at < config.day_start(config.policy_since):
        return None
    return config.severity_map.get(item.severity or "")


def _report_due(item: Incident, severity: Severity) -> datetime | None:
    """When the post-incident report is due, while it is not published (or published only later)."""
    if not item.is_closed or severity.postmortem_within is None:
        return None
    due = item.resolved_at + severity.postmortem_within
    if item.has_report and (item.report_published_at is None or item.report_published_at <= due):
        return None
    return due


def _window(due: datetime, lead: timedelta, now: datetime) -> bool:
    return due - lead <= now <= due + HORIZON


def _reminder(item: Incident, severity: Severity, what: str, due: datetime, since: datetime, target: timedelta,
              draft: bool = False) -> Reminder:
    return Reminder(item.id, item.source, item.title, severity.id, what, due, since, target, draft)
