"""A real SMTP server for the e-mail tests (aiosmtpd), with TLS from a certificate made here."""
from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

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
