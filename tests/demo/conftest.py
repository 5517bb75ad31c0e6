"""The shipped demo's own tests: what they share, and when they run (tests/demo_support.py).

They are marked `demo` (pytest -m demo runs only them, -m "not demo" leaves them out). Where the
demo's incidents are gone, as in a repository that replaced the demo with its own status page,
they are skipped, saying why; where STATUSGEN_REQUIRE_DEMO is set (this repository's CI, .ci/run),
they fail instead, so the demo cannot go untested unnoticed.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from demo_support import REQUIRE, build_demo, demo_missing, demo_required

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.demo)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture is made (the demo's would build a site without the demo's incidents)."""
    reason = demo_missing()
    if reason is None:
        return
    if demo_required():
        pytest.fail(f"{reason}; {REQUIRE} is set, so the demo must be there", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The shipped demo as of its fixed moment, served like a real host (gzip, its 404 page)."""
    from reader_support import serve

    site = build_demo(tmp_path_factory.mktemp("demo") / "site")
    with serve(site) as server:
        yield server
