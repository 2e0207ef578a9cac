"""What `make run` does: meet on a local dev database whose data outlives a restart."""

import signal
import subprocess
import sys
from pathlib import Path

from scripts.dev_mongo import answers, free_port
from tests.settings import TEST_SETTINGS
from tests.web.client import Visitor
from tests.web.processes import MEET, clean_env, wait_until_answers

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


async def test_users_survive_a_restart_of_meet_and_its_dev_database(tmp_path):
    port, db_port = free_port(), free_port()
    env = clean_env() | TEST_SETTINGS | {"MEET_DEV_MONGODB_PORT": str(db_port), "PYTHONPATH": str(ROOT)}
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
