"""`make bench`: meet against bare Tornado, raw bcrypt, the FastAPI peer and a blocking meet; then the targets.

Loopback only, every load bounded in time (BENCH_SECONDS), each measure taken three times and the median kept.
Writes meet's section of bench/results.json and the blocks it feeds; exits 1 when a target is short.
"""

import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import load, loop, record, report, stacks, targets
from bench.accounts import register, registration_rate
from bench.capacity import bcrypt_rate
from bench.load import latency_under_logins, login_rate, login_script, page_count
from bench.peers import FASTAPI_PAGES, PEERS
from bench.servers import Server, drain
from bench.settings import CAPTCHA, LOGIN_SECONDS, PASSWORD, ROUNDS, RUNS, SECONDS, TURN_SECONDS, USERS
from scripts.dev_mongo import MongoServer

FASTAPI = next(peer for peer in PEERS if peer.name == FASTAPI_PAGES)


@dataclass
class Bench:
    """What every measure needs: a scratch folder, the database, and the runs so far."""

    scratch: Path
    database: MongoServer
    runs: record.Runs

    @property
    def mongo(self) -> dict[str, str]:
        return stacks.mongo_env(self.database.uri, "bench")

    def settle(self, server: Server | None = None) -> None:
        """Let the server and the database finish the last load's work."""
        drain(self.database.process.pid, *([server.process.pid] if server else []))

    def latency(self, server: Server, prefix: str) -> None:
        script = login_script(server.url, "_xsrf", USERS, PASSWORD, self.scratch)
        self.settle(server)
        p50, p99 = latency_under_logins(server.url, script, SECONDS)
        self.runs.add(f"{prefix}page_p50_ms", p50, 1)
        self.runs.add(f"{prefix}page_p99_ms", p99, 1)

    def logins(self, server: Server, suffix: str) -> None:
        """Logins per second, then raw bcrypt's checks per second right after, and the ratio of the two."""
        script = login_script(server.url, "_xsrf", USERS, PASSWORD, self.scratch)
        self.settle(server)
        logins = login_rate(server.url + "/auth/login", script, LOGIN_SECONDS)
        self.settle(server)
        bcrypt = bcrypt_rate(ROUNDS, SECONDS)
        self.runs.add(f"logins_per_s{suffix}", logins, 2)
        self.runs.add("bcrypt_checks_per_s", bcrypt, 2)
        self.runs.add(f"logins_per_bcrypt{suffix}", logins / bcrypt, 3)


def one_run(bench: Bench, run: int) -> None:
    """Every measure once; each target's ratio is judged run by run, on measures taken side by side.

    The machine's speed drifts by a third within minutes here, and would otherwise decide the verdict: the
    pages of meet (one process and one per core) and of its two references are taken in turns of a few
    seconds, and each login rate right before raw bcrypt's.
    """
    runs, scratch = bench.runs, bench.scratch
    with (
        stacks.hello(scratch) as hello,
        stacks.hello(scratch, 0) as hello_per_core,
        stacks.meet(scratch, bench.mongo, 1) as server,
        stacks.meet(scratch, bench.mongo, 0) as per_core,
        stacks.peer(scratch, FASTAPI, 1, USERS) as fastapi,
    ):
        pages = {
            "hello_rps": hello.url + "/",
            "hello_rps_per_core": hello_per_core.url + "/",
            "pages_rps": server.url + "/auth/login",
            "pages_rps_per_core": per_core.url + "/auth/login",
            "fastapi_pages_rps": fastapi.url + "/auth/login",
        }
        everyone = (bench.database, hello, hello_per_core, server, per_core, fastapi)
        rates = in_turns(pages, scratch, lambda: drain(*(each.process.pid for each in everyone)))
        for name, rate in rates.items():
            runs.add(name, rate)
        runs.add("pages_per_hello", rates["pages_rps"] / rates["hello_rps"], 3)
        runs.add("pages_per_fastapi", rates["pages_rps"] / rates["fastapi_pages_rps"], 3)
        runs.add("pages_per_core_per_process", rates["pages_rps_per_core"] / rates["pages_rps"], 3)
        # Not a target: the framework's own scaling on this machine, beside meet's.
        runs.add("hello_per_core_per_process", rates["hello_rps_per_core"] / rates["hello_rps"], 3)
        bench.logins(per_core, "_per_core")
        page_peak = server.peak_rss_mb()
    with stacks.meet(scratch, bench.mongo, 1) as server:
        bench.logins(server, "")
        bench.latency(server, "")
        bench.settle(server)
        runs.add("registrations_per_s_mongo", registration_rate(server.url, SECONDS, f"r{run}x", PASSWORD, CAPTCHA), 2)
        runs.add("peak_rss_mb", max(page_peak, server.peak_rss_mb()), 1)
    with stacks.blocking(scratch, bench.mongo) as server:
        bench.latency(server, "blocking_")
    # Not a target: meet's logins with no database beside it on the cores, beside the figure on MongoDB.
    with stacks.meet(scratch, {"MEET_STORAGE": "memory"}, 1) as server:
        register(server.url, USERS, PASSWORD, CAPTCHA)
        bench.logins(server, "_memory")


def in_turns(pages: dict[str, str], scratch: Path, settle: Callable[[], None]) -> dict[str, float]:
    """Pages per second of each URL, loaded in turns of TURN_SECONDS until each has had SECONDS or more."""
    counted = dict.fromkeys(pages, (0, 0.0))
    for _ in range(max(1, -(-SECONDS // TURN_SECONDS))):
        for name, url in pages.items():
            settle()
            count, duration = page_count(url, scratch, TURN_SECONDS)
            counted[name] = (counted[name][0] + count, counted[name][1] + duration)
    return {name: count / duration for name, (count, duration) in counted.items()}


def measure(scratch: Path) -> dict:
    """Three runs on one database, then registrations in memory once; the medians and runs."""
    with stacks.database(scratch) as database:
        bench = Bench(scratch, database, record.Runs())
        with stacks.meet(scratch, bench.mongo, 1) as server:
            register(server.url, USERS, PASSWORD, CAPTCHA)
        for run in range(RUNS):
            print(f"bench: run {run + 1} of {RUNS}", file=sys.stderr)
            one_run(bench, run)
        with stacks.meet(scratch, {"MEET_STORAGE": "memory"}, 1) as server:
            bench.settle(server)
            rate = registration_rate(server.url, SECONDS, "m", PASSWORD, CAPTCHA)
            bench.runs.add("registrations_per_s_memory", rate, 2)
    return bench.runs.medians()


def main() -> int:
    load.require_wrk()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on the way out
    section = record.stamp(loop.name()) | {"fastapi_peer": {"name": FASTAPI.name, "label": FASTAPI.label}}
    with tempfile.TemporaryDirectory() as scratch:
        section["measures"] = measure(Path(scratch))
    results = record.save("meet", section)
    report.write(results)
    print("\n".join(report.meet_table(section)), end="\n\n")
    verdicts = targets.verdicts(section)
    print("\n".join(verdict.line() for verdict in verdicts))
    return 0 if all(verdict.met for verdict in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
