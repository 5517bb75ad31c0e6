"""A loopback stand-in for the part of GitHub's REST API the alert workflow calls, strict about it.

It serves, for one repository, exactly the documented calls statusgen makes (docs.github.com/rest,
API version 2022-11-28):

    GET   /repos/{owner}/{repo}/pulls?head=OWNER:BRANCH&state=open   list pull requests
    POST  /repos/{owner}/{repo}/pulls                                create a pull request
    POST  /repos/{owner}/{repo}/issues/{number}/comments             create an issue comment
    PATCH /repos/{owner}/{repo}/pulls/{number}                       update a pull request
    POST  /repos/{owner}/{repo}/dispatches                           create a repository dispatch event
                                                                     (what relay/relay.py sends)

and checks every request as GitHub documents it: the token as `Authorization: Bearer` (or `token`),
`Accept: application/vnd.github+json`, `X-GitHub-Api-Version: 2022-11-28`, a User-Agent (GitHub
refuses requests without one), a JSON body of known fields with the documented types. Anything else
is answered as GitHub would (401, 404, 422 ...) and kept in `violations`, which a test expects empty.

With `origin` (a bare repository) it also knows the branches: a pull request from a branch that does
not exist, or with no commit beyond its base, is refused with 422 as GitHub refuses it.
"""
from __future__ import annotations

import json
import re
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

API_VERSION = "2022-11-28"
# Body fields each call documents, with their JSON types; `required` must be there.
CREATE_PULL = {"title": str, "head": str, "head_repo": str, "base": str, "body": str,
               "maintainer_can_modify": bool, "draft": bool, "issue": int}
CREATE_PULL_REQUIRED = ("head", "base")
UPDATE_PULL = {"title": str, "body": str, "state": str, "base": str, "maintainer_can_modify": bool}
CREATE_COMMENT = {"body": str}
CREATE_DISPATCH = {"event_type": str, "client_payload": dict}
LIST_PULLS = {"state": ("open", "closed", "all"), "head": None, "base": None,
              "sort": ("created", "updated", "popularity", "long-running"), "direction": ("asc", "desc"),
              "per_page": None, "page": None}


@dataclass
class Call:
    method: str
    path: str
    query: dict
    headers: dict  # without Authorization
    body: object
    status: int


@dataclass
class Pull:
    number: int
    title: str
    body: str
    head: str
    base: str
    draft: bool
    state: str = "open"
    comments: list[str] = field(default_factory=list)


