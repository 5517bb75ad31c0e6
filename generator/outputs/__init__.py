"""Machine-readable outputs: feeds, JSON API, calendar, badges, banner.

`render_outputs(state)` is the one entry point: a pure function from the
site's state to {site-relative path: file bytes}. It never reads the clock
(state.now is the build's moment) and orders everything explicitly, so the
same inputs give byte-identical files.
"""
from __future__ import annotations

from ..core import urls
from ..model.state import SiteState

__all__ = ["render_outputs"]


def render_outputs(state: SiteState) -> dict[str, bytes]:
    # Imported here so that commands using one piece (notify reuses the API's
    # incident object) do not load feed and calendar libraries at start-up.
    from .api import render_api
    from .badges import render_badges
    from .banner import render_banner
    from .calendar import render_calendar
    from .feeds import render_feeds

    out: dict[str, bytes] = {urls.BUILD_INFO: _build_info(state)}
    for render in (render_feeds, render_api, render_calendar, render_badges, render_banner):
        produced = render(state)
        clash = out.keys() & produced.keys()
        assert not clash, f"two outputs claim {sorted(clash)}"
        out.update(produced)
    return dict(sorted(out.items()))


def _build_info(state: SiteState) -> bytes:
    """The build's moment, which open pages poll to offer a newer version (a few bytes, fetched past caches),
    and the commit it was built from when known, which `statusgen due` compares with the newest one."""
    from .common import iso, to_json

    info = {"built_at": iso(state.now)}
    if state.commit:
        info["commit"] = state.commit
    return to_json(info)
