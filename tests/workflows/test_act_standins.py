"""The stand-ins do what the real actions do where the project's workflows depend on it: checkout's
depth and kept (or dropped) credentials, origin's branches, the job's own Python with no index,
artifacts uploaded once per name unless overwritten, Pages going live without hidden files."""
from __future__ import annotations

import shutil
from pathlib import Path

from sample import write_project

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "standins.yml"


def test_standins_behave_as_on_github(hosting):
    write_project(hosting.author, {}, pages={"about.md": "# About\n"})
    shutil.copy(FIXTURE, hosting.author / ".github" / "workflows" / "standins.yml")
    hosting.create()
    hosting.git("push", "-q", str(hosting.origin), "HEAD:refs/heads/other")

    run = hosting.run(workflow="standins.yml")

    assert run.jobs == {"checks": "success", "pages": "success"}, run.output()
    assert run.steps[("checks", "push-without-credentials")] == "failure"
    assert "could not read Username" in run.output("checks")
    assert "an artifact with this name already exists" in run.output("checks")
    assert hosting.branch("from-the-job") == run.sha
    assert hosting.branch("never") is None
    note = hosting.folder / "runs" / "1" / "artifacts" / "note" / "note.txt"
    assert note.read_text() == "two\n"
    assert (hosting.live / "index.html").read_text() == "page\n"
    assert (hosting.live / "sub" / "x.html").exists()
    assert not (hosting.live / ".marker").exists()  # upload-pages-artifact leaves hidden files out


def test_faults_make_the_steps_fail_as_github_would(hosting):
    write_project(hosting.author, {}, pages={"about.md": "# About\n"})
    shutil.copy(FIXTURE, hosting.author / ".github" / "workflows" / "standins.yml")
    hosting.create()
    hosting.git("push", "-q", str(hosting.origin), "HEAD:refs/heads/other")

    hosting.arm("push-from-the-job", "reject")
    rejected = hosting.run(workflow="standins.yml")
    hosting.arm("git-fetch", "error-502")
    unreachable = hosting.run(workflow="standins.yml")

    assert rejected.jobs == {"checks": "failure"}
    assert rejected.steps[("checks", "push-kept-credentials")] == "failure"
    assert "[remote rejected]" in rejected.output("checks")
    assert unreachable.jobs == {"checks": "failure"}
    assert unreachable.steps[("checks", "full-history")] == "failure"
    assert "The requested URL returned error: 502" in unreachable.output("checks")
    assert hosting.branch("from-the-job") == unreachable.sha  # the second run's push went through
    assert not hosting.pending_faults()
