"""A default text's translation that outlived its message.

`statusgen new` and `resolve` without -m write their default text in the site's language and in every other
language the site is read in (write.wording.in_readers_languages). Authors are expected to make the message
specific; when they rewrite it and not the translations, readers of those languages would keep statusgen's
generic text, unmarked, while the site's own readers get the real one. `validate` and every build warn.
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial

from ..core.diagnostics import WARNING, Diagnostic
from ..core.model import Incident, Status
from ..read.component_translations import config_in_language
from ..read.config import Config


def _same(one: str, other: str) -> bool:
    return one.split() == other.split()


def _defaults(item: Incident, index: int) -> list:
    """The default texts update `index` may have been written with, each a function of a configuration."""
    from . import wording  # only for a translated update: an English site's checks load no Babel

    update = item.updates[index]
    if index == 0:  # `new` names the components at the top of the file
        named = list(update.components or item.components)
        if item.is_maintenance:
            if item.window_start is None or item.window_end is None:
                return []
            return [partial(wording.scheduled, component_ids=named, start=item.window_start,
                            end=item.window_end)]
        return [partial(make, component_ids=named, severity_id=item.severity)
                for make in (wording.investigating, wording.security_investigating)]
    if update.status == Status.RESOLVED:
        return [partial(wording.resolved, incident=item)]
    if update.status == Status.COMPLETED:
        return [partial(wording.maintenance_completed, incident=item)]
    return []


def stale_defaults(config: Config, incidents: list[Incident]) -> list[Diagnostic]:
    """A warning for each translation that is still statusgen's default text of an update whose message is not."""
    out = []
    for item in incidents:
        for index, update in enumerate(item.updates):
            if not update.translations:
                continue
            makers = _defaults(item, index)
            if not makers:
                continue
            for code, text in sorted(update.translations.items()):
                said = replace(config_in_language(config, code), language=code)
                for make in makers:
                    if _same(text, make(said)) and not _same(update.message, make(config)):
                        out.append(Diagnostic(
                            item.source, update.line,
                            f"update {index + 1}'s {code} text is statusgen's default one, but its message was "
                            f"rewritten since: readers of {code} would keep the default; translate the new message "
                            f"(translations: {code}: beside it) or delete the {code} text, and they see the message "
                            "itself, marked as not translated", WARNING))
                        break
    return out