class GitHubAPI:
    """The stand-in server (a context manager); `url` is what GITHUB_API_URL is set to."""

    def __init__(self, repository: str, token: str, origin: Path | None = None, drafts: bool = True):
        self.repository = repository
        self.token = token
        self.origin = origin
        self.drafts = drafts  # False: a private repository on GitHub Free, which has no draft pull requests
        self.pulls: dict[int, Pull] = {}
        self.calls: list[Call] = []
        self.violations: list[str] = []
        self.dispatches: list[dict] = []
        self.lock = threading.Lock()
        self.next_number = 1

    # -- what the tests read ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def open_pulls(self) -> list[Pull]:
        return [p for p in self.pulls.values() if p.state == "open"]

    # -- serving ---------------------------------------------------------------------------------------
    def __enter__(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                with api.lock:
                    status, answer = api.handle(self.command, self.path, dict(self.headers.items()), raw)
                data = b"" if status == 204 else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    # -- the API ---------------------------------------------------------------------------------------
    def handle(self, method: str, target: str, headers: dict, raw: bytes) -> tuple[int, object]:
        parts = urlsplit(target)
        query = {k: v for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        lower = {k.lower(): v for k, v in headers.items()}
        body = None
        status, answer = self._answer(method, parts.path, query, lower, raw)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        shown = {k: v for k, v in lower.items() if k != "authorization"}
        self.calls.append(Call(method, parts.path, query, shown, body, status))
        return status, answer

    def _refuse(self, status: int, message: str, why: str) -> tuple[int, object]:
        self.violations.append(why)
        return status, {"message": message, "documentation_url": "https://docs.github.com/rest"}

    def _answer(self, method, path, query, headers, raw):
        auth = headers.get("authorization", "")
        if auth not in (f"Bearer {self.token}", f"token {self.token}"):
            return self._refuse(401, "Bad credentials", f"{method} {path}: no or wrong Authorization header")
        if headers.get("accept") != "application/vnd.github+json":
            return self._refuse(415, "Unsupported 'Accept' header",
                                f"{method} {path}: Accept is {headers.get('accept')!r}, not application/vnd.github+json")
        if headers.get("x-github-api-version") != API_VERSION:
            return self._refuse(400, "Unsupported API version",
                                f"{method} {path}: X-GitHub-Api-Version is {headers.get('x-github-api-version')!r}")
        if not headers.get("user-agent"):
            return self._refuse(403, "Request forbidden by administrative rules. Please make sure your request "
                                "has a User-Agent header", f"{method} {path}: no User-Agent")
        prefix = f"/repos/{self.repository}"
        if not path.startswith(prefix + "/"):
            return self._refuse(404, "Not Found", f"{method} {path}: not this repository's")
        rest = path[len(prefix):]
        body = None
        if method in ("POST", "PATCH"):
            if not headers.get("content-type", "").startswith("application/json"):
                return self._refuse(415, "Unsupported Media Type", f"{method} {path}: the body is not sent as JSON")
            try:
                body = json.loads(raw)
            except ValueError:
                return self._refuse(400, "Problems parsing JSON", f"{method} {path}: the body is not JSON")
            if not isinstance(body, dict):
                return self._refuse(400, "Problems parsing JSON", f"{method} {path}: the body is not an object")
        elif raw:
            return self._refuse(400, "Problems parsing JSON", f"{method} {path}: a body on {method}")
        if method == "GET" and rest == "/pulls":
            return self._list(query)
        if method == "POST" and rest == "/pulls":
            return self._create(body)
        if method == "POST" and (m := re.fullmatch(r"/issues/(\d+)/comments", rest)):
            return self._comment(int(m[1]), body)
        if method == "POST" and rest == "/dispatches":
            return self._dispatch(body)
        if method == "PATCH" and (m := re.fullmatch(r"/pulls/(\d+)", rest)):
            return self._update(int(m[1]), body)
        return self._refuse(404, "Not Found", f"{method} {path}: not a call the workflow is documented to make")

    def _fields(self, what: str, body: dict, known: dict) -> str | None:
        for name, value in body.items():
            if name not in known:
                return f"{what}: {name!r} is not a documented field"
            if type(value) is not known[name]:  # bool is not int, int is not bool
                return f"{what}: {name!r} is {type(value).__name__}, not {known[name].__name__}"
        return None

    def _list(self, query):
        for name, values in query.items():
            allowed = LIST_PULLS.get(name, ...)
            if allowed is ... or len(values) != 1 or (allowed and values[0] not in allowed):
                return self._refuse(422, "Validation Failed", f"list pull requests: bad parameter {name}={values}")
        if "per_page" in query and not (query["per_page"][0].isdigit() and 1 <= int(query["per_page"][0]) <= 100):
            return self._refuse(422, "Validation Failed", "list pull requests: per_page is not 1 to 100")
        state = query.get("state", ["open"])[0]
        head = query.get("head", [None])[0]
        owner = self.repository.split("/")[0]
        if head is not None and not head.startswith(owner + ":"):
            return self._refuse(422, "Validation Failed", f"list pull requests: head {head!r} is not {owner}:BRANCH")
        found = [p for p in self.pulls.values() if state in ("all", p.state)
                 and (head is None or head == f"{owner}:{p.head}")]
        return 200, [self._json(p) for p in sorted(found, key=lambda p: -p.number)]

    def _create(self, body):
        problem = self._fields("create a pull request", body, CREATE_PULL)
        missing = [name for name in CREATE_PULL_REQUIRED if name not in body]
        if "title" not in body and "issue" not in body:
            missing.append("title")
        if problem or missing:
            return self._refuse(422, "Validation Failed", problem or f"create a pull request: missing {missing}")
        head, base = body["head"], body["base"]
        if self.origin is not None:
            if not self._sha(head) or not self._sha(base):
                return 422, _invalid("head" if not self._sha(head) else "base", "invalid")
            if self._sha(head) == self._sha(base) or self._is_ancestor(self._sha(head), self._sha(base)):
                return 422, {"message": "Validation Failed", "errors": [
                    {"resource": "PullRequest", "code": "custom", "message": f"No commits between {base} and {head}"}]}
        if body.get("draft") and not self.drafts:
            return 422, {"message": "Validation Failed", "errors": [
                {"resource": "PullRequest", "code": "custom",
                 "message": "Draft pull requests are not supported in this repository."}]}
        if any(p.head == head and p.base == base and p.state == "open" for p in self.pulls.values()):
            owner = self.repository.split("/")[0]
            return 422, {"message": "Validation Failed", "errors": [
                {"resource": "PullRequest", "code": "custom",
                 "message": f"A pull request already exists for {owner}:{head}."}]}
        pull = Pull(self.next_number, body.get("title", ""), body.get("body", ""), head, base, body.get("draft", False))
        self.next_number += 1
        self.pulls[pull.number] = pull
        return 201, self._json(pull)

    def _comment(self, number, body):
        problem = self._fields("create an issue comment", body, CREATE_COMMENT)
        if problem or "body" not in body:
            return self._refuse(422, "Validation Failed", problem or "create an issue comment: no body")
        if number not in self.pulls:
            return self._refuse(404, "Not Found", f"comment on #{number}, which does not exist")
        self.pulls[number].comments.append(body["body"])
        return 201, {"id": 1000 + len(self.pulls[number].comments), "body": body["body"],
                     "html_url": f"https://github.com/{self.repository}/pull/{number}#issuecomment"}

    def _dispatch(self, body):
        problem = self._fields("create a repository dispatch event", body, CREATE_DISPATCH)
        if not problem and not 1 <= len(body.get("event_type", "")) <= 100:
            problem = "create a repository dispatch event: event_type is not 1 to 100 characters"
        if not problem and len(body.get("client_payload", {})) > 10:
            problem = "create a repository dispatch event: client_payload has more than 10 top-level properties"
        if problem:
            return self._refuse(422, "Validation Failed", problem)
        self.dispatches.append(body)
        return 204, None

    def _update(self, number, body):
        problem = self._fields("update a pull request", body, UPDATE_PULL)
        if not problem and body.get("state", "open") not in ("open", "closed"):
            problem = f"update a pull request: state {body['state']!r} is not open or closed"
        if problem:
            return self._refuse(422, "Validation Failed", problem)
        if number not in self.pulls:
            return self._refuse(404, "Not Found", f"update #{number}, which does not exist")
        pull = self.pulls[number]
        for name in ("title", "body", "state", "base"):
            if name in body:
                setattr(pull, name, body[name])
        return 200, self._json(pull)

    # -- helpers ---------------------------------------------------------------------------------------
    def _json(self, pull: Pull) -> dict:
        owner = self.repository.split("/")[0]
        return {"number": pull.number, "state": pull.state, "draft": pull.draft, "title": pull.title,
                "body": pull.body, "html_url": f"https://github.com/{self.repository}/pull/{pull.number}",
                "url": f"https://api.github.com/repos/{self.repository}/pulls/{pull.number}",
                "head": {"ref": pull.head, "label": f"{owner}:{pull.head}", "sha": self._sha(pull.head) or ""},
                "base": {"ref": pull.base, "label": f"{owner}:{pull.base}", "sha": self._sha(pull.base) or ""}}

    def _sha(self, branch: str) -> str | None:
        if self.origin is None:
            return None
        done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"], cwd=self.origin,
                              capture_output=True, text=True)
        return done.stdout.strip() or None

    def _is_ancestor(self, old: str, new: str) -> bool:
        return subprocess.run(["git", "merge-base", "--is-ancestor", old, new], cwd=self.origin,
                              capture_output=True).returncode == 0


def _invalid(name: str, code: str) -> dict:
    return {"message": "Validation Failed", "errors": [{"resource": "PullRequest", "field": name, "code": code}]}
