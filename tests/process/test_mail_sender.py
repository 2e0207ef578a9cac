"""`meet serve` delivers the outbox in the background: through SMTP to a real local server, once per letter
however many processes run, and after the mail server comes back."""

import asyncio
import signal
import subprocess
import time
from datetime import UTC, datetime

from adapters.mongo import MongoDatabase, MongoOutbox
from domain.mail import Message, new_letter
from scripts.dev_mongo import free_port
from tests.process.processes import MEET, clean_env, wait_until_answers
from tests.settings import TEST_SETTINGS
from tests.web.client import Visitor


def serve(mongo_uri: str, mongo_db: str, smtp_url: str, processes: int = 1, port: int = 0) -> subprocess.Popen:
    port = port or free_port()
    env = (
        clean_env()
        | TEST_SETTINGS
        | {
            "MEET_STORAGE": "mongo",
            "MEET_MONGODB_URI": mongo_uri,
            "MEET_MONGODB_DB": mongo_db,
            "MEET_SMTP_URL": smtp_url,
            "MEET_MAIL_FROM": "meet <meet@example.com>",
            "MEET_PUBLIC_URL": "https://meet.example",
            "MEET_MAIL_RETRY_SECONDS": "1",
        }
    )
    command = [MEET, "serve", "--port", str(port), "--processes", str(processes)]
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    wait_until_answers(f"http://127.0.0.1:{port}/healthz", server)
    return server


def stop(server: subprocess.Popen) -> str:
    server.send_signal(signal.SIGTERM)
    return server.communicate(timeout=30)[1]


async def post(mongo_uri: str, mongo_db: str, *addresses: str) -> None:
    """Letters put in the outbox as a use case would, through another client of the same database."""
    database = MongoDatabase("pymongo", mongo_uri, mongo_db, timeout_seconds=5)
    await database.open()
    outbox = MongoOutbox(database)
    for address in addresses:
        message = Message(address, f"to {address}", "https://meet.example/x", "<p>x</p>")
        await outbox.add(new_letter(message, datetime.now(UTC)))
    await database.close()


def received(sink, count: int, seconds: float = 20) -> list[str]:
    deadline = time.monotonic() + seconds
    while len(sink.messages()) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # a letter sent twice would arrive by now
    return sorted(message["To"] for message in sink.messages())


def test_every_letter_is_sent_once_by_two_processes(mongo_uri, mongo_db, mail_sink):
    server = serve(mongo_uri, mongo_db, mail_sink.url, processes=2)
    try:
        addresses = [f"user{n}@example.com" for n in range(20)]
        asyncio.run(post(mongo_uri, mongo_db, *addresses))

        assert received(mail_sink, 20) == sorted(addresses)
    finally:
        stop(server)


async def register_and_ask_reset(base: str) -> None:
    visitor = Visitor(base)
    try:
        assert (await visitor.register()).status_code == 302
        assert (await visitor.post("/auth/password/reset", {"email": "alice@example.com"})).status_code == 302
    finally:
        await visitor.close()


def test_a_reset_asked_while_the_mail_server_is_away_arrives_once_it_is_back_after_a_restart(
    mongo_uri, mongo_db, mail_sink
):
    port = free_port()
    server = serve(mongo_uri, mongo_db, mail_sink.url, port=port)
    mail_sink.stop()
    try:
        asyncio.run(register_and_ask_reset(f"http://127.0.0.1:{port}"))
        time.sleep(3)  # the sender tries, fails and puts the letter back
    finally:
        output = stop(server)
    assert "mail not sent, will retry" in output
    assert mail_sink.messages() == []

    mail_sink.start()
    server = serve(mongo_uri, mongo_db, mail_sink.url, port=port)
    try:
        # The verification mail of the registration (on by default with mail) and the reset's.
        assert received(mail_sink, 2) == ["alice@example.com"] * 2
        texts = [message.get_body(("plain",)).get_content() for message in mail_sink.messages()]
        assert any("https://meet.example/auth/password/new?token=" in text for text in texts)
        assert any("https://meet.example/auth/verify?token=" in text for text in texts)
    finally:
        stop(server)
