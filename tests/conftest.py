"""Layered fixtures over tests/sample.py: project -> config -> state -> outputs -> built_site.

Every layer takes the one below, so a test asks for the layer it checks and
overrides a lower one to change the sample:

- `layout`: mkdocs.yml's layout (components, options, site_url, site_name, extra;
  see sample.mkdocs_yml) of every project the test writes. {} means sample's defaults;
  a module overrides it for another sample (e.g. sample.ACME).
- `project_incidents`: the incident files of `project` (name -> text). {} unless overridden.
- `now`: the moment the state is built at. sample.NOW unless overridden.

The browser tests share `browser` (one Chromium) per worker; `reader` (tests/reader_sample.py, served)
is the sample their reader's-eye tests read.

No test here reads the shipped demo (the repository's own mkdocs.yml, incidents/ and site_src/): only
the demo's own tests, under tests/demo/, do. Any other test that opens or lists a file of the demo
fails on that line, so the suite stays green for a team that replaced the demo with its own page.

Factories write more than one project per test: `make_project` (a project in tmp_path,
or in root=...) and `make_state` (each call its own project folder).

tests/ is importable (pyproject.toml: pythonpath), so modules `import sample`.
"""
from __future__ import annotations

import itertools
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from demo_support import is_demo_path
from sample import NOW, load_state, state_of, write_project

DEMO_TESTS = Path(__file__).resolve().parent / "demo"
_running = None  # the test running now, unless it is one of the demo's own
_elsewhere = None  # the empty folder tests outside tests/demo/ run in


def _no_demo_here(event, args):
    """Audit hook: the running test (outside tests/demo/) may not open or list the demo's files.
    Such a test runs in an empty folder of its own, so a relative path never leads to the demo."""
    if _running is None or event not in ("open", "os.scandir", "os.listdir") or not args:
        return
    path = args[0]
    if path is None or isinstance(path, int):
        return
    path = os.fsdecode(path)
    if os.path.isabs(path) and is_demo_path(os.path.normpath(path)):
        pytest.fail(f"{_running} read the shipped demo ({path}): build a sample project instead "
                    "(tests/sample.py), or, if it tests the demo itself, move it to tests/demo/")


sys.addaudithook(_no_demo_here)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Each test but the demo's runs in an empty folder (not the repository's root, where a relative
    mkdocs.yml would be the demo's), watched by _no_demo_here."""
    global _running, _elsewhere
    if DEMO_TESTS in item.path.parents:
        return (yield)
    if _elsewhere is None:
        _elsewhere = tempfile.mkdtemp(prefix="statusgen-tests-cwd-")
    home = os.getcwd()
    os.chdir(_elsewhere)
    _running = item.nodeid
    try:
        return (yield)
    finally:
        _running = None
        os.chdir(home)


def pytest_unconfigure(config):
    if _elsewhere is not None:
        shutil.rmtree(_elsewhere, ignore_errors=True)


def with_changes(layout: dict, changes: dict) -> dict:
    """layout with changes applied; plugin options given as dicts are merged, not replaced."""
    merged = {**layout, **changes}
    if isinstance(layout.get("options"), dict) and isinstance(changes.get("options"), dict):
        merged["options"] = {**layout["options"], **changes["options"]}
    return merged


@pytest.fixture
def layout() -> dict:
    return {}


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def make_project(tmp_path, layout):
    """make_project(incidents=None, *, root=tmp_path, pages=None, **layout changes) -> sample.Project."""
    def make(incidents=None, *, root=None, **changes):
        return write_project(tmp_path if root is None else root, incidents, **with_changes(layout, changes))
    return make


@pytest.fixture
def project_incidents() -> dict:
    return {}


@pytest.fixture
def project(make_project, project_incidents):
    return make_project(project_incidents)


@pytest.fixture
def config(project):
    from generator.read.config import load_config

    return load_config(project.mkdocs)


@pytest.fixture
def state(config, now):
    return state_of(config, now)


@pytest.fixture
def outputs(state):
    from generator.outputs import render_outputs

    return render_outputs(state)


@pytest.fixture
def built_site(project, now):
    """The site built by generator.write.build.build_site into tmp_path/site; returns its folder."""
    from generator.write.build import build_site

    return build_site(project.mkdocs, now=now).site_dir


@pytest.fixture
def make_state(make_project, tmp_path, now):
    """make_state(incidents=None, *, now=now, **layout changes) -> State of a new project in its own folder."""
    folders = itertools.count(1)

    def make(incidents=None, *, now=now, **changes):
        return load_state(make_project(incidents, root=tmp_path / f"project-{next(folders)}", **changes), now)
    return make


# The browser tests' Chromium, launched once per test worker (tests/reader_support.py).

@pytest.fixture(scope="session")
def browser():
    from reader_support import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture(scope="session")
def reader(tmp_path_factory):
    """The reader's sample (tests/reader_sample.py) built as of its moment, served like a real host
    (gzip, its 404 page)."""
    from generator.write.build import build_site
    from reader_sample import READER_NOW, write_reader_project
    from reader_support import serve

    project = write_reader_project(tmp_path_factory.mktemp("reader"))
    build_site(project.mkdocs, now=READER_NOW)
    with serve(project.site) as server:
        yield server
