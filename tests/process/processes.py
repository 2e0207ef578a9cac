"""Helpers for tests that run `meet` as an operator would: as a process of its own."""

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

MEET = str(Path(sys.executable).parent / "meet")


def clean_env() -> dict[str, str]:
    """This environment without any MEET_* setting of the developer's own."""
    return {k: v for k, v in os.environ.items() if not k.startswith("MEET_")}


def wait_until_answers(url: str, process: subprocess.Popen, seconds: float = 30) -> httpx.Response:
    """The first answer `url` gives, failing the test if `process` exits or `seconds` pass first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return httpx.get(url, timeout=1)
        except httpx.TransportError:
            assert process.poll() is None, f"{process.args} exited with {process.returncode}"
            assert time.monotonic() < deadline, f"{url} did not answer within {seconds:g} s"
            time.sleep(0.1)
