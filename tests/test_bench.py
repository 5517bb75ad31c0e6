"""The benchmark's synthetic history stays valid at every size it is run at (CI runs it small)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from generator.core.timeutil import MIN_YEAR

_SPEC = importlib.util.spec_from_file_location("bench_build", Path(__file__).parents[1] / "bench" / "bench_build.py")
bench_build = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench_build)


@pytest.mark.parametrize("count", [100, 1000, 10000, 100000])
def test_history_fits_the_accepted_time_range(count):
    oldest = bench_build.incident_start(count - 1, count)
    assert oldest.year >= max(MIN_YEAR, bench_build.NOW.year - 11)
    assert bench_build.incident_start(0, count) < bench_build.NOW


def test_refuses_to_delete_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "n5").mkdir()
    (tmp_path / "n5" / "keep.txt").write_text("mine")
    with pytest.raises(SystemExit, match="was not written by this benchmark"):
        bench_build.make_project(tmp_path / "n5", 5)
    assert (tmp_path / "n5" / "keep.txt").read_text() == "mine"
    bench_build.make_project(tmp_path / "n6", 5)
    bench_build.make_project(tmp_path / "n6", 5)  # its own folder: replaced
    assert len(list((tmp_path / "n6" / "incidents").rglob("*.md"))) == 5
