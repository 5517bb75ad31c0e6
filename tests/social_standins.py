"""Loopback stand-ins for the social platforms' endpoints statusgen calls, checking each request's shape.

Each implements only the documented requests statusgen makes and refuses anything else (the refusal is
kept in `refused`, so a test can assert there was none):

    Mastodon  GET /api/v2/instance (no token); POST /api/v1/statuses: Authorization "Bearer <token>", Idempotency-Key, a JSON body of
              status, visibility and in_reply_to_id (an id it issued); the status at most max_characters
              as Mastodon counts them (grapheme clusters, a link 23). A repeated Idempotency-Key answers
              the status the first request made, as Mastodon does.
    Bluesky   POST /xrpc/com.atproto.server.createSession {identifier, password};
              POST /xrpc/com.atproto.repo.createRecord with the session's bearer token: repo (the
              session's DID), collection app.bsky.feed.post, a TID rkey, a record with $type, text (at
              most 300 graphemes and 3,000 bytes), createdAt, link facets whose byte ranges hold their
              link, reply refs to posts it holds; an rkey it holds already fails (HTTP 500, as the PDS
              answers today); GET /xrpc/com.atproto.repo.getRecord.

`lose` makes the next N requests to a path be carried out and then left unanswered (the connection
closed without a word): an answer lost on the way back.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import regex

POLL = 0.02
URL = re.compile(r"https?://[^\s<>\"]+")
TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


def graphemes(text: str) -> int:
    return len(regex.findall(r"\X", text))


class Refused(Exception):
    def __init__(self, code: int, why: str):
        super().__init__(why)
        self.code, self.why = code, why


@dataclass
class _Server:
    codes: dict[str, list[int]] = field(default_factory=dict)  # path -> codes answered first, instead of working
    lose: dict[str, int] = field(default_factory=dict)  # path -> how many answers to lose
    refused: list[str] = field(default_factory=list)
    requests: list[tuple[str, str, dict, bytes]] = field(default_factory=list)  # method, path, headers, body

    def __enter__(self):
        standin = self
        self.lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                path = urlsplit(self.path).path
                with standin.lock:
                    standin.requests.append((method, self.path, dict(self.headers), body))
                    scripted = standin.codes.get(path)
                    if scripted:
                        code = scripted.pop(0)
                        return self._answer(code, {"error": "InternalServerError", "message": "scripted"})
                    try:
                        code, answer = standin.handle(method, self.path, self.headers, body)
                    except Refused as refusal:
                        standin.refused.append(f"{method} {self.path}: {refusal.why}")
                        return self._answer(refusal.code, {"error": "InvalidRequest", "message": refusal.why})
                    if standin.lose.get(path):
                        standin.lose[path] -= 1
                        self.close_connection = True  # carried out; the answer never leaves
                        return None
                self._answer(code, answer)

            def _answer(self, code, answer):
                payload = json.dumps(answer).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self):
                self._serve("POST")

            def do_GET(self):
                self._serve("GET")

            def do_PUT(self):
                self._serve("PUT")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": POLL}, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def _json(headers, body: bytes) -> dict:
    if not (headers.get("Content-Type") or "").startswith("application/json"):
        raise Refused(415, "the body must be JSON (Content-Type: application/json)")
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(400, "the body is not JSON") from None
    if not isinstance(value, dict):
        raise Refused(400, "the body is not a JSON object")
    return value


@dataclass
class Mastodon(_Server):
    token: str = "mastodon-token"
    statuses: list[dict] = field(default_factory=list)  # every status made, in order
    keys: dict[str, dict] = field(default_factory=dict)  # Idempotency-Key -> the status it made

    max_characters: int = 500  # what GET /api/v2/instance says (configuration.statuses.max_characters)

    def handle(self, method, path, headers, body):
        if (method, path) == ("GET", "/api/v2/instance"):  # public: no token is needed, none is sent
            if "Authorization" in headers:
                raise Refused(400, "the instance's description needs no token; do not send it")
            return 200, {"domain": "127.0.0.1", "configuration": {"statuses": {
                "max_characters": self.max_characters, "characters_reserved_per_url": 23}}}
        if (method, path) != ("POST", "/api/v1/statuses"):
            raise Refused(404, "not an endpoint statusgen should call")
        if headers.get("Authorization") != f"Bearer {self.token}":
            raise Refused(401, "The access token is invalid")
        key = headers.get("Idempotency-Key")
        if not key:
            raise Refused(422, "statusgen must send an Idempotency-Key")
        data = _json(headers, body)
        extra = set(data) - {"status", "visibility", "in_reply_to_id"}
        if extra:
            raise Refused(422, f"unexpected fields {sorted(extra)}")
        text = data.get("status")
        if not isinstance(text, str) or not text.strip():
            raise Refused(422, "Validation failed: Text can't be blank")
        length = graphemes(URL.sub("x" * 23, text))
        if length > self.max_characters:
            raise Refused(422, f"Validation failed: Text character limit of {self.max_characters} exceeded")
        if data.get("visibility") not in ("public", "unlisted", "private", "direct"):
            raise Refused(422, "visibility is not one of public, unlisted, private, direct")
        parent = data.get("in_reply_to_id")
        if parent is not None and parent not in {s["id"] for s in self.statuses}:
            raise Refused(404, "in_reply_to_id names no status")
        if key in self.keys:  # the same key within the hour: the first status, not a new one
            return 200, self.keys[key]
        status = {"id": str(109_000 + len(self.statuses)), "url": f"{self.url}/@status/{109_000 + len(self.statuses)}",
                  "content": text, "visibility": data["visibility"], "in_reply_to_id": parent}
        self.statuses.append(status)
        self.keys[key] = status
        return 200, status


@dataclass
class Bluesky(_Server):
    handle_name: str = "status.example.com"
    password: str = "abcd-efgh-ijkl-mnop"
    did: str = "did:plc:statusgentest0000000000"
    posts: dict[str, dict] = field(default_factory=dict)  # rkey -> {"uri", "cid", "value"}, in creation order
    sessions: int = 0

    @property
    def token(self) -> str:
        return f"access-{self.did}"

    def handle(self, method, path, headers, body):
        route = urlsplit(path).path
        if (method, route) == ("POST", "/xrpc/com.atproto.server.createSession"):
            data = _json(headers, body)
            if set(data) - {"identifier", "password", "authFactorToken"}:
                raise Refused(400, "unexpected fields")
            if data.get("identifier") != self.handle_name or data.get("password") != self.password:
                raise Refused(401, "Invalid identifier or password")
            self.sessions += 1
            return 200, {"did": self.did, "handle": self.handle_name, "accessJwt": self.token, "refreshJwt": "r"}
        if (method, route) == ("GET", "/xrpc/com.atproto.repo.getRecord"):
            query = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
            if query.get("repo") != self.did or query.get("collection") != "app.bsky.feed.post":
                raise Refused(400, "repo and collection must name the account's posts")
            post = self.posts.get(query.get("rkey", ""))
            if post is None:
                return 400, {"error": "RecordNotFound", "message": "Could not locate record"}
            return 200, post
        if (method, route) == ("POST", "/xrpc/com.atproto.repo.createRecord"):
            if headers.get("Authorization") != f"Bearer {self.token}":
                raise Refused(401, "AuthenticationRequired")
            return self._create(_json(headers, body))
        raise Refused(404, "not an endpoint statusgen should call")

    def _create(self, data: dict):
        if set(data) - {"repo", "collection", "rkey", "record", "validate"}:
            raise Refused(400, "unexpected fields")
        if data.get("repo") != self.did or data.get("collection") != "app.bsky.feed.post":
            raise Refused(400, "repo must be the session's DID and collection app.bsky.feed.post")
        rkey = data.get("rkey")
        if not isinstance(rkey, str) or not TID.match(rkey):
            raise Refused(400, "a post's rkey must be a TID")
        record = data.get("record")
        if not isinstance(record, dict) or record.get("$type") != "app.bsky.feed.post":
            raise Refused(400, "record/$type must be app.bsky.feed.post")
        if set(record) - {"$type", "text", "createdAt", "facets", "reply", "langs"}:
            raise Refused(400, "unexpected record fields")
        text = record.get("text")
        if not isinstance(text, str) or graphemes(text) > 300 or len(text.encode("utf-8")) > 3000:
            raise Refused(400, "record/text must be at most 300 graphemes and 3000 bytes")
        try:
            datetime.fromisoformat(record["createdAt"].replace("Z", "+00:00"))
        except (KeyError, AttributeError, ValueError):
            raise Refused(400, "record/createdAt must be a datetime") from None
        raw, linked = text.encode("utf-8"), []
        for facet in record.get("facets", []):
            start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
            [feature] = facet["features"]
            if feature.get("$type") != "app.bsky.richtext.facet#link" or raw[start:end].decode() != feature["uri"]:
                raise Refused(400, "a link facet's byte range must hold its link")
            linked.append(feature["uri"])
        if sorted(linked) != sorted(m.group().rstrip(".,;:!?)]'") for m in URL.finditer(text)):
            raise Refused(400, "every link must have a facet (or it is not clickable)")
        reply = record.get("reply")
        if reply is not None:
            held = {(p["uri"], p["cid"]) for p in self.posts.values()}
            for end_ in ("root", "parent"):
                ref = reply.get(end_) or {}
                if (ref.get("uri"), ref.get("cid")) not in held:
                    raise Refused(400, f"reply/{end_} names no post")
        if rkey in self.posts:  # what the PDS answers today for a record key it holds
            return 500, {"error": "InternalServerError", "message": "Internal Server Error"}
        uri = f"at://{self.did}/app.bsky.feed.post/{rkey}"
        cid = "bafyrei" + hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()[:40]
        self.posts[rkey] = {"uri": uri, "cid": cid, "value": record}
        return 200, {"uri": uri, "cid": cid, "commit": {"cid": "bafyreicommit", "rev": "3l"},
                     "validationStatus": "valid"}
