"""Loopback stand-ins for the mailing-list providers statusgen sends through: Listmonk and Buttondown.

Each implements only the documented endpoints statusgen calls, and checks every
request against the documented shape (method, path, query, authorization
header, JSON fields and their types). Anything else is refused with the
provider's error shape and kept in `refused`, which the tests expect empty.

    Listmonk   https://listmonk.app/docs/apis/campaigns/ (and apis/ for auth and errors)
    Buttondown https://docs.buttondown.com/api-emails-introduction, api-emails-status

`faults` scripts one-off trouble by request ("POST /api/campaigns"): "lost"
does what was asked and then hangs up without answering (the answer is lost),
"500" answers 500 without doing anything, "stall" does it and never answers.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

POLL = 0.02


@dataclass
class Seen:
    method: str
    path: str
    query: dict
    headers: dict
    body: object  # parsed JSON, or None

    @property
    def route(self) -> str:
        return f"{self.method} {self.path}"


class Refusal(Exception):
    def __init__(self, code: int, why: str):
        super().__init__(why)
        self.code, self.why = code, why


def need(condition: bool, why: str, code: int = 400) -> None:
    if not condition:
        raise Refusal(code, why)


def fields(body, required: dict, optional: dict) -> dict:
    """`body` is a JSON object with exactly these fields (name -> type check), the required ones present."""
    need(isinstance(body, dict), "the body is not a JSON object")
    unknown = set(body) - set(required) - set(optional)
    need(not unknown, f"undocumented fields: {sorted(unknown)}")
    for name, check in {**required, **optional}.items():
        if name in body:
            need(check(body[name]), f"{name} has the wrong type or value: {body[name]!r}")
        else:
            need(name not in required, f"{name} is required")
    return body


def text(value) -> bool:
    return isinstance(value, str)


def ints(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, int) and not isinstance(v, bool)
                                                           for v in value)


def strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


class StandIn:
    """The HTTP plumbing: routing, faults, the record of requests; a provider subclass says what is documented."""

    prefix = ""

    def __init__(self):
        self.seen: list[Seen] = []
        self.refused: list[str] = []
        self.faults: dict[str, list[str]] = {}
        self.lock = threading.Lock()

    def fault(self, route: str, *what: str) -> None:
        self.faults.setdefault(route, []).extend(what)

    def __enter__(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self):
                stand_in._handle(self)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": POLL}, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{self.prefix}"

    def routes(self) -> list[str]:
        return [s.route for s in self.seen]

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        try:
            body = json.loads(raw.decode("utf-8")) if raw else None
        except ValueError:
            body = "<not JSON>"
        seen = Seen(h.command, parts.path, parse_qs(parts.query, keep_blank_values=True), dict(h.headers), body)
        with self.lock:
            self.seen.append(seen)
            fault = (self.faults.get(seen.route) or [None]).pop(0) if self.faults.get(seen.route) else None
        if fault == "500":
            return self._answer(h, 500, {"message": "scripted failure"})
        try:
            need(h.headers.get("Authorization") == self.authorization, "wrong or missing Authorization header", 403)
            if raw:
                need((h.headers.get("Content-Type") or "").startswith("application/json"), "not application/json")
                need(body != "<not JSON>", "the body is not JSON")
            code, answer = self.serve(seen)
        except Refusal as refusal:
            with self.lock:
                self.refused.append(f"{seen.route}: {refusal.why}")
            return self._answer(h, refusal.code, self.error(refusal.why))
        if fault == "lost":  # it was done; the answer never arrives
            h.close_connection = True
            h.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault == "stall":
            time.sleep(5)
            return
        self._answer(h, code, answer)

    def _answer(self, h, code: int, payload) -> None:
        data = json.dumps(payload).encode()
        h.send_response(code)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)


class Listmonk(StandIn):
    """GET /api/campaigns, POST /api/campaigns, PUT /api/campaigns/{id}/status; token auth."""

    user, token = "statusgen", "s3cret-token"
    authorization = f"token {user}:{token}"
    STATUSES = ("scheduled", "running", "paused", "cancelled")

    def __init__(self, lists=(1, 2, 3, 4, 5, 7, 9)):
        super().__init__()
        self.lists = set(lists)
        self.campaigns: list[dict] = []

    def env(self) -> dict:
        return {"STATUSGEN_LISTMONK_USER": self.user, "STATUSGEN_LISTMONK_TOKEN": self.token}

    def error(self, why: str) -> dict:
        return {"message": why}

    def started(self) -> list[dict]:
        return [c for c in self.campaigns if c["status"] == "running"]

    def serve(self, seen: Seen):
        path = seen.path
        if seen.method == "GET" and path == "/api/campaigns":
            need(seen.body is None, "a GET has no body")
            allowed = {"order", "order_by", "query", "status", "tags", "page", "per_page"}
            need(set(seen.query) <= allowed, f"undocumented parameters {sorted(set(seen.query) - allowed)}")
            need(seen.query.get("order_by", ["created_at"])[0] in ("name", "status", "created_at", "updated_at"),
                 "order_by")
            need(seen.query.get("order", ["DESC"])[0].upper() in ("ASC", "DESC"), "order")
            tags = seen.query.get("tags", [])
            found = [c for c in self.campaigns if all(t in c["tags"] for t in tags)]
            if seen.query.get("order", [""])[0].lower() == "desc":
                found = found[::-1]
            return 200, {"data": {"results": found, "query": "", "total": len(found), "per_page": 20, "page": 1}}
        if seen.method == "POST" and path == "/api/campaigns":
            body = fields(seen.body, {"name": text, "subject": text, "lists": ints, "type": text,
                                      "content_type": text, "body": text},
                          {"from_email": text, "altbody": text, "send_at": text, "messenger": text,
                           "template_id": lambda v: isinstance(v, int), "tags": strings,
                           "headers": lambda v: isinstance(v, list)})
            need(body["type"] in ("regular", "optin"), "type")
            need(body["content_type"] in ("richtext", "html", "markdown", "plain"), "content_type")
            need(set(body["lists"]) <= self.lists, f"unknown lists {sorted(set(body['lists']) - self.lists)}", 400)
            campaign = {"id": len(self.campaigns) + 1, "status": "draft", "tags": body.get("tags", []),
                        "lists": [{"id": i, "name": f"list {i}"} for i in body["lists"]],
                        **{k: v for k, v in body.items() if k not in ("lists", "tags")}}
            self.campaigns.append(campaign)
            return 200, {"data": campaign}
        parts = path.strip("/").split("/")
        if seen.method == "PUT" and len(parts) == 4 and parts[:2] == ["api", "campaigns"] and parts[3] == "status":
            need(parts[2].isdigit(), "campaign_id is not a number")
            body = fields(seen.body, {"status": text}, {})
            need(body["status"] in self.STATUSES, "status")
            campaign = next((c for c in self.campaigns if c["id"] == int(parts[2])), None)
            need(campaign is not None, "campaign not found", 404)
            if body["status"] == "running":
                need(campaign["status"] in ("draft", "paused"), "only draft or paused campaigns can start")
            campaign["status"] = body["status"]
            return 200, {"data": campaign}
        raise Refusal(404 if seen.method in ("GET", "POST", "PUT") else 405, "no such endpoint")


class Buttondown(StandIn):
    """GET /v1/emails, POST /v1/emails, PATCH /v1/emails/{id}; token auth."""

    prefix = "/v1"
    key = "bd-api-key"
    authorization = f"Token {key}"
    CREATE_STATUSES = ("draft", "about_to_send", "scheduled")
    PAGE = 100

    def __init__(self, tags=("tag-everyone", "tag-enterprise", "tag-api", "tag-web")):
        super().__init__()
        self.tags = set(tags)
        self.emails: list[dict] = []
        self.sent: list[dict] = []  # the emails queued to subscribers, in order

    def env(self) -> dict:
        return {"STATUSGEN_BUTTONDOWN_API_KEY": self.key}

    def error(self, why: str) -> dict:
        return {"detail": why}

    def serve(self, seen: Seen):
        path = seen.path
        if seen.method == "GET" and path == "/v1/emails":
            need(seen.body is None, "a GET has no body")
            need(set(seen.query) <= {"page"}, "undocumented parameters")
            page = int(seen.query.get("page", ["1"])[0])
            newest = self.emails[::-1]
            chunk = newest[(page - 1) * self.PAGE: page * self.PAGE]
            more = len(newest) > page * self.PAGE
            return 200, {"results": chunk, "count": len(newest),
                         "next": f"{self.url}/emails?page={page + 1}" if more else None, "previous": None}
        if seen.method == "POST" and path == "/v1/emails":
            body = fields(seen.body, {"subject": text}, {
                "body": text, "status": text, "metadata": lambda v: isinstance(v, dict),
                "filters": self._filters, "email_type": text, "slug": text, "description": text})
            need(body.get("status", "about_to_send") in self.CREATE_STATUSES, "status")
            email = {"id": f"00000000-0000-4000-8000-{len(self.emails) + 1:012d}", "status": "draft",
                     "metadata": {}, **body}
            self.emails.append(email)
            if email["status"] == "about_to_send":
                self.sent.append(email)
            return 201, email
        parts = path.strip("/").split("/")
        if seen.method == "PATCH" and len(parts) == 3 and parts[:2] == ["v1", "emails"]:
            body = fields(seen.body, {}, {"status": text, "subject": text, "body": text})
            email = next((e for e in self.emails if e["id"] == parts[2]), None)
            need(email is not None, "email not found", 404)
            if body.get("status") == "about_to_send":
                need(email["status"] == "draft", "only a draft can be sent")
                self.sent.append(email)
            email.update(body)
            return 200, email
        raise Refusal(404, "no such endpoint")

    def _filters(self, value) -> bool:
        if not isinstance(value, dict) or set(value) != {"predicate", "groups", "filters"}:
            return False
        if value["predicate"] not in ("and", "or") or not isinstance(value["groups"], list):
            return False
        return isinstance(value["filters"], list) and all(
            isinstance(f, dict) and set(f) == {"field", "operator", "value"} and f["field"] == "subscriber.tags"
            and f["operator"] in ("contains", "not_contains") and f["value"] in self.tags for f in value["filters"])
