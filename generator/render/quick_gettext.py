"""The templates' gettext, ngettext and _ as Jinja's i18n extension makes them (new style), with less work per call.

A page calls them dozens of times (its headings, labels, tags): at 10,000 incidents over half a
million calls, each going through three of Jinja's context calls (`_` looks `gettext` up and calls it,
which calls the catalog's). These do what Jinja's do, in the same order and with the same result: the
catalog's text, made Markup when the template autoescapes, then formatted with the call's variables
(always, so "%%" reads "%" as in Jinja's). A text called without variables gives the same result
every time, so it is kept (per environment, hence per language).
"""
from __future__ import annotations

from collections.abc import Callable

import jinja2
from markupsafe import Markup


def install(env: jinja2.Environment) -> None:
    """Replace the i18n extension's gettext, ngettext and _ (installed with newstyle=True) in env.globals."""
    translations = _catalog_function(env.globals["gettext"])
    n_translations = _catalog_function(env.globals["ngettext"])
    if translations is None or n_translations is None:
        return  # not Jinja's new-style callables: leave them alone
    gettext, ngettext = _gettext(translations), _ngettext(n_translations)

    @jinja2.pass_context
    def alias(__context, *args, **kwargs):
        # Jinja's _ calls whatever `gettext` means where it is called; only this one is skipped to.
        found = __context.resolve("gettext")
        if found is gettext:
            return gettext(__context, *args, **kwargs)
        return __context.call(found, *args, **kwargs)

    env.globals.update(gettext=gettext, ngettext=ngettext, _=alias)


def _catalog_function(wrapper) -> Callable | None:
    """The catalog's function that Jinja's new-style wrapper calls (its only closure cell), or None."""
    cells = getattr(wrapper, "__closure__", None) or ()
    if getattr(wrapper, "__qualname__", "") not in ("_make_new_gettext.<locals>.gettext",
                                                   "_make_new_ngettext.<locals>.ngettext") or len(cells) != 1:
        return None
    return cells[0].cell_contents


def _gettext(func: Callable[[str], str]):
    plain: dict[tuple[str, bool], str] = {}

    @jinja2.pass_context
    def gettext(__context, __string, **variables):
        autoescape = __context.eval_ctx.autoescape
        if variables:
            rv = func(__string)
            return (Markup(rv) if autoescape else rv) % variables
        key = (__string, autoescape)
        found = plain.get(key)
        if found is None:
            rv = func(__string)
            found = plain[key] = (Markup(rv) if autoescape else rv) % variables
        return found

    return gettext


def _ngettext(func: Callable[[str, str, int], str]):
    @jinja2.pass_context
    def ngettext(__context, __singular, __plural, __num, **variables):
        variables.setdefault("num", __num)
        rv = func(__singular, __plural, __num)
        return (Markup(rv) if __context.eval_ctx.autoescape else rv) % variables

    return ngettext
