"""The in-app banner: embed/banner.json (what is active now), the script that
shows it inside a product page, and a demo page that includes the script.

Only what the severity scheme routes to the "in_app" channel is published:
open incidents whose severity lists in_app, and maintenance in progress when
maintenance_channels lists in_app.

The banner speaks the status site's language, whatever the product page's: banner.json gives each
status in it, and on a site not in English says which language (the banner is marked with it, for
screen readers) and carries the script's few words (banner.js keeps English ones).
"""
from __future__ import annotations

from html import escape
from importlib import resources

from ..core import urls
from ..core.model import Incident
from ..core.text import N_
from ..languages.locales import DEFAULT
from ..languages.punctuation import separator
from ..model.state import SiteState
from .common import incident_url, iso, plain_text, to_json
from .words import gettext_of, word

IN_APP = "in_app"
# What banner.js writes besides the notices' own text; "status" names a notice without a title.
# ": " goes between a notice's status and its text: the language's own (languages.punctuation), not a catalog entry.
COLON = ": "
SCRIPT_WORDS = (N_("Details"), N_("Details: %(title)s"), N_("Dismiss notice: %(title)s"), N_("status"), COLON)
DEMO = urls.BANNER_DEMO


def banner_items(state: SiteState) -> list[Incident]:
    config = state.config
    severities = config.severity_map
    items = [i for i in state.active
             if i.severity in severities and IN_APP in severities[i.severity].channels]
    if IN_APP in config.maintenance_channels:
        items += state.maintenance_active
    return items


def banner_json(state: SiteState) -> bytes:
    config = state.config
    active = []
    for item in banner_items(state):
        phase = state.phase(item)
        active.append({
            "id": item.id,
            "kind": item.kind,
            "title": item.title,
            "status": phase,
            "status_label": word(phase, config.language),
            "impact": state.incident_impact(item),
            "updated_at": iso(item.updated_at),
            "url": incident_url(config, item.id),
            "message": plain_text(item.updates[-1].message),
        })
    page = {"name": config.site_name, "url": urls.absolute(config.site_url, urls.STATUS)}
    data = {"page": page, "active": active}
    if config.language != DEFAULT:  # an English site's banner.json stays as it always was
        _ = gettext_of(config.language)
        page["language"] = config.language
        data["words"] = {text: separator(config.language) if text == COLON else _(text) for text in SCRIPT_WORDS}
    return to_json(data)


def banner_script() -> bytes:
    return compact_script(resources.files(__package__).joinpath("assets/banner.js").read_text(encoding="utf-8"))


def compact_script(source: str) -> bytes:
    """The script as products load it, on every page view: without its indentation and its comment
    lines (the source keeps them for people), the opening comment's first line (how to embed it) kept.

    Only whole comment lines go and only leading spaces: no line of the script continues a string
    or a template across lines, so nothing the browser runs changes.
    """
    head, _, body = source.partition("*/")
    usage = head.splitlines()[0].rstrip() + " */"
    lines = [line.strip() for line in body.splitlines()]
    return "\n".join([usage] + [line for line in lines if line and not line.startswith("//")]).encode("utf-8") + b"\n"


def demo_page(state: SiteState) -> bytes:
    config = state.config
    script_url = urls.absolute(config.site_url, urls.BANNER_JS)
    snippet = f'<script src="{script_url}" async></script>'
    name = escape(config.site_name or "Status")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>In-app status banner demo: {name}</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:0}}main{{max-width:48rem;margin:2rem auto;padding:0 1rem}}
pre{{background:#f3f4f6;padding:1rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}}</style>
</head>
<body>
<main>
<h1>In-app status banner</h1>
<p>This page stands in for a product page. While {name} reports an active incident or maintenance,
a banner appears at the top of this page; when all systems are operational nothing is shown.
Dismissing a notice hides it until the next update.</p>
<h2>Add it to your product</h2>
<p>Paste this tag anywhere in the page:</p>
<pre><code>{escape(snippet)}</code></pre>
<p><a href="{escape(urls.absolute(config.site_url, urls.STATUS))}">Back to the status page</a></p>
</main>
<script src="banner.js" async></script>
</body>
</html>
""".encode("utf-8")


def render_banner(state: SiteState) -> dict[str, bytes]:
    return {
        urls.BANNER_JSON: banner_json(state),
        urls.BANNER_JS: banner_script(),
        DEMO: demo_page(state),
    }
