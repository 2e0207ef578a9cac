"""What `make run` does: meet on a local dev database whose data outlives a restart."""

import asyncio
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from adapters.mongo import MongoDatabase, MongoOutbox
from domain.mail import Message, new_letter
from scripts.dev_mongo import MongoServer, answers, free_port
from tests.process.processes import MEET, clean_env, wait_until_answers
from tests.web.client import ANSWER, Visitor

ROOT = Path(__file__).resolve().parents[2]


def start(cwd: Path, env: dict[str, str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "scripts.dev_mongo", "run", "--", MEET, "serve", "--port", str(port)],
        cwd=cwd,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_until_answers(f"http://127.0.0.1:{port}/healthz", process).status_code == 200
    return process


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0


# No secret: make run writes them to .env.
SETTINGS = {"MEET_BCRYPT_ROUNDS": "4", "MEET_CAPTCHA": f"fixed:{ANSWER}", "PYTHONPATH": str(ROOT)}


async def test_users_survive_a_restart_of_meet_and_its_dev_database(tmp_path):
    port, db_port = free_port(), free_port()
    env = clean_env() | SETTINGS | {"MEET_DEV_MONGODB_PORT": str(db_port), "MEET_DEV_SMTP_PORT": str(free_port())}
    site = f"http://127.0.0.1:{port}"

    first = start(tmp_path, env, port)
    try:
        visitor = Visitor(site)
        assert (await visitor.register()).headers["location"] == "/"
        await visitor.close()
        # What the README shows: the admin commands, from the same folder, on make run's database and secrets.
        listed = subprocess.run([MEET, "users", "list"], cwd=tmp_path, env=clean_env(), capture_output=True, text=True)
        assert (listed.returncode, listed.stdout.split("\t")[0]) == (0, "alice"), listed.stderr
    finally:
        stop(first)
    assert not answers(f"mongodb://127.0.0.1:{db_port}"), "the dev database outlived make run"
    assert (tmp_path / "var" / "mongo").is_dir()

    second = start(tmp_path, env, port)
    try:
        visitor = Visitor(site)
        assert (await visitor.login()).headers["location"] == "/"
        assert "<h1><bdi>alice</bdi></h1>" in (await visitor.get("/")).text
        await visitor.close()
    finally:
        stop(second)


def test_a_second_make_run_on_the_same_data_says_another_dev_server_holds_it(tmp_path):
    running = MongoServer(tmp_path / "var" / "mongo")
    running.start()
    try:
        second = [
            subprocess.run(
                [sys.executable, "-m", "scripts.dev_mongo", "run", "--", MEET, "users", "list"],
                cwd=tmp_path,
                env=clean_env() | SETTINGS | {"MEET_DEV_MONGODB_PORT": str(dev_port)},
                capture_output=True,
                text=True,
                timeout=60,
            )
            for dev_port in (running.port, free_port())  # on the same port, and on another
        ]
    finally:
        running.stop()

    for result in second:
        assert result.returncode == 1
        assert result.stderr.strip().splitlines()[-1] == (
            "dev database: another dev server (another make run) holds var/mongo; stop it first, "
            "or use its database (MEET_MONGODB_URI)"
        )


async def test_make_run_delivers_mail_to_var_mail_and_prints_its_links(tmp_path):
    port, db_port, smtp_port = free_port(), free_port(), free_port()
    env = clean_env() | SETTINGS | {"MEET_DEV_MONGODB_PORT": str(db_port), "MEET_DEV_SMTP_PORT": str(smtp_port)}
    running = start(tmp_path, env, port)
    try:
        database = MongoDatabase("pymongo", f"mongodb://127.0.0.1:{db_port}", "meet", timeout_seconds=5)
        await database.open()
        link = f"http://127.0.0.1:{port}/auth/password/reset/abc"
        message = Message("alice@example.com", "Reset your password", f"Follow {link} within an hour.", "<p>x</p>")
        await MongoOutbox(database).add(new_letter(message, datetime.now(UTC)))
        await database.close()
        deadline = time.monotonic() + 20
        while not list((tmp_path / "var" / "mail").glob("*.eml")) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
    finally:
        running.send_signal(signal.SIGTERM)
        output = running.communicate(timeout=30)[1]

    saved = list((tmp_path / "var" / "mail").glob("*.eml"))
    assert len(saved) == 1 and b"Reset your password" in saved[0].read_bytes()
    assert any(link in line and "alice@example.com" in line for line in output.splitlines()), output
