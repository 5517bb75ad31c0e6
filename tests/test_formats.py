"""A newer statusgen reads an older project: every project under tests/formats/ (one per release that changed
what a project may hold, each frozen as that release read it) still validates without errors and builds."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.core.timeutil import parse_time
from generator.read.config import load_config
from generator.validate.project import load_project
from generator.write.build import build_site

FORMATS = Path(__file__).resolve().parent / "formats"
# Each project as of the moment it describes (the demo's: an open incident, an upcoming maintenance).
NOW = {"1.0.0": "2026-11-22T15:00:00Z"}


def test_every_frozen_project_has_a_moment():
    assert sorted(p.name for p in FORMATS.iterdir() if p.is_dir()) == sorted(NOW)


@pytest.mark.parametrize("release", sorted(NOW))
def test_a_project_of_an_earlier_release_still_reads_validates_and_builds(release, tmp_path):
    project = tmp_path / release
    shutil.copytree(FORMATS / release, project)  # the build writes site/ beside mkdocs.yml
    now = parse_time(NOW[release])
    config = load_config(project / "mkdocs.yml")
    files = sorted((project / "incidents").rglob("*.md"))
    loaded = load_project(config, now)
    assert loaded.errors == []
    assert loaded.files == len(files) and len(loaded.incidents) + loaded.drafts == len(files)
    result = build_site(project / "mkdocs.yml", now=now)
    for path in files:
        if "draft: true" not in path.read_text(encoding="utf-8"):
            assert (result.site_dir / "incidents" / path.stem / "index.html").is_file(), path.stem
    assert (result.site_dir / "api" / "v2" / "summary.json").is_file()
