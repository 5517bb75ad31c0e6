"""One language's way of saying a message: its words (the catalogs), its times, windows and durations,
and the note a reader gets when the incident's own text was not translated into it.

A draft is written for readers of one language: the site's (theme.language), or an audience's own
(`language:` on an audience in the notification policy, read/audience_language_options.py). English
keeps the forms its drafts always had ("2026-03-04 10:40 UTC"), byte for byte: an English site's
e-mail, and so the record of it, is what it was before languages existed. Every other language writes
its times through Babel (languages.formatting), in the site's time zone.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..core.timeutil import describe_duration, format_duration
from . import formatting
from .catalogs import gettext_for
from .locales import babel_name, locale_of


def _english_time(moment: datetime, config) -> str:
    """'2026-03-04 10:40 UTC' in the site's zone: the form English drafts always had (outputs.common.human_time)."""
    local = moment.astimezone(config.zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or config.time_zone}"


def _english_window(item, config) -> str:
    """'2026-03-10 02:00–04:00 UTC', as English drafts always wrote a window (comms.payloads.window_text)."""
    start, end = item.window_start.astimezone(config.zone), item.window_end.astimezone(config.zone)
    zone = end.tzname() or config.time_zone
    if start.date() == end.date() and start.tzname() == end.tzname():
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} {zone}"
    return f"{_english_time(item.window_start, config)} – {_english_time(item.window_end, config)}"


@dataclass(frozen=True)
class Speech:
    language: str  # Material's code: the draft's readers'
    site_language: str  # the site's own (theme.language): the language of the file's own text
    custom: frozenset = frozenset()  # languages the project gives Material itself

    @property
    def english(self) -> bool:
        return babel_name(self.language).split("_")[0] == "en"

    @property
    def own(self) -> bool:
        """Written for the site's own readers: the file's text needs no translation."""
        return self.language == self.site_language

    @property
    def locale(self):
        return locale_of(self.language, self.custom)

    def gettext(self, text: str) -> str:
        return gettext_for(self.language)(text)

    def when(self, moment: datetime, config) -> str:
        """A moment in the site's time zone: en '2026-03-04 10:40 UTC', de '04.03.2026, 11:40 MEZ'."""
        if self.english:
            return _english_time(moment, config)
        return formatting.format_datetime(moment, self.locale, config.zone)

    def window(self, item, config) -> str:
        """A maintenance window: en '2026-03-10 02:00–04:00 UTC', de '10.03.2026, 03:00–05:00 MEZ'."""
        if not (item.window_start and item.window_end):
            return ""
        if self.english:
            return _english_window(item, config)
        start, end = item.window_start.astimezone(config.zone), item.window_end.astimezone(config.zone)
        if start.date() == end.date() and start.tzname() == end.tzname():
            day = formatting.format_date(start, self.locale)
            clock = formatting.format_time(item.window_start, self.locale, config.zone).split("\u00a0")[0]
            return f"{day}, {clock}–{formatting.format_time(item.window_end, self.locale, config.zone)}"
        return f"{self.when(item.window_start, config)} – {self.when(item.window_end, config)}"

    def duration(self, delta: timedelta) -> str:
        """How long it lasted: en '2 h 05 min', de '2 Std. 5 Min.'."""
        return format_duration(delta) if self.english else formatting.format_duration(delta, self.locale)

    def within(self, delta: timedelta) -> str:
        """A span in prose ('within 48 hours'): en '30 minutes', '2 hours', '5 days'; de '30 Minuten'."""
        if self.english:
            return describe_duration(delta)
        from babel import units

        minutes = int(delta.total_seconds() // 60)

        def say(amount: int, unit: str) -> str:
            return units.format_unit(amount, f"duration-{unit}", "long", locale=self.locale)

        if minutes < 60 or minutes % 60:
            return say(minutes, "minute") if minutes < 120 else formatting.format_duration(delta, self.locale)
        hours = minutes // 60
        return say(hours, "hour") if hours <= 72 or hours % 24 else say(hours // 24, "day")

    def language_name(self, code: str) -> str:
        """A language's name as this draft's readers write it: 'English' in English, 'Englisch' in German."""
        from babel import Locale

        return Locale.parse(babel_name(code)).get_language_name(self.locale) or code

    def fallback_note(self) -> str:
        """What a draft says when some of the incident's text is in the site's language instead of its own."""
        _ = self.gettext
        return _("Some of this message has not been translated into %(language)s yet; that part is in "
                 "%(original)s, as on the status page.") % {"language": self.language_name(self.language),
                                                             "original": self.language_name(self.site_language)}

    def fallback_mark(self) -> str:
        """The same, in a few words, for a one-line post: '(in English)'."""
        return self.gettext("(in %(original)s)") % {"original": self.language_name(self.site_language)}
