"""`language:` on an audience of the notification policy: the language its people read.

    notifications:
      audiences:
        - name: kunden-de
          description: Customers in Germany
          language: de          # Material's code, as theme.language spells it (de, pt-BR, ja...)

Such an audience gets its drafts (the e-mail, and the social post where the policy names it there)
in its language: statusgen's own words from that language's catalog, the incident's title, messages
and report from their translations where the file has them, the site's own text (said in the draft)
where it does not. Without `language:` an audience reads the site's language. `everyone` is whoever
the plain targets reach, always in the site's language, so it takes none.

Kept apart from notification_options.py, which calls `read_audience_language` for each audience.
"""
from __future__ import annotations

from ..core.notifications import EVERYONE
from ..core.timeutil import type_name
from ..languages.locales import UnknownLanguage, locale_of


def read_audience_language(value, keys: tuple, check, name: str) -> str:
    """The audience's language code ("": the site's); every problem goes to `check` with its line."""
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip():
        check.error(keys, f"must be a language code such as de, fr or pt-BR, got {type_name(value)}")
        return ""
    code = value.strip()
    if name == EVERYONE:
        check.error(keys, "everyone reads the site's language (theme.language); declare an audience of its own "
                          "for the people who read another, and name it in the rules")
        return ""
    try:
        locale_of(code)
    except UnknownLanguage as exc:
        check.error(keys, str(exc))
        return ""
    return code
