"""HTML page bodies for the status site, from a SiteState.

A plain library: it knows nothing about MkDocs. `plan_pages` lists the pages
the site has (cheaply: no HTML yet); `Renderer.render` turns one of them into
the HTML that goes inside the theme's content area. The MkDocs plugin only
adds these pages to the build and swaps their content in.
"""
from __future__ import annotations

from .pages import PageSpec, plan_pages
from .renderer import Renderer, builtin_templates_dir

__all__ = ["PageSpec", "Renderer", "builtin_templates_dir", "plan_pages"]
