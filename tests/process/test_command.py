"""The `meet` command as an operator runs it."""

import signal
import subprocess
import time

import pytest

from scripts.dev_mongo import free_port
from tests.process.processes import MEET, clean_env, wait_until_answers

SECRETS = {"MEET_COOKIE_SECRET": "c" * 32, "MEET_PEPPER": "p" * 32}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([MEET, *args], env=clean_env() | env, capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize(
    ("env", "args", "named"),
    [
        ({"MEET_COOKIE_SECRET": "c" * 32}, ["serve"], "MEET_PEPPER"),
        (SECRETS | {"MEET_COOKIE_SECRET": "c" * 31}, ["serve"], "MEET_COOKIE_SECRET"),
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


def test_serve_reports_every_missing_or_bad_secret_at_once_with_how_to_make_one():
    result = run({"MEET_PEPPER": "short", "MEET_PORT": "eighty"}, "serve")

    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2
    assert [line.split(" ")[1] for line in lines] == ["MEET_PORT", "MEET_COOKIE_SECRET", "MEET_PEPPER"]
    assert lines[1].startswith("meet: MEET_COOKIE_SECRET is not set: set it to a random string of at least 32 bytes")
    assert lines[2].startswith("meet: MEET_PEPPER is shorter than 32 bytes")
    for line in lines[1:]:
        assert line.endswith("python3 -c 'import secrets; print(secrets.token_urlsafe(48))'")


def test_a_bad_flag_gets_argparse_usage_and_exit_code_2():
    result = run(SECRETS, "serve", "--port", "0x50")

    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].endswith("--port must be a whole number from 1 to 65535, not '0x50'")


@pytest.fixture(params=["memory", "mongo"])
def storage(request):
    if request.param == "memory":
        return {"MEET_STORAGE": "memory"}
    return {
        "MEET_MONGODB_URI": request.getfixturevalue("mongo_uri"),
        "MEET_MONGODB_DB": request.getfixturevalue("mongo_db"),
    }


def test_serve_answers_and_stops_cleanly_on_sigterm(storage):
    port = free_port()
    env = clean_env() | SECRETS | storage | {"MEET_BCRYPT_ROUNDS": "4"}
    server = subprocess.Popen([MEET, "serve", "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
    try:
        response = wait_until_answers(f"http://127.0.0.1:{port}/healthz", server)
        assert (response.status_code, response.json()) == (200, {"status": "ok"})
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=15) == 0
    finally:
        server.kill()
        server.wait()


def test_serve_without_a_database_says_so_in_one_line():
    env = SECRETS | {"MEET_MONGODB_URI": f"mongodb://127.0.0.1:{free_port()}", "MEET_MONGODB_TIMEOUT": "1"}
    started = time.monotonic()

    result = run(env, "serve", "--port", str(free_port()))

    assert result.returncode == 1
    assert time.monotonic() - started < 10
    assert result.stderr.strip().startswith("meet: the database (MEET_MONGODB_URI) cannot be used: 127.0.0.1:")
    assert "Traceback" not in result.stderr
