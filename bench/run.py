"""meet's benchmark harness: `make bench`. Loopback only, every load bounded in time.

Starts a SecantusDB, meet on it (and on memory), a bare Tornado "hello" server and a
tutorial-style blocking meet, measures them side by side, and writes bench/results.json
and bench/results.md.
"""

import asyncio
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import bcrypt
import httpx

from scripts.dev_mongo import MongoServer, free_port

HERE = Path(__file__).parent
MEET = str(Path(sys.executable).parent / "meet")
ROUNDS = 12
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
PASSWORD = "correct horse battery"
ENV = {
    "MEET_COOKIE_SECRET": "bench-cookie-secret-" + "c" * 32,
    "MEET_PEPPER": "bench-pepper-" + "p" * 32,
    "MEET_CAPTCHA": "fixed:abc",
    "MEET_BCRYPT_ROUNDS": str(ROUNDS),
}


class Server:
    """A process serving HTTP on a loopback port, stopped at the end of a `with`."""

    def __init__(self, command: list[str], env: dict[str, str], port: int) -> None:
        self.port, self.url = port, f"http://127.0.0.1:{port}"
        clean = {k: v for k, v in os.environ.items() if not k.startswith("MEET_")}
        self.process = subprocess.Popen(
            command, env=clean | env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=HERE.parent
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(self.url + "/", timeout=1)
                return
            except httpx.TransportError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{command} did not start") from None
                time.sleep(0.1)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *_: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def peak_rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def meet(env: dict[str, str], *args: str) -> Server:
    port = free_port()
    return Server([MEET, "serve", "--port", str(port), *args], ENV | env, port)


def wrk(url: str, seconds: float, connections: int, script: str | None = None, header: str = "") -> float:
    """Requests per second, from Debian's wrk."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s"]
    if script:
        command += ["-s", script]
    if header:
        command += ["-H", header]
    out = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 30).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"wrk saw {errors.group(1)} failed responses from {url}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


async def register_many(url: str, count: int = 16) -> list[str]:
    names = [f"bencher{n}" for n in range(count)]
    for name in names:
        await (await register(url, name)).aclose()
    return names


async def register(url: str, username: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=url, timeout=30)
    page = await client.get("/auth/register")
    await client.get("/auth/captcha")
    token = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
    form = {"_xsrf": token, "username": username, "email": f"{username}@example.com", "password": PASSWORD}
    response = await client.post("/auth/register", data=form | {"captcha": "abc"})
    if response.headers.get("location") != "/":
        raise RuntimeError(f"registering {username} failed")
    return client


def login_script(url: str, usernames: list[str]) -> str:
    """A wrk script that logs the users in, in turn, with a valid XSRF cookie and token.

    In turn, because meet counts an attempt before it checks the password: five logins of one
    account at the same moment would look like an attack on it.
    """
    token = httpx.get(url + "/auth/login").cookies["_xsrf"]
    bodies = ", ".join(f'"_xsrf={token}&username={name}&password={PASSWORD.replace(" ", "+")}"' for name in usernames)
    path = Path(tempfile.mkstemp(suffix=".lua")[1])
    path.write_text(
        f"bodies = {{{bodies}}}\n"
        "n = 0\n"
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Cookie"] = "_xsrf={token}"\n'
        "request = function()\n"
        "  n = n + 1\n"
        "  return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1])\n"
        "end\n"
    )
    return str(path)


def bcrypt_capacity(seconds: float) -> float:
    """Checks per second with one thread per core, at meet's cost, as meet checks (44-byte input)."""
    hashed = bcrypt.hashpw(b"x" * 44, bcrypt.gensalt(ROUNDS))
    counts = [0] * (os.cpu_count() or 1)
    stop = time.monotonic() + seconds

    def work(index: int) -> None:
        while time.monotonic() < stop:
            bcrypt.checkpw(b"x" * 44, hashed)
            counts[index] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(counts))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started)


async def latencies(url: str, seconds: float) -> dict[str, float]:
    """p50 and p99 of GET /auth/login, one request every 20 ms, in milliseconds."""
    samples = []
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            started = time.perf_counter()
            (await client.get("/auth/login")).raise_for_status()
            samples.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.02)
    cuts = statistics.quantiles(samples, n=100)
    return {"p50_ms": round(cuts[49], 1), "p99_ms": round(cuts[98], 1), "samples": len(samples)}


def under_login_load(url: str, script: str) -> dict[str, float]:
    """Latency of pages while logins keep every hasher thread busy."""
    load = threading.Thread(target=wrk, args=(url + "/auth/login", SECONDS + 2, 8, script))
    load.start()
    time.sleep(1)
    result = asyncio.run(latencies(url, SECONDS))
    load.join()
    return result


