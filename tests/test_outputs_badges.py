"""Status badges: SVG read back as XML, shields.io endpoint JSON read back as JSON."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from generator.outputs import render_outputs
from sample import ACME, ACME_COMPONENTS, ALL, QUIET

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def layout():
    return ACME


def parse_svg(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    return root


def badge_text(root: ET.Element) -> tuple[str, list[str], list[str]]:
    title = root.find(f"{SVG}title").text
    texts = [t.text for t in root.iter(f"{SVG}text")]
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    return title, texts, fills


def check_accessible(root: ET.Element) -> None:
    title, texts, _ = badge_text(root)
    assert root.get("role") == "img"
    assert root.get("aria-label") == title == f"{texts[0]}: {texts[1]}"
    widths = [int(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert int(root.get("width")) == sum(widths)
    for text, width in zip(texts, widths):
        assert 0 < len(text) and width > 0


def test_overall_badge_follows_the_indicator(make_state):
    busy = render_outputs(make_state(ALL))
    quiet = render_outputs(make_state(QUIET))
    b, q = parse_svg(busy["badge.svg"]), parse_svg(quiet["badge.svg"])
    check_accessible(b)
    check_accessible(q)
    assert badge_text(b)[1] == ["status", "major outage"]
    assert badge_text(q)[1] == ["status", "operational"]
    assert badge_text(b)[2][1] != badge_text(q)[2][1]
    assert json.loads(busy["badge.json"]) == {"schemaVersion": 1, "label": "status", "message": "major outage",
                                              "color": "red"}
    assert json.loads(quiet["badge.json"])["color"] == "brightgreen"


def test_component_badges_and_escaping(make_state):
    components = [{**c, "name": "Hooks & <Events>"} if c["id"] == "webhooks" else c for c in ACME_COMPONENTS]
    out = render_outputs(make_state(ALL, components=components))
    web = parse_svg(out["components/web-app/badge.svg"])
    check_accessible(web)
    assert badge_text(web)[1] == ["Web application", "major outage"]
    api = parse_svg(out["components/api/badge.svg"])
    assert badge_text(api)[1] == ["Public API", "operational"]
    assert badge_text(web)[2][1] != badge_text(api)[2][1]
    raw = out["components/webhooks/badge.svg"].decode()
    assert "<Events>" not in raw and "&lt;Events&gt;" in raw
    hooks = parse_svg(out["components/webhooks/badge.svg"])
    check_accessible(hooks)
    assert badge_text(hooks)[1][0] == "Hooks & <Events>"
    assert json.loads(out["components/exports/badge.json"]) == {
        "schemaVersion": 1, "label": "Data exports", "message": "degraded performance", "color": "yellow"}


def test_width_grows_with_text(make_state):
    out = render_outputs(make_state(ALL))
    short = parse_svg(out["components/api/badge.svg"])
    long = parse_svg(out["components/web-app/badge.svg"])
    assert int(long.get("width")) > int(short.get("width"))
