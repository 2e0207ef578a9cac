"""`meet serve --processes 2` on the real Mongo server: what one worker stores, the other honours."""

import re
import signal
import subprocess
import threading
import time

from scripts.dev_mongo import free_port
from tests.process.processes import MEET, clean_env, wait_until_answers
from tests.settings import TEST_SETTINGS
from tests.web.client import Visitor


class Workers:
    """A `meet serve --processes 2`, and which worker served each request (from its access log)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [MEET, "serve", "--port", str(self.port), "--processes", "2"],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)

    def worker_of(self, response) -> str:
        """The worker whose access line carries the response's request id."""
        request_id = response.headers["x-request-id"]
        deadline = time.monotonic() + 5
        while True:
            for line in self.lines:
                if found := re.search(rf'worker (\d+) meet\.access: .* request_id="{request_id}"', line):
                    return found.group(1)
            assert time.monotonic() < deadline, f"no access log line for request {request_id}"
            time.sleep(0.02)


async def test_two_workers_share_users_and_sessions(mongo_uri, mongo_db):
    env = (
        clean_env()
        | TEST_SETTINGS
        | {"MEET_STORAGE": "mongo", "MEET_MONGODB_URI": mongo_uri, "MEET_MONGODB_DB": mongo_db}
    )
    workers = Workers(env)
    site = f"http://127.0.0.1:{workers.port}"
    try:
        assert wait_until_answers(f"{site}/healthz", workers.process).status_code == 200
        alice = Visitor(site, keep_alive=False)
        await alice.get("/auth/register")
        await alice.get("/auth/captcha")
        registered = await alice.http.post(
            "/auth/register",
            data={
                "_xsrf": alice.http.cookies["_xsrf"],
                "username": "alice",
                "email": "alice@example.com",
                "password": "correct horse",
                "captcha": "abc",
            },
        )
        assert registered.headers["location"] == "/"
        registrar = workers.worker_of(registered)

        seen_session, seen_login = False, False
        for _ in range(200):
            if not seen_session:
                page = await alice.get("/")
                if workers.worker_of(page) != registrar:
                    assert "<h1><bdi>alice</bdi></h1>" in page.text  # a session the other worker made
                    seen_session = True
            if not seen_login:
                bob = Visitor(site, keep_alive=False)
                form = await bob.get("/auth/login")
                response = await bob.http.post(
                    "/auth/login",
                    data={"_xsrf": bob.http.cookies["_xsrf"], "username": "alice", "password": "correct horse"},
                )
                await bob.close()
                assert form.status_code == 200
                if workers.worker_of(response) != registrar:
                    assert response.headers["location"] == "/"  # a user the other worker stored
                    seen_login = True
            if seen_session and seen_login:
                break
        await alice.close()
        assert seen_session and seen_login, "the second worker never served a request"
    finally:
        workers.process.send_signal(signal.SIGTERM)
        assert workers.process.wait(timeout=20) == 0


def test_several_processes_need_the_mongo_storage():
    env = clean_env() | TEST_SETTINGS
    result = subprocess.run(
        [MEET, "serve", "--processes", "2"], env=env | {"MEET_STORAGE": "memory"}, capture_output=True, text=True
    )

    assert result.returncode == 2
    assert "needs MEET_STORAGE=mongo" in result.stderr