async def registrations(url: str, seconds: float, prefix: str, workers: int = 8) -> float:
    done = 0
    stop = time.monotonic() + seconds

    async def worker(index: int) -> None:
        nonlocal done
        client = httpx.AsyncClient(base_url=url, timeout=30)
        page = await client.get("/auth/register")
        token = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
        n = 0
        while time.monotonic() < stop:
            n += 1
            await client.get("/auth/captcha")
            name = f"{prefix}{index}x{n}"
            form = {"_xsrf": token, "username": name, "email": f"{name}@example.com", "password": PASSWORD}
            response = await client.post("/auth/register", data=form | {"captcha": "abc"})
            if response.headers.get("location") == "/":
                done += 1
        await client.aclose()

    started = time.monotonic()
    await asyncio.gather(*(worker(i) for i in range(workers)))
    return done / (time.monotonic() - started)


def main() -> int:
    if shutil.which("wrk") is None:
        print("bench: wrk is not installed (apt-get install wrk; make bench does)", file=sys.stderr)
        return 1
    results: dict[str, object] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "bcrypt_rounds": ROUNDS,
        "seconds_per_load": SECONDS,
    }
    with tempfile.TemporaryDirectory() as scratch:
        database = MongoServer(Path(scratch) / "mongo")
        database.start()
        mongo = {"MEET_STORAGE": "mongo", "MEET_MONGODB_URI": database.uri, "MEET_MONGODB_DB": "bench"}
        try:
            hello_port = free_port()
            with Server([sys.executable, "-m", "bench.hello", str(hello_port)], {}, hello_port) as hello:
                results["hello_rps"] = round(wrk(hello.url + "/", SECONDS, 32))
            with meet(mongo) as server:
                results["pages_rps"] = round(wrk(server.url + "/auth/login", SECONDS, 32))
                script = login_script(server.url, asyncio.run(register_many(server.url)))
                results["bcrypt_checks_per_s"] = round(bcrypt_capacity(SECONDS), 2)
                results["logins_per_s"] = round(wrk(server.url + "/auth/login", SECONDS, 8, script), 2)
                results["pages_while_logging_in"] = under_login_load(server.url, script)
                results["registrations_per_s_mongo"] = round(asyncio.run(registrations(server.url, SECONDS, "m")), 2)
                results["peak_rss_mb"] = round(server.peak_rss_mb(), 1)
            blocking_port = free_port()
            blocking_env = ENV | mongo | {"MEET_MONGODB_DB": "bench_blocking"}
            with Server([sys.executable, "-m", "bench.blocking", str(blocking_port)], blocking_env, blocking_port) as b:
                script = login_script(b.url, asyncio.run(register_many(b.url)))
                results["pages_while_logging_in_blocking"] = under_login_load(b.url, script)
            with meet({"MEET_STORAGE": "memory"}) as server:
                results["registrations_per_s_memory"] = round(asyncio.run(registrations(server.url, SECONDS, "r")), 2)
            with meet(mongo | {"MEET_MONGODB_DB": "bench_processes"}, "--processes", "0") as server:
                results["pages_rps_one_per_core"] = round(wrk(server.url + "/auth/login", SECONDS, 32))
        finally:
            database.stop()
    results["ratio_pages"] = round(results["pages_rps"] / results["hello_rps"], 2)
    results["ratio_logins"] = round(results["logins_per_s"] / results["bcrypt_checks_per_s"], 2)
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (HERE / "results.md").write_text(table(results))
    print(table(results))
    return 0


def table(r: dict) -> str:
    busy, blocking = r["pages_while_logging_in"], r["pages_while_logging_in_blocking"]
    rows = [
        (
            "GET /auth/login, requests/s",
            f"{r['pages_rps']:,}",
            f"bare Tornado hello: {r['hello_rps']:,}",
            f"ratio {r['ratio_pages']} (target ≥ 0.5)",
        ),
        ("GET /auth/login, one process per core", f"{r['pages_rps_one_per_core']:,}", "", ""),
        (
            "POST /auth/login, logins/s",
            f"{r['logins_per_s']}",
            f"raw bcrypt checks/s: {r['bcrypt_checks_per_s']}",
            f"ratio {r['ratio_logins']} (target ≥ 0.9)",
        ),
        (
            "GET /auth/login while logins fill the hasher",
            f"p50 {busy['p50_ms']} ms, p99 {busy['p99_ms']} ms",
            f"blocking hasher: p50 {blocking['p50_ms']} ms, p99 {blocking['p99_ms']} ms",
            "target p99 ≤ 25 ms",
        ),
        ("registrations/s", f"Mongo {r['registrations_per_s_mongo']}", f"memory {r['registrations_per_s_memory']}", ""),
        ("peak RSS of one meet process", f"{r['peak_rss_mb']} MB", "", "target ≤ 100 MB"),
    ]
    head = f"Measured {r['date']} on {r['cores']} cores, Python {r['python']}, bcrypt cost {r['bcrypt_rounds']}, "
    head += f"{r['seconds_per_load']:g} s per load, load generator on the same cores.\n\n"
    lines = ["| measure | meet | side by side | |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return head + "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
