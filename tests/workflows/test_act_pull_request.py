"""The pull-request workflow as it is in .github/workflows, under act, on the merge commit GitHub makes
for a pull request: both jobs pass, the summary shows what merging changes and the messages it would
send, and the preview is uploaded; a broken incident file fails the check, naming the file."""
from __future__ import annotations


def open_pull_request(life, number: int, branch: str, write) -> dict:
    """A branch with one commit (written by `write`), and the merge commit GitHub tests for it, pushed
    to origin as refs/pull/N/merge and checked out in the author's folder; returns the event's payload."""
    hosting = life.hosting
    hosting.git("checkout", "-q", "-b", branch, "main")
    write()
    head = hosting.commit(branch, push=False)
    hosting.git("push", "-q", "origin", branch)
    hosting.git("checkout", "-q", "--detach", "main")
    hosting.git("merge", "-q", "--no-ff", "-m", f"Merge {head} into main", branch)
    merge = hosting.git("rev-parse", "HEAD")
    hosting.git("push", "-q", "origin", f"{merge}:refs/pull/{number}/merge")
    base = hosting.git("rev-parse", "main")
    return {"action": "opened", "number": number, "pull_request": {"number": number, "head": {"ref": branch, "sha": head},
                                               "base": {"ref": "main", "sha": base}}}


def test_a_pull_request_is_checked_and_previewed(life):
    def post():
        life.open_incident("sign-in", "Sign-in failures")

    payload = open_pull_request(life, 7, "sign-in", post)
    run = life.hosting.run("pull_request", workflow="pull-request.yml", payload=payload)

    assert run.jobs == {"check": "success", "workflows": "success"}, run.output()
    summary = run.summaries["check"]
    assert "Sign-in failures" in summary
    assert "[Test Status] Incident: Sign-in failures" in summary  # the e-mail merging would send
    preview = life.hosting.folder / "runs" / "1" / "artifacts" / "status-site-preview"
    assert "Sign-in failures" in (preview / "incidents" / "sign-in" / "index.html").read_text(encoding="utf-8")


def test_a_broken_incident_file_fails_the_check(life):
    def post():
        path = life.hosting.author / "incidents" / "broken.md"
        path.write_text("---\ntitle: Broken\nseverity: P9\n---\n", encoding="utf-8")

    payload = open_pull_request(life, 8, "broken", post)
    run = life.hosting.run("pull_request", workflow="pull-request.yml", payload=payload, job="check")

    assert run.jobs == {"check": "failure"}
    assert "::error file=incidents/broken.md" in run.output("check")
