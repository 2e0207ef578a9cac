"""Checks every peer the way the harness drives it: `.venv/bin/python -m bench.peers.check` (after
`make bench-peers-envs`; it builds nothing). Each peer, with 1 and with 2 processes: the login page, three
logins with one page's cookies and CSRF token, a wrong password, SIGTERM; then wrk -t1 -c8 -d2s on its page."""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from http.client import HTTPConnection, HTTPResponse
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.peers import PEERS, Peer
from scripts.dev_mongo import free_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
ENV = {"PEER_USERS": "alice,bob", "PEER_PASSWORD": PASSWORD}
FORM = "application/x-www-form-urlencoded"


class Inputs(HTMLParser):
    """The value of each named <input> of a page."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "input" and (name := named.get("name")):
            self.values[name] = named.get("value") or ""


def fetch(port: int, method: str, path: str, body: str = "", **headers: str) -> tuple[HTTPResponse, str]:
    """One request on its own connection: the response and its body."""
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response, response.read().decode()
    finally:
        connection.close()


def logins(peer: Peer, port: int) -> list[str]:
    """The page once, then three logins and a wrong password with its cookies and token; the problems seen."""
    page, body = fetch(port, "GET", "/auth/login")
    if page.status != 200:
        return [f"GET /auth/login answered {page.status}"]
    cookie = "; ".join(value.split(";", 1)[0] for name, value in page.getheaders() if name.lower() == "set-cookie")
    token = Inputs(body).values.get(peer.csrf_field)
    if not token:
        return [f"no hidden input {peer.csrf_field} on the login page"]
    problems = []
    for password in (PASSWORD, PASSWORD, PASSWORD, "wrong password"):
        form = urlencode({peer.csrf_field: token, "username": "alice", "password": password})
        answer, _ = fetch(port, "POST", "/auth/login", form, Cookie=cookie, **{"Content-Type": FORM})
        home = answer.status in (302, 303) and urlsplit(answer.getheader("Location", "")).path == "/"
        if home != (password == PASSWORD) or answer.status >= 500:
            problems.append(f"a login with {password!r} answered {answer.status} {answer.getheader('Location')}")
    return problems


def serve(peer: Peer, processes: int, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """The peer started from its own env, once its home page answers."""
    port = free_port()
    with log.open("ab") as stderr:
        cwd = ROOT / "bench" / "peers" / peer.dir
        process = subprocess.Popen(peer.command(ROOT, port, processes), cwd=cwd, env=os.environ | ENV, stderr=stderr)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            fetch(port, "GET", "/")
            return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{peer.name} did not start; see {log}")


def stop(process: subprocess.Popen[bytes], port: int) -> list[str]:
    """SIGTERM, then the problems: still running after 10 s, or its port still answering."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        return ["still running 10 s after SIGTERM"]
    try:
        fetch(port, "GET", "/")
        return ["its port still answers after it stopped"]
    except OSError:
        return []


def under_load(wrk: str, port: int) -> list[str]:
    """wrk on the login page for two seconds: the problems it reports."""
    command = [wrk, "-t1", "-c8", "-d2s", f"http://127.0.0.1:{port}/auth/login"]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout
    print("  wrk:", *re.findall(r"\d+ requests in [\d.]+s", out))
    return [line.strip() for line in out.splitlines() if re.search(r"Non-2xx|Socket errors", line)]


def check(peer: Peer, processes: int, log: Path, wrk: str | None) -> list[str]:
    """The problems seen serving `peer` with `processes` workers (and under wrk's load, given wrk)."""
    process, port = serve(peer, processes, log)
    problems = []
    try:
        problems += logins(peer, port)
        if wrk:
            problems += under_load(wrk, port)
    finally:
        problems += stop(process, port)
    return problems


def main() -> int:
    missing = [str(peer.python(ROOT)) for peer in PEERS if not peer.python(ROOT).exists()]
    if missing:
        print("make bench-peers-envs first: missing", *missing, file=sys.stderr)
        return 2
    wrk = shutil.which("wrk")
    failed = False
    with tempfile.TemporaryDirectory(prefix="meet-peers-check-") as logs:
        for peer in PEERS:
            for processes in (1, 2):
                log = Path(logs) / f"{peer.name}-{processes}.log"
                problems = check(peer, processes, log, wrk if processes == 1 else None)
                problems += ["a traceback in its log"] if "Traceback" in log.read_text() else []
                failed |= bool(problems)
                print(f"{peer.name}, {processes} process(es): {'; '.join(problems) or 'ok'}")
                if problems:
                    print(log.read_text()[-3000:], file=sys.stderr)
    if not wrk:
        print("wrk is not installed: the pages were not checked under load")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
