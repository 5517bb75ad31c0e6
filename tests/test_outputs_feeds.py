"""RSS and Atom feeds, read back with feedparser, jing (RFC 4287 grammar) and an XML parser."""
from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest

from generator.outputs import render_outputs
from sample import ACME, ALL, NOW, RESOLVED, load_state, write_project
from tools import tool_missing

ATOM_RNC = Path(__file__).resolve().parent / "schemas" / "atom.rnc"  # RFC 4287, Appendix B
A = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
SITE = "https://status.acme.example/"


@pytest.fixture
def layout():
    return ACME


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    state = load_state(write_project(tmp_path_factory.mktemp("feeds"), ALL, **ACME))
    return state, render_outputs(state)


def require_jing() -> None:
    if shutil.which("jing") is None:
        tool_missing("jing is not installed (Debian package jing)")


def feed_paths(out: dict, ext: str) -> list[str]:
    return sorted(p for p in out if p.endswith(f"history.{ext}"))


def test_every_feed_parses_without_bozo(site):
    _, out = site
    atom, rss = feed_paths(out, "atom"), feed_paths(out, "rss")
    # Site-wide plus one pair per configured component.
    assert "history.atom" in atom and "components/api/history.atom" in atom and len(atom) == 5
    assert "history.rss" in rss and "components/webhooks/history.rss" in rss and len(rss) == 5
    for path in atom + rss:
        parsed = feedparser.parse(out[path])
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if path.endswith("atom") else "rss20"), path


