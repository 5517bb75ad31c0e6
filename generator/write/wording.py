"""Default update texts, following the incident-communication procedures'
status templates (Investigating, Resolved, Scheduled Maintenance) and the
post-mortem template. Each is a complete text that can be published as is;
authors are expected to make it specific.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from ..read.config import Config
from ..core.model import Incident
from ..core.severities import preset_name
from ..core.text import N_
from ..languages.catalogs import translations
from ..languages.formatting import style_of
from ..languages.labels import label
from ..languages.punctuation import labelled
from ..languages.speech import Speech
from ..validate.placeholders import DATA_ASK


# The default resolve text's closing, after the procedures' Resolved template: sorry, and when the report comes.
APOLOGY = N_("We apologise for the disruption. A post-incident report will be published within %(span)s.")


def ngettext_for(code: str):
    return translations(code).ngettext


def _speech(config: Config) -> Speech:
    """The site's language, as the drafts speak it (times, durations, words)."""
    return Speech(config.language, config.language, config.custom_languages)


def readers_languages(config: Config) -> tuple[str, ...]:
    """The other languages people read the site in (its trees under /<code>/, its audiences' e-mail) that
    statusgen speaks: where a default text can be written in their language too."""
    from ..languages.catalogs import has_catalog

    codes = [*config.languages, *(a.language for a in config.notifications.audiences if a.language)]
    return tuple(dict.fromkeys(c for c in codes if c != config.language and has_catalog(c)))


def in_readers_languages(config: Config, make, given: dict[str, str] | None) -> dict[str, str]:
    """`given` (the author's translations) with `make(config)`, a default text, said in each of the readers'
    languages the author wrote nothing for: a quick post is not "not translated yet" on their pages."""
    from dataclasses import replace

    from ..read.component_translations import config_in_language

    out = dict(given or {})
    for code in readers_languages(config):
        if code not in out:
            out[code] = make(replace(config_in_language(config, code), language=code))
    return out


def _names(config: Config, component_ids) -> str:
    names = [config.component_map[c].name for c in component_ids if c in config.component_map]
    speech = _speech(config)
    if len(names) <= 1:
        return "".join(names) or speech.gettext("our services")
    if speech.english:  # as English texts always said it: "A, B and C"
        return ", ".join(names[:-1]) + " and " + names[-1]
    from ..languages.punctuation import names as listed

    return listed(names, speech.language, speech.custom)


def _cadence(config: Config, severity) -> str:
    speech = _speech(config)
    _ = speech.gettext
    if severity and severity.update_every:
        return _("We will post an update within %(span)s.") % {"span": speech.within(severity.update_every)}
    return _("We will post updates as we learn more.")


def investigating(config: Config, component_ids, severity_id: str | None) -> str:
    severity = config.severity_map.get(severity_id) if severity_id else None
    _ = _speech(config).gettext
    return (_("We are investigating reports of problems with %(components)s. Our team is working to identify the "
              "cause and restore normal service.") % {"components": _names(config, component_ids)}
            + f"\n\n{_cadence(config, severity)}\n")


def security_investigating(config: Config, component_ids, severity_id: str | None) -> str:
    """The first update of a security incident: it may touch no component, and readers want to know what to do."""
    severity = config.severity_map.get(severity_id) if severity_id else None
    _ = _speech(config).gettext
    if component_ids:
        text = _("We are investigating a security incident affecting %(components)s. We are establishing what "
                 "happened and which information may be involved, and will tell you what to do as soon as we "
                 "know.") % {"components": _names(config, component_ids)}
    else:
        text = _("We are investigating a security incident. We are establishing what happened and which "
                 "information may be involved, and will tell you what to do as soon as we know.")
    return f"{text}\n\n{_cadence(config, severity)}\n"


def resolved(config: Config, incident: Incident) -> str:
    severity = config.severity_map.get(incident.severity) if incident.severity else None
    speech = _speech(config)
    count = len(incident.components)
    ngettext = ngettext_for(speech.language)
    text = ngettext(
        "This incident has been resolved and %(components)s is operating normally.",
        "This incident has been resolved and %(components)s are operating normally.",
        count) % {"components": _names(config, incident.components)} + "\n"
    if severity and severity.postmortem_within:
        text += "\n" + speech.gettext(APOLOGY) % {"span": speech.within(severity.postmortem_within)} + "\n"
    return text


def apologises(text: str, gettext) -> bool:
    """Whether `text` says the default resolve text's apology and report promise (APOLOGY, in the language
    `gettext` speaks): an e-mail that carries it need not close by saying it again."""
    said = gettext(APOLOGY).split("%(span)s")[0].strip()
    return len(said) >= 12 and said in " ".join(text.split())


def maintenance_completed(config: Config, incident: Incident) -> str:
    _ = _speech(config).gettext
    return _("The scheduled maintenance has been completed and all services are operating normally.") + "\n"


