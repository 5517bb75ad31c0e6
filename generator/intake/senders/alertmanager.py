"""Prometheus Alertmanager's webhook (webhook_config, payload version "4"): one notification group.

Alertmanager notifies about a group of alerts (the route's group_by labels), not about one alert: the
group is the unit the user chose to be told about, so it is the unit of a draft incident too. Its
`groupKey` (the route plus the values of its group_by labels) stays the same while the group fires,
is notified again (repeat_interval) and resolves, so it is the event's key.

A group that fires again after it resolved has the same groupKey: the payload cannot tell a second
outage from the first. The draft logic therefore attaches an event to the draft with the same
(sender, key) that is still open, and starts a new draft when the only ones left are resolved. Adding
the start time to the key was considered and refused: the earliest startsAt of a group changes while
it is still firing (its first alert resolves and drops out), which would split one outage into two.

Grafana's webhook contact point sends the same shape with more fields; grafana.py reads it through
`read_group` below.
"""
from __future__ import annotations

from ..alert import FIRING, RESOLVED, AlertEvent
from . import common
from .common import PayloadError

SENDER = "alertmanager"
VERSION = "4"
STATES = {"firing": FIRING, "resolved": RESOLVED}


def looks_like(payload: dict) -> bool:
    """An Alertmanager group notification: alerts, a groupKey, version "4", none of Grafana's fields."""
    return (isinstance(payload.get("alerts"), list) and "groupKey" in payload
            and payload.get("version") == VERSION and "orgId" not in payload)


def read(payload: dict) -> AlertEvent:
    version = payload.get("version")
    if version is not None and version != VERSION:
        raise PayloadError(f"version is {common.title(str(version), 20)!r}; statusgen reads Alertmanager's "
                           f"webhook payload version {VERSION}")
    return read_group(payload, SENDER)


def read_group(payload: dict, sender: str, alert_links: tuple[str, ...] = ("generatorURL",)) -> AlertEvent:
    """The event for one group notification (Alertmanager's shape, which Grafana's extends).

    started: the earliest startsAt of the group's alerts (when the problem began, as far as this
    notification knows); at: for a resolved group the latest endsAt (when the last alert ended), for a
    firing one its start. Labels: commonLabels with groupLabels over them (groupLabels are what the
    route grouped by, so they always hold for the group). Annotations: commonAnnotations. Links: each
    alert's own pages (`alert_links`) and the sender's externalURL.
    """
    status = common.text(payload, "status", "")
    if status not in STATES:
        raise PayloadError(f"status is {common.title(status, 20)!r}; expected \"firing\" or \"resolved\"")
    state = STATES[status]
    group_key = common.text(payload, "groupKey", "")
    alerts = common.field(payload, "alerts", "", list)
    if not alerts:
        raise PayloadError("alerts is empty; a group notification lists at least one alert")
    starts, ends, pages, firsts = [], [], [], []
    for index, alert in enumerate(alerts):
        where = common.path_of("alerts", index)
        if not isinstance(alert, dict):
            raise PayloadError(f"{where} is not an object; each alert is one")
        starts.append(common.time(alert, "startsAt", where))
        end = common.time(alert, "endsAt", where, required=False)
        if end is not None:
            ends.append(end)
        pages.extend(alert.get(name) for name in alert_links)
        firsts.append(alert)
    labels = common.string_map(payload.get("commonLabels"), "commonLabels", common.LABEL_VALUE_LENGTH)
    labels.update(common.string_map(payload.get("groupLabels"), "groupLabels", common.LABEL_VALUE_LENGTH))
    annotations = common.string_map(payload.get("commonAnnotations"), "commonAnnotations",
                                    common.ANNOTATION_LENGTH, lines=True)
    started = min(starts)
    if state == RESOLVED:
        if not ends:
            raise PayloadError("alerts[0].endsAt is missing; a resolved group's alerts carry their end")
        at = max(ends)
    else:
        at = started
    return AlertEvent(
        sender=sender,
        key=common.key(group_key),
        state=state,
        title=group_title(payload, firsts, labels),
        started=started,
        at=at,
        labels=labels,
        annotations=annotations,
        links=common.links(*pages, payload.get("externalURL")),
    )


def group_title(payload: dict, alerts: list[dict], labels: dict[str, str]) -> str:
    """commonAnnotations.summary, else the first alert's summary, else the alert name and the labels
    the group was made by ("HighLatency (service=api, region=eu)")."""
    common_annotations = payload.get("commonAnnotations")
    candidates = [common_annotations.get("summary") if isinstance(common_annotations, dict) else None]
    first = alerts[0].get("annotations")
    candidates.append(first.get("summary") if isinstance(first, dict) else None)
    for candidate in candidates:
        if isinstance(candidate, str) and common.title(candidate):
            return common.title(candidate)
    first_labels = alerts[0].get("labels") if isinstance(alerts[0].get("labels"), dict) else {}
    name = labels.get("alertname") or common.title(str(first_labels.get("alertname") or "")) or "Alert"
    group = common.string_map(payload.get("groupLabels"), "groupLabels", common.LABEL_VALUE_LENGTH)
    shown = ", ".join(f"{k}={v}" for k, v in group.items() if k != "alertname")
    count = f" ({len(alerts)} alerts)" if len(alerts) > 1 else ""
    return common.title(f"{name} ({shown}){count}" if shown else f"{name}{count}")
