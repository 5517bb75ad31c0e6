"""Build one site twice, with the frame rendered once (generator.write.frame_once) and per page; compare.

The per-page build is MkDocs' own: the frame machinery is left out of the theme's environment.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.write import frame_once as frame


def build_both_ways(build, out: Path) -> tuple[list[frame.Frames], list[str], int]:
    """(the framed build's Frames, the files that differ or exist in one build only, files compared).

    build(site_dir) builds the site into site_dir.
    """
    made: list[frame.Frames] = []
    real = frame.use_frames
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(frame, "use_frames", lambda env, frames: (made.append(frames), real(env, frames))[1])
        build(out / "framed")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(frame, "use_frames", lambda env, frames: env)
        build(out / "per-page")
    a = {p.relative_to(out / "framed"): p for p in (out / "framed").rglob("*") if p.is_file()}
    b = {p.relative_to(out / "per-page"): p for p in (out / "per-page").rglob("*") if p.is_file()}
    differ = sorted(str(k) for k in a.keys() ^ b.keys())
    differ += sorted(str(k) for k in a.keys() & b.keys() if a[k].read_bytes() != b[k].read_bytes())
    return made, differ, len(a)
