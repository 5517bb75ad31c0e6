"""Each monitoring system's webhook payload read into the one AlertEvent.

    read_payload(data, sender)  the payload's bytes -> AlertEvent; sender None: recognised by its shape
    SENDERS                     the senders' names, as `statusgen ingest --sender` takes them
    PayloadError                the payload cannot be read (message for people, values never echoed)
    NotAnAlert                  a well-formed notification that is no alert: the caller ignores it

One module per sender, each with `looks_like(payload) -> bool` (its shape, for recognition) and
`read(payload) -> AlertEvent`.
"""
from __future__ import annotations

from ..alert import AlertEvent
from . import alertmanager, datadog, grafana, pagerduty, uptime_kuma
from .common import NotAnAlert, PayloadError, parse

READERS = {
    "alertmanager": alertmanager,
    "grafana": grafana,
    "uptime-kuma": uptime_kuma,
    "datadog": datadog,
    "pagerduty": pagerduty,
}
SENDERS = tuple(READERS)

__all__ = ["SENDERS", "NotAnAlert", "PayloadError", "read_payload", "recognise"]


def read_payload(data: bytes, sender: str | None = None) -> AlertEvent:
    """The AlertEvent a webhook payload reports; PayloadError (NotAnAlert included) when it reports none."""
    if sender is not None and sender not in READERS:
        raise PayloadError(f"unknown sender {sender!r}; statusgen reads {_names()}")
    payload = parse(data)
    name = sender or recognise(payload)
    return READERS[name].read(payload)


def recognise(payload: dict) -> str:
    """The one sender whose payload shape this is; refused when none or more than one fits."""
    fits = [name for name, reader in READERS.items() if reader.looks_like(payload)]
    if len(fits) == 1:
        return fits[0]
    if not fits:
        raise PayloadError(f"the payload's shape is not one statusgen knows ({_names()}); name the sender "
                           "with --sender, or see docs/alerts.md for the body each sender must send")
    raise PayloadError(f"the payload could be from {' or '.join(fits)}; name the sender with --sender")


def _names() -> str:
    return ", ".join(SENDERS)
