"""Which message an update asks for, and what every communications template may use.

Kinds of message (one template per channel and kind, under templates/comms/):

    first        the first notice of an incident
    update       a later update while it is open
    resolved     the resolution
    maintenance  a maintenance: scheduled, starting, completed or cancelled (by status)
    security     any message about a security incident or data breach (by phase),
                 with the sections of a breach notice; `followup` is true for the notice of
                 what was learned since (its data or actions changed with no new update)
    report       a post-incident report published (after the resolution): the report itself

The context holds only what is published: the incident as readers see it, its
latest update, never `internal:` and never a draft (drafts never become
Incidents). Single-line values (titles, names) are one line here, once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from html.parser import HTMLParser

from markupsafe import Markup

from ..render.markdown_html import render_message
from ..core.model import STATUS_LABELS, Impact, Incident, Status
from ..core.text import one_line
# The notification policy's kinds of message (issue #23, contract 1), defined in core so that mkdocs.yml's
# reader can check them; comms.policy.kinds_of tells which a change is.
from ..core.notifications import (  # noqa: F401 - re-exported
    MAINTENANCE_ENDED,
    MAINTENANCE_SCHEDULED,
    MAINTENANCE_STARTED,
    POLICY_KINDS,
    REPORT,
)
from .identity import thread_root, update_message_id
from .payloads import headline, single_line_fields
from ..core import urls
from ..outputs.common import ascii_host
from ..model.state import SiteState
from ..languages.labels import label
from ..read.component_translations import config_in_language
from ..languages.speech import Speech

FIRST, UPDATE, RESOLVED, MAINTENANCE, SECURITY = "first", "update", "resolved", "maintenance", "security"
KINDS = (FIRST, UPDATE, RESOLVED, MAINTENANCE, SECURITY)  # the templates' kinds (one template each)
# Channels that get a drafted message; status_page is the page itself, webhook the JSON body.
EMAIL, SOCIAL, IN_APP, CHAT = "email", "social", "in_app", "chat"
DRAFTED = (EMAIL, SOCIAL, IN_APP, CHAT)


@dataclass(frozen=True)
class Moment:
    """One update of one incident, as the message about it sees it."""

    incident: Incident  # as it stood at the update: its updates end with it
    number: int  # the update's number, from 1
    first_notice: bool  # the first message readers get about it (a new incident)
    previous_status: Status | None = None
    posted: int | None = None  # how many updates it has now, when the moment is an earlier one
    followup: bool = False  # a security notice of what was learned since (its facts changed, no new update)
    report: bool = False  # the moment its post-incident report was published, not an update

    @property
    def at(self) -> datetime:
        """When what the message tells happened: the update's time, or the report's publication."""
        published = self.incident.report_published if self.report else None
        return published or self.update.at

    @property
    def update(self):
        return self.incident.updates[-1]

    @property
    def phase(self) -> str:
        """first, update or resolved."""
        if self.incident.is_closed:
            return RESOLVED
        return FIRST if self.first_notice else UPDATE

    @property
    def kind(self) -> str:
        if self.report:
            return REPORT
        if self.incident.is_maintenance:
            return MAINTENANCE
        if self.incident.security is not None:
            return SECURITY
        return self.phase

    @property
    def update_id(self) -> str:
        """The update's public id, as in the webhook (new_update_ids) and the JSON API."""
        return f"{self.incident.id}-{self.number}"


def moment_of(incident: Incident, number: int | None = None) -> Moment:
    """The incident at its update `number` (1-based; default: the current one)."""
    total = len(incident.updates)
    number = total if number is None else number
    if not 1 <= number <= total:
        raise ValueError(f"update {number} does not exist; {incident.id} has {total}")
    at = incident if number == total else replace(incident, updates=incident.updates[:number])
    previous = incident.updates[number - 2].status if number > 1 else None
    return Moment(at, number, first_notice=number == 1, previous_status=previous, posted=total)


def message_id(moment: Moment, site_host: str) -> str:
    """The e-mail Message-ID of an update: derived from what it says (comms.identity)."""
    return update_message_id(moment.incident, moment.number, site_host)


def thread_ids(moment: Moment, site_host: str) -> tuple[str, ...]:
    """References, oldest first: the incident's thread root, then the updates before it (first, last ten);
    a report's message, and a security follow-up, come after every update, the last included."""
    earlier = list(range(1, moment.number + (1 if moment.report or moment.followup else 0)))
    if len(earlier) > 11:
        earlier = earlier[:1] + earlier[-10:]
    return (thread_root(moment.incident, site_host),
            *(update_message_id(moment.incident, n, site_host) for n in earlier))


_LIST_ITEM = re.compile(r"\s*(?:- |\d+\. )")  # kept indented: a nested list item
MAX_PARAGRAPH = 2_000  # a social post's text before it is fitted to the platform


class _Text(HTMLParser):
    """Sanitised HTML back to plain text for an e-mail: paragraphs apart, list items as "- " or "1. "."""

    BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table", "ul", "ol", "dl", "hr", "details"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lists: list[list] = []  # per open list: [ordered?, next number]
        self.pre = 0

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self.pre += 1
        if tag in ("ul", "ol"):
            start = dict(attrs).get("start") or "1"
            self.lists.append([tag == "ol", int(start) if start.isdigit() else 1])
        if tag in self.BLOCKS:
            self.parts.append("\n\n" if not self.lists else "\n")
        elif tag == "br" or tag in ("tr", "dt", "dd", "summary"):
            self.parts.append("\n")
        elif tag == "li":
            ordered, number = self.lists[-1] if self.lists else (False, 1)
            indent = "  " * max(0, len(self.lists) - 1)
            self.parts.append(f"\n{indent}{number}. " if ordered else f"\n{indent}- ")
            if self.lists:
                self.lists[-1][1] += 1

    def handle_endtag(self, tag):
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in self.BLOCKS:
            self.parts.append("\n\n" if not self.lists else "\n")

    def handle_data(self, data):
        self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))


