"""The words of the incident vocabulary in the reader's language.

The statuses, impacts and kinds are defined, in English and marked for the catalogs, once, in
core.model (Word.label); the overall-impact words of an incident card are marked here. Templates
and the render code ask for them through `label`, so a word is never translated in two places.
"""
from __future__ import annotations

from ..core.model import Word
from .catalogs import N_, gettext_for

# An incident's overall impact as its card names it (the renderer reads it from here, through `label`).
IMPACT_TEXT = {"none": N_("No impact"), "minor": N_("Minor"), "major": N_("Major"), "critical": N_("Critical"),
               "maintenance": N_("Maintenance")}


def label(word: Word | str, code: str) -> str:
    """A status, impact or kind (or an overall impact such as "major") as readers of `code` read it."""
    english = word.label if isinstance(word, Word) else IMPACT_TEXT.get(word, str(word))
    return gettext_for(code)(english)
