"""Loopback stand-ins for what the workflows talk to: an SMTP server and a webhook receiver, each
answering as the test scripts it, message by message, and counting what it really received; and the
live Pages site, served from the folder deploy-pages fills.

Modes, taken one per message from a queue (then "ok" when the queue is empty):

    ok       accepted (SMTP 250, HTTP 200)
    NNN      refused with that code (SMTP 451/554, HTTP 500/503/429...): not received
    drop     received whole, then the connection is cut before the answer: the sender cannot know
    hang     received whole, then no answer until the sender gives up (bounded by HANG_LIMIT)

A message counts as delivered when the server has all of it: "ok", "drop" and "hang". A server that
cannot be reached at all is played by `closed_url()` (nothing listens there) and `silent_url()`
(a listener that never says a word, not even the SMTP greeting).
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import select
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from servers import Silent
from smtp_support import Handler, SmtpServer, free_port

HANG_LIMIT = 60.0  # seconds a hanging answer waits for the sender to give up


def _code(mode: str) -> int | None:
    return int(mode) if mode.isdigit() else None


@dataclass
class Script:
    """The modes still to play, one per message; "ok" once they run out."""

    modes: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next(self) -> str:
        with self.lock:
            return self.modes.pop(0) if self.modes else "ok"


class _ScriptedHandler(Handler):
    """aiosmtpd's DATA, answered as the script says; what it received is kept in `received`."""

    def __init__(self):
        super().__init__()
        self.script = Script()
        self.received: list[tuple[str, EmailMessage]] = []  # (mode, message) for messages it has whole

    async def handle_DATA(self, server, session, envelope):
        mode = self.script.next()
        await super().handle_DATA(server, session, envelope)
        message = self.messages.pop()[2]
        if _code(mode):
            return f"{mode} {'Try again later' if mode.startswith('4') else 'Message refused'} (injected)"
        self.received.append((mode, message))
        if mode == "drop":
            server.transport.abort()
        elif mode == "hang":
            end = time.monotonic() + HANG_LIMIT
            while not server.transport.is_closing() and time.monotonic() < end:
                await asyncio.sleep(0.05)
            server.transport.abort()
        return "250 Message accepted for delivery"


class Mailbox:
    """An SMTP server on 127.0.0.1 (STARTTLS and login, as tests/smtp_support.py sets it up)."""

    def __init__(self, folder: Path):
        self.handler = _ScriptedHandler()
        self.server = SmtpServer(folder, mode="starttls", handler=self.handler)
        self.silent = Silent()

    def __enter__(self):
        self.server.__enter__()
        self.silent.__enter__()
        return self

    def __exit__(self, *exc):
        self.silent.__exit__(*exc)
        self.server.__exit__(*exc)

    def script(self, *modes: str) -> None:
        self.handler.script.modes.extend(modes)

    def secrets(self, url: str | None = None) -> dict[str, str]:
        env = self.server.env()
        return {"STATUSGEN_SMTP_URL": url or env["STATUSGEN_SMTP_URL"],
                "STATUSGEN_EMAIL_FROM": env["STATUSGEN_EMAIL_FROM"], "STATUSGEN_EMAIL_TO": env["STATUSGEN_EMAIL_TO"]}

    @property
    def cert(self) -> str:
        return str(self.server.cert)

    def closed_url(self) -> str:
        return self.server.url.replace(f":{self.server.port}", f":{free_port()}")

    def silent_url(self) -> str:
        return self.server.url.replace(f":{self.server.port}", f":{self.silent.sock.getsockname()[1]}")


@dataclass
class Request:
    path: str
    body: bytes
    mode: str

    @property
    def received(self) -> bool:
        return not _code(self.mode)

    def json(self):
        return json.loads(self.body)


class Receiver:
    """An HTTP server on 127.0.0.1 for the JSON webhook (/hook) and the chat webhook (/chat); each path
    has its own script."""

    def __init__(self):
        self.scripts: dict[str, Script] = {}
        self.requests: list[Request] = []

    def script(self, path: str, *modes: str) -> None:
        self.scripts.setdefault(path, Script()).modes.extend(modes)

    def __enter__(self):
        receiver = self

        class Answer(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                mode = receiver.scripts.setdefault(self.path, Script()).next()
                receiver.requests.append(Request(self.path, body, mode))
                if mode in ("drop", "hang"):
                    if mode == "hang":  # until the sender hangs up
                        end = time.monotonic() + HANG_LIMIT
                        while time.monotonic() < end:
                            if select.select([self.connection], [], [], 0.05)[0] and not self.connection.recv(1):
                                break
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                code = _code(mode) or 200
                self.send_response(code)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok" if code < 300 else b"no")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def closed_url(self, path: str) -> str:
        return f"http://127.0.0.1:{free_port()}{path}"

    def delivered(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path and r.received]


class LiveSite:
    """The published site: the folder deploy-pages fills, served over HTTP on 127.0.0.1. Its script's
    modes ("ok", an HTTP code, "hang") answer the requests in turn, as Pages or its CDN might."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.script = Script()
        self.requests: list[tuple[str, str]] = []  # (path, mode)

    def __enter__(self):
        site = self

        class Serve(SimpleHTTPRequestHandler):
            def do_GET(self):
                mode = site.script.next()
                site.requests.append((self.path, mode))
                if mode == "hang":
                    end = time.monotonic() + HANG_LIMIT
                    while time.monotonic() < end:
                        if select.select([self.connection], [], [], 0.05)[0] and not self.connection.recv(1):
                            break
                    self.close_connection = True
                elif _code(mode):
                    self.send_error(_code(mode))
                else:
                    super().do_GET()

            def log_message(self, *args):
                pass

        # The folder is swapped whole on each deploy, so it is looked up by name for every request.
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Serve, directory=str(self.folder)))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"


def webhook_identity(request: Request) -> tuple:
    """What a webhook message announces: the incident, the updates it is about and what they say.

    The same announcement sent twice has the same identity even if the page around it changed in
    between; a correction posted after a revert says something else, so it is another message.
    """
    body = request.json()
    incident = body["incident"]
    said = {u["id"]: u["body"] for u in incident.get("incident_updates", [])}
    new = tuple(body["meta"].get("new_update_ids") or ())
    text = "\n".join(said.get(i, "") for i in new) or incident.get("status", "")
    return incident["id"], body["meta"]["event"], new, hashlib.sha256(text.encode()).hexdigest()[:12]


def chat_identity(request: Request) -> str:
    return request.json()["text"]
