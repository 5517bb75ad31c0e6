"""The record on a git branch of the status repository itself.

Why a branch: it is kept as long as the repository is (the procedures keep
e-mail records for years; a CI artifact expires in 90 days), the team already
controls who may write it, every line arrives as a commit with its time, so
the history is the evidence, and a rewrite shows as a forced push.

Nothing here touches the working tree or the index: lines are added with git's
plumbing (a blob, a tree, a commit whose parent is the tip last fetched) and
pushed without force, so a push that would drop anything is refused by git.
Every line is pushed before the caller goes on. Every git command that talks
to the remote has a deadline.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ...core.diagnostics import Diagnostic, UserError
from ...core.text import one_line

FILE = "communications.jsonl"
LOCAL_REF = "refs/statusgen/record"  # where the fetched tip is kept; never a branch anyone checks out
# Seconds for one fetch, ls-remote or push: with two pushes a message, a run stays well inside the Notify
# job's limit (--max-time 300 s for sending, the record's steps on top).
NETWORK_TIMEOUT = 30.0
PUSH_TRIES = 3  # a push refused because the branch moved is tried again on top of what moved it
IDENTITY = {"GIT_AUTHOR_NAME": "statusgen", "GIT_AUTHOR_EMAIL": "statusgen@localhost",
            "GIT_COMMITTER_NAME": "statusgen", "GIT_COMMITTER_EMAIL": "statusgen@localhost"}


class GitBranchStore:
    def __init__(self, root: Path, remote: str, branch: str, timeout: float = NETWORK_TIMEOUT):
        self.root = root
        self.remote = remote
        self.branch = branch
        self.timeout = timeout
        self.tip: str | None = None
        self.data = b""
        self.notes: list[str] = []
        # Lines another writer added before this run's last line (a push refused, then taken up on top of
        # theirs): the Record reads them, so it knows what they attempted before it sends.
        self.others: list[bytes] = []

    @property
    def where(self) -> str:
        return f"{self.remote} {self.branch}:{FILE}"

    def _fail(self, what: str, done: subprocess.CompletedProcess | None = None) -> UserError:
        said = ""
        if done is not None:
            text = [line.strip() for line in done.stderr.decode("utf-8", errors="replace").splitlines()
                    if line.strip()]
            # git's reason, not its closing hint: "! [rejected] ...", "error: ...", "fatal: ...", "remote: ..."
            telling = [line for line in text if line.startswith(("!", "error:", "fatal:", "remote:"))]
            said = f" (git: {one_line((telling or text or [''])[0])[:300]})" if text else ""
        return UserError([Diagnostic(self.where, None, what + said)])

    def _git(self, *args: str, stdin: bytes | None = None, network: bool = False,
             env: dict | None = None) -> subprocess.CompletedProcess:
        environ = {**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})}
        try:
            return subprocess.run(["git", *args], cwd=self.root, input=stdin, capture_output=True, check=False,
                                  env=environ, timeout=self.timeout if network else None)
        except subprocess.TimeoutExpired:
            raise self._fail(f"git {args[0]} did not finish within {self.timeout:g} s; nothing more was sent") \
                from None
        except FileNotFoundError:
            raise self._fail("git is not installed; the record on a branch needs it") from None

    def load(self) -> list[bytes] | None:
        """The record's lines, or None when the branch does not exist yet (git's answer, not a failure)."""
        probe = self._git("ls-remote", "--exit-code", "--heads", self.remote, f"refs/heads/{self.branch}",
                          network=True)
        if probe.returncode == 2:
            return None
        if probe.returncode != 0:
            raise self._fail("the record's branch cannot be looked up, so statusgen stops rather than act "
                             "without it (a record that cannot be read is never taken for an empty one)", probe)
        fetched = self._git("fetch", "--quiet", "--no-tags", "--no-write-fetch-head", self.remote,
                            f"+refs/heads/{self.branch}:{LOCAL_REF}", network=True)
        if fetched.returncode != 0:
            raise self._fail("the record's branch cannot be fetched, so statusgen stops rather than act without it", fetched)
        self.tip = self._git("rev-parse", "--verify", f"{LOCAL_REF}^{{commit}}").stdout.decode().strip()
        blob = self._git("cat-file", "blob", f"{self.tip}:{FILE}")
        if blob.returncode != 0:
            raise self._fail(f"the branch has no {FILE}; it is not a statusgen record (choose another branch "
                             "with --record-branch)", blob)
        self.data = blob.stdout
        if self.data and not self.data.endswith(b"\n"):
            raise self._fail(f"{FILE} does not end with a newline: it was edited by hand; restore it from the "
                             "branch's history")
        return self.data.split(b"\n")[:-1] if self.data else []

    def start(self, first: bytes) -> None:
        self.append(first, message="statusgen: the communications record begins")

    def append(self, line: bytes, message: str = "statusgen: record") -> None:
        for _ in range(PUSH_TRIES):
            sha, data = self._commit(self.data + line, message)
            outcome = self._push(sha)
            if outcome == "pushed":
                self._git("update-ref", LOCAL_REF, sha)
                self.tip, self.data = sha, data
                return
            # Refused because the branch moved (another writer): take what it holds now and add the line on top,
            # as long as what this run read is still all there.
            self._catch_up()
        raise self._fail("the record could not be pushed: its branch keeps moving (is another notify running?); "
                         "nothing more is sent")

    def _commit(self, data: bytes, message: str) -> tuple[str, bytes]:
        blob = self._git("hash-object", "-w", "--stdin", stdin=data)
        if blob.returncode != 0:
            raise self._fail("the record's next line could not be stored in git", blob)
        tree = self._git("mktree", stdin=f"100644 blob {blob.stdout.decode().strip()}\t{FILE}\n".encode())
        if tree.returncode != 0:
            raise self._fail("the record's next line could not be stored in git", tree)
        parents = ["-p", self.tip] if self.tip else []
        commit = self._git("commit-tree", tree.stdout.decode().strip(), *parents, "-m", message, env=IDENTITY)
        if commit.returncode != 0:
            raise self._fail("the record's next line could not be committed", commit)
        return commit.stdout.decode().strip(), data

    def _remote_tip(self) -> str | None:
        probe = self._git("ls-remote", "--heads", self.remote, f"refs/heads/{self.branch}", network=True)
        if probe.returncode != 0:
            return None
        words = probe.stdout.decode().split()
        return words[0] if words else ""

    def _push(self, sha: str) -> str:
        """'pushed', or 'moved' (refused because the branch has commits this run has not seen)."""
        try:
            pushed = self._git("push", "--quiet", "--no-verify", "--porcelain", self.remote,
                               f"{sha}:refs/heads/{self.branch}", network=True)
        except UserError:
            pushed = None  # timed out: the push may have landed all the same
        if pushed is not None and pushed.returncode == 0:
            return "pushed"
        tip = self._remote_tip()
        if tip == sha:
            return "pushed"  # the answer was lost, the push was not
        if pushed is not None and b"[rejected]" in pushed.stdout + pushed.stderr and tip and tip != self.tip:
            return "moved"
        raise self._fail("the record could not be pushed (may this run push to the branch? is the remote "
                         "reachable?); nothing more is sent", pushed)

    def _catch_up(self) -> None:
        before = self.data
        lines = self.load()
        if lines is None or not self.data.startswith(before):
            raise self._fail("the record's branch was rewritten while this run wrote to it (lines it had read are "
                             "gone); nothing more is sent. Restore the branch from its history")
        self.others += [line for line in self.data[len(before):].split(b"\n") if line.strip()]

    def close(self) -> None:
        pass
