"""The `meet` command as an operator runs it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from tornado.testing import bind_unused_port

MEET = str(Path(sys.executable).parent / "meet")
SECRETS = {"MEET_COOKIE_SECRET": "c" * 32, "MEET_PEPPER": "p" * 32}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MEET_")}
    return subprocess.run([MEET, *args], env=clean | env, capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize(
    ("env", "args", "named"),
    [
        ({}, ["serve"], "MEET_COOKIE_SECRET"),
        (SECRETS | {"MEET_PORT": "eighty"}, ["serve"], "MEET_PORT"),
        (SECRETS | {"MEET_STORAGE": "postgres"}, ["serve"], "MEET_STORAGE"),
        (SECRETS | {"MEET_BCRYPT_ROUNDS": "99"}, ["serve"], "MEET_BCRYPT_ROUNDS"),
    ],
)
def test_a_bad_setting_is_one_line_and_exit_code_2(env, args, named):
    result = run(env, *args)

    assert result.returncode == 2
    assert named in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == result.stderr.strip().splitlines()[0]


def test_a_bad_flag_gets_argparse_usage_and_exit_code_2():
    result = run(SECRETS, "serve", "--port", "0x50")

    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].endswith("--port must be a whole number from 1 to 65535, not '0x50'")


def test_serve_answers_and_stops_cleanly_on_sigterm():
    sock, port = bind_unused_port()
    sock.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEET_")} | SECRETS | {"MEET_BCRYPT_ROUNDS": "4"}
    server = subprocess.Popen([MEET, "serve", "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/auth/login", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "meet serve did not answer"
                assert server.poll() is None, server.stderr.read()
                time.sleep(0.1)
        assert response.status_code == 200
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=15) == 0
    finally:
        server.kill()
        server.wait()
