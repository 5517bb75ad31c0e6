"""maintenance.ics: every maintenance window as an RFC 5545 event.

Calendar apps subscribe to the file and re-read it, matching events by UID.
A changed event must carry a higher SEQUENCE, and the rule has to be
stateless (a build cannot remember what it published before): SEQUENCE is
the number of updates posted after the announcement. Updates are
append-only, so it only ever grows, and moving the window is announced with
an update anyway.

The words statusgen adds (the summary's "Maintenance:", the description's labels, the calendar's
name) are in the site's language (outputs.words); UIDs are not words and never change with it.
"""
from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar, Event, vDuration, vText

from ..core import urls
from ..core.model import Incident, Status
from ..languages.punctuation import labelled, names
from ..model.state import SiteState
from ..render.in_language import InText
from .common import host, human_time, plain_text, utc
from .words import MAINTENANCE_TITLE, gettext_of, site_name, word

# Every phase of a window that will (or did) happen is CONFIRMED; authors
# announce "scheduled" maintenance when it is decided, not tentatively.
ICS_STATUS = {
    Status.SCHEDULED: "CONFIRMED",
    Status.IN_PROGRESS: "CONFIRMED",
    Status.VERIFYING: "CONFIRMED",
    Status.COMPLETED: "CONFIRMED",
    Status.CANCELLED: "CANCELLED",
}
REFRESH = timedelta(hours=1)


def uid(item: Incident, site_host: str) -> str:
    return f"{item.id}@{site_host}"


def _event(item: Incident, state: SiteState, site_host: str, text: InText) -> Event:
    """`text`: the tree's language (render.in_language): its words, the incident's translation (else its own)."""
    config = state.config
    code = text.language or config.language
    _ = gettext_of(code)
    latest = item.updates[-1]
    phase = state.phase(item)
    affected = names([config.component_name(c) for c in item.affected], code)
    description = [labelled(word(phase, code), plain_text(text.plain_message(latest)), code)]
    if affected:
        description.append(_("Affected: %(components)s") % {"components": affected})
    window = _("%(start)s to %(end)s") % {"start": human_time(item.window_start, config),
                                          "end": human_time(item.window_end, config)}
    description.append(_("Window: %(window)s") % {"window": window})
    address = urls.absolute(config.site_url, urls.in_language(_prefix(text), urls.incident(item.id)))
    description.append(_("Details: %(address)s") % {"address": address})

    event = Event()
    event.add("uid", uid(item, site_host))
    # DTSTAMP is the time this version of the event was written: the latest update.
    event.add("dtstamp", utc(latest.at))
    event.add("created", utc(item.created_at))
    event.add("last-modified", utc(latest.at))
    event.add("sequence", len(item.updates) - 1)
    event.add("dtstart", utc(item.window_start))
    event.add("dtend", utc(item.window_end))
    event.add("summary", _(MAINTENANCE_TITLE) % {"title": text.plain_title(item)})
    event.add("description", "\n\n".join(description))
    event.add("status", ICS_STATUS[phase])
    event.add("transp", "TRANSPARENT")  # a maintenance window does not make anyone busy
    event.add("url", address)
    event.add("categories", [_("Maintenance")])
    return event


def _calendar() -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//statusgen//Maintenance calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    return cal


def _prefix(text: InText) -> str:
    return f"{text.language}/" if text.language else ""


def render_calendar(state: SiteState, language: str | None = None) -> dict[str, bytes]:
    """The whole calendar to subscribe to, and each maintenance's own file to add it once ("add to
    calendar" on its card and page): the same event, UID and SEQUENCE in both, so a calendar that has
    both shows it once and follows its changes. With `language` (one of plugins.statusgen.languages),
    that language's, under /<language>/: the same events and UIDs, said in it."""
    config = state.config
    text = InText(language if language != config.language else None, config.language)
    prefix = _prefix(text)
    code = text.language or config.language
    site_host = host(config)
    _ = gettext_of(code)
    name = site_name(config.site_name, code)
    cal = _calendar()
    cal.add("x-wr-calname", _("%(site)s: maintenance") % {"site": name})
    cal.add("x-wr-caldesc", vText(_("Scheduled maintenance windows for %(site)s") % {"site": name}))
    cal.add("x-wr-timezone", "UTC")
    cal.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    cal.add("url", urls.absolute(config.site_url, prefix + urls.CALENDAR))
    # Sorted by window, then id: a stable order whatever the activity order.
    windows = sorted((i for i in state.incidents if i.is_maintenance and i.window_start and i.window_end),
                     key=lambda i: (i.window_start, i.id))
    # Each event is serialised once (icalendar's serialising is most of this file's time) and placed in
    # both files: a calendar's text is its own lines, then its events' text as each gives it, then END.
    events = [_event(item, state, site_host, text).to_ical() for item in windows]
    own = _calendar().to_ical()
    out = {prefix + urls.incident_calendar(item.id): _with_events(own, [event])
           for item, event in zip(windows, events)}
    out[prefix + urls.CALENDAR] = _with_events(cal.to_ical(), events)
    return out


_END = b"END:VCALENDAR\r\n"


def _with_events(empty: bytes, events: list[bytes]) -> bytes:
    """What an empty calendar's to_ical() gives once the events are added to it."""
    if not empty.endswith(_END):  # pragma: no cover - icalendar always ends a calendar so
        raise ValueError("unexpected calendar text")
    return empty[:-len(_END)] + b"".join(events) + _END
