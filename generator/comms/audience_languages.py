"""Which language each audience reads: the site's, or its own (`language:` on the audience).

"" stands for the site's language everywhere a delivery is keyed, so that a site in one language plans,
names and records every message exactly as it did before audiences could read another language. A
message goes out once per language its audiences read: the site's readers get today's draft under
today's id; the readers of another language get their own draft, named by the first of their audiences
(`.to-AUDIENCE`, comms.identity), an id no translation added later changes.
"""
from __future__ import annotations

from ..core.notifications import EVERYONE


def language_of(config, audience: str) -> str:
    """The language `audience` reads: its own code, or "" for the site's (theme.language)."""
    if audience == EVERYONE:
        return ""
    declared = config.notifications.audience(audience)
    code = declared.language if declared is not None else ""
    return "" if code == config.language else code


def by_language(config, audiences) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(language, its audiences) in the order the audiences come, each language once ("" the site's)."""
    out: dict[str, list[str]] = {}
    for audience in audiences:
        out.setdefault(language_of(config, audience), []).append(audience)
    return tuple((code, tuple(names)) for code, names in out.items())
