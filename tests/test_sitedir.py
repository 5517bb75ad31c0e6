"""The site folder: a build replaces only what it wrote, and a complete site is always there.

Every folder here is one the test made in tmp_path. Kills are real process
exits (os._exit in a forked build) at each step of a build and its swap.
"""
from __future__ import annotations

import errno
import hashlib
import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.write import sitedir
from generator.write.build import build_site
from generator.cli import main
from generator.core.diagnostics import UserError
from sample import NOW, NOW_TEXT, incident, write_project

FIRST, SECOND = "FIRST-BUILD-MARK", "SECOND-BUILD-MARK"


def project(tmp_path: Path, message: str = FIRST, **kwargs) -> Path:
    updates = [("2026-03-10T10:05:00Z", "investigating", message)]
    return write_project(tmp_path, {"2026-03-10-slow.md": incident(title="Slow API", severity="P3", updates=updates,
                                                                    started="2026-03-10T10:00:00Z")}, **kwargs).mkdocs


def set_message(config: Path, message: str) -> None:
    path = config.parent / "incidents" / "2026-03-10-slow.md"
    path.write_text(path.read_text().replace(FIRST, message).replace(SECOND, message))


def unrelated_files(folder: Path) -> dict[str, bytes]:
    files = {"notes.txt": b"my notes\n", "photos/cat.jpg": b"\xff\xd8 not really", ".hidden/rc": b"keep me\n",
             "index.html": b"<h1>my own page</h1>\n"}
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return files


def assert_untouched(folder: Path, files: dict[str, bytes]) -> None:
    found = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert found == files


def assert_complete_site(site: Path, extra: frozenset[str] = frozenset()) -> str:
    """The folder is a whole site: its marker lists exactly its files, with their digests. Returns which
    build it is."""
    assert site.is_dir(), "no site folder"
    assert sitedir.foreign_files(site) == sorted(extra)
    lines = (site / sitedir.MARKER).read_text().split("\n\n", 1)[1].splitlines()
    listed = [line.split("  ", 1)[1] for line in lines]
    assert listed == sitedir.written_files(site, ignore=extra)
    assert lines == [f"{hashlib.sha256((site / path).read_bytes()).hexdigest()}  {path}" for path in listed]
    assert "index.html" in listed and "404.html" in listed and "api/v2/summary.json" in listed
    page = (site / "index.html").read_text()
    return FIRST if FIRST in page else SECOND if SECOND in page else "?"


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".site-"))


# -- what a build may replace ------------------------------------------------------------------------------

def test_statusgen_build_refuses_a_folder_of_unrelated_files(tmp_path):
    config = project(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    files = unrelated_files(mine)
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--site-dir", str(mine), "--now", NOW_TEXT])
    assert result.exit_code == 1
    assert f"{mine} holds files that statusgen did not write" in result.output
    assert "Choose another site_dir or --site-dir, or move those files away" in result.output
    assert "Traceback" not in result.output
    assert_untouched(mine, files)
    assert leftovers(tmp_path) == []


def test_site_dir_option_pointing_at_unrelated_files_is_refused(tmp_path):
    config = project(tmp_path)
    config.write_text(config.read_text().replace("site_dir: site", "site_dir: mine"))
    mine = tmp_path / "mine"
    mine.mkdir()
    files = unrelated_files(mine)
    with pytest.raises(UserError, match="holds files that statusgen did not write"):
        build_site(config, now=NOW)
    assert_untouched(mine, files)


def test_plain_mkdocs_build_refuses_to_empty_unrelated_files(tmp_path):
    config = project(tmp_path)
    config.write_text(config.read_text().replace("site_dir: site", "site_dir: mine"))
    mine = tmp_path / "mine"
    mine.mkdir()
    files = unrelated_files(mine)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config)], capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))})
    assert proc.returncode != 0
    assert "holds files that statusgen did not write (index.html, notes.txt, photos/cat.jpg)" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert_untouched(mine, files)


