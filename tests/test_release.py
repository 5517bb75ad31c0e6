"""Versions and releases: the version statusgen says, the changelog, the Release workflow, and a built wheel
that works on its own in a fresh virtualenv."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import __version__
from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / ".github" / "workflows" / "release.yml"
SHELL = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]


def release() -> dict:
    data = yaml.safe_load(RELEASE.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def test_the_version_is_semantic_and_statusgen_says_it():
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output == f"statusgen {__version__}\n"


def test_the_changelog_has_the_version_and_keeps_its_shape():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2}|Unreleased)$", text, re.M)
    assert headings and headings[0][0] == __version__  # newest first
    assert len(re.findall(r"^## ", text, re.M)) == len(headings)  # every section is a version
    assert "issue #20" in text and "statusgen init" in text


# -- the Release workflow ------------------------------------------------------------------------------------------

def test_release_runs_on_tags_builds_checks_and_publishes_only_where_enabled():
    data = release()
    assert data["on"] == {"push": {"tags": ["v*"]}}
    assert data["permissions"] == {}
    build, publish = data["jobs"]["build"], data["jobs"]["publish"]
    assert build["permissions"] == {"contents": "read"}
    runs = "\n".join(s.get("run", "") for s in build["steps"])
    assert "python -m pip install --require-hashes --no-deps -r requirements/release.txt" in runs
    assert "python -m build --no-isolation --outdir dist ." in runs
    assert '"$check/bin/python" -m pip install --require-hashes --no-deps -r requirements/build.txt' in runs
    assert ('"$check/bin/python" -m pip install --require-hashes --no-deps --no-build-isolation '
            '-r requirements/deploy.txt') in runs
    assert '"$check/bin/statusgen" --version' in runs and '"$check/bin/statusgen" build' in runs
    for step in build["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]  # values reach scripts through env only
    # Publishing: only where the repository asks for it, with nothing but an OIDC token, no password.
    assert publish["if"] == "vars.STATUSGEN_PUBLISH_PYPI == 'true'"
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    uses = [s["uses"] for s in publish["steps"]]
    assert [u.split("@")[0] for u in uses] == ["actions/download-artifact", "pypa/gh-action-pypi-publish"]
    assert all("with" not in s or "password" not in s["with"] for s in publish["steps"])
    assert "secrets." not in RELEASE.read_text(encoding="utf-8")
    text = RELEASE.read_text(encoding="utf-8")
    # Pinned to the commit its release tag names (verified in two public sources; docs/action.md).
    assert "pypa/gh-action-pypi-publish@dc37677b2e1c63e2034f94d8a5b11f265b73ba33 # v1.14.2" in text
    assert "actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1" in text


def test_the_release_tools_are_pinned_with_hashes():
    text = (ROOT / "requirements" / "release.txt").read_text(encoding="utf-8")
    names = set()
    for entry in re.split(r"\n(?=\S)", "\n".join(line for line in text.splitlines()
                                                if line.strip() and not line.lstrip().startswith("#"))):
        match = re.match(r"^([A-Za-z0-9._-]+)==\S+ \\", entry)
        assert match and re.search(r"--hash=sha256:[0-9a-f]{64}", entry), entry
        names.add(match[1].lower())
    assert {"build", "setuptools"} <= names


CHECK = next(s for s in release()["jobs"]["build"]["steps"] if s.get("id") == "version")["run"]


@pytest.mark.parametrize("tag, heading, ok, words", [
    ("v1.4.2", "## [1.4.2] - 2030-01-15", True, ""),
    ("v1.4.3", "## [1.4.2] - 2030-01-15", False,
     "::error file=generator/__init__.py::The tag v1.4.3 is not v1.4.2, the version in generator/__init__.py"),
    ("v1.4.2", "## [1.4.2] - Unreleased", False, "::error file=CHANGELOG.md::CHANGELOG.md has no dated section for "
                                                 "1.4.2"),
    ("v1.4.2", "## [1x4x2] - 2030-01-15", False, "no dated section"),  # the dots are dots
])
def test_the_tag_must_be_the_version_and_the_changelog_must_date_it(tmp_path, tag, heading, ok, words):
    (tmp_path / "generator").mkdir()
    (tmp_path / "generator" / "__init__.py").write_text('"""doc"""\n__version__ = "1.4.2"\n')
    (tmp_path / "CHANGELOG.md").write_text(f"# Changelog\n\n{heading}\n\n- things\n")
    output = tmp_path / "output"
    output.write_text("")
    result = subprocess.run([*SHELL, "-c", CHECK], cwd=tmp_path, capture_output=True, text=True, timeout=30,
                            env={"PATH": "/usr/bin:/bin", "TAG": tag, "GITHUB_OUTPUT": str(output)})
    assert (result.returncode == 0) is ok, result.stdout + result.stderr
    assert words in result.stdout
    assert output.read_text() == ("version=1.4.2\n" if ok else "")


# -- a wheel, installed on its own ---------------------------------------------------------------------------------

def _wheel(tmp_path: Path) -> Path:
    """The wheel, built offline from a copy of exactly what the sdist holds (pip wheel --no-deps)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("generator", "templates"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    out = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "--wheel-dir", str(out), str(source)], check=True, capture_output=True,
                   timeout=300)
    [wheel] = out.glob("*.whl")
    return wheel


@pytest.mark.skipif(sys.platform == "win32", reason="virtualenv layout")
def test_a_built_wheel_in_a_fresh_virtualenv_gives_a_working_statusgen(tmp_path):
    wheel = _wheel(tmp_path)
    assert wheel.name == f"statusgen-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    # The package data: page and message templates, assets, init's templates, the language catalogs.
    for name in ("generator/templates/incident.html", "generator/outputs/assets/banner.js",
                 "generator/scaffold/templates/deploy.yml.j2", "generator/scaffold/templates/mkdocs.yml.j2",
                 "generator/languages/catalogs/de.po", "generator/languages/catalogs/pt_BR.po",
                 "generator/languages/catalogs/statusgen.pot"):
        assert name in names, name
    # Every package of the source tree: pyproject.toml lists them one by one, and a new folder left off the
    # list installs everywhere but from the wheel (the Action's own install).
    packages = {str(p.parent.relative_to(ROOT)) for p in (ROOT / "generator").rglob("__init__.py")}
    missing = sorted(p for p in packages if f"{p}/__init__.py" not in names)
    assert not missing, f"not in the wheel (add them to [tool.setuptools] packages in pyproject.toml): {missing}"

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    # Its dependencies from this environment (read as a plain folder: its .pth files, such as the editable
    # install of this checkout, are not run), so nothing is downloaded.
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "outer-environment.pth").write_text(sysconfig.get_path("purelib") + "\n")
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    where = subprocess.run([str(python), "-c", "import generator; print(generator.__file__)"], cwd=tmp_path,
                           env=env, check=True, capture_output=True, text=True).stdout.strip()
    assert where.startswith(site), where  # the wheel's copy, not this checkout

    def statusgen(*args, cwd=tmp_path):
        result = subprocess.run([str(venv / "bin" / "statusgen"), *args], cwd=cwd, env=env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    assert statusgen("--version") == f"statusgen {__version__}\n"
    statusgen("init", "smoke", "--yes", "--name", "Release check", "--url", "https://status.example.com/",
              "-c", "api=API")
    smoke = tmp_path / "smoke"
    statusgen("new", "-t", "Release check", "-s", "P2", "-c", "api=partial_outage", cwd=smoke)
    assert "built" in statusgen("build", cwd=smoke)
    assert "Release check" in (smoke / "site" / "index.html").read_text(encoding="utf-8")
