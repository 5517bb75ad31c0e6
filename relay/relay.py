#!/usr/bin/env python3
"""statusgen's alert relay: takes a monitoring system's webhook and passes it to GitHub as a
repository_dispatch event, for senders that cannot shape their own request (PagerDuty, Alertmanager,
Grafana). Python's standard library only; one file, to run anywhere Python 3.10+ runs.

    POST /pagerduty       PagerDuty v3 webhook; X-PagerDuty-Signature checked (HMAC-SHA256 of the body
                          with the subscription's secret)
    POST /alertmanager    \\
    POST /grafana          | Authorization: Bearer RELAY_SHARED_SECRET
    POST /uptime-kuma      |
    POST /datadog         /
    GET  /healthz         200 "ok"

Each accepted request becomes
    POST {RELAY_GITHUB_API_URL}/repos/{RELAY_REPOSITORY}/dispatches
    {"event_type": "alert", "client_payload": {"sender": NAME, "payload": <the body, as sent>}}
within RELAY_FORWARD_SECONDS (all of it: connecting, sending, the answer). The relay answers 202 once
GitHub took it, 502 when GitHub refused or failed, 504 when it did not answer in time: the sender
retries on those, as its own rules say. Refused up front: an unknown path (404), a missing or wrong
signature or secret (401), a body larger than RELAY_MAX_BYTES (413) or not a JSON object (400).

Environment:
    RELAY_GITHUB_TOKEN      a fine-grained token for the one status repository, Contents: read and write
    RELAY_REPOSITORY        OWNER/REPO
    RELAY_PAGERDUTY_SECRET  the PagerDuty webhook subscription's secret (leave unset: /pagerduty is off)
    RELAY_SHARED_SECRET     what the other senders present as a bearer token (unset: their paths are off)
    RELAY_GITHUB_API_URL    default https://api.github.com
    RELAY_HOST, RELAY_PORT  default 127.0.0.1:8080 (put TLS in front of it: a reverse proxy or platform)
    RELAY_MAX_BYTES         default 262144
    RELAY_FORWARD_SECONDS   default 10

Nothing secret is ever logged: one line per request, with the path, the answer and why.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SENDERS = ("alertmanager", "grafana", "uptime-kuma", "datadog")  # those that present the shared secret
API_VERSION = "2022-11-28"
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Settings:
    token: str
    repository: str
    pagerduty_secret: str = ""
    shared_secret: str = ""
    api: str = "https://api.github.com"
    max_bytes: int = 262144
    forward_seconds: float = 10.0

    @classmethod
    def from_environment(cls, env=None) -> Settings:
        env = os.environ if env is None else env
        problems = []
        if not env.get("RELAY_GITHUB_TOKEN"):
            problems.append("RELAY_GITHUB_TOKEN is not set (a fine-grained token, Contents: read and write)")
        if not _REPOSITORY.fullmatch(env.get("RELAY_REPOSITORY", "")):
            problems.append("RELAY_REPOSITORY is not OWNER/REPO")
        if not env.get("RELAY_PAGERDUTY_SECRET") and not env.get("RELAY_SHARED_SECRET"):
            problems.append("set RELAY_PAGERDUTY_SECRET, RELAY_SHARED_SECRET or both: no sender could be accepted")
        try:
            max_bytes = int(env.get("RELAY_MAX_BYTES", "262144"))
            seconds = float(env.get("RELAY_FORWARD_SECONDS", "10"))
        except ValueError:
            problems.append("RELAY_MAX_BYTES and RELAY_FORWARD_SECONDS must be numbers")
            max_bytes, seconds = 0, 0.0
        if problems:
            raise SystemExit("relay: " + "; ".join(problems))
        return cls(env["RELAY_GITHUB_TOKEN"], env["RELAY_REPOSITORY"], env.get("RELAY_PAGERDUTY_SECRET", ""),
                   env.get("RELAY_SHARED_SECRET", ""), env.get("RELAY_GITHUB_API_URL", cls.api).rstrip("/"),
                   max_bytes, seconds)


def pagerduty_signed(body: bytes, header: str, secret: str) -> bool:
    """PagerDuty signs the raw body with HMAC-SHA256 and sends `v1=<hex>`, several comma-separated while a
    secret is being rotated; one match is enough. Compared in constant time."""
    expected = "v1=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    found = False
    for candidate in header.split(","):
        found |= hmac.compare_digest(candidate.strip().encode(), expected.encode())
    return found


def bearer_ok(header: str, secret: str) -> bool:
    return hmac.compare_digest(header.encode(), f"Bearer {secret}".encode())


def forward(settings: Settings, sender: str, payload: object) -> tuple[int, str]:
    """POST the dispatch to GitHub within settings.forward_seconds: (status for the sender, why)."""
    body = json.dumps({"event_type": "alert", "client_payload": {"sender": sender, "payload": payload}}).encode()
    request = urllib.request.Request(
        f"{settings.api}/repos/{settings.repository}/dispatches", data=body, method="POST",
        headers={"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION,
                 "Authorization": f"Bearer {settings.token}", "Content-Type": "application/json",
                 "User-Agent": "statusgen-relay"})
    answer: list[tuple[int, str]] = []

    def send() -> None:
        try:
            with urllib.request.urlopen(request, timeout=settings.forward_seconds) as response:
                answer.append((202, f"GitHub answered {response.status}"))
        except urllib.error.HTTPError as error:
            error.close()
            answer.append((502, f"GitHub answered {error.code}"))
        except Exception as error:  # noqa: BLE001 - any failure to reach GitHub is the sender's to retry
            answer.append((504 if "timed out" in str(error) else 502, f"GitHub unreachable: {type(error).__name__}"))

    # The socket timeout bounds each read; the thread bounds the whole exchange.
    worker = threading.Thread(target=send, daemon=True)
    worker.start()
    worker.join(settings.forward_seconds)
    return answer[0] if answer else (504, f"GitHub did not answer within {settings.forward_seconds:g} s")


def make_handler(settings: Settings):
    class Relay(BaseHTTPRequestHandler):
        server_version = "statusgen-relay"
        sys_version = ""

        def _answer(self, status: int, why: str) -> None:
            data = (why + "\n").encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            sys.stderr.write(f"relay: {self.command} {self.path.split('?')[0][:40]} -> {status}: {why}\n")

        def do_GET(self):
            if self.path == "/healthz":
                self._answer(200, "ok")
            else:
                self._answer(404, "not found")

        def do_POST(self):
            sender = self.path.split("?")[0].strip("/")
            if sender == "pagerduty" and settings.pagerduty_secret:
                check = "signature"
            elif sender in SENDERS and settings.shared_secret:
                check = "secret"
            else:
                self.close_connection = True
                return self._answer(404, "not a sender this relay takes")
            try:
                length = int(self.headers.get("Content-Length") or "-1")
            except ValueError:
                length = -1
            if length < 0:
                self.close_connection = True
                return self._answer(411, "a Content-Length is required")
            if length > settings.max_bytes:
                self.close_connection = True  # the body is left unread
                return self._answer(413, f"larger than {settings.max_bytes} bytes")
            body = self.rfile.read(length)
            if check == "signature":
                if not pagerduty_signed(body, self.headers.get("X-PagerDuty-Signature", ""), settings.pagerduty_secret):
                    return self._answer(401, "X-PagerDuty-Signature does not match the subscription's secret")
            elif not bearer_ok(self.headers.get("Authorization", ""), settings.shared_secret):
                return self._answer(401, "the bearer secret is missing or wrong")
            try:
                payload = json.loads(body)
            except ValueError:
                return self._answer(400, "the body is not JSON")
            if not isinstance(payload, dict):
                return self._answer(400, "the body is not a JSON object")
            status, why = forward(settings, sender, payload)
            self._answer(status, why)

        def log_message(self, *args):
            pass  # one line per request is written by _answer, without headers or bodies

    return Relay


def serve(settings: Settings, host: str, port: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), make_handler(settings))
    server.daemon_threads = True
    return server


def main() -> None:
    settings = Settings.from_environment()
    host, port = os.environ.get("RELAY_HOST", "127.0.0.1"), int(os.environ.get("RELAY_PORT", "8080"))
    server = serve(settings, host, port)
    sys.stderr.write(f"relay: listening on {host}:{server.server_address[1]} for {settings.repository}\n")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
