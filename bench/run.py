"""`make bench`: meet against bare Tornado, raw bcrypt, the FastAPI peer and a blocking meet; then the targets.

Loopback only, every load bounded in time (BENCH_SECONDS), each measure taken three times and the median kept.
Writes meet's section of bench/results.json and the blocks it feeds; exits 1 when a target is short.
"""

import signal
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import load, loop, record, report, stacks, targets
from bench.accounts import register, registration_rate
from bench.capacity import bcrypt_rate
from bench.load import latency_under_logins, login_rate, login_script, page_rate
from bench.peers import FASTAPI_PAGES, PEERS
from bench.servers import Server, drain
from bench.settings import CAPTCHA, PASSWORD, ROUNDS, RUNS, SECONDS, USERS
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

    def pages_and_logins(self, server: Server, suffix: str) -> None:
        page = server.url + "/auth/login"
        self.settle(server)
        self.runs.add(f"pages_rps{suffix}", page_rate(page, self.scratch, SECONDS))
        script = login_script(server.url, "_xsrf", USERS, PASSWORD, self.scratch)
        self.settle(server)
        self.runs.add(f"logins_per_s{suffix}", login_rate(page, script, SECONDS), 2)


def one_run(bench: Bench, run: int) -> None:
    """Every measure once, each server in turn."""
    runs, scratch = bench.runs, bench.scratch
    with stacks.hello(scratch) as server:
        bench.settle(server)
        runs.add("hello_rps", page_rate(server.url + "/", scratch, SECONDS))
    with stacks.meet(scratch, bench.mongo, 1) as server:
        bench.pages_and_logins(server, "")
        bench.latency(server, "")
        bench.settle(server)
        runs.add("registrations_per_s_mongo", registration_rate(server.url, SECONDS, f"r{run}x", PASSWORD, CAPTCHA), 2)
        runs.add("peak_rss_mb", server.peak_rss_mb(), 1)
    with stacks.meet(scratch, bench.mongo, 0) as server:
        bench.pages_and_logins(server, "_per_core")
    with stacks.peer(scratch, FASTAPI, 1, USERS) as server:
        bench.settle(server)
        runs.add("fastapi_pages_rps", page_rate(server.url + "/auth/login", scratch, SECONDS))
    with stacks.blocking(scratch, bench.mongo) as server:
        bench.latency(server, "blocking_")
    bench.settle()
    runs.add("bcrypt_checks_per_s", bcrypt_rate(ROUNDS, SECONDS), 2)


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
    print("\n".join(targets.line(*verdict) for verdict in verdicts))
    return 0 if all(met for _, _, met in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
