"""What the tests that read meet's mail share: its settings, a sender as `meet serve` runs it, and the links."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email.message import EmailMessage

from entrypoints.container import Container
from entrypoints.sender import send_letters
from scripts.dev_mail import MailSink, links

PUBLIC = "https://meet.example"


def mail_settings(sink: MailSink) -> dict[str, str]:
    return {"MEET_SMTP_URL": sink.url, "MEET_MAIL_FROM": "meet <meet@example.com>", "MEET_PUBLIC_URL": PUBLIC}


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
