"""`meet serve` with MEET_LOG_FORMAT=json, as a process: one JSON object per line on standard error."""

import json
import re
import signal
import subprocess

import httpx

from scripts.dev_mongo import free_port
from tests.process.processes import MEET, clean_env, wait_until_answers
from tests.settings import TEST_SETTINGS


def test_meet_log_format_json_writes_one_object_per_line():
    port = free_port()
    env = clean_env() | TEST_SETTINGS | {"MEET_STORAGE": "memory", "MEET_LOG_FORMAT": "json"}
    server = subprocess.Popen([MEET, "serve", "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/healthz", server)
        request_id = httpx.get(f"http://127.0.0.1:{port}/auth/login").headers["x-request-id"]
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=20)[1]

    entries = [json.loads(line) for line in output.splitlines() if line.strip()]
    access = [e for e in entries if e.get("request_id") == request_id]
    assert access and access[0]["logger"] == "meet.access" and access[0]["status"] == 200
    assert all({"time", "level", "logger", "message"} <= set(e) for e in entries)


def test_meet_serve_runs_on_the_loop_meet_loop_names():
    said = {}
    for loop in ("uvloop", "asyncio"):
        port = free_port()
        env = clean_env() | TEST_SETTINGS | {"MEET_STORAGE": "memory", "MEET_LOOP": loop}
        server = subprocess.Popen([MEET, "serve", "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
        try:
            wait_until_answers(f"http://127.0.0.1:{port}/healthz", server)
        finally:
            server.send_signal(signal.SIGTERM)
            output = server.communicate(timeout=20)[1]
        said[loop] = re.search(r"meet is serving on .*loop: (\w+)\)", output).group(1)

    assert said == {"uvloop": "uvloop", "asyncio": "asyncio"}
