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


def check_list_languages(mailing, audiences, site_language: str, check) -> None:
    """The provider's lists of audiences that read different languages never meet.

    One campaign goes out per language (notify.plan), each to its audiences' lists: a subscriber on a list
    of two languages, or everyone's `all` beside a language of its own, would get the message once in each.
    Only what mkdocs.yml shows is checked (a list id given twice, `all`); whether one person joined two
    lists, only the provider knows (docs/subscribers.md)."""
    if mailing is None:
        return
    own = {a.name: ("" if a.language in ("", site_language) else a.language) for a in audiences}

    def reads(name: str) -> str:  # everyone and a component's followers read the site's language
        return own.get(name, "")

    def said(code: str) -> str:
        return code or f"the site's language ({site_language})"

    names = list(dict.fromkeys([*mailing.audiences, *mailing.all_audiences]))
    word = "list" if mailing.provider != "buttondown" else "tag"
    for a in sorted(mailing.all_audiences, key=names.index):
        other = next((b for b in names if b != a and reads(b) != reads(a)), None)
        if other is not None:
            check.error(("mailing_list", "audiences", a),
                        f"{a!r} is `all`, every subscriber, those of {other!r} ({said(reads(other))}) too: they would "
                        f"get the message twice, once in each language; map {a!r} to the tags of its own readers")
    for n, b in enumerate(names):
        for a in names[:n]:
            shared = [i for i in mailing.audiences.get(b, ()) if i in mailing.audiences.get(a, ())]
            if shared and reads(a) != reads(b):
                late = b if reads(b) else a  # said where the other language is declared
                first = a if late == b else b
                check.error(("mailing_list", "audiences", late),
                            f"{late!r} reads {said(reads(late))}, but shares {word} {', '.join(map(str, shared))} "
                            f"with {first!r}, which reads {said(reads(first))}: a subscriber on it would get the "
                            f"message twice, once in each; give each language {word}s of its own")
