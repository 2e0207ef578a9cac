import asyncio
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

from domain.mail import MailUnavailable, Message

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
SHAPE = "smtp://[user:password@]host[:port][?starttls=1] or smtps://[user:password@]host[:port]"
YES, NO = ("1", "true", "yes"), ("0", "false", "no")


@dataclass(frozen=True)
class SmtpTarget:
    """Where and how to hand mail over: plain, STARTTLS, or TLS from the first byte; with login or without."""

    host: str
    port: int
    tls: Literal["none", "starttls", "implicit"]
    username: str | None = None
    password: str | None = field(default=None, repr=False)


def parse_smtp_url(text: str) -> SmtpTarget:
    """The target `text` names, or ValueError saying what is wrong; its messages never repeat the password."""
    if re.search(r"[\s\x00-\x1f\x7f]", text):
        raise ValueError(f"must not contain spaces or control characters; expected {SHAPE}")
    try:
        parts = urlsplit(text)
    except ValueError as error:  # an unclosed [ of an IPv6 address
        raise ValueError(f"{error}; expected {SHAPE}") from None
    if parts.scheme not in DEFAULT_PORTS:
        raise ValueError(f"the scheme must be smtp or smtps, not {parts.scheme or 'none'!r}; expected {SHAPE}")
    if not parts.hostname:
        raise ValueError(f"names no host; expected {SHAPE}")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("the port must be a number from 1 to 65535") from None
    if port == 0 or (port is None and parts.netloc.endswith(":")):
        raise ValueError("the port must be a number from 1 to 65535")
    if parts.path not in ("", "/") or parts.fragment:
        raise ValueError(f"must have no path or fragment; expected {SHAPE}")
    tls: Literal["none", "starttls", "implicit"] = "implicit" if parts.scheme == "smtps" else "none"
    seen: set[str] = set()
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key != "starttls":
            raise ValueError(f"unknown query key {key!r}; the only one is starttls=1")
        if key in seen:
            raise ValueError("starttls is given twice")
        seen.add(key)
        if value.lower() not in YES + NO:
            raise ValueError(f"starttls must be 1 or 0, not {value!r}")
        if value.lower() in YES:
            if tls == "implicit":
                raise ValueError("starttls is for smtp://; smtps:// is TLS from the start")
            tls = "starttls"
    username = None if parts.username is None else unquote(parts.username)
    password = None if parts.password is None else unquote(parts.password)
    if (username is None) != (password is None) or username == "" or password == "":
        raise ValueError("a login needs both a user and a password, as user:password@host")
    return SmtpTarget(parts.hostname, port or DEFAULT_PORTS[parts.scheme], tls, username, password)


def _ascii_domain(domain: str) -> str:
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return ""


class SmtpMailer:
    """Sends each message over its own SMTP connection, with aiosmtplib."""

    def __init__(self, url: str, sender: str, timeout: float = 10) -> None:
        self.target = parse_smtp_url(url)
        self.sender = sender
        self.timeout = timeout
        # make_msgid() would otherwise ask the resolver for this host's name, blocking the event loop.
        self._domain = _ascii_domain(parseaddr(sender)[1].rpartition("@")[2]) or "localhost"

    async def send(self, message: Message) -> None:
        # Imported at the first mail: a `meet serve` that sends none does not hold it (about 0.5 MB of RSS, issue 11).
        import aiosmtplib

        mail = self._compose(message)
        target = self.target
        try:
            # aiosmtplib's timeout bounds each step; this bounds the whole delivery, within the outbox's lease.
            async with asyncio.timeout(self.timeout):
                await aiosmtplib.send(
                    mail,
                    hostname=target.host,
                    port=target.port,
                    username=target.username,
                    password=target.password,
                    timeout=self.timeout,
                    use_tls=target.tls == "implicit",
                    # Not None: that would try STARTTLS whenever offered, so a plain URL could fail on a certificate.
                    start_tls=target.tls == "starttls",
                )
        except TimeoutError as error:
            raise MailUnavailable(f"{target.host}:{target.port}: no answer within {self.timeout:g} s") from error
        except aiosmtplib.SMTPResponseException as error:
            raise MailUnavailable(f"{target.host}:{target.port} answered {error.code} {error.message}") from error
        except (aiosmtplib.SMTPException, OSError) as error:
            raise MailUnavailable(f"{target.host}:{target.port}: {error}") from error
        except ValueError as error:  # an address aiosmtplib cannot put on the wire: tried again, then dropped
            raise MailUnavailable(f"{target.host}:{target.port}: {error}") from error

    def _compose(self, message: Message) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.to
        mail["Subject"] = message.subject
        mail["Date"] = formatdate(usegmt=True)
        mail["Message-ID"] = make_msgid(domain=self._domain)
        mail.set_content(message.text)
        mail.add_alternative(message.html, subtype="html")
        return mail
