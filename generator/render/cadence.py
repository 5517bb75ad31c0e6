"""`{{ update_cadence }}` in a hand-written page (about.md): the configured update cadence, pure.

Filled at every build from the severities' `update_every`, so the promise on
the about page is the one the engineers are held to (statusgen validate warns
when an open incident misses it) and changes with mkdocs.yml, never a copy
written once at `statusgen init` and left behind.
"""
from __future__ import annotations

from datetime import timedelta
from html import escape

from ..core.severities import preset_name
from ..core.text import N_
from ..core.timeutil import format_duration
from ..languages import punctuation
from ..languages.catalogs import translations

PLACEHOLDER = "{{ update_cadence }}"
WITHOUT_CADENCE = N_("whenever there is news")


def _every(delta: timedelta, words) -> str:
    """"every 30 minutes", "every hour" (not "every 1 hour"), "every 2 hours", "every 5 days", as
    core.timeutil.describe_duration counts them, in the site's language."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60 or minutes % 60:
        if minutes == 1:
            return words.gettext("every minute")
        if minutes < 120:
            return words.ngettext("every %(num)s minute", "every %(num)s minutes", minutes) % {"num": minutes}
        return words.gettext("every %(duration)s") % {"duration": format_duration(delta)}
    hours = minutes // 60
    if hours == 1:
        return words.gettext("every hour")
    if hours <= 72 or hours % 24:
        return words.ngettext("every %(num)s hour", "every %(num)s hours", hours) % {"num": hours}
    return words.ngettext("every %(num)s day", "every %(num)s days", hours // 24) % {"num": hours // 24}


def _name(severity, words) -> str:
    return words.gettext(severity.name) if preset_name(severity.id, severity.name) else severity.name


def cadence_text(severities, language: str = "en") -> str:
    """ "at least every 15 minutes for P1 (Critical) and every 30 minutes for P2 (High)" (as HTML-safe text)."""
    words = translations(language)
    parts = [words.gettext("%(every)s for %(id)s (%(name)s)") % {"every": _every(s.update_every, words),
                                                                  "id": escape(s.id), "name": escape(_name(s, words))}
             for s in severities if s.update_every]
    if not parts:
        return words.gettext(WITHOUT_CADENCE)
    if len(parts) == 1:
        listed = parts[0]
    elif punctuation.english(language):
        listed = words.gettext("%(list)s and %(last)s") % {"list": ", ".join(parts[:-1]), "last": parts[-1]}
    else:  # the language's own list: fr "A, B et C", ja "A、B、C"
        listed = punctuation.names(parts, language)
    return words.gettext("at least %(list)s") % {"list": listed}


def substitute_cadence(markdown: str, config) -> str:
    if PLACEHOLDER not in markdown:
        return markdown
    return markdown.replace(PLACEHOLDER, cadence_text(config.severities, getattr(config, "language", "en")))
