"""An incident's text as the readers of one language's tree read it (write.languages builds the trees).

The site's own tree shows the file's own text, exactly as before. Another language's tree shows the
translation when the authors wrote one (core.translations), else the file's own text, marked: `lang`
names the language it is really in, so a screen reader switches voice, and a short note in the page's
language says it is not translated yet. Titles carry the `lang` only: they sit in lists and headings,
where a note would repeat on every line; the note is on the messages and the report, the text read.
"""
from __future__ import annotations

from functools import cached_property

from markupsafe import Markup, escape

from ..core.model import Incident, Update
from .markdown_html import render_message, render_report
from .tables import readable_tables


class InText:
    """`language`: the tree's language, None for the site's own; `own`: the language the files are written in."""

    def __init__(self, language: str | None, own: str):
        self.language = language
        self.own = own

    def title(self, item: Incident):
        if self.language is None:
            return item.title
        picked = item.title_in(self.language)
        if picked.fallback:
            return Markup(f'<span lang="{escape(self.own)}">{escape(picked.text)}</span>')
        return picked.text

    def plain_title(self, item: Incident) -> str:
        """The title as plain text (sharing tags, <title>): the translation, else the file's own."""
        return item.title if self.language is None else item.title_in(self.language).text

    def plain_message(self, update: Update) -> str:
        """An update's message, Markdown, as the tree reads it (sharing tags)."""
        return update.message if self.language is None else update.message_in(self.language).text

    def message(self, update: Update, own_html: str) -> Markup:
        """An update's message as HTML; `own_html` is the file's own message, already converted."""
        alone, fell_back = self.message_alone(update, own_html)
        return self.noted(alone) if fell_back else alone

    def message_alone(self, update: Update, own_html: str) -> tuple[Markup, str | None]:
        """The message as HTML without the note, and the language it is really in when it fell back (None:
        the page's own). A status page's card shows it as one line of text, marked and noted on its own."""
        if self.language is None:
            return Markup(readable_tables(own_html)), None
        picked = update.message_in(self.language)
        if picked.fallback:
            return Markup(readable_tables(own_html)), self.own
        return Markup(readable_tables(render_message(picked.text))), None

    def report(self, item: Incident) -> Markup:
        picked = item.report_in(self.language)
        html = readable_tables(render_report(picked.text))
        return self.noted(html) if picked.fallback else Markup(html)

    def noted(self, html: str) -> Markup:
        """A text that fell back: the note in the page's language, then the text marked with its own."""
        return Markup(f'<p class="sg-fallback">{escape(self.note)}</p>'
                      f'<div class="sg-fallback__text" lang="{escape(self.own)}">{html}</div>')

    @cached_property
    def note(self) -> str:
        """"Not translated yet", in the tree's language, naming the language the text is shown in."""
        from ..languages.catalogs import gettext_for
        from ..languages.locales import locale_of

        _ = gettext_for(self.language)
        try:
            name = locale_of(self.own).get_display_name(locale_of(self.language)) or self.own
        except ValueError:  # a language Babel does not know (validation keeps them out): its code
            name = self.own
        return _("This text is not translated yet; it is shown in %(language)s.") % {"language": name}
