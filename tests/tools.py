"""Checkers the tests run that are not Python packages (Chromium, jing, axe-core...)."""
from __future__ import annotations

import os

import pytest


def tool_missing(message: str):
    """Skip when a checker is not installed; in CI (STATUSGEN_REQUIRE_TOOLS) fail instead."""
    if os.environ.get("STATUSGEN_REQUIRE_TOOLS"):
        pytest.fail(message)
    pytest.skip(message)