def test_atom_feeds_validate_against_rfc4287_grammar(site, tmp_path):
    require_jing()
    _, out = site
    paths = feed_paths(out, "atom")
    files = []
    for index, path in enumerate(paths):
        target = tmp_path / f"feed{index}.atom"
        target.write_bytes(out[path])
        files.append(str(target))
    result = subprocess.run(["jing", "-c", str(ATOM_RNC), *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_jing_rejects_an_invalid_atom_feed(tmp_path):
    """The validation above can fail: an entry without an id is not Atom."""
    require_jing()
    bad = tmp_path / "bad.atom"
    bad.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><id>tag:x,2024:y</id>'
                   "<updated>2026-01-01T00:00:00Z</updated><entry><title>t</title>"
                   "<updated>2026-01-01T00:00:00Z</updated></entry></feed>")
    assert subprocess.run(["jing", "-c", str(ATOM_RNC), str(bad)], capture_output=True).returncode != 0


def test_entries_newest_activity_first_with_stable_ids_and_links(site):
    state, out = site
    atom = feedparser.parse(out["history.atom"])
    expected = [i.id for i in state.incidents]
    assert "2026-03-09-draft" not in expected
    assert [e.link for e in atom.entries] == [f"{SITE}incidents/{i}/" for i in expected]
    assert [e.id for e in atom.entries] == [f"tag:status.acme.example,2024:incident:{i}" for i in expected]
    updated = [e.updated_parsed for e in atom.entries]
    assert updated == sorted(updated, reverse=True)
    first = atom.entries[0]
    item = state.incidents[0]
    assert datetime.fromisoformat(first.updated) == item.updated_at
    assert datetime.fromisoformat(first.published) == item.created_at

    rss = feedparser.parse(out["history.rss"])
    assert [e.id for e in rss.entries] == [e.id for e in atom.entries]
    assert [e.link for e in rss.entries] == [e.link for e in atom.entries]
    channel = ET.fromstring(out["history.rss"]).find("channel")
    for guid in channel.iter("guid"):
        assert guid.get("isPermaLink") == "false"
        assert guid.text.startswith("tag:status.acme.example,2024:incident:")
    # RFC 822 dates in RSS; pubDate follows the latest update.
    dates = [parsedate_to_datetime(d.text) for d in channel.iter("pubDate")]
    assert dates == [i.updated_at for i in state.incidents]


def test_feed_dates_come_from_entries_not_the_clock(site, make_state):
    state, out = site
    newest = max(i.updated_at for i in state.incidents)
    atom = ET.fromstring(out["history.atom"])
    assert datetime.fromisoformat(atom.find(f"{A}updated").text) == newest
    channel = ET.fromstring(out["history.rss"]).find("channel")
    assert parsedate_to_datetime(channel.find("lastBuildDate").text) == newest
    assert newest != NOW

    empty = make_state({})
    out = render_outputs(empty)
    parsed = feedparser.parse(out["history.atom"])
    assert not parsed.bozo and parsed.entries == []
    assert datetime.fromisoformat(parsed.feed.updated) == NOW


def test_self_links_point_to_each_feed(site):
    _, out = site
    for path in feed_paths(out, "atom") + feed_paths(out, "rss"):
        root = ET.fromstring(out[path])
        scope = root if root.tag == f"{A}feed" else root.find("channel")
        selfs = [link.get("href") for link in scope.findall(f"{A}link") if link.get("rel") == "self"]
        assert selfs == [SITE + path], path


def test_content_lists_updates_newest_first_with_labels_and_times(site):
    _, out = site
    entries = feedparser.parse(out["history.atom"]).entries
    entry = next(e for e in entries if e.link.endswith("/2026-03-04-api-errors/"))
    html = entry.content[0].value
    assert entry.content[0].type == "text/html"
    positions = [html.index(label) for label in ("Resolved", "Monitoring", "Investigating")]
    assert positions == sorted(positions)
    assert "2026-03-04 10:40 UTC" in html and "2026-03-04 09:12 UTC" in html
    assert "<strong>monitoring</strong>" in html  # Markdown rendered
    assert "Public API (Partial outage)" in html


def test_script_in_messages_never_reaches_feed_html_unescaped(site):
    """Read the raw HTML payload (feedparser would sanitise it and hide a leak)."""
    _, out = site
    payloads = []
    atom = ET.fromstring(out["history.atom"])
    payloads += [c.text for c in atom.iter(f"{A}content")]
    channel = ET.fromstring(out["history.rss"]).find("channel")
    payloads += [c.text for c in channel.iter(CONTENT)]
    payloads += [d.text for d in channel.iter("description")]
    joined = "\n".join(payloads).lower()
    assert "<script" not in joined
    assert 'alert("pwned")' not in joined
    # The code span quoting a tag is kept, as escaped text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in joined


def test_component_feeds_only_hold_that_components_incidents(site):
    state, out = site
    for component in state.config.components:
        parsed = feedparser.parse(out[f"components/{component.id}/history.atom"])
        ids = [e.link.rstrip("/").rsplit("/", 1)[1] for e in parsed.entries]
        assert ids == [i.id for i in state.component_incidents[component.id]]
        for entry in parsed.entries:
            assert component.id in {t.term for t in entry.tags}
    webhooks = feedparser.parse(out["components/webhooks/history.rss"])
    assert {e.link for e in webhooks.entries} == {f"{SITE}incidents/2026-03-04-api-errors/",
                                                  f"{SITE}incidents/2026-03-20-network/"}


def test_feed_entries_bounds_every_feed(make_state):
    state = make_state(ALL, options={"feed_entries": 2})
    out = render_outputs(state)
    assert len(state.incidents) > 2
    for path in ("history.atom", "history.rss"):
        parsed = feedparser.parse(out[path])
        assert [e.link for e in parsed.entries] == [f"{SITE}incidents/{i.id}/" for i in state.incidents[:2]]


def test_feeds_under_a_sub_path_site(make_state):
    out = render_outputs(make_state({"2026-03-04-api-errors": RESOLVED}, site_url="https://acme.example/status/"))
    parsed = feedparser.parse(out["components/api/history.atom"])
    assert parsed.entries[0].link == "https://acme.example/status/incidents/2026-03-04-api-errors/"
    assert parsed.entries[0].id == "tag:acme.example,2024:incident:2026-03-04-api-errors"
    root = ET.fromstring(out["components/api/history.atom"])
    assert [link.get("href") for link in root.findall(f"{A}link") if link.get("rel") == "self"] == [
        "https://acme.example/status/components/api/history.atom"]


def test_feeds_are_byte_stable(site, make_state):
    _, out = site
    again = render_outputs(make_state(ALL))
    for path in feed_paths(out, "atom") + feed_paths(out, "rss"):
        assert again[path] == out[path], path
