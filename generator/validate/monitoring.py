"""The procedures' minimum monitoring before "resolved" (a severity's `monitor_for`), as a policy check.

Seed 000's resolution step: "Confirm fix is deployed and stable (minimum 10
min monitoring)", then post "Resolved". The watch starts with the last
unbroken run of `monitoring` updates before the resolving one (a fix that
failed and went back to identified starts it again).

An incident resolved with no monitoring update is not reported: the team may
have watched the fix without posting "Monitoring" (the procedures ask for the
watch, not for the post), and the file does not say when the fix went out, so
there is nothing to measure and a warning would be a guess.
"""
from __future__ import annotations

from datetime import timedelta

from ..core.model import Incident, Status
from ..core.timeutil import format_duration


def monitoring_shortfall(incident: Incident, monitor_for: timedelta | None) -> tuple[int | None, str] | None:
    """(the resolving update's line, what to say) when `incident` was resolved less than `monitor_for` after
    it entered monitoring; None when it was not, is not resolved, never posted monitoring, or no minimum
    applies."""
    if not monitor_for or incident.is_maintenance or not incident.updates:
        return None
    last = incident.updates[-1]
    if last.status is not Status.RESOLVED:
        return None
    entered = None
    for update in reversed(incident.updates[:-1]):
        if update.status is not Status.MONITORING:
            break
        entered = update
    if entered is None:
        return None
    watched = last.at - entered.at
    if watched >= monitor_for:
        return None
    return last.line, (f"resolved {format_duration(watched)} after monitoring began; {incident.severity} asks to "
                       f"watch the fix for at least {format_duration(monitor_for)} (status monitoring) before "
                       "resolving")
