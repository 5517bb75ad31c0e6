"""The few GitHub REST calls the alert workflow makes: find, open, comment on and close a pull request.

Each call is over within its deadline, all of it (connecting, TLS, sending and the whole answer), the
way notifications are (send.within). A call that GitHub may have acted on (it had the whole request)
is never sent again: a second comment or pull request would be a second message to people. A call
refused before anything was sent, or a 5xx/429 answer to a request that changes nothing or changes it
to the same end (a search, closing), is tried again, up to ATTEMPTS times within the deadline.

The token comes from GITHUB_TOKEN and is never printed, nor are the answers' bodies beyond GitHub's
own `message` (which never holds it).
"""
from __future__ import annotations

import json
import os
import re
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from .. import __version__
from .send import Outcome, Watch, exchange, seconds, within

API_VERSION = "2022-11-28"  # the REST API version the calls below are written against
DEADLINE = 30.0  # seconds one call may take, all attempts together
ATTEMPTS = 3
MAX_ANSWER = 4 * 1024 * 1024  # bytes of an answer read at most (a page of pull requests is far less)
NO_DRAFTS = ("**This repository has no draft pull requests** (GitHub's plan), so this one is not marked as a "
             "draft. The incident file is: nothing is published until a person completes it and merges.")
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_BRANCH = re.compile(r"[A-Za-z0-9._/-]+")


class GitHubError(Exception):
    """A call that failed, in words for people (what failed, what GitHub said, what to do)."""


@dataclass(frozen=True)
class Answer:
    status: int
    data: object  # the JSON answer, None when there was none


def _safe_detail(raw: bytes) -> str:
    """GitHub's own `message` (and the first error's), never the whole body."""
    try:
        data = json.loads(raw.decode("utf-8", "replace"))
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    parts = [str(data.get("message") or "")]
    errors = data.get("errors")
    if isinstance(errors, list) and errors:
        first = errors[0]
        parts.append(str(first.get("message") or first.get("code") or "") if isinstance(first, dict) else str(first))
    return ": ".join(p for p in parts if p)[:300]


