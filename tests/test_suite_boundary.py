"""The suite does not depend on the shipped demo (issue 21): only tests/demo/ reads it.

Every other test runs in an empty folder, and one that opens or lists a file of the demo
(mkdocs.yml, incidents/, site_src/ at the repository's root) fails on that line
(tests/conftest.py). `make test-without-demo` runs the suite on a copy of the repository
without the demo's incidents, as a team that replaced them with its own has it.
"""
from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

import demo_support
from demo_support import DEMO_CONFIG, ROOT

DEMO_TESTS = Path(__file__).resolve().parent / "demo"


def test_a_test_outside_tests_demo_that_reads_the_demo_fails_there():
    for read in (DEMO_CONFIG.read_text, (ROOT / "incidents").iterdir, lambda: os.listdir(ROOT / "site_src"),
                 lambda: open(ROOT / "incidents" / "README.md", "rb")):
        with pytest.raises(pytest.fail.Exception, match=r"read the shipped demo .*move it to tests/demo/"):
            list(read())
    # The rest of the repository is not the demo.
    assert (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_a_test_outside_tests_demo_runs_where_no_relative_path_leads_to_the_demo():
    assert Path.cwd().resolve() != ROOT and not ROOT.is_relative_to(Path.cwd().resolve())
    assert not Path("mkdocs.yml").exists() and not Path("incidents").exists()


def test_every_test_of_the_demo_says_it_tests_the_demo():
    modules = sorted(DEMO_TESTS.glob("test_*.py"))
    assert [m.name for m in modules] == ["test_demo_browser.py", "test_demo_content.py", "test_demo_frame.py",
                                            "test_demo_site.py"]
    for module in modules:
        docstring = ast.get_docstring(ast.parse(module.read_text(encoding="utf-8")))
        assert docstring and docstring.startswith("The shipped demo, not statusgen"), module.name


def test_the_demo_is_missing_when_its_open_incident_is(monkeypatch, tmp_path):
    monkeypatch.setattr(demo_support, "DEMO_MARK", tmp_path / "2026-11-22-webhook-delivery-failures.md")
    assert demo_support.demo_missing().startswith("the shipped demo's incidents are gone")
    (tmp_path / "2026-11-22-webhook-delivery-failures.md").write_text("---\n")
    monkeypatch.setattr(demo_support, "DEMO_CONFIG", tmp_path / "mkdocs.yml")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    assert demo_support.demo_missing() is None
