"""`{{ update_cadence }}` in a hand-written page (about.md): the configured update cadence, pure.

Filled at every build from the severities' `update_every`, so the promise on
the about page is the one the engineers are held to (statusgen validate warns
when an open incident misses it) and changes with mkdocs.yml, never a copy
written once at `statusgen init` and left behind.
"""
from __future__ import annotations

from datetime import timedelta
from html import escape

from ..core.timeutil import describe_duration

PLACEHOLDER = "{{ update_cadence }}"
WITHOUT_CADENCE = "whenever there is news"


def _every(delta: timedelta) -> str:
    text = describe_duration(delta)
    return f"every {text[2:]}" if text.startswith("1 ") else f"every {text}"  # "every hour", not "every 1 hour"


def cadence_text(severities) -> str:
    """ "at least every 15 minutes for P1 (Critical) and every 30 minutes for P2 (High)" (as HTML-safe text)."""
    parts = [f"{_every(s.update_every)} for {escape(s.id)} ({escape(s.name)})" for s in severities if s.update_every]
    if not parts:
        return WITHOUT_CADENCE
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"at least {listed}"


def substitute_cadence(markdown: str, config) -> str:
    return markdown.replace(PLACEHOLDER, cadence_text(config.severities)) if PLACEHOLDER in markdown else markdown
