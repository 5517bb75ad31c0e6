"""The shipped demo, not statusgen: built with the theme's frame rendered once and page by page, every
file of it is the same (generator.write.frame_once; the sample projects' cases, which prove the
mechanism, are in tests/test_frame_once.py)."""
from __future__ import annotations

import pytest

from demo_support import build_demo
from frame_support import build_both_ways


@pytest.mark.parametrize("site_url", [None, "https://example.com/status/"], ids=["root", "sub-path"])
def test_the_demo_is_byte_identical_with_the_frame_rendered_once(tmp_path, site_url):
    frames, differ, compared = build_both_ways(lambda site: build_demo(site, site_url=site_url), tmp_path)
    assert compared > 100
    assert differ == []
    assert frames[0].stats.failed == []
    assert frames[0].stats.framed > 0
