"""The site folder is proven, not trusted: no link is followed for the marker, and a leftover is deleted
only when every entry in it is what its marker proves a build wrote.

Every folder and file here is one the test made in tmp_path; "outside" files stand for anything a
link could lead to (a home folder's files, /etc).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.write import sitedir
from generator.write.build import build_site
from sample import NOW, NOW_TEXT
from test_sitedir import FIRST, SECOND, assert_complete_site, leftovers, project, set_message

PRECIOUS = "precious: not statusgen's\n"


def mkdocs_build(config: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config)], capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))})


def statusgen_build(config: Path, *args: str):
    return CliRunner().invoke(main, ["build", "-f", str(config), "--now", NOW_TEXT, *args])


def outside_file(tmp_path: Path) -> Path:
    outside = tmp_path / "outside" / "bashrc"
    outside.parent.mkdir()
    outside.write_text(PRECIOUS)
    return outside


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry below folder: a file's bytes, a link's target (links are not followed)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = path.read_bytes()
    return found


# -- the marker and the site folder are never links ------------------------------------------------------------

@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_plain_mkdocs_build_never_writes_through_a_linked_marker(tmp_path, link):
    config = project(tmp_path)
    outside = outside_file(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (os.symlink if link == "symbolic" else os.link)(outside, site / sitedir.MARKER)
    proc = mkdocs_build(config)
    assert outside.read_text() == PRECIOUS
    assert proc.returncode != 0
    assert f"{site / sitedir.MARKER} is a {link} link" in proc.stderr, proc.stderr
    assert "remove it" in proc.stderr and "Traceback" not in proc.stderr
    assert not (site / "index.html").exists()  # refused before MkDocs wrote anything


def test_statusgen_build_refuses_a_symlinked_marker(tmp_path):
    config = project(tmp_path)
    outside = outside_file(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / sitedir.MARKER).symlink_to(outside)
    result = statusgen_build(config)
    assert result.exit_code == 1
    assert f"{site / sitedir.MARKER} is a symbolic link (to {outside})" in result.output
    assert "Traceback" not in result.output
    assert outside.read_text() == PRECIOUS
    assert (site / sitedir.MARKER).is_symlink() and leftovers(tmp_path) == []


def test_a_site_folder_that_is_a_symlink_is_refused(tmp_path):
    config = project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "site").symlink_to(elsewhere)
    for output in (statusgen_build(config).output, mkdocs_build(config).stderr):
        assert f"{tmp_path / 'site'} is a symbolic link (to {elsewhere})" in output, output
        assert "point site_dir or --site-dir at the folder itself" in output and "Traceback" not in output
    assert list(elsewhere.iterdir()) == []
    assert leftovers(tmp_path) == []


def test_a_link_in_place_of_a_listed_file_is_not_statusgens(tmp_path):
    """A marker lists names; a link under one of them is not what the build wrote (mkdocs build --dirty
    would write through it)."""
    config = project(tmp_path)
    assert mkdocs_build(config).returncode == 0
    outside = outside_file(tmp_path)
    (tmp_path / "site" / "index.html").unlink()
    (tmp_path / "site" / "index.html").symlink_to(outside)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "-f", str(config)],
                          capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))})
    assert outside.read_text() == PRECIOUS
    assert proc.returncode != 0 and "holds files that statusgen did not write (index.html)" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_real_marker_is_rewritten_in_place(tmp_path):
    """The marker is statusgen's own file: each in-place build rewrites it, and it lists each file's digest."""
    config = project(tmp_path)
    assert mkdocs_build(config).returncode == 0
    marker = tmp_path / "site" / sitedir.MARKER
    first = marker.read_text()
    set_message(config, SECOND)
    assert mkdocs_build(config).returncode == 0
    assert marker.read_text() != first and not marker.is_symlink() and os.stat(marker).st_nlink == 1
    assert assert_complete_site(tmp_path / "site") == SECOND
    digest = sitedir.listed_digests(tmp_path / "site")["index.html"]
    import hashlib

    assert digest == hashlib.sha256((tmp_path / "site" / "index.html").read_bytes()).hexdigest()


# -- a leftover is deleted only when its marker proves every entry in it ---------------------------------------

def look_alikes(tmp_path: Path, outside: Path) -> dict[str, Path]:
    """Folders named like a killed build's, each holding something its marker does not prove."""
    site = tmp_path / "site"
    made = {}
    # The marker of a build in progress, by text alone, over someone's files.
    made["building text"] = tmp_path / ".site-building-mine"
    made["building text"].mkdir(mode=0o700)
    (made["building text"] / sitedir.MARKER).write_text("statusgen build in progress\n")
    (made["building text"] / "thesis.tex").write_text("three years of work\n")
    # A copy of the real site with a file of someone's added: the marker does not list it.
    made["extra file"] = tmp_path / ".site-old-backup"
    shutil.copytree(site, made["extra file"])
    (made["extra file"] / "assets" / "notes.txt").write_text("my notes\n")
    # A copy of the real site with a page edited after the build: its digest no longer matches.
    made["edited file"] = tmp_path / ".site-old-edited"
    shutil.copytree(site, made["edited file"])
    (made["edited file"] / "index.html").write_text("<h1>my own page</h1>\n")
    # A forged marker listing every file by name, as before digests: a listing proves nothing.
    made["names only"] = tmp_path / ".site-old-names"
    made["names only"].mkdir()
    (made["names only"] / "report.docx").write_bytes(b"PK not really")
    header = (site / sitedir.MARKER).read_text().split("\n\n", 1)[0]
    (made["names only"] / sitedir.MARKER).write_text(header + "\n\nreport.docx\n")
    # A copy of the real site with a link leading out of it.
    made["link out"] = tmp_path / ".site-building-link"
    shutil.copytree(site, made["link out"])
    (made["link out"] / "home").symlink_to(outside.parent, target_is_directory=True)
    return made


