"""The bodies sent for one change: a Statuspage-shaped JSON webhook and a chat message.

Both are pure functions of the change, the site state and `now`; `now` only
appears as meta.generated_at, so the same inputs give byte-identical bodies.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

import jinja2

from .. import __version__
from ..render import sandbox, text_templates
from ..read.config import Config
from ..core.diagnostics import Diagnostic, UserError
from ..core.model import STATUS_LABELS, TERMINAL, Impact
from ..outputs.api import ApiSerializer  # the JSON API's incident object, reused as is
from ..outputs.common import human_time, incident_url, iso, plain_text
from ..model.state import SiteState
from ..changes.detect import NEW, REMOVED, REPORT_PUBLISHED, UPDATE, Change
from ..core.text import close_bidi, graphemes, one_line

SLACK_TEMPLATE = "notify/slack.txt.j2"
HEADLINE_LIMIT = 280


def _one_line_or_none(value):
    return None if value is None else one_line(value)


def event_name(change: Change) -> str:
    """incident.created / .updated / .resolved / .removed; maintenance.created / .updated / .completed ..."""
    item = change.incident
    noun = "maintenance" if item.is_maintenance else "incident"
    if NEW in change.kinds:
        action = "created"
    elif REMOVED in change.kinds:
        action = "removed"
    elif item.is_closed and change.previous_status not in TERMINAL:
        action = "resolved" if not item.is_maintenance else item.status
    elif REPORT_PUBLISHED in change.kinds and UPDATE not in change.kinds:
        action = "postmortem"
    else:
        action = "updated"
    return f"{noun}.{action}"


def webhook_payload(change: Change, state: SiteState, now: datetime) -> dict:
    """Modelled on Statuspage's incident webhook: meta, page, incident.

    `incident` is exactly the object /api/v2/incidents.json publishes (updates
    newest first, components with their current status), so one parser serves
    both; `meta` says what happened.
    """
    api = ApiSerializer(state)
    return {
        "meta": {
            "event": event_name(change),
            "changes": list(change.kinds),
            "previous_status": change.previous_status,
            "new_update_ids": [f"{change.id}-{change.incident.updates.index(u) + 1}" for u in change.new_updates],
            "generated_at": iso(now),
            "generator": f"statusgen {__version__}",
        },
        "page": {
            "id": api.page["id"],
            "name": api.page["name"],
            "url": api.page["url"],
            "status_indicator": api.status["indicator"],
            "status_description": api.status["description"],
        },
        "incident": api.incident(change.incident),
    }


def encode(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def slack_escape(value) -> str:
    """Slack's mrkdwn needs only &, < and > escaped; it is done to every {{ value }}."""
    if value is None:
        return ""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class ChatRenderer:
    """Renders the chat message from the built-in template or the project's override."""

    env: jinja2.Environment

    @classmethod
    def for_config(cls, config: Config) -> ChatRenderer:
        """The renderer, with the template compiled; a broken override is a UserError."""
        env = text_templates.environment(config.overrides_dir, finalize=slack_escape, language=config.language)
        renderer = cls(env)
        try:
            env.get_template(SLACK_TEMPLATE)
        except jinja2.TemplateError as exc:
            raise UserError([sandbox.diagnostic(exc, SLACK_TEMPLATE, "")]) from None
        return renderer

    def source(self) -> str:
        """Where the template came from, for messages."""
        return self.env.get_template(SLACK_TEMPLATE).filename or SLACK_TEMPLATE

    def render(self, change: Change, state: SiteState) -> str:
        try:
            text = self.env.get_template(SLACK_TEMPLATE).render(chat_context(change, state)).strip()
        except jinja2.TemplateError as exc:
            raise UserError([sandbox.diagnostic(exc, self.source(), "the variables are listed in docs/pipeline.md")]) \
                from None
        if not text:
            raise UserError([Diagnostic(self.source(), None, "the chat template rendered an empty message")])
        return text


def _window_text(change: Change, config: Config) -> str:
    return window_text(change.incident, config)


def window_text(item, config: Config) -> str:
    """A maintenance window in the site's time zone, e.g. '2026-03-10 02:00–04:00 UTC'; '' for an incident."""
    if not (item.window_start and item.window_end):
        return ""
    start, end = item.window_start.astimezone(config.zone), item.window_end.astimezone(config.zone)
    zone = end.tzname() or config.time_zone
    if start.date() == end.date() and start.tzname() == end.tzname():
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} {zone}"
    # Each end names its own zone: a window across a clock change (EDT -> EST) stays right.
    return f"{human_time(item.window_start, config)} – {human_time(item.window_end, config)}"


def headline(markdown_text: str, limit: int = HEADLINE_LIMIT) -> str:
    """The first paragraph of a message as one line of plain text, cut at a word."""
    first = plain_text(markdown_text).split("\n\n", 1)[0]
    line = " ".join(first.split())
    if len(line) <= limit:
        return close_bidi(line)
    # Cut between grapheme clusters (an emoji sequence or accented letter stays whole).
    cut = line[:limit].rsplit(" ", 1)[0] if " " in line[:limit] else "".join(graphemes(line[:limit])[:-1])
    return close_bidi(cut.rstrip(" ,;:") + "…")


def chat_context(change: Change, state: SiteState) -> dict:
    """Everything a chat template may use (documented in docs/pipeline.md).

    Single-line fields are collapsed to one line here, once, so that no
    template (built-in or override) can be made to print a forged line.
    `message` and the updates' messages stay as written.
    """
    config = state.config
    item = single_line_fields(change.incident)
    latest = item.updates[-1]
    message = plain_text(latest.message)
    severity = config.severity_map.get(item.severity) if item.severity else None
    return {
        "site_name": one_line(config.site_name),
        "incident": item,
        "event": event_name(change),
        "changes": change.kinds,
        "is_new": NEW in change.kinds,
        "severity": severity and replace(severity, id=one_line(severity.id), name=one_line(severity.name)),
        "status": latest.status,
        "status_label": one_line(STATUS_LABELS.get(latest.status, latest.status)),
        "previous_status": _one_line_or_none(change.previous_status),
        "headline": headline(latest.message),
        "message": message,
        "updated_at": iso(latest.at),
        "window": _window_text(change, config),
        "components": [{"id": one_line(cid), "name": one_line(config.component_name(cid)),
                        "impact": one_line(impact), "impact_label": one_line(impact.label)}
                       for cid, impact in _impacts(change.incident, state.now).items()],
        "url": incident_url(config, item.id),
        "report_published": REPORT_PUBLISHED in change.kinds,
        # What was learned about a breach since its last notice: the data involved, as one line.
        "security_followup": change.security_followup,
        "security_data": headline(change.incident.security.data) if change.incident.security else "",
        "report_url": incident_url(config, item.id) + "#post-incident-report",
    }


def _impacts(item, now: datetime) -> dict:
    """Each affected component's impact now while it goes on, else the worst it had."""
    if item.is_closed:
        return item.peak_impacts
    current = item.impacts_at(now)
    return {cid: current.get(cid, Impact.OPERATIONAL) for cid in item.affected}


def single_line_fields(item):
    """A copy of the incident whose title, id, severity and statuses are each one line."""
    return replace(item, id=one_line(item.id), title=one_line(item.title),
                   severity=_one_line_or_none(item.severity),
                   updates=tuple(replace(u, status=one_line(u.status)) for u in item.updates))


def slack_payload(text: str) -> dict:
    return {"text": text}
