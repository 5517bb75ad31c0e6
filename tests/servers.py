"""Local webhook receivers for the notify tests: one that records and answers, and ones that stall."""
from __future__ import annotations

import json
import select
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

POLL = 0.02  # seconds; how often the test servers' loops look for a request to stop


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Receiver:
    """An HTTP server on 127.0.0.1 that records requests and answers with scripted codes."""

    codes: list[int] = field(default_factory=list)  # answered in order, then 200
    requests: list[Received] = field(default_factory=list)

    def __enter__(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.requests.append(Received(self.path, dict(self.headers), body))
                code = receiver.codes.pop(0) if receiver.codes else 200
                payload = b"ok" if code < 300 else b"nope"
                self.send_response(code)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # shutdown() waits for serve_forever to notice it, which takes up to one
        # poll interval: the default 0.5 s was half of these tests' wall time.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": POLL}, daemon=True)
        self.thread.start()
        return self

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def on(self, path: str) -> list[Received]:
        return [r for r in self.requests if r.path == path]

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


class _RawReceiver:
    """A TCP listener on a free local port; each accepted connection goes to `accepted(conn)`."""

    def __enter__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(POLL)  # how soon the accept loop notices `stop`
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        return self

    def _accept(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:  # a timeout (TimeoutError is an OSError) or the socket was closed
                continue
            self.accepted(conn)

    def accepted(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}{path}"

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


class Silent(_RawReceiver):
    """Accepts connections and never answers: every request times out."""

    def __enter__(self):
        self.connections: list[socket.socket] = []
        return super().__enter__()

    def accepted(self, conn):
        self.connections.append(conn)  # held open, never read or answered

    def __exit__(self, *exc):
        super().__exit__(*exc)
        for conn in self.connections:
            conn.close()


class Stalling(_RawReceiver):
    """A raw TCP receiver whose every connection is played by `script(conn, wait)` in its own thread.

    For receivers that answer slowly, endlessly or never. `wait(seconds)` pauses
    and returns True once the client has hung up (or the server stops), so a
    script ends as soon as its client gives up; `hangups` records when that
    happened. A script that runs for LIMIT seconds is cut off, so a client that
    never gives up fails its test instead of hanging the suite.
    """

    LIMIT = 30.0

    def __init__(self, script):
        self.script = script
        self.connections = 0
        self.hangups: list[float] = []  # time.monotonic() at each client hang-up
        self.open: list[socket.socket] = []

    def accepted(self, conn):
        self.connections += 1
        self.open.append(conn)
        threading.Thread(target=self._play, args=(conn,), daemon=True).start()

    def _play(self, conn: socket.socket):
        give_up = time.monotonic() + self.LIMIT

        def wait(seconds: float) -> bool:
            end = min(time.monotonic() + seconds, give_up)
            while (left := end - time.monotonic()) > 0 and not self.stop.is_set():
                readable, _, _ = select.select([conn], [], [], min(left, POLL))
                if readable:
                    try:
                        data = conn.recv(65536)  # the request, read and dropped
                    except OSError:
                        data = b""
                    if not data:
                        self.hangups.append(time.monotonic())
                        return True
            return self.stop.is_set() or time.monotonic() >= give_up

        try:
            self.script(conn, wait)
        except OSError:  # the client hung up while we were sending
            self.hangups.append(time.monotonic())
        finally:
            conn.close()


def trickle_headers(conn, wait):
    """One byte of a never-ending header block every tenth of a second (each read is quick)."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: " + b"a" * 1000
    for i in range(len(head)):
        conn.sendall(head[i:i + 1])
        if wait(0.1):
            return


def endless_continue(conn, wait):
    """`100 Continue` interim responses, many a second, never a final one."""
    while True:
        conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        if wait(0.05):
            return


def never_answer(conn, wait):
    """Reads the request and says nothing."""
    while not wait(1.0):
        pass


def slow_huge_body(conn, wait):
    """A 200 with a 1 GB body, sent 100 bytes at a time."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000000000\r\n\r\n")
    while True:
        conn.sendall(b"x" * 100)
        if wait(0.05):
            return


def hang_up_after_request(conn, wait):
    """Reads the request, then closes the connection without a word."""
    wait(0.1)


def not_http(conn, wait):
    """Reads the request, then answers with something that is not HTTP."""
    wait(0.1)
    conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
    wait(0.1)
