"""SMTP servers for the e-mail tests: a real one (aiosmtpd), and raw ones that misbehave on purpose.

Both can speak TLS with a certificate made here.
"""
from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from servers import POLL, _RawReceiver

USER, PASSWORD = "status-bot", "p@ss word/secret"


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost: (cert.pem, key.pem)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "statusgen test SMTP")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Handler:
    """Keeps every message the server accepted; can refuse at DATA, or drop the line at QUIT."""

    def __init__(self, refuse: list[str] | None = None, drop_at_quit: bool = False):
        self.messages = []  # (envelope sender, recipients, parsed message, raw bytes, tls?, login)
        self.refuse = list(refuse or [])  # answers to give at DATA, one per attempt, before accepting
        self.drop_at_quit = drop_at_quit
        self.attempts = 0

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.refuse:
            return self.refuse.pop(0)
        raw = envelope.original_content or envelope.content
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                              message_from_bytes(raw, policy=policy.default), raw,
                              server.transport.get_extra_info("ssl_object") is not None, session.auth_data))
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope):
        if self.drop_at_quit:
            server.transport.abort()  # the message was accepted; the goodbye never arrives
        return "221 Bye"


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() \
        and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


class SmtpServer:
    """`with SmtpServer(tmp_path, mode="starttls") as server:` ... server.url, server.handler.messages.

    mode: "plain" (no TLS, no login), "starttls" (STARTTLS required, then login), "tls" (implicit TLS, login).
    """

    def __init__(self, folder: Path, mode: str = "starttls", handler: Handler | None = None):
        self.mode = mode
        self.handler = handler or Handler()
        self.cert, key = make_certificate(folder)
        self.port = free_port()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, key)
        options = {}
        if mode == "starttls":
            options = {"tls_context": context, "require_starttls": True, "authenticator": _authenticator,
                       "auth_required": True, "auth_require_tls": True}
        elif mode == "tls":
            # aiosmtpd's auth_require_tls only knows STARTTLS; here the whole session is TLS from the start.
            options = {"ssl_context": context, "authenticator": _authenticator, "auth_required": True,
                       "auth_require_tls": False}
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **options)

    @property
    def url(self) -> str:
        from urllib.parse import quote

        login = f"{quote(USER, safe='')}:{quote(PASSWORD, safe='')}@"
        return {"plain": f"smtp://127.0.0.1:{self.port}",
                "starttls": f"smtp://{login}127.0.0.1:{self.port}?starttls",
                "tls": f"smtps://{login}127.0.0.1:{self.port}"}[self.mode]

    def env(self, **extra) -> dict:
        """The variables notify reads, trusting this server's certificate."""
        return {"STATUSGEN_SMTP_URL": self.url, "STATUSGEN_EMAIL_FROM": "Test Status <status@status.example.com>",
                "STATUSGEN_EMAIL_TO": "customers@lists.example.com", "SSL_CERT_FILE": str(self.cert), **extra}

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


# --- misbehaving servers --------------------------------------------------------------------------------------------
class Gone(Exception):
    """The conversation is over: the client hung up, the server is stopping, or the script's time ran out."""


