import os
import pty
import subprocess

import pytest

from tests.process.processes import MEET, clean_env
from tests.settings import TEST_SETTINGS


@pytest.fixture(autouse=True)
def away_from_the_checkout(tmp_path, monkeypatch):
    """Run in an empty folder: `meet` reads ./.env, and the checkout's (from `make run`) is the developer's."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def admin(mongo_uri, mongo_db):
    """Run `meet` with the test settings on this test's database; its output, never a prompt."""
    env = clean_env() | TEST_SETTINGS | {"MEET_MONGODB_URI": mongo_uri, "MEET_MONGODB_DB": mongo_db}

    def run(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([MEET, *args], env=env, input=password, capture_output=True, text=True, timeout=120)

    return run


@pytest.fixture
def admin_on_a_terminal(mongo_uri, mongo_db):
    """Run `meet` on a pseudo-terminal, typing `typed`; everything the terminal showed."""
    env = clean_env() | TEST_SETTINGS | {"MEET_MONGODB_URI": mongo_uri, "MEET_MONGODB_DB": mongo_db}

    def run(typed: str, *args: str) -> str:
        terminal, child_side = pty.openpty()
        child = subprocess.Popen([MEET, *args], env=env, stdin=child_side, stdout=child_side, stderr=child_side)
        os.close(child_side)
        os.write(terminal, typed.encode())
        shown = b""
        while True:
            try:
                chunk = os.read(terminal, 1024)
            except OSError:  # EIO: the child has closed its side
                break
            if not chunk:
                break
            shown += chunk
        child.wait(timeout=120)
        os.close(terminal)
        return shown.decode(errors="replace")

    return run
