"""Datadog's webhook integration, with the JSON body docs/alerts.md asks for.

Datadog's webhook body is a template the user writes, filled with Datadog's $VARIABLES, so statusgen
reads the body its documentation gives (BODY below, field for field). Datadog substitutes every variable
as text, so numbers arrive as strings.

Key: $ALERT_CYCLE_KEY, which Datadog keeps "from the time an alert triggers until it resolves": one key
per occurrence, so a monitor that fails again next week opens a new draft. Without it (an older body),
$ALERT_ID (the monitor) and $ALERT_SCOPE (the group of a multi alert) are the key.

$ALERT_TRANSITION: Triggered, Re-Triggered, Renotify, No Data and Re-No Data are firing (a monitor that
notifies on missing data was told to: no data from a service is how many outages look); Recovered is
resolved; Warn and Re-Warn (a warning threshold, short of the alert) and Null are no alert (NotAnAlert).
Datadog monitors have no acknowledgement. $DATE (epoch milliseconds) is when the event happened: the start
of a Triggered (or No Data), the end of a Recovered. A Re-Triggered or Renotify and a Recovered do not say
when the alert began: their `started` is None, and the draft keeps the start it has.
"""
from __future__ import annotations

import re

from ..alert import FIRING, RESOLVED, AlertEvent
from . import common
from .common import NotAnAlert, PayloadError

SENDER = "datadog"

# The body docs/alerts.md tells a user to paste into the webhook's Payload field.
BODY = {
    "id": "$ID",
    "date": "$DATE",
    "last_updated": "$LAST_UPDATED",
    "title": "$EVENT_TITLE",
    "alert_title": "$ALERT_TITLE",
    "alert_id": "$ALERT_ID",
    "alert_cycle_key": "$ALERT_CYCLE_KEY",
    "alert_transition": "$ALERT_TRANSITION",
    "alert_status": "$ALERT_STATUS",
    "alert_priority": "$ALERT_PRIORITY",
    "alert_scope": "$ALERT_SCOPE",
    "alert_metric": "$ALERT_METRIC",
    "alert_type": "$ALERT_TYPE",
    "priority": "$PRIORITY",
    "hostname": "$HOSTNAME",
    "tags": "$TAGS",
    "link": "$LINK",
    "org": {"id": "$ORG_ID", "name": "$ORG_NAME"},
}

TRANSITIONS = {
    "triggered": FIRING, "re-triggered": FIRING, "renotify": FIRING, "no data": FIRING, "re-no data": FIRING,
    "recovered": RESOLVED,
}
NOT_ALERTS = ("warn", "re-warn", "null")
# The transitions whose $DATE is the alert's start; a Re-... or Renotify is later, a Recovered its end.
FIRST_NOTICES = ("triggered", "no data")
# "[P1] [Triggered on {service:checkout}] " and the like, which Datadog puts before a monitor's name.
_PREFIX = re.compile(r"^\s*(\[(P\d|Triggered|Re-Triggered|Recovered|Warn|Re-Warn|No Data|Re-No Data|Renotify|"
                     r"Resolved|Alert)\b[^\]]*\]\s*)+", re.IGNORECASE)


def looks_like(payload: dict) -> bool:
    """The documented body: an alert_transition with the monitor's id or its cycle key."""
    return "alert_transition" in payload and ("alert_cycle_key" in payload or "alert_id" in payload)


def read(payload: dict) -> AlertEvent:
    transition = common.text(payload, "alert_transition", "")
    if _unfilled(transition):
        raise PayloadError("alert_transition is an unfilled variable; Datadog fills it only in a monitor's "
                           "notification (a test from the webhook tile has none)")
    name = transition.strip().lower()
    if name in NOT_ALERTS:
        raise NotAnAlert(f"Datadog's {common.title(transition, 20)!r} notification is no alert (a warning "
                         "threshold, or nothing changed): nothing to record")
    if name not in TRANSITIONS:
        raise PayloadError(f"alert_transition is {common.title(transition, 30)!r}; expected one of "
                           "Triggered, Re-Triggered, Renotify, No Data, Re-No Data, Recovered, Warn, Re-Warn")
    state = TRANSITIONS[name]
    when = common.epoch_time(common.text(payload, "date", ""), "date")
    return AlertEvent(
        sender=SENDER,
        key=common.key(_key(payload)),
        state=state,
        title=_title(payload),
        started=when if name in FIRST_NOTICES else None,
        at=when,
        labels=_labels(payload),
        annotations=_annotations(payload),
        links=common.links(payload.get("link")),
    )


def _unfilled(value) -> bool:
    """A template variable Datadog left as it was ("$ALERT_CYCLE_KEY") or filled with nothing."""
    return not isinstance(value, (str, int)) or not str(value).strip() or str(value).strip().startswith("$")


def _key(payload: dict) -> str:
    cycle = payload.get("alert_cycle_key")
    if not _unfilled(cycle):
        return f"cycle {str(cycle).strip()}"
    monitor = payload.get("alert_id")
    if _unfilled(monitor):
        raise PayloadError("alert_cycle_key is missing, and alert_id too; the body in docs/alerts.md sends "
                           "both ($ALERT_CYCLE_KEY, $ALERT_ID)")
    scope = payload.get("alert_scope")
    scope = "" if _unfilled(scope) else ",".join(sorted(p.strip() for p in str(scope).split(",") if p.strip()))
    return f"monitor {str(monitor).strip()}" + (f" {{{scope}}}" if scope else "")


def _title(payload: dict) -> str:
    """$ALERT_TITLE, else $EVENT_TITLE, without the bracketed transition and priority Datadog puts first."""
    for key in ("alert_title", "title"):
        value = payload.get(key)
        if isinstance(value, str) and not _unfilled(value):
            cleaned = _PREFIX.sub("", common.title(value))
            if cleaned.startswith("[") and cleaned.endswith("]"):
                cleaned = cleaned[1:-1]
            if common.title(cleaned):
                return common.title(cleaned)
    monitor = payload.get("alert_id")
    return common.title(f"Datadog monitor {monitor}" if not _unfilled(monitor) else "Datadog alert")


def tag_labels(value) -> dict[str, str]:
    """"env:prod, service:checkout, canary" as {env: prod, service: checkout, canary: "true"}."""
    if _unfilled(value):
        return {}
    pairs = {}
    for tag in str(value).split(","):
        tag = tag.strip()
        if not tag:
            continue
        name, sep, rest = tag.partition(":")
        pairs[name.strip()] = rest.strip() if sep else "true"
    return common.string_map(pairs, "tags", common.LABEL_VALUE_LENGTH)


def _labels(payload: dict) -> dict[str, str]:
    """The event's tags, the scope's tags over them (what this alert is about), then the monitor's facts."""
    labels = tag_labels(payload.get("tags"))
    labels.update(tag_labels(payload.get("alert_scope")))
    own = {"monitor_id": payload.get("alert_id"), "priority": payload.get("alert_priority"),
           "metric": payload.get("alert_metric"), "alert_type": payload.get("alert_type"),
           "hostname": payload.get("hostname")}
    labels.update(common.string_map({k: v for k, v in own.items() if not _unfilled(v)}, "",
                                    common.LABEL_VALUE_LENGTH))
    return labels


def _annotations(payload: dict) -> dict[str, str]:
    out = {}
    status = payload.get("alert_status")
    if isinstance(status, str) and not _unfilled(status):
        out["status"] = common.multiline(status)
    return out
