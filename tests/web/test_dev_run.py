"""What `make run` does: meet on a local dev database whose data outlives a restart."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from scripts.dev_mongo import answers, free_port
from tests.web.client import Visitor
from tests.web.conftest import TEST_SETTINGS

ROOT = Path(__file__).resolve().parents[2]
MEET = str(Path(sys.executable).parent / "meet")


def start(cwd: Path, env: dict[str, str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "scripts.dev_mongo", "run", "--", MEET, "serve", "--port", str(port)],
        cwd=cwd,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).raise_for_status()
            return process
        except httpx.HTTPError:
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline, "make run's meet did not answer"
            time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0


async def test_users_survive_a_restart_of_meet_and_its_dev_database(tmp_path):
    port, db_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEET_")}
    env |= TEST_SETTINGS | {"MEET_DEV_MONGODB_PORT": str(db_port), "PYTHONPATH": str(ROOT)}
    site = f"http://127.0.0.1:{port}"

    first = start(tmp_path, env, port)
    try:
        visitor = Visitor(site)
        assert (await visitor.register()).headers["location"] == "/"
        await visitor.close()
    finally:
        stop(first)
    assert not answers(f"mongodb://127.0.0.1:{db_port}"), "the dev database outlived make run"
    assert (tmp_path / "var" / "mongo").is_dir()

    second = start(tmp_path, env, port)
    try:
        visitor = Visitor(site)
        assert (await visitor.login()).headers["location"] == "/"
        assert "<h1>alice</h1>" in (await visitor.get("/")).text
        await visitor.close()
    finally:
        stop(second)
