"""plugins.statusgen.reminders: when `statusgen remind` tells the team that something is due.

    reminders:
      lead: 5m           # remind this long before an open incident's next update is due (0: only once overdue)
      report_lead: 24h   # remind this long before a post-incident report is due
      enabled: false     # or `reminders: false`: no reminders at all

Kept apart from config.py, which only names the option and calls `read_reminders`; the checker it is
given is config.py's, passed in, so this module needs nothing from there.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ..core.timeutil import type_name

REMINDER_KEYS = ("enabled", "lead", "report_lead")
DEFAULT_LEAD = timedelta(minutes=5)
DEFAULT_REPORT_LEAD = timedelta(hours=24)
# Longer leads would remind about the next update before the last one was read: an update is due every
# 15 minutes to a few hours, a report within days.
MAX_LEAD = timedelta(hours=12)
MAX_REPORT_LEAD = timedelta(days=14)


@dataclass(frozen=True)
class ReminderOptions:
    enabled: bool = True
    lead: timedelta = DEFAULT_LEAD
    report_lead: timedelta = DEFAULT_REPORT_LEAD


def read_reminders(value, check) -> ReminderOptions:
    """The options from mkdocs.yml's `reminders` value; every problem goes to `check` (option_checker.OptionChecker)."""
    keys = ("reminders",)
    if value is None or value is True:
        return ReminderOptions()
    if value is False:
        return ReminderOptions(enabled=False)
    if not isinstance(value, dict):
        check.error(keys, f"expected true, false or a mapping with {', '.join(REMINDER_KEYS)}, got {type_name(value)}")
        return ReminderOptions()
    check.mapping_keys(value, keys, REMINDER_KEYS)
    return ReminderOptions(
        enabled=check.boolean(value.get("enabled"), keys + ("enabled",), True),
        lead=_lead(value.get("lead"), keys + ("lead",), DEFAULT_LEAD, MAX_LEAD, check),
        report_lead=_lead(value.get("report_lead"), keys + ("report_lead",), DEFAULT_REPORT_LEAD, MAX_REPORT_LEAD,
                          check),
    )


def _lead(value, keys: tuple, default: timedelta, most: timedelta, check) -> timedelta:
    if value is None:
        return default
    found = check.duration(value, keys)
    if found is None:
        return default
    if found > most:
        hours = int(most.total_seconds() // 3600)
        check.error(keys, f"must be at most {hours}h; a longer lead reminds before there is anything to do")
        return default
    return found
