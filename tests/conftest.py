"""Shared fixtures. Helpers for writing sample projects live in tests/helpers.py."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import make_project as _make_project  # noqa: E402


@pytest.fixture
def make_project(tmp_path):
    """make_project(incidents={...}, components=..., site_url=...) -> mkdocs.yml path in tmp_path."""
    def factory(incidents=None, **kwargs):
        return _make_project(tmp_path, incidents, **kwargs)
    return factory
