"""The words the outputs share (feeds, calendar, badges, banner), in the site's language.

Every output speaks `config.language` (theme.language); a build of several languages hands each
language's outputs a configuration in that language. The JSON API never comes here: it stays
language-neutral, as Statuspage's is.
"""
from __future__ import annotations

from ..core.model import Impact, Word
from ..core.text import N_
from ..languages.catalogs import gettext_for
from ..languages.labels import label
from ..read.config import Config

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


def gettext_of(config: Config):
    """The site's gettext: English text in, the site's language out."""
    return gettext_for(config.language)


def word(value: Word, config: Config) -> str:
    """A status or impact as the site's language names it ("Resolved", "Behoben")."""
    return label(value, config.language)


def impact_in_text(impact: Impact, config: Config) -> str:
    """An impact as a sentence or a badge says it ("degraded performance")."""
    return gettext_of(config)(IMPACT_IN_TEXT[Impact(impact)])


def site_name(config: Config) -> str:
    """The site's name, or a word for it when the project gives none."""
    return config.site_name or gettext_of(config)(N_("Status"))