def test_look_alike_leftovers_are_left_alone_and_named(tmp_path):
    config = project(tmp_path)
    build_site(config, now=NOW)
    outside = outside_file(tmp_path)
    made = look_alikes(tmp_path, outside)
    before = {name: snapshot(folder) for name, folder in made.items()}
    set_message(config, SECOND)
    result = statusgen_build(config)
    assert result.exit_code == 0, result.output
    assert assert_complete_site(tmp_path / "site") == SECOND
    assert {name: snapshot(folder) for name, folder in made.items()} == before
    assert outside.read_text() == PRECIOUS
    for folder in made.values():
        assert f"left {folder.name} alone" in result.output, result.output
    assert "assets/notes.txt is not listed in its marker" in result.output
    assert "index.html differs from what its marker lists" in result.output
    assert "home is a symbolic link" in result.output
    assert "remove it yourself" in result.output


def test_a_look_alike_is_never_put_back_as_the_site(tmp_path):
    """With no site folder, a leftover is put back only if it is proven; a forged one is not."""
    config = project(tmp_path)
    build_site(config, now=NOW)
    made = look_alikes(tmp_path, outside_file(tmp_path))
    shutil.rmtree(tmp_path / "site")
    before = {name: snapshot(folder) for name, folder in made.items()}
    result = build_site(config, now=NOW)
    assert not any("put back" in note for note in result.notes)
    assert assert_complete_site(tmp_path / "site") == FIRST
    assert {name: snapshot(folder) for name, folder in made.items()} == before


def test_a_proven_copy_of_a_built_site_is_removed(tmp_path):
    """Byte for byte what a build wrote, by its marker's digests: nothing in it is anyone else's."""
    config = project(tmp_path)
    build_site(config, now=NOW)
    shutil.copytree(tmp_path / "site", tmp_path / ".site-old-copy")
    result = build_site(config, now=NOW)
    assert leftovers(tmp_path) == []
    assert result.notes == ["removed .site-old-copy, left by an interrupted build"]


def test_a_build_folder_in_progress_is_proven_by_its_own_identity(tmp_path):
    """A killed build's scratch folder lists nothing yet: its marker names the folder itself, which a copy
    does not share, and the folder must still be private to its owner."""
    target = tmp_path / "site"
    killed = sitedir.new_folder(target)
    (killed / "index.html").write_text("half a page")
    copy = tmp_path / ".site-building-copy"
    shutil.copytree(killed, copy)
    opened = sitedir.new_folder(target)
    (opened / "shared.txt").write_text("anyone could have put this here\n")
    os.chmod(opened, 0o755)
    notes = sitedir.recover(target)
    assert not killed.exists() and f"removed {killed.name}, left by an interrupted build" in notes
    assert sorted(snapshot(copy)) == [sitedir.MARKER, "index.html"]
    assert (opened / "shared.txt").exists()
    assert "left .site-building-copy alone: its marker was written for another folder" in " ".join(notes)
    assert f"left {opened.name} alone: its marker says a build was in progress, but the folder is open to others" \
        in " ".join(notes)


def test_the_listing_names_every_file_and_link_and_follows_no_link(tmp_path):
    site = tmp_path / "site"
    (site / "a" / "deep" / "er").mkdir(parents=True)
    (site / "a" / "deep" / "er" / "page.html").write_text("x")
    (site / "index.html").write_text("x")
    (site / sitedir.MARKER).write_text("marker")
    (site / "a" / sitedir.MARKER).write_text("a page that happens to share the marker's name")
    (site / "skip.txt").write_text("ignored")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text("not the site's")
    (site / "a" / "to-folder").symlink_to(elsewhere, target_is_directory=True)
    (site / "to-file").symlink_to(elsewhere / "secret.txt")
    (site / "broken").symlink_to(tmp_path / "nowhere")
    (site / "empty").mkdir()
    assert sitedir.written_files(site, frozenset({"skip.txt"})) == [
        "a/.statusgen-site", "a/deep/er/page.html", "a/to-folder", "broken", "index.html", "to-file"]