@dataclass(frozen=True)
class GitHub:
    api: str  # https://api.github.com, or GitHub Enterprise Server's .../api/v3
    repository: str  # OWNER/REPO
    token: str
    deadline: float = DEADLINE

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> GitHub:
        """From the variables every Actions job has (GITHUB_TOKEN passed in by the workflow)."""
        env = os.environ if env is None else env
        problems = []
        token = env.get("GITHUB_TOKEN", "")
        if not token:
            problems.append("GITHUB_TOKEN is not set: give the step `env: GITHUB_TOKEN: ${{ github.token }}`")
        api = env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
        parts = urllib.parse.urlsplit(api)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problems.append(f"GITHUB_API_URL {api!r} is not an http(s) address")
        repository = env.get("GITHUB_REPOSITORY", "")
        if not _REPOSITORY.fullmatch(repository):
            problems.append(f"GITHUB_REPOSITORY {repository!r} is not OWNER/REPO")
        if problems:
            raise GitHubError("; ".join(problems))
        return cls(api, repository, token)

    @property
    def owner(self) -> str:
        return self.repository.split("/")[0]

    # -- the calls -------------------------------------------------------------------------------------------
    def open_pull(self, branch: str) -> dict | None:
        """The open pull request whose head is `branch` of this repository, or None."""
        _check_branch(branch)
        query = urllib.parse.urlencode({"head": f"{self.owner}:{branch}", "state": "open", "per_page": "10"})
        answer = self.call("GET", f"/repos/{self.repository}/pulls?{query}", retry=True)
        if not isinstance(answer.data, list):
            raise GitHubError(f"GitHub's list of pull requests for {branch} is not a list")
        found = [p for p in answer.data if isinstance(p, dict) and (p.get("head") or {}).get("ref") == branch]
        return found[0] if found else None

    def create_draft(self, branch: str, base: str, title: str, body: str) -> dict:
        """Open a draft pull request from `branch` into `base`; if one is open already (another run got there
        first), that one."""
        _check_branch(branch)
        _check_branch(base)
        payload = {"title": title, "head": branch, "base": base, "body": body, "draft": True,
                   "maintainer_can_modify": True}
        try:
            answer = self.call("POST", f"/repos/{self.repository}/pulls", payload)
        except GitHubError as error:
            if "HTTP 422" in str(error) and "draft pull requests are not supported" in str(error).lower():
                # A private repository on GitHub Free has no draft pull requests. An ordinary one is as safe
                # (the incident file itself is a draft, and only a person merges), and says so.
                payload.update(draft=False, body=f"{NO_DRAFTS}\n\n{body}")
                try:
                    answer = self.call("POST", f"/repos/{self.repository}/pulls", payload)
                except GitHubError as again:
                    if "HTTP 422" in str(again) and (existing := self.open_pull(branch)):
                        return existing
                    raise
                return _pull(answer)
            if "HTTP 422" in str(error) and (existing := self.open_pull(branch)):
                return existing
            raise
        return _pull(answer)

    def comment(self, number: int, body: str) -> dict:
        answer = self.call("POST", f"/repos/{self.repository}/issues/{int(number)}/comments", {"body": body})
        return answer.data if isinstance(answer.data, dict) else {}

    def close(self, number: int) -> dict:
        # Closing twice ends the same way, so it may be tried again.
        return _pull(self.call("PATCH", f"/repos/{self.repository}/pulls/{int(number)}", {"state": "closed"},
                               retry=True))

    # -- one call ---------------------------------------------------------------------------------------------
    def call(self, method: str, path: str, body: dict | None = None, *, retry: bool = False) -> Answer:
        """One REST call within self.deadline; `retry`: safe to send again after GitHub had it."""
        end = time.monotonic() + self.deadline
        what = f"{method} {path.split('?')[0]}"
        data = None if body is None else json.dumps(body).encode("utf-8")
        last = ""
        for attempt in range(ATTEMPTS):
            left = end - time.monotonic()
            if left <= 0.5:
                break
            if attempt:
                pause = min(2.0 ** (attempt - 1), left / 2)
                time.sleep(pause)
                left = end - time.monotonic()
            held: list[Answer] = []
            outcome = within(left, lambda watch: self._attempt(method, path, data, left, watch, held),
                             f"no answer within {seconds(left)} s after the request was sent; GitHub may have "
                             "acted on it, so it is not sent again")
            if outcome.ok:
                return held[0]
            last = outcome.detail
            sent_whole = outcome.kind == "unknown" or outcome.detail.startswith("HTTP ")
            again = outcome.retry and (retry or not sent_whole)
            if not again:
                break
        raise GitHubError(f"GitHub API {what} failed: {last or f'out of time ({seconds(self.deadline)} s)'}"
                          f"{_advice(last)}")

    def _attempt(self, method: str, path: str, data: bytes | None, limit: float, watch: Watch,
                 held: list[Answer]) -> Outcome:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION,
                   "Authorization": f"Bearer {self.token}", "User-Agent": f"statusgen/{__version__} (+alert-pr)"}
        if data is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        outcome, status, raw = exchange(method, self.api + path, headers, data, limit, watch, MAX_ANSWER)
        if not outcome.ok:
            detail = _safe_detail(raw[:65536]) if status else ""
            if detail:
                outcome = Outcome(outcome.ok, f"{outcome.detail} ({detail})", outcome.kind, outcome.retry,
                                  outcome.wait)
            return outcome
        if len(raw) > MAX_ANSWER:
            return Outcome(False, f"the answer is larger than {MAX_ANSWER} bytes", "failing")
        try:
            parsed = json.loads(raw) if raw.strip() else None
        except ValueError:
            return Outcome(False, f"HTTP {status} with an answer that is not JSON", "failing")
        held.append(Answer(status, parsed))
        return outcome


def _pull(answer: Answer) -> dict:
    if not isinstance(answer.data, dict) or not isinstance(answer.data.get("number"), int):
        raise GitHubError("GitHub's answer does not describe a pull request (no number)")
    return answer.data


def _check_branch(name: str) -> None:
    if not _BRANCH.fullmatch(name or "") or ".." in name or name.startswith(("-", "/")):
        raise GitHubError(f"{name!r} is not a branch name statusgen would use")


def _advice(detail: str) -> str:
    if "HTTP 401" in detail:
        return "; the token was refused: pass the job's token as GITHUB_TOKEN"
    if "HTTP 403" in detail and "not permitted to create" in detail:
        return ("; allow it in Settings -> Actions -> General -> Workflow permissions: "
                "\"Allow GitHub Actions to create and approve pull requests\"")
    if "HTTP 403" in detail or "HTTP 404" in detail:
        return "; the job needs `permissions: contents: write, pull-requests: write`"
    return ""
