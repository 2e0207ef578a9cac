"""What the tests that read meet's mail share: its settings, a sender as `meet serve` runs it, and the links."""

import asyncio
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from email.message import EmailMessage

from domain.mail import Message
from domain.ports import Clock, Outbox
from entrypoints.container import Container
from entrypoints.sender import send_letters
from scripts.dev_mail import MailSink, links

PUBLIC = "https://meet.example"


def mail_settings(sink: MailSink, verification: str = "off") -> dict[str, str]:
    """`verification`: off unless the test is about it, so that the other mail tests see only their own letters."""
    return {
        "MEET_SMTP_URL": sink.url,
        "MEET_MAIL_FROM": "meet <meet@example.com>",
        "MEET_PUBLIC_URL": PUBLIC,
        "MEET_EMAIL_VERIFICATION": verification,
    }


@asynccontextmanager
async def sending(container: Container) -> AsyncIterator[None]:
    """The background sender of `meet serve`, looking for mail often."""
    task = asyncio.create_task(send_letters(container.deliver_mail(), idle_seconds=0.05))
    yield
    task.cancel()


async def received(sink: MailSink, count: int, seconds: float = 10) -> list[EmailMessage]:
    deadline = time.monotonic() + seconds
    while len(sink.messages()) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return sink.messages()


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def mailed_path(message: EmailMessage) -> str:
    """The mail's link: the first link of its text part that starts with the public URL, as a path of the site."""
    return next(link for link in links(text_of(message)) if link.startswith(PUBLIC)).removeprefix(PUBLIC)


async def mailed(outbox: Outbox, clock: Clock) -> list[Message]:
    """Every letter due, taken out of an outbox as a sender would."""
    letters = []
    while letter := await outbox.claim(clock.now(), clock.now() + timedelta(minutes=1)):
        await outbox.sent(letter.id)
        letters.append(letter.message)
    return letters


def link_in(text: str) -> str:
    """The first link in `text` that starts with the public URL."""
    found = re.search(rf"{re.escape(PUBLIC)}\S*", text)
    assert found, f"no link to {PUBLIC} in {text!r}"
    return found.group(0)


def secret_of(link: str) -> str:
    found = re.search(r"\?token=([\w-]+)$", link)
    assert found, f"no token in {link!r}"
    return found.group(1)
