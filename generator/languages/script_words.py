"""The words statusgen.js writes into a page, in the page's language.

statusgen.js is one file for every page of a site, and for every language of a build that has
several: its words cannot be baked into it. Each page carries them instead, read from the catalogs
when the frame is rendered (templates/theme/statusgen_frame.html puts them in a
`<script id="sg-words" type="application/json">` element), and the script looks each English text up
there, keeping the English it holds when the page has no such element (an English page, which
therefore stays exactly as it was).

A word with a count comes in the forms of the page's language keyed by the CLDR plural category
(one, few, many, other...), which the script picks with the browser's Intl.PluralRules: the catalogs
hold gettext's forms, so each category is translated through gettext with a number of that category.
"""
from __future__ import annotations

import gettext

from .catalogs import N_, translations
from .locales import babel_name

ELEMENT_ID = "sg-words"  # what statusgen.js reads


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Marks a counted text for the catalogs (extracted with both forms, as gettext's ngettext is);
    translated in `script_words`, with a number of each of the language's plural categories."""
    return singular, plural


# Every text statusgen.js writes, as it writes it in English (the script holds the same English text:
# tests/test_script_words.py checks that the two lists agree). %(count)s is a number, %(time)s the
# page's "last updated" time and %(link)s the link that reloads the page: the script puts them in.
WORDS = (
    # A moment relative to now ("5 min ago"): the abbreviated units of the page's times.
    N_("just now"),
    N_("in under a minute"),
    ngettext("%(count)s min ago", "%(count)s min ago"),
    ngettext("%(count)s h ago", "%(count)s h ago"),
    ngettext("%(count)s d ago", "%(count)s d ago"),
    ngettext("in %(count)s min", "in %(count)s min"),
    ngettext("in %(count)s h", "in %(count)s h"),
    ngettext("in %(count)s d", "in %(count)s d"),
    # The notice on a page older than it should be; the part before %(time)s is updated as it ages.
    ngettext("This page was last updated %(count)s minute ago, at %(time)s. It may not show recent changes.",
             "This page was last updated %(count)s minutes ago, at %(time)s. It may not show recent changes."),
    ngettext("This page was last updated %(count)s hour ago, at %(time)s. It may not show recent changes.",
             "This page was last updated %(count)s hours ago, at %(time)s. It may not show recent changes."),
    ngettext("This page was last updated %(count)s day ago, at %(time)s. It may not show recent changes.",
             "This page was last updated %(count)s days ago, at %(time)s. It may not show recent changes."),
    N_("Dismiss"),
    # A newer build than the open page.
    N_("This page has been updated since you opened it. %(link)s."),
    N_("Show the latest status"),
    # A promised update whose time has passed (the page's own text says "Next update expected by").
    N_("An update is overdue: the next one was expected by"),
    N_("The next update was expected by"),
    # A maintenance's phase, moved on by the reader's clock (the same words as the page's: core.model).
    N_("Scheduled"),
    N_("In progress"),
    N_("Verifying"),
    N_("Completed"),
)


def _samples(code: str) -> dict[str, int]:
    """A whole number of each plural category of `code` (CLDR's), smallest first."""
    from babel import Locale

    rule = Locale.parse(babel_name(code)).plural_form
    found: dict[str, int] = {}
    for number in (*range(0, 200), 1000000):  # `many` is 1000000 in French, Spanish and Portuguese
        found.setdefault(rule(number), number)
    return found


def script_words(code: str) -> dict[str, str | dict[str, str]]:
    """{English text: the text in `code`} for statusgen.js; a counted text maps each plural category
    to its form. Empty for English and for a language statusgen has no catalog for: the script's own
    English is then the text, and the page carries nothing more."""
    catalog = translations(code)
    if type(catalog) is gettext.NullTranslations:  # English, or no catalog for the language
        return {}
    samples = _samples(code)
    out: dict[str, str | dict[str, str]] = {}
    for word in WORDS:
        if isinstance(word, tuple):
            singular, plural = word
            out[singular] = {category: catalog.ngettext(singular, plural, number)
                             for category, number in sorted(samples.items())}
        else:
            out[word] = catalog.gettext(word)
    return out