class Session:
    """One connection to a `Scripted` server, as its script sees it."""

    def __init__(self, server: Scripted, conn: socket.socket, number: int):
        self.server, self.conn, self.number = server, conn, number
        self.buffer = b""
        self.give_up = time.monotonic() + server.LIMIT
        conn.settimeout(POLL)

    def _fill(self) -> None:
        """Wait up to POLL for bytes from the client; Gone once it has hung up or time is up."""
        if self.server.stop.is_set() or time.monotonic() >= self.give_up:
            raise Gone
        try:
            data = self.conn.recv(65536)
        except (TimeoutError, ssl.SSLWantReadError):
            return
        except OSError:
            data = b""
        if not data:
            self.server.hangups.append(time.monotonic())
            raise Gone
        self.buffer += data

    def say(self, data: bytes) -> None:
        try:
            self.conn.sendall(data)
        except OSError:
            self.server.hangups.append(time.monotonic())
            raise Gone from None

    def line(self) -> bytes:
        """The client's next command line, without its CRLF; also kept in server.commands."""
        while b"\r\n" not in self.buffer:
            self._fill()
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        self.server.commands.append(line)
        return line

    def message(self) -> bytes:
        """What DATA carries, up to and without the lone "."; kept in server.messages."""
        while b"\r\n.\r\n" not in self.buffer:
            self._fill()
        body, self.buffer = self.buffer.split(b"\r\n.\r\n", 1)
        self.server.messages.append(body + b"\r\n")
        return body

    def wait(self, seconds: float) -> None:
        """Pause, reading what the client sends meanwhile; Gone as soon as it hangs up."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self._fill()

    def stall(self) -> None:
        """Say nothing more, until the client gives up."""
        while True:
            self._fill()

    def trickle(self, data: bytes, every: float = 0.05) -> None:
        """`data` a byte at a time: each read is quick, the whole never arrives in time."""
        for i in range(len(data)):
            self.say(data[i:i + 1])
            self.wait(every)

    def hang_up(self) -> None:
        self.conn.close()
        raise Gone


Reply = bytes | Callable[[Session], None]

EHLO = b"250-test.example greets you\r\n250-8BITMIME\r\n250 SIZE 10000000\r\n"


def converse(s: Session, *, greeting: Reply = b"220 test.example ESMTP\r\n", ehlo: Reply = EHLO,
             starttls: Reply = b"454 4.7.0 TLS not available\r\n", auth: Reply = b"235 2.7.0 OK\r\n",
             mail: Reply = b"250 2.1.0 OK\r\n", rcpt: Reply = b"250 2.1.5 OK\r\n",
             data: Reply = b"354 End data with <CR><LF>.<CR><LF>\r\n",
             final: Reply = b"250 2.0.0 Queued\r\n", goodbye: Reply = b"221 2.0.0 Bye\r\n") -> None:
    """A plain SMTP conversation; each reply can be replaced by bytes or by a misbehaviour (a function)."""

    def answer(reply: Reply) -> None:
        if callable(reply):
            reply(s)
        else:
            s.say(reply)

    answer(greeting)
    while True:
        verb = s.line()[:4].upper()
        if verb in (b"EHLO", b"HELO"):
            answer(ehlo)
        elif verb == b"STAR":
            answer(starttls)
        elif verb == b"AUTH":
            answer(auth)
        elif verb == b"MAIL":
            answer(mail)
        elif verb == b"RCPT":
            answer(rcpt)
        elif verb == b"DATA":
            answer(data)
            if not callable(data) and data.startswith(b"354"):
                s.message()
                answer(final)
        elif verb == b"QUIT":
            answer(goodbye)
            return
        else:
            s.say(b"250 2.0.0 OK\r\n")


class Scripted(_RawReceiver):
    """`with Scripted(script) as server:` a raw SMTP server on 127.0.0.1; `script(session)` plays each connection.

    For servers that answer slowly, endlessly, wrongly or never. A script that
    runs for LIMIT seconds is cut off, so a client that never gives up fails
    its test instead of hanging the suite. `tls` (a server-side SSLContext)
    makes it an implicit-TLS (smtps://) server.
    """

    LIMIT = 10.0

    def __init__(self, script: Callable[[Session], None], tls: ssl.SSLContext | None = None):
        self.script, self.tls = script, tls
        self.connections = 0
        self.hangups: list[float] = []  # time.monotonic() at each client hang-up
        self.commands: list[bytes] = []  # every command line received, in order
        self.messages: list[bytes] = []  # every message received whole (DATA up to the lone ".")

    def accepted(self, conn):
        self.connections += 1
        threading.Thread(target=self._play, args=(conn, self.connections), daemon=True).start()

    def _play(self, conn: socket.socket, number: int) -> None:
        try:
            if self.tls is not None:
                conn.settimeout(self.LIMIT)
                conn = self.tls.wrap_socket(conn, server_side=True)
            self.script(Session(self, conn, number))
        except (Gone, OSError):
            pass
        finally:
            conn.close()

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    def url(self, scheme: str = "smtp", login: str = "", query: str = "") -> str:
        return f"{scheme}://{login}127.0.0.1:{self.port}{query}"


def tls_contexts(folder: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server, client) contexts: the server's certificate made here, the client trusting it."""
    cert, key = make_certificate(folder)
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    return server, ssl.create_default_context(cafile=str(cert))
