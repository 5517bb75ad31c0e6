"""The words the outputs share (feeds, calendar, badges, banner), in a language.

Each function takes the language (Material's code): the site's, `config.language` (theme.language),
or that of a language's own feeds in a build of several. The JSON API never comes here: it stays
language-neutral, as Statuspage's is.
"""
from __future__ import annotations

from ..core.model import Impact, Word
from ..core.text import N_
from ..languages.catalogs import gettext_for
from ..languages.labels import label

# An impact inside a sentence or on a badge ("api: degraded performance → operational"): English writes
# it in lower case; each language writes it as its grammar does (German keeps a noun's capital).
IMPACT_IN_TEXT = {
    Impact.OPERATIONAL: N_("operational"),
    Impact.UNDER_MAINTENANCE: N_("under maintenance"),
    Impact.DEGRADED_PERFORMANCE: N_("degraded performance"),
    Impact.PARTIAL_OUTAGE: N_("partial outage"),
    Impact.MAJOR_OUTAGE: N_("major outage"),
}
MAINTENANCE_TITLE = N_("Maintenance: %(title)s")  # a maintenance's title where it stands among incidents


def gettext_of(language: str):
    """The language's gettext: English text in, the language's out."""
    return gettext_for(language)


def word(value: Word, language: str) -> str:
    """A status or impact as the language names it ("Resolved", "Behoben")."""
    return label(value, language)


def impact_in_text(impact: Impact, language: str) -> str:
    """An impact as a sentence or a badge says it ("degraded performance")."""
    return gettext_for(language)(IMPACT_IN_TEXT[Impact(impact)])


def site_name(name: str | None, language: str) -> str:
    """The site's name, or a word for it when the project gives none."""
    return name or gettext_for(language)(N_("Status"))
