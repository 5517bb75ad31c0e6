"""Plain-text templates (chat messages, the post-incident report skeleton): shipped ones,
replaceable from the project's <theme.custom_dir>/statusgen/ like the page templates, and
rendered in the sandbox (render.sandbox)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2

from . import sandbox
from ..read.config import Config
from ..core.diagnostics import UserError


def environment(overrides_dir: Path | None, finalize: Callable | None = None,
                language: str = "en") -> jinja2.Environment:
    """Templates from the project's overrides first, then the shipped ones; never HTML-escaped; their
    gettext speaks `language` (the site's theme.language)."""
    return sandbox.environment([overrides_dir] if overrides_dir is not None else [], sandbox.shipped_dir(),
                               language=language, autoescape=False, finalize=finalize, undefined=jinja2.StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render(config: Config, name: str, context: dict) -> str:
    """Render one template; a broken override is a UserError naming its file and line."""
    env = environment(config.overrides_dir, language=config.language)
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateError as exc:
        raise UserError([sandbox.diagnostic(exc, name, "fix the template, or delete it to use the shipped one")]) \
            from None
