"""SIGTERM while a slow login is in flight: it completes, new connections are refused, meet exits 0."""

import asyncio
import signal
import socket
import subprocess

from scripts.dev_mongo import free_port
from tests.process.processes import MEET, clean_env, wait_until_answers
from tests.settings import TEST_SETTINGS
from tests.web.client import Visitor


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False


async def test_a_login_in_flight_finishes_and_new_connections_are_refused():
    port = free_port()
    # Cost 15: one password check takes seconds, long enough to signal in the middle of it.
    env = clean_env() | TEST_SETTINGS | {"MEET_STORAGE": "memory", "MEET_BCRYPT_ROUNDS": "15"}
    server = subprocess.Popen([MEET, "serve", "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
    site = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(f"{site}/healthz", server)
        visitor = Visitor(site)
        assert (await visitor.register()).headers["location"] == "/"
        form = await visitor.get("/auth/login")
        assert form.status_code == 200

        login = asyncio.create_task(
            visitor.http.post(
                "/auth/login",
                data={"_xsrf": visitor.http.cookies["_xsrf"], "username": "alice", "password": "correct horse"},
            )
        )
        await asyncio.sleep(0.5)  # the request is in, its password check has begun
        server.send_signal(signal.SIGTERM)
        await asyncio.sleep(0.3)

        assert await asyncio.to_thread(refused, port), "a new connection was accepted after SIGTERM"
        assert not login.done()
        response = await asyncio.wait_for(login, 20)
        assert (response.status_code, response.headers["location"]) == (302, "/")
        await visitor.close()
        assert await asyncio.to_thread(server.wait, 20) == 0
    finally:
        server.kill()
        server.wait()
        assert "Traceback" not in server.stderr.read()


def test_no_request_in_flight_means_an_immediate_clean_exit():
    port = free_port()
    env = clean_env() | TEST_SETTINGS | {"MEET_STORAGE": "memory"}
    server = subprocess.Popen([MEET, "serve", "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
    wait_until_answers(f"http://127.0.0.1:{port}/healthz", server)

    server.send_signal(signal.SIGINT)

    assert server.wait(timeout=10) == 0
