"""A workflow run's artifacts and the live Pages site, played by folders under $STANDIN_STATE.

    artifacts.py upload NAME PATHS IF_NO_FILES_FOUND OVERWRITE INCLUDE_HIDDEN   (actions/upload-artifact)
    artifacts.py pages NAME FOLDER                                  (actions/upload-pages-artifact)
    artifacts.py deploy NAME                                        (actions/deploy-pages)
    artifacts.py download NAME PATH PATTERN TOKEN                   (actions/download-artifact)

An artifact is runs/RUN_ID/artifacts/NAME/, written whole or not at all. As on GitHub, a name is
uploaded once per run unless OVERWRITE is true, and the Pages artifact is one tar of the folder with
hidden files left out. deploy puts the run's Pages artifact live in live/, swapping folders so the
site is never half old, half new. The faults of points upload-artifact, upload-pages-artifact and
deploy-pages ("fail") make the step fail the way a lost connection to GitHub does.
"""
from __future__ import annotations

import glob
import os
import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

from fault import log, state, take


def run_folder(run: str | None = None) -> Path:
    return state() / "runs" / (run or os.environ["GITHUB_RUN_ID"]) / "artifacts"


def error(text: str) -> int:
    print(f"::error::{text}")
    return 1


def _files(patterns: list[str], hidden: bool) -> tuple[Path | None, list[Path]]:
    """The files the path lines name, and the folder they are stored relative to."""
    matched = [Path(p) for pattern in patterns for p in sorted(glob.glob(pattern, recursive=True))]
    files = []
    for path in matched:
        found = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        files += [f for f in found if hidden or not any(part.startswith(".") for part in f.relative_to(
            path.parent if path.is_file() else path).parts)]
    if not matched:
        return None, []
    roots = [p.parent if p.is_file() else p for p in matched]
    return Path(os.path.commonpath([r.resolve() for r in roots])), files


def _publish(folder: Path, fill) -> None:
    """Write an artifact folder whole: into a sibling first, renamed into place when complete."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    fill(staging)
    if folder.exists():
        shutil.rmtree(folder)
    staging.rename(folder)


def upload(name: str, paths: str, if_none: str, overwrite: str, hidden: str) -> int:
    target = run_folder() / name
    if take("upload-artifact", name=name) == "fail":
        return error("Failed to CreateArtifact: Unable to make request: ECONNRESET (a fault the test injected)")
    root, files = _files([line.strip() for line in paths.splitlines() if line.strip()], hidden == "true")
    if not files:
        text = f"No files were found with the provided path: {paths.strip()}. No artifacts will be uploaded."
        if if_none == "error":
            return error(text)
        print(f"::warning::{text}" if if_none == "warn" else text)
        return 0
    if target.exists() and overwrite != "true":
        return error("Failed to CreateArtifact: (409) Conflict: an artifact with this name already exists on "
                     "the workflow run")

    def fill(staging: Path):
        for file in files:
            dest = staging / file.resolve().relative_to(root)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, dest)

    _publish(target, fill)
    log("artifact-uploaded", name=name, files=len(files))
    print(f"Artifact {name} has been uploaded: {len(files)} file(s).")
    return 0


def pages(name: str, folder: str) -> int:
    source = Path(folder)
    if not source.is_dir():
        return error(f"tar: {folder}: Cannot open: No such file or directory")
    if take("upload-pages-artifact", name=name) == "fail":
        return error("Failed to CreateArtifact: Unable to make request: ECONNRESET (a fault the test injected)")
    target = run_folder() / name
    if target.exists():
        return error("Failed to CreateArtifact: (409) Conflict: an artifact with this name already exists on "
                     "the workflow run")

    def fill(staging: Path):
        with tarfile.open(staging / "artifact.tar", "w") as tar:
            for path in sorted(source.rglob("*")):
                relative = path.relative_to(source)
                if not any(part.startswith(".") for part in relative.parts):
                    tar.add(path, arcname=f"./{relative}", recursive=False)

    _publish(target, fill)
    log("artifact-uploaded", name=name)
    print(f"Pages artifact {name} has been uploaded.")
    return 0


def deploy(name: str) -> int:
    tar_path = run_folder() / name / "artifact.tar"
    if not tar_path.exists():
        return error(f"No artifacts named {name} were found for this workflow run.")
    if take("deploy-pages", name=name) == "fail":
        return error("Failed to create deployment (status: 500) (a fault the test injected)")
    live = state() / "live"
    staging = Path(tempfile.mkdtemp(prefix=".live-", dir=state()))
    with tarfile.open(tar_path) as tar:
        tar.extractall(staging, filter="data")
    old = state() / f".live-old-{os.getpid()}"
    if live.exists():
        live.rename(old)
    staging.rename(live)
    shutil.rmtree(old, ignore_errors=True)
    log("deployed", name=name, sha=os.environ.get("GITHUB_SHA", ""))
    url = os.environ.get("STANDIN_PAGES_URL", "")
    with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
        out.write(f"page_url={url}\n")
    print(f"Deployed to {url} (the live site is {live}).")
    return 0


def download(name: str, path: str, pattern: str, token: str) -> int:
    """The artifact's files into PATH (the workspace when empty), as the real action lays them out for
    one artifact asked for by name; it never reaches another run or repository here."""
    if not name or pattern or token:
        return error("the download-artifact stand-in takes one artifact of this run by name, no pattern or token")
    source = run_folder() / name
    if not source.is_dir():
        return error(f"Unable to download artifact(s): Artifact not found for name: {name}")
    dest = Path(os.environ["GITHUB_WORKSPACE"]) / path  # a relative path is the workspace's
    shutil.copytree(source, dest, dirs_exist_ok=True)
    files = sum(1 for p in source.rglob("*") if p.is_file())
    log("artifact-downloaded", name=name, files=files)
    with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
        out.write(f"download-path={dest.resolve()}\n")
    print(f"Artifact {name} was downloaded to {dest}: {files} file(s).")
    return 0


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    sys.exit({"upload": upload, "pages": pages, "deploy": deploy, "download": download}[command](*args))