def scheduled(config: Config, component_ids, start: datetime, end: datetime) -> str:
    names = [config.component_map[c].name for c in component_ids if c in config.component_map]
    speech = _speech(config)
    _ = speech.gettext
    if speech.english:  # as English texts always said it, in UTC
        day = start.strftime("%A %d %B %Y")
        same_day = start.date() == end.date()
        begin = f"{start:%H:%M}" if same_day else f"{start:%H:%M} UTC"
        finish = f"{end:%H:%M} UTC" if same_day else f"{end:%A %d %B %H:%M} UTC"
    else:
        from ..languages import formatting
        from datetime import timezone

        day = formatting.format_date(start.astimezone(timezone.utc), speech.locale, "full")
        begin = formatting.format_time(start, speech.locale)
        finish = (formatting.format_time(end, speech.locale) if start.date() == end.date()
                  else formatting.format_datetime(end, speech.locale, width="full"))
    listing = "\n".join(f"- {n}" for n in names) or "- " + _("Our services")
    return (_("We will be performing scheduled maintenance on %(day)s from %(start)s to %(end)s (%(duration)s).")
            % {"day": day, "start": begin, "end": finish, "duration": speech.duration(end - start)}
            + "\n\n" + _("During this window, the following services may be briefly unavailable:")
            + f"\n\n{listing}\n\n"
            + _("No action is required from customers. We recommend completing any active work before the window "
                "begins.") + "\n")


def postmortem(config: Config, incident: Incident) -> str:
    """A post-incident report skeleton with its timeline filled from the updates (templates/postmortem.md.j2),
    in the site's language: its words from the catalog, its date and duration as the language writes them
    (English: as it always was, 2026-03-04 and 1 h 30 min). The timeline's times stay YYYY-MM-DD HH:MM UTC."""
    from ..render.text_templates import render

    speech = _speech(config)
    _ = speech.gettext
    severity = config.severity_map.get(incident.severity) if incident.severity else None
    timeline = [{"at": incident.started_at, "event": _("Impact began")}]
    changes = incident.impact_changes()
    for index, update in enumerate(incident.updates):
        first_line = " ".join(update.message.split("\n\n")[0].split())
        if len(first_line) > 120:
            first_line = first_line[:117].rstrip() + "…"
        event = labelled(label(update.status, speech.language), first_line, speech.language)
        if index and changes[index] and not update.status.terminal:
            moved = (labelled(_names(config, [cid]), f"{_impact(old, speech)} → {_impact(new, speech)}", speech.language)
                     for cid, (old, new) in changes[index].items())
            event += " (" + "; ".join(moved) + ")"
        timeline.append({"at": update.at, "event": event.replace("|", "\\|")})
    if severity:
        name = _(severity.name) if preset_name(severity.id, severity.name) else severity.name
        severity_text = f"{severity.id} ({name})"
    else:
        severity_text = _("Maintenance")
    return render(config, "postmortem.md.j2", {
        "incident": incident,
        "started": incident.started_at,
        "date": _day(incident.started_at, speech),
        "duration": speech.duration(incident.duration) if incident.duration is not None else _("ongoing"),
        "severity_text": severity_text,
        "components": _names(config, incident.components),
        "timeline": timeline,
        "data_exposed": data_exposed(incident, speech.gettext),
    })


def _impact(impact, speech: Speech) -> str:
    """An impact in a sentence: English's in small letters, as it always was; other languages' as their
    vocabulary writes it (German's nouns keep their capital)."""
    return impact.label.lower() if speech.english else label(impact, speech.language)


def _day(moment: datetime, speech: Speech) -> str:
    """The report's date, the day in UTC (as its timeline): English 2026-03-04, as the skeleton always wrote
    it; another language's as its pages write a day (de 4. März 2026, its spaces non-breaking)."""
    day = moment.astimezone(timezone.utc)
    if speech.english:
        return day.strftime("%Y-%m-%d")
    return style_of(speech.language).date(day)


DATA_PLACEHOLDER = DATA_ASK


def data_exposed(incident: Incident, gettext=str) -> str:
    """The report's "Data exposed" line: what the file names (security.data), a placeholder for a security
    incident that names nothing yet, and "none." only for an incident that is not one, these two in the
    language of `gettext`. Several paragraphs or a list are indented under the line, so they stay part of it."""
    if incident.security is None:
        return gettext(N_("none."))
    data = incident.security.data.strip()
    if not data:
        return gettext(DATA_PLACEHOLDER)
    if "\n\n" not in data and not re.match(r"\s*(?:[-*+]|\d+[.)])\s", data, re.M):
        return " ".join(data.split())
    return "\n\n" + "\n".join(f"    {line}" if line.strip() else "" for line in data.splitlines())
