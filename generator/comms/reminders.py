"""What a team reminder says (statusgen remind), and its identity.

The message goes to the team's own chat, never to readers, so it may name a draft's title and say
what to do next. Titles are untrusted: one line, with Slack's three characters escaped, as in every
chat message statusgen sends. The identity is the incident, what is due and the due moment: the same
reminder on every run, a new one once an update moves the due moment.
"""
from __future__ import annotations

from datetime import datetime, timezone

from ..core.text import one_line
from ..core.timeutil import describe_duration, format_ago
from ..model.reminders import FIRST_UPDATE, REPORT, SECURITY_NOTICE, UPDATE, Reminder
from ..read.config import Config
from .payloads import encode, slack_escape, slack_payload

EVENTS = {UPDATE: "reminder.update", FIRST_UPDATE: "reminder.first_update", REPORT: "reminder.report",
          SECURITY_NOTICE: "reminder.security_notice"}


def reminder_message_id(reminder: Reminder, host: str) -> str:
    """`<statusgen.ID.remind.WHAT.YYYYMMDDTHHMMSSZ@host>`: the same on every run for one due moment."""
    stamp = reminder.due.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return f"<statusgen.{reminder.incident_id}.remind.{reminder.what}.{stamp}@{host}>"


def clock(moment: datetime, now: datetime, config: Config) -> str:
    """'10:15 UTC' today (in the site's zone), else 'Tue 2026-03-06 10:15 UTC'."""
    local, today = moment.astimezone(config.zone), now.astimezone(config.zone).date()
    shown = local.strftime("%H:%M %Z") if local.date() == today else local.strftime("%a %Y-%m-%d %H:%M %Z")
    return shown


def _when(reminder: Reminder, now: datetime, config: Config) -> str:
    due = clock(reminder.due, now, config)
    if reminder.overdue(now):
        return f"was due by {due} ({format_ago(reminder.due, now).replace(' ago', '')} overdue)"
    return f"is due by {due} ({format_ago(reminder.due, now)})"


def reminder_text(reminder: Reminder, now: datetime, config: Config) -> str:
    """The chat message: what is due, by when, why, and what to do."""
    title = slack_escape(one_line(reminder.title))
    name = f"*{title}* (`{reminder.incident_id}`, {reminder.severity})"
    target = describe_duration(reminder.target)
    since = clock(reminder.since, now, config)
    when = _when(reminder, now, config)
    mark = ":rotating_light:" if reminder.overdue(now) else ":alarm_clock:"
    if reminder.what == FIRST_UPDATE:
        return (f"{mark} Draft incident {name}: the first public update {when}. {reminder.severity} asks for it "
                f"within {target} of detection ({since}). Merge the draft pull request to publish it.")
    if reminder.what == SECURITY_NOTICE:
        return (f"{mark} Security incident {name} is still a draft: its security notice {when}. Notices are due "
                f"within {target} of discovery ({since}). Merge the draft pull request (or remove draft: true) so "
                "the notice goes out.")
    if reminder.what == REPORT:
        return (f"{mark} Post-incident report for {name}: it {when}. {reminder.severity} asks for one within "
                f"{target} of the resolution ({since}). Write it with `statusgen postmortem {reminder.incident_id}`; "
                f"publish it with `statusgen postmortem --publish {reminder.incident_id}`.")
    return (f"{mark} Incident {name}: the next public update {when}. {reminder.severity} asks for one every "
            f"{target}; the last was posted at {since}. Post it with `statusgen update {reminder.incident_id}`.")


def reminder_body(reminder: Reminder, now: datetime, config: Config) -> bytes:
    """The bytes the team chat's Slack-compatible webhook receives."""
    return encode(slack_payload(reminder_text(reminder, now, config)))


def reminder_line(reminder: Reminder, now: datetime) -> str:
    """One line for the log: ids and times only (titles are untrusted, and a draft's is not public)."""
    state = "overdue" if reminder.overdue(now) else "due"
    what = {UPDATE: "next update", FIRST_UPDATE: "first public update (draft)", REPORT: "post-incident report",
            SECURITY_NOTICE: "security notice (draft)"}
    return f"{reminder.incident_id}: {what[reminder.what]} {state} {reminder.due.astimezone(timezone.utc):%Y-%m-%d %H:%MZ}"
