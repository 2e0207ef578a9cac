"""The Mailer contract: each adapter hands messages to a real SMTP server over TCP (scripts/dev_mail.py's sink)."""

import asyncio
import socket
import time

import pytest

from adapters.smtp import SmtpMailer
from domain.mail import MailUnavailable, Message
from scripts.dev_mail import MailSink
from scripts.dev_mongo import free_port

SENDER = "meet <meet@example.com>"

# Each adapter, made from an SMTP URL, the sender and a timeout in seconds: adding one is adding a line here.
ADAPTERS = {"smtp": SmtpMailer}


@pytest.fixture(params=list(ADAPTERS))
def make(request):
    """Make a mailer of one adapter for an SMTP URL."""
    return lambda url, timeout=5: ADAPTERS[request.param](url, SENDER, timeout=timeout)


@pytest.fixture
def login_sink(tmp_path):
    """A sink that accepts mail only after AUTH as alice with a password that needs percent-encoding."""
    sink = MailSink(tmp_path / "login-mail", login=("alice@example.com", "p@ss:wörd/密码"))
    sink.start()
    yield sink
    sink.stop()


def parts(mail):
    """The text and the HTML of a received mail, without the line end MIME adds to each."""
    text, html = mail.get_body(("plain",)), mail.get_body(("html",))
    return text.get_content().removesuffix("\n"), html.get_content().removesuffix("\n")


async def test_a_message_arrives_with_its_headers_and_both_parts(make, mail_sink):
    message = Message("alice@example.com", "Confirm your address", "Open https://meet.example/c/1", "<p>Open it</p>")

    await make(mail_sink.url).send(message)

    [mail] = mail_sink.messages()
    assert mail["To"] == "alice@example.com"
    assert mail["From"].addresses[0].addr_spec == "meet@example.com"
    assert mail["From"].addresses[0].display_name == "meet"
    assert mail["Subject"] == "Confirm your address"
    assert mail["Message-ID"] and mail["Date"]
    assert mail.get_content_type() == "multipart/alternative"
    assert parts(mail) == ("Open https://meet.example/c/1", "<p>Open it</p>")


async def test_chinese_subject_and_body_survive(make, mail_sink):
    text = "你好，请打开 https://meet.example/c/2 确认。"
    message = Message("用户@例子.广告", "确认你的邮箱地址", text, "<p>你好，世界</p>")

    await make(mail_sink.url).send(message)

    [mail] = mail_sink.messages()
    assert mail["To"] == "用户@例子.广告"
    assert mail["Subject"] == "确认你的邮箱地址"
    assert parts(mail) == (message.text, message.html)


async def test_each_message_gets_its_own_id(make, mail_sink):
    mailer = make(mail_sink.url)

    await asyncio.gather(*(mailer.send(Message(f"u{i}@example.com", f"n{i}", "t", "h")) for i in range(3)))

    mails = mail_sink.messages()
    assert sorted(mail["Subject"] for mail in mails) == ["n0", "n1", "n2"]
    assert len({mail["Message-ID"] for mail in mails}) == 3


async def test_no_server_listening_is_unavailable_at_once(make):
    started = time.monotonic()

    with pytest.raises(MailUnavailable) as raised:
        await make(f"smtp://127.0.0.1:{free_port()}", timeout=2).send(Message("a@example.com", "s", "t", "h"))

    assert time.monotonic() - started < 1
    assert raised.value.__cause__ is not None


async def test_a_server_that_never_answers_is_unavailable_after_the_timeout(make):
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts connections, never says a word
        mailer = make(f"smtp://127.0.0.1:{silent.getsockname()[1]}", timeout=0.5)
        started = time.monotonic()

        with pytest.raises(MailUnavailable) as raised:
            await mailer.send(Message("a@example.com", "s", "t", "h"))

    assert 0.4 < time.monotonic() - started < 2
    assert raised.value.__cause__ is not None


async def test_the_login_in_the_url_is_used(make, login_sink):
    url = f"smtp://alice%40example.com:p%40ss%3Aw%C3%B6rd%2F%E5%AF%86%E7%A0%81@127.0.0.1:{login_sink.port}"

    await make(url).send(Message("bob@example.com", "Hello", "t", "h"))

    assert [mail["Subject"] for mail in login_sink.messages()] == ["Hello"]


@pytest.mark.parametrize("login", ["", "alice%40example.com:wrong@"])
async def test_a_missing_or_wrong_login_is_unavailable(make, login_sink, login):
    with pytest.raises(MailUnavailable) as raised:
        await make(f"smtp://{login}127.0.0.1:{login_sink.port}").send(Message("bob@example.com", "Hello", "t", "h"))

    assert raised.value.__cause__ is not None
    assert login_sink.messages() == []
