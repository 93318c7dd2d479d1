"""A real SMTP server for the digest tests: aiosmtpd on 127.0.0.1, TLS and AUTH.

`MailServer` runs aiosmtpd in a thread with a throwaway certificate (made here with
`cryptography`, valid for 127.0.0.1 and localhost, written as `cert.pem` for the job's
`[digest] ca_file`). By default it offers STARTTLS and requires it, and requires a login
(`USER` / `PASSWORD`) which it accepts only over TLS; `implicit_tls` makes it an SMTPS
server. Every accepted message is kept as it arrived (`Arrived`: the envelope and the
bytes); `answer` lets a test make the server refuse some messages.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

__all__ = ["PASSWORD", "USER", "Arrived", "MailServer", "free_port", "throwaway_certificate"]

USER = "pmkit-job"
PASSWORD = "s3cret-not-in-any-file"


@dataclass(frozen=True, slots=True)
class Arrived:
    """One message as the server received it."""

    mail_from: str
    recipients: tuple[str, ...]
    data: bytes
    tls: bool
    login: str | None

    def parsed(self) -> EmailMessage:
        message = BytesParser(policy=policy.default).parsebytes(self.data)
        assert isinstance(message, EmailMessage)
        return message


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on (the OS's choice, released at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def throwaway_certificate(folder: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A self-signed certificate for `host` and localhost, and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pmkit test mail server")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(host)), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _encrypted(server: Any) -> bool:
    """The connection is TLS (SMTPS, or after STARTTLS): its transport has an SSL object."""
    return server.transport.get_extra_info("ssl_object") is not None


class _Handler:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        refusal = self.server.answer(envelope) if self.server.answer else None
        if refusal:
            return refusal
        data = envelope.original_content or b""
        # aiosmtpd declares Session.auth_data as None; after a login it holds our LoginPassword.
        login = session.auth_data.login.decode() if session.authenticated else None  # type: ignore[attr-defined]
        with self.server.lock:
            self.server.arrived.append(
                Arrived(
                    str(envelope.mail_from),
                    tuple(envelope.rcpt_tos),
                    bytes(data),
                    _encrypted(server),
                    login,
                )
            )
        return "250 Message accepted"


class _Authenticator:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    def __call__(
        self, server: Any, _session: Session, _envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        with self.server.lock:
            self.server.logins.append((mechanism, _encrypted(server)))
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == USER
            and data.password.decode() == PASSWORD
        )
        # handled=False: the server answers 535 itself (handled=True would leave it silent)
        return AuthResult(success=ok, handled=False, auth_data=data if ok else None)


class MailServer:
    """aiosmtpd on `host`: STARTTLS (required) and AUTH (required), or SMTPS with
    `implicit_tls`; `starttls=False` offers no TLS at all (and then takes a login over
    plain text, to prove the client would not send one)."""

    def __init__(
        self,
        folder: Path,
        *,
        host: str = "127.0.0.1",
        implicit_tls: bool = False,
        starttls: bool = True,
        auth: bool = True,
    ) -> None:
        self.host = host
        self.port = free_port(host)
        self.cert, key = throwaway_certificate(folder, host)
        self.arrived: list[Arrived] = []
        self.logins: list[tuple[str, bool]] = []
        self.lock = threading.Lock()
        self.answer: Callable[[Envelope], str | None] | None = None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, key)
        options: dict[str, Any] = {"hostname": host, "port": self.port}
        if implicit_tls:
            options["ssl_context"] = context
        elif starttls:
            options |= {"tls_context": context, "require_starttls": True}
        if auth:
            options |= {
                "authenticator": _Authenticator(self),
                "auth_required": True,
                # over SMTPS every byte is encrypted; aiosmtpd checks only STARTTLS here
                "auth_require_tls": starttls and not implicit_tls,
            }
        self.controller = Controller(_Handler(self), **options)
        self.scheme = "smtps" if implicit_tls else "smtp"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def __enter__(self) -> MailServer:
        self.controller.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.controller.stop()

    def messages(self) -> list[Arrived]:
        with self.lock:
            return list(self.arrived)