def test_plain_mkdocs_build_rebuilds_its_own_site_and_keeps_hidden_files(tmp_path):
    config = project(tmp_path)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}
    run = [sys.executable, "-m", "mkdocs", "build", "-f", str(config)]
    site = tmp_path / "site"
    site.mkdir()
    (site / ".nojekyll").write_text("")  # MkDocs never deletes hidden files; neither does statusgen's check
    assert subprocess.run(run, capture_output=True, env=env).returncode == 0
    assert assert_complete_site(site, extra=frozenset({".nojekyll"})) == FIRST  # not claimed as statusgen's
    set_message(config, SECOND)
    assert subprocess.run(run, capture_output=True, env=env).returncode == 0
    assert assert_complete_site(site, extra=frozenset({".nojekyll"})) == SECOND
    assert (site / ".nojekyll").exists()


def test_empty_and_missing_folders_are_built_and_own_site_replaced(tmp_path):
    config = project(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    build_site(config, site_dir=empty, now=NOW)
    assert assert_complete_site(empty) == FIRST
    build_site(config, site_dir=tmp_path / "new" / "deeper", now=NOW)
    assert_complete_site(tmp_path / "new" / "deeper")
    set_message(config, SECOND)
    build_site(config, site_dir=empty, now=NOW)
    assert assert_complete_site(empty) == SECOND
    assert leftovers(tmp_path) == []


def test_a_file_added_to_a_built_site_makes_it_not_replaceable(tmp_path):
    config = project(tmp_path)
    site = tmp_path / "site"
    build_site(config, now=NOW)
    (site / "CNAME").write_text("status.example.com\n")
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--now", NOW_TEXT])
    assert result.exit_code == 1
    assert "holds files that statusgen did not write (CNAME)" in result.output
    assert (site / "CNAME").read_text() == "status.example.com\n"
    assert_complete_site(site, extra=frozenset({"CNAME"}))


def test_a_forged_marker_does_not_claim_more_than_it_lists(tmp_path):
    config = project(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    files = unrelated_files(mine)
    (mine / sitedir.MARKER).write_text("statusgen site folder\n")
    with pytest.raises(UserError, match="did not write"):
        build_site(config, site_dir=mine, now=NOW)
    assert_untouched(mine, {**files, sitedir.MARKER: b"statusgen site folder\n"})


def test_a_file_where_the_site_should_be_is_refused(tmp_path):
    config = project(tmp_path)
    (tmp_path / "site").write_text("not a folder")
    with pytest.raises(UserError, match="not a folder"):
        build_site(config, now=NOW)
    assert (tmp_path / "site").read_text() == "not a folder"


# -- a site is always there ----------------------------------------------------------------------------------

def _build_and_die(config: Path, patch):
    def run():
        patch()
        try:
            build_site(config, now=NOW)
        finally:
            os._exit(0)  # reached only if the kill point was never hit

    process = multiprocessing.get_context("fork").Process(target=run)
    process.start()
    process.join(120)
    return process.exitcode


def _die_on_call(module, name, *, after: int = 0, when=lambda *a: True):
    """Patch module.name so that its (after+1)-th matching call kills the process, as SIGKILL would."""
    original = getattr(module, name)
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        if when(*args):
            calls["n"] += 1
            if calls["n"] > after:
                os._exit(9)
        return original(*args, **kwargs)

    return lambda: setattr(module, name, wrapper)


def _kill_points():
    import mkdocs.utils

    return {
        "after creating the new folder": _die_on_call(sitedir, "mark"),
        "while MkDocs writes pages": _die_on_call(mkdocs.utils, "write_file", after=3),
        "before the swap": _die_on_call(sitedir, "replace"),
        "after the swap, before removing the old site": _die_on_call(sitedir, "remove"),
        "after removing the first file of the old site": lambda: _die_while_removing(0),
        "while removing the old site": lambda: _die_while_removing(5),
    }


def _die_while_removing(after: int):
    remove = sitedir.remove

    def dying_remove(folder):
        _die_on_call(os, "unlink", after=after)()
        return remove(folder)

    sitedir.remove = dying_remove


@pytest.mark.parametrize("step", list(_kill_points()))
def test_a_kill_at_every_step_leaves_a_complete_site_and_the_next_build_cleans_up(tmp_path, step):
    config = project(tmp_path)
    site = tmp_path / "site"
    build_site(config, now=NOW)
    set_message(config, SECOND)
    assert _build_and_die(config, _kill_points()[step]) == 9, "the kill point was not reached"
    assert assert_complete_site(site) in (FIRST, SECOND)
    result = build_site(config, now=NOW)
    assert assert_complete_site(site) == SECOND
    assert leftovers(tmp_path) == []
    assert all("interrupted build" in note for note in result.notes)


def test_without_an_atomic_exchange_a_kill_between_the_renames_is_recovered(tmp_path, monkeypatch):
    config = project(tmp_path)
    site = tmp_path / "site"
    build_site(config, now=NOW)
    set_message(config, SECOND)

    def patch():
        sitedir._exchange = lambda a, b: False
        # dies after the old site went aside, before the new one takes its place
        _die_on_call(os, "rename", when=lambda src, *a: Path(src).name.startswith(".site-building-"))()

    assert _build_and_die(config, patch) == 9
    assert not site.exists()  # the one window the fallback has; the next build closes it
    result = build_site(config, now=NOW)
    assert any("put back the site" in note for note in result.notes)
    assert assert_complete_site(site) == SECOND
    assert leftovers(tmp_path) == []


def test_disk_full_is_a_diagnostic_and_the_old_site_stays(tmp_path, monkeypatch):
    import mkdocs.utils

    config = project(tmp_path)
    build_site(config, now=NOW)
    set_message(config, SECOND)
    calls = {"n": 0}
    original = mkdocs.utils.write_file

    def full(content, path):
        calls["n"] += 1
        if calls["n"] > 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        return original(content, path)

    monkeypatch.setattr(mkdocs.utils, "write_file", full)
    with pytest.raises(UserError) as caught:
        build_site(config, now=NOW)
    message = caught.value.diagnostics[0].format()
    assert "cannot write the new site: No space left on device; free some space and build again" in message
    assert "the previous site is unchanged" in message
    assert assert_complete_site(tmp_path / "site") == FIRST
    assert leftovers(tmp_path) == []


def test_racing_builds_take_turns_and_all_succeed(tmp_path):
    config = project(tmp_path)
    build_site(config, now=NOW)
    procs = [subprocess.Popen([sys.executable, "-m", "generator", "build", "-f", str(config), "--now", NOW_TEXT],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(3)]
    outputs = [p.communicate(timeout=180)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    assert all("previous site" not in out for out in outputs)
    assert assert_complete_site(tmp_path / "site") == FIRST
    assert leftovers(tmp_path) == []


@pytest.fixture
def shared_tmp():
    """A folder another user can reach (pytest's own tmp_path is private to root)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="statusgen-test-"))
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="needs root to run the build as another user (root ignores read-only folders)")
def test_read_only_site_is_refused_without_leaving_a_copy(shared_tmp):
    tmp_path = shared_tmp
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable]
    probe = subprocess.run([*as_nobody, "-c", "import generator"], capture_output=True, text=True, cwd=tmp_path)
    if probe.returncode != 0:  # e.g. a Python whose libraries sit in root's private home
        pytest.skip(f"another user cannot run {sys.executable}: {probe.stderr.strip()[:200]}")
    config = project(tmp_path)
    build_site(config, now=NOW)
    for path in [tmp_path, *tmp_path.rglob("*")]:
        os.chown(path, 65534, 65534, follow_symlinks=False)
    os.chmod(tmp_path / "site" / "assets", 0o555)
    proc = subprocess.run([*as_nobody, "-m", "generator", "build", "-f", str(config), "--now", NOW_TEXT],
                          capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "HOME": str(tmp_path)})
    assert proc.returncode == 1, proc.stderr
    assert "is read-only" in proc.stderr and "chmod -R u+w" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert leftovers(tmp_path) == []
    assert_complete_site(tmp_path / "site")
