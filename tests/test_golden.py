"""Golden files: the public contract (JSON API, feeds, calendar, badges, banner data) byte for byte.

Subscribers' readers, tools polling /api/v2/ and calendar apps depend on these
bytes; any change to them must be deliberate. When it is, regenerate and
review the diff like any other change:

    STATUSGEN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
    git diff tests/golden/
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.outputs import render_outputs
from sample import ACME, ALL

GOLDEN = Path(__file__).parent / "golden"
# Everything a machine reads. Pages are covered by the page and browser tests.
CONTRACT = ("api/v2/", "history.atom", "history.rss", "components/api/history.atom", "components/api/history.rss",
            "maintenance.ics", "badge.json", "components/api/badge.json", "embed/banner.json")
UPDATE = bool(os.environ.get("STATUSGEN_UPDATE_GOLDEN"))


@pytest.fixture
def layout():
    return ACME


def contract_outputs(make_state) -> dict[str, bytes]:
    out = render_outputs(make_state(ALL))
    chosen = {path: content for path, content in out.items() if path.startswith(CONTRACT)}
    return {path: content.encode("utf-8") if isinstance(content, str) else content for path, content in chosen.items()}


def test_public_outputs_match_the_golden_files(make_state):
    outputs = contract_outputs(make_state)
    assert len(outputs) >= 15
    if UPDATE:
        for path, content in outputs.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(content)
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(golden) == sorted(outputs), "outputs added or removed: regenerate the golden files on purpose"
    changed = [path for path in outputs if outputs[path] != golden[path]]
    assert not changed, (f"{changed} differ from tests/golden/; if the change is deliberate, run "
                         "STATUSGEN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py and review the diff")


def test_a_deliberate_change_to_an_output_fails_the_comparison(make_state, monkeypatch):
    import generator.outputs.api as api

    if UPDATE:
        pytest.skip("regenerating")
    original = api.to_json
    monkeypatch.setattr(api, "to_json", lambda data: original(data).replace(b'"indicator"', b'"Indicator"'))
    outputs = contract_outputs(make_state)
    assert outputs["api/v2/status.json"] != (GOLDEN / "api/v2/status.json").read_bytes()
