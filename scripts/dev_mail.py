"""A local SMTP sink for development and tests: it keeps every message it receives and delivers none.

A development tool: run as its own process or started by the tests, never imported by meet's packages.
`python -m scripts.dev_mail --port 1025 --dir var/mail` listens on 127.0.0.1:1025, saves each message
as an .eml file under var/mail, and prints one line for each: its recipients, its subject, and the
links in its text (a confirmation link, say). Point meet at it with MEET_SMTP_URL=smtp://127.0.0.1:1025.
"""

import argparse
import email.policy
import ipaddress
import os
import re
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

LINK = re.compile(r"https?://[\w\-.~:/?#\[\]@!$&'()*+,;=%]+", re.ASCII)


def links(text: str) -> list[str]:
    """Every http(s) link in `text`, without the punctuation of the sentence around it."""
    return [found.rstrip(".,;:!?'\")]") for found in LINK.findall(text)]


def summary(message: EmailMessage, recipients: list[str]) -> str:
    """The console line for one message."""
    body = message.get_body(("plain",))
    text = body.get_content() if body is not None else ""
    return " ".join([f"mail to {', '.join(recipients)}: {message['Subject']!r}", *links(text)])


class _Controller(Controller):
    """aiosmtpd's Controller, told the port the system chose when asked for port 0."""

    def _trigger_server(self) -> None:
        # start() connects to self.port to check the server answers: with port 0 that would fail.
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class MailSink:
    """An SMTP server on loopback, in its own thread, that saves each message as an .eml file in `directory`."""

    def __init__(
        self,
        directory: Path | str,
        host: str = "127.0.0.1",
        port: int = 0,
        login: tuple[str, str] | None = None,
        echo: Callable[[str], None] | None = print,
    ) -> None:
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"a dev mail sink listens on a loopback address only, not {host}")
        self.directory = Path(directory)
        self.host = host
        self.port = port
        self.login = login
        """When set, a message is accepted only after AUTH with this user and password (over plain SMTP)."""
        self.echo = echo
        self._count = 0
        self._controller: _Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        auth: dict[str, Any] = {}
        if self.login is not None:
            # aiosmtpd offers AUTH over TLS only unless told; the sink is plain SMTP on loopback.
            auth = {"authenticator": self._authenticate, "auth_require_tls": False}
        # server_hostname: else each connection asks the resolver for this host's name (socket.getfqdn).
        controller = _Controller(self, hostname=self.host, port=self.port, server_hostname="localhost", **auth)
        controller.start()
        self.port = controller.port
        self._controller = controller

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def messages(self) -> list[EmailMessage]:
        """Every message saved in the directory, oldest first, with its line endings made Python's own."""
        parser = BytesParser(policy=email.policy.default)
        # The saved file keeps SMTP's CRLF; parsed as is, an 8bit part's text would keep it too.
        return [
            parser.parsebytes(path.read_bytes().replace(b"\r\n", b"\n"))
            for path in sorted(self.directory.glob("*.eml"))
        ]

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.login is not None and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        self._count += 1
        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{self._count:04d}.eml"
        partial = self.directory / f".{name}.part"
        partial.write_bytes(content)
        os.replace(partial, self.directory / name)  # never half a message in messages()
        if self.echo is not None:
            message = BytesParser(policy=email.policy.default).parsebytes(content.replace(b"\r\n", b"\n"))
            self.echo(summary(message, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        user, password = self.login or ("", "")
        ok = isinstance(data, LoginPassword) and data == (user.encode(), password.encode())
        # handled=False: on failure aiosmtpd answers 535 itself; with True it would answer nothing and hang the client.
        return AuthResult(success=ok, handled=False, auth_data=data)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.dev_mail", description="A local SMTP sink on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--dir", type=Path, default=Path("var/mail"), help="where each message is saved (.eml)")
    args = parser.parse_args()
    sys.stdout.reconfigure(errors="backslashreplace")  # a console that cannot show a Chinese subject

    def echo(line: str) -> None:
        print(line, flush=True)

    sink = MailSink(args.dir, port=args.port, echo=echo)
    try:
        sink.start()
    except OSError as error:
        print(f"dev mail: cannot listen on 127.0.0.1:{args.port}: {error}", file=sys.stderr)
        return 1
    print(f"dev mail: listening on {sink.url}, saving to {args.dir}/; Ctrl-C stops", file=sys.stderr)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        sink.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
