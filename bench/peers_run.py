"""`make bench-peers`: meet, the blocking meet and every peer of bench/peers, driven by the same wrk scripts.

For each: page req/s with 1 process and one per core, logins/s, page p50/p99 under login load, peak RSS;
three runs, medians. Writes the peers' section of bench/results.json and the blocks it feeds.
"""

import signal
import sys
import tempfile
from pathlib import Path

from bench import load, loop, record, report, stacks
from bench.accounts import register
from bench.capacity import bcrypt_rate
from bench.load import latency_under_logins, login_rate, login_script, page_rate
from bench.servers import drain
from bench.settings import CAPTCHA, PASSWORD, ROUNDS, RUNS, SECONDS, USERS


def every_stack(scratch: Path, mongo: dict[str, str]) -> list[stacks.Stack]:
    meet = stacks.Stack("meet", "meet (Tornado, MongoDB)", "_xsrf", lambda n: stacks.meet(scratch, mongo, n))
    blocking = stacks.Stack(
        "meet-blocking", "meet, bcrypt on the event loop", "_xsrf", lambda _: stacks.blocking(scratch, mongo), False
    )
    return [meet, blocking, *stacks.peers(scratch, USERS)]


def one_run(stack: stacks.Stack, runs: record.Runs, scratch: Path, database: int) -> None:
    """Every measure of one stack once; the database's process is drained too."""
    with stack.start(1) as server:
        page = server.url + "/auth/login"
        script = login_script(server.url, stack.csrf_field, USERS, PASSWORD, scratch)
        if stack.scales:
            drain(server.process.pid, database)
            runs.add("pages_rps", page_rate(page, scratch, SECONDS))
            drain(server.process.pid, database)
            runs.add("logins_per_s", login_rate(page, script, SECONDS), 2)
        drain(server.process.pid, database)
        p50, p99 = latency_under_logins(server.url, script, SECONDS)
        runs.add("page_p50_ms", p50, 1)
        runs.add("page_p99_ms", p99, 1)
        runs.add("peak_rss_mb", server.peak_rss_mb(), 1)
    if stack.scales:
        with stack.start(0) as server:
            drain(server.process.pid, database)
            runs.add("pages_rps_per_core", page_rate(server.url + "/auth/login", scratch, SECONDS))


def measure(scratch: Path, section: dict) -> None:
    """Three runs of every stack in turn, and of raw bcrypt; the medians go into `section`."""
    bcrypt = record.Runs()
    with stacks.database(scratch) as database:
        every = every_stack(scratch, stacks.mongo_env(database.uri, "bench"))
        runs = {stack.name: record.Runs() for stack in every}
        with every[0].start(1) as server:
            register(server.url, USERS, PASSWORD, CAPTCHA)
        for run in range(RUNS):
            for stack in every:
                print(f"bench-peers: run {run + 1} of {RUNS}, {stack.name}", file=sys.stderr)
                one_run(stack, runs[stack.name], scratch, database.process.pid)
            drain(database.process.pid)
            bcrypt.add("bcrypt_checks_per_s", bcrypt_rate(ROUNDS, SECONDS), 2)
    section["measures"] = bcrypt.medians()
    section["stacks"] = [{"name": s.name, "label": s.label, "measures": runs[s.name].medians()} for s in every]


def main() -> int:
    load.require_wrk()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on the way out
    section = record.stamp(loop.name())
    with tempfile.TemporaryDirectory() as scratch:
        measure(Path(scratch), section)
    report.write(record.save("peers", section))
    print("\n".join(report.peers_table(section)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
