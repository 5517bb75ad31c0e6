"""statusgen's frame around every page: its own theme layer, between the project's and Material's.

The layer (templates/theme/) overrides Material's blocks through a main.html of its own: the header
with the company's logo and name, a Subscribe action and the colour toggle; no tabs, drawer or
sidebars; a footer with the site's pages and the contact address. It sits after the project's
custom_dir, so a project still overrides any of it, and before Material's, whose base.html it extends.

What the frame needs from statusgen's options goes into `extra.statusgen_frame`: the same for every
page, so the frame stays a function of the page's depth, the site's configuration and its nav.
"""
from __future__ import annotations

from pathlib import Path

from ..core.text import N_

SUBSCRIBE_PAGE = "subscribe.md"
EXTRA_KEY = "statusgen_frame"
# The colour toggle's names `statusgen init` writes into mkdocs.yml (and Material's documentation shows):
# statusgen's own words, so each page says them in its language; a project's own names stay as written.
TOGGLE_NAMES = (N_("Switch to dark mode"), N_("Switch to light mode"), N_("Switch to system preference"))


def palette_in(palette, gettext):
    """theme.palette with each toggle's name through `gettext` (a language's catalog): a name the catalog
    knows is said in that language, any other is kept. A single palette (a mapping) has no toggle."""
    if not isinstance(palette, list):
        return palette
    out = []
    for option in palette:
        toggle = option.get("toggle") if isinstance(option, dict) else None
        if isinstance(toggle, dict) and isinstance(toggle.get("name"), str):
            option = {**option, "toggle": {**toggle, "name": gettext(toggle["name"])}}
        out.append(option)
    return out


def theme_dir() -> Path:
    from ..render import builtin_templates_dir

    return builtin_templates_dir() / "theme"


def insert_theme_layer(theme) -> None:
    """Puts the frame in `theme`'s search path (a MkDocs Theme): after custom_dir, before Material."""
    layer = str(theme_dir())
    if layer in theme.dirs:
        return
    at = 1 if theme.custom_dir and theme.dirs and Path(theme.dirs[0]) == Path(theme.custom_dir) else 0
    theme.dirs.insert(at, layer)


def frame_options(contact: str, subscribe_url: str | None, language: str = "en") -> dict:
    """What the frame's templates read (config.extra.statusgen_frame): the contact link, the subscribe
    page's URL (from the site's root) and the frame's words in the site's language; `script_words`, the
    words statusgen.js writes, in that language (none for English: the script's own are English)."""
    from ..languages.catalogs import gettext_for
    from ..languages.punctuation import label_head
    from ..languages.script_words import script_words

    _ = gettext_for(language)
    labels = {"subscribe": _("Subscribe"), "site": _("Site"), "contact": _("Contact"), "contact_us": _("Contact us")}
    labels["contact_label"] = label_head(labels["contact"], language)  # "Contact:", fr "Contact :"
    return {"contact": contact or "", "subscribe": subscribe_url or "", "labels": labels,
            "script_words": script_words(language)}
