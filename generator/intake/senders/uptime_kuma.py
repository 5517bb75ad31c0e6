"""Uptime Kuma's webhook notification (content type application/json): {heartbeat, monitor, msg}.

Uptime Kuma notifies when a monitor changes state (and again every "resend" interval while it stays
down). heartbeat.status: 0 down -> firing, 1 up -> resolved; 2 pending (retrying before it counts as
down) and 3 maintenance are no alert: NotAnAlert, which `statusgen ingest` reports as "ignored". Its
"test" notification carries neither heartbeat nor monitor, and is no alert either.

The key is the monitor's id. Nothing in an up notification names the outage it ends other than the
monitor (recent versions add heartbeat.lastDownTime, older ones do not, and a resent down notification
carries only its own time), so an occurrence cannot be told apart by the key: the draft logic attaches
events to the monitor's open draft and starts a new one when the monitor goes down after it resolved.

started: the time of the down heartbeat that changed the state (heartbeat.important); a resent
notification's heartbeat is a later one, so its `started` is None. An up notification's lastDownTime,
where the version sends it, is the start of the outage it ends.

Times: heartbeat.time (and lastDownTime) are written by Uptime Kuma in UTC as "YYYY-MM-DD HH:MM:SS.mmm"
without a zone (localDateTime beside them is the server's zone, for people); they are read as UTC.
"""
from __future__ import annotations

import re
from datetime import datetime

from ..alert import FIRING, RESOLVED, AlertEvent
from . import common
from .common import NotAnAlert, PayloadError

SENDER = "uptime-kuma"
DOWN, UP, PENDING, MAINTENANCE = 0, 1, 2, 3
_SQL_TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$")


def looks_like(payload: dict) -> bool:
    """{heartbeat, monitor, msg}: the three keys Uptime Kuma's webhook always sends (null in a test)."""
    return {"heartbeat", "monitor", "msg"} <= payload.keys() and all(
        isinstance(payload[k], (dict, type(None))) for k in ("heartbeat", "monitor"))


def read(payload: dict) -> AlertEvent:
    heartbeat = common.field(payload, "heartbeat", "", dict, required=False)
    monitor = common.field(payload, "monitor", "", dict, required=False)
    if heartbeat is None and monitor is None and {"heartbeat", "monitor"} <= payload.keys():
        raise NotAnAlert("an Uptime Kuma test notification (no heartbeat, no monitor): nothing to record")
    if heartbeat is None:
        raise PayloadError("heartbeat is missing; Uptime Kuma's notification about a monitor carries it")
    if monitor is None:
        raise PayloadError("monitor is missing; Uptime Kuma's notification about a heartbeat carries it")
    status = common.field(heartbeat, "status", "heartbeat", int)
    if status == PENDING:
        raise NotAnAlert("Uptime Kuma reports the monitor pending (retrying before it counts as down): no alert")
    if status == MAINTENANCE:
        raise NotAnAlert("Uptime Kuma reports the monitor in maintenance: no alert")
    if status not in (DOWN, UP):
        raise PayloadError(f"heartbeat.status is {status}; expected 0 (down), 1 (up), 2 (pending) or 3 "
                           "(maintenance)")
    monitor_id = common.text(monitor, "id", "monitor")
    name = common.title(common.text(monitor, "name", "monitor"))
    beat = kuma_time(heartbeat, "time", "heartbeat")
    if status == DOWN:
        # The down heartbeat that changed the state is "important"; a resent notification's is not, and
        # its time is not the start of the outage.
        first = heartbeat.get("important") is not False
        state, started, at = FIRING, beat if first else None, beat
    else:
        state, started, at = RESOLVED, kuma_time(heartbeat, "lastDownTime", "heartbeat", required=False), beat
    annotations = {}
    message = common.text(heartbeat, "msg", "heartbeat", required=False)
    if message:
        annotations["message"] = common.multiline(message)
    description = common.text(monitor, "description", "monitor", required=False)
    if description:
        annotations["description"] = common.multiline(description)
    return AlertEvent(
        sender=SENDER,
        key=common.key(monitor_id),
        state=state,
        title=common.title(f"{name} is down"),
        started=started,
        at=at,
        labels=monitor_labels(monitor, monitor_id, name),
        annotations=annotations,
        links=(),
    )


def monitor_labels(monitor: dict, monitor_id: str, name: str) -> dict[str, str]:
    """The monitor's tags (name -> value, "true" for a tag without a value), then what Uptime Kuma says
    of the monitor itself, which a tag of the same name does not hide: monitor, monitor_id, type, url,
    hostname, path (its groups and name, "Shop / Checkout")."""
    labels: dict[str, str] = {}
    tags = monitor.get("tags")
    if isinstance(tags, list):
        for tag in tags:
            if isinstance(tag, dict) and isinstance(tag.get("name"), str) and tag["name"].strip():
                value = tag.get("value")
                text = str(value) if isinstance(value, (str, int, float)) and str(value).strip() else "true"
                labels.update(common.string_map({tag["name"]: text}, "monitor.tags", common.LABEL_VALUE_LENGTH))
    own = {"monitor": name, "monitor_id": monitor_id, "type": monitor.get("type"), "url": monitor.get("url"),
           "hostname": monitor.get("hostname"), "path": monitor.get("pathName")}
    own = {k: v for k, v in own.items() if isinstance(v, (str, int)) and str(v).strip()
           and str(v).strip() not in ("https://", "http://")}
    labels.update(common.string_map(own, "monitor", common.LABEL_VALUE_LENGTH))
    return labels


def kuma_time(obj: dict, key: str, base: str, required: bool = True) -> datetime | None:
    """Uptime Kuma's UTC time without a zone ("2026-03-04 09:12:30.481"), or an RFC 3339 one."""
    value = common.field(obj, key, base, str, required)
    if value is not None and _SQL_TIME.match(value.strip()):
        return common.time({key: value.strip().replace(" ", "T") + "Z"}, key, base)
    return common.time(obj, key, base, required)