def text_of(markdown_text: str) -> str:
    """Markdown as plain text for an e-mail, through the sanitiser (a smuggled <script> is dropped, not shown)."""
    if not markdown_text:
        return ""
    parser = _Text()
    parser.feed(render_message(markdown_text))
    parser.close()
    lines = [line.rstrip() for line in "".join(parser.parts).split("\n")]
    text = "\n".join(line if _LIST_ITEM.match(line) else line.strip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _markdown_html(text: str) -> Markup:
    """Sanitised HTML (generator.render.markdown_html): safe to place in an e-mail unescaped."""
    return Markup(render_message(text)) if text else Markup("")


def _components(item: Incident, now: datetime) -> list[dict]:
    if item.is_closed:
        impacts = item.peak_impacts
    else:
        current = item.impacts_at(max(now, item.updated_at))
        impacts = {cid: current.get(cid, Impact.OPERATIONAL) for cid in item.affected}
    return impacts


def speech_for(config, language: str | None = None) -> Speech:
    """How a draft for readers of `language` (default: the site's) speaks."""
    return Speech(language or config.language, config.language, config.custom_languages)


def _lower(text: str, speech: Speech) -> str:
    """A label inside a sentence: lower case where the language writes it so (never German's nouns)."""
    return text if speech.locale.language == "de" else text.lower()


def _url(config, speech: Speech, path: str) -> str:
    """A page for the draft's readers: their language's tree (/de/...) where the site builds one (where the
    incident's untranslated text is marked, as the draft says), else the site's own page."""
    prefix = f"{speech.language}/" if not speech.own and speech.language in config.languages else ""
    if not prefix and not path:
        return config.site_url  # as the site's drafts always had it
    return urls.absolute(config.site_url, urls.in_language(prefix, path))


def context(moment: Moment, state: SiteState, speech: Speech | None = None) -> dict:
    """Everything a communications template may use (documented in docs/pipeline.md), in the language of
    `speech` (default: the site's). The incident's own text is its translation into that language where the
    file has one (title_in, message_in, report_in), else the site's own, and `fallback_note` says so."""
    speech = speech or speech_for(state.config)
    language = None if speech.own else speech.language
    config = config_in_language(state.config, language)  # the components as its readers name them
    raw = moment.incident
    latest_raw = raw.updates[-1]
    title = raw.title_in(language)
    message = latest_raw.message_in(language)
    report = raw.report_in(language)
    fallback = title.fallback or message.fallback or report.fallback
    if raw.security is not None and language is not None and (raw.security.data or raw.security.actions):
        fallback = True  # a breach notice's own sections have no translations yet
    item = single_line_fields(replace(raw, title=title.text))
    latest = item.updates[-1]
    severity = config.severity_map.get(raw.severity) if raw.severity else None
    next_update = None
    if not raw.is_closed and not raw.is_maintenance and severity and severity.update_every:
        next_update = speech.when(latest.at + severity.update_every, config)
    impacts = _components(raw, latest.at)
    security = None
    if raw.security is not None:
        security = {"data": text_of(raw.security.data),
                    "data_html": _markdown_html(raw.security.data),
                    "actions": text_of(raw.security.actions),
                    "actions_html": _markdown_html(raw.security.actions)}
    duration = raw.duration
    code = speech.language
    word = latest_raw.status
    status_label = one_line(label(word, code) if word in STATUS_LABELS else STATUS_LABELS.get(word, word))
    return {
        "site_name": one_line(config.site_name),
        "status_page_url": _url(config, speech, ""),
        "contact": one_line(config.contact).removeprefix("mailto:"),
        "lang": code,
        "fallback": fallback,
        "fallback_note": speech.fallback_note() if fallback else "",
        "fallback_mark": speech.fallback_mark() if fallback else "",
        "kind": moment.kind,
        "phase": moment.phase,
        "followup": moment.followup,
        "incident": item,
        "title": item.title,
        "severity": severity and replace(severity, id=one_line(severity.id), name=one_line(severity.name)),
        "status": latest.status,
        "status_label": status_label,
        "status_text": _lower(status_label, speech),
        "previous_status": moment.previous_status,
        "update_number": moment.number,
        "update_id": moment.update_id,
        "headline": headline(message.text),
        "paragraph": headline(message.text, limit=MAX_PARAGRAPH),
        "message": text_of(message.text),
        "message_html": _markdown_html(message.text),
        "components": [{"id": one_line(cid), "name": one_line(config.component_name(cid)),
                        "impact": one_line(impact), "impact_label": one_line(label(impact, code)),
                        "impact_text": _lower(one_line(label(impact, code)), speech)}
                       for cid, impact in impacts.items()],
        "started": speech.when(raw.impact_start, config) if raw.impact_start else "",
        "updated": speech.when(latest.at, config),
        "resolved": speech.when(raw.resolved_at, config) if raw.resolved_at else "",
        "duration": speech.duration(duration) if duration is not None and not raw.is_maintenance else "",
        "window": speech.window(raw, config),
        "next_update": next_update,
        "security": security,
        "url": _url(config, speech, urls.incident(raw.id)),
        # The post-incident report, once published (a report message carries it whole).
        "report": text_of(report.text),
        "report_html": _markdown_html(report.text),
        "report_published": speech.when(raw.report_published, config) if raw.report_published else "",
        "report_url": _url(config, speech, urls.incident(raw.id)) + "#post-incident-report",
    }


def site_host(state: SiteState) -> str:
    """The host in Message-IDs: ASCII, as mail headers must be."""
    return ascii_host(state.config)
