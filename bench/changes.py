"""`make bench-changes`: what each of issue 11's changes bought, every revision measured in the same run.

Each revision of CHANGES is checked out in a git worktree of its own and served from it with this
checkout's environment (PYTHONPATH), in turn, round after round, so the machine's drift falls on all
of them: `GET /auth/login` per second with one process, and its peak RSS after one registration more;
logins per second with one process per core on MongoDB; and, under callgrind, the instructions a page
costs (noise-free; one process, memory storage). Bare Tornado hello is measured beside them on both
loops. Writes the `changes` section of bench/results.json and the block of docs/performance.md it feeds.
"""

import http.client
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench import load, record, report, stacks
from bench.accounts import register
from bench.capacity import bcrypt_rate
from bench.load import login_rate, login_script, page_rate
from bench.servers import Server, drain
from bench.settings import CAPTCHA, PASSWORD, ROOT, ROUNDS, RUNS, SECONDS, USERS
from scripts.dev_mongo import free_port

# Each change and the commit it ended at, oldest first; each is measured against the one before.
CHANGES = (
    ("904dc54", "before: issue 10's end (asyncio loop)"),
    ("10359fd", "the access line formatted for less"),
    ("70e961d", "signed-out pages rendered once and kept"),
    ("9a8cff2", "uvloop"),
    ("56b1fd5", "gc.freeze() after start-up"),
    ("634d662", "no session look-up without a session cookie"),
    ("43da230", "confusables.json read without its names"),
    ("1df47ea", "one captcha thread; PyMongo's async API by default, not Motor"),
    ("ff063d0", "8 KB reads, not 64 KB"),
    ("7700391", "a login asks its counters in 5 MongoDB commands, not 12"),
    ("268c308", "the log lines of a loop turn in one write"),
)
BOOT = "import sys; from entrypoints.cli import main; sys.exit(main(sys.argv[1:]))"
PAGES_MEASURED = 400  # requests counted under callgrind, after as many to warm up


def checkout(revision: str, scratch: Path) -> Path:
    """A detached worktree of `revision` under `scratch`."""
    folder = scratch / revision
    git = ["git", "-C", str(ROOT), "worktree", "add", "--quiet", "--detach", str(folder), revision]
    subprocess.run(git, check=True)
    return folder


def serve(
    source: Path, env: dict[str, str], processes: int, log: Path, wrap: tuple[str, ...] | list[str] = ()
) -> Server:
    """meet serve from `source`'s code, on uvloop where the revision knows MEET_LOOP."""
    port = free_port()
    command = [*wrap, sys.executable, "-c", BOOT, "serve", "--port", str(port), "--processes", str(processes)]
    env = stacks.MEET_ENV | env | {"MEET_LOOP": "uvloop", "PYTHONPATH": str(source)}
    return Server(command, env, port, source, log, timeout=300 if wrap else 60)


def hello(loop_name: str, scratch: Path, wrap: tuple[str, ...] | list[str] = ()) -> Server:
    port = free_port()
    command = [*wrap, sys.executable, "-m", "bench.hello", str(port)]
    return Server(command, {"MEET_LOOP": loop_name}, port, ROOT, scratch / "hello.log", timeout=300 if wrap else 60)


def instructions(start: Callable[[list[str]], Server], scratch: Path) -> int:
    """Instructions per `GET /auth/login` (`/` for hello) of the server `start(wrap)` makes, under callgrind."""
    out = scratch / "callgrind"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    wrap = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}/out.%p"]
    with start(wrap) as server:
        path = "/auth/login" if "serve" in server.command else "/"
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)

        def pages(count: int) -> None:
            for _ in range(count):
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise RuntimeError(f"{path} answered {response.status} under callgrind")

        pages(PAGES_MEASURED)
        control = ["callgrind_control", "--instr={}", str(server.process.pid)]
        subprocess.run([part.format("on") for part in control], check=True, capture_output=True)
        pages(PAGES_MEASURED)
        subprocess.run([part.format("off") for part in control], check=True, capture_output=True)
        connection.close()
    totals = [
        int(line.split()[1])
        for dump in out.iterdir()
        for line in dump.read_text(errors="replace").splitlines()
        if line.startswith("totals:")
    ]
    return round(sum(totals) / PAGES_MEASURED)


def measure(scratch: Path) -> dict:
    sources = {revision: checkout(revision, scratch) for revision, _ in CHANGES}
    runs = {revision: record.Runs() for revision in sources}
    beside = record.Runs()
    try:
        with stacks.database(scratch) as database:
            for revision, source in sources.items():
                mongo = stacks.mongo_env(database.uri, f"bench_{revision}")
                with serve(source, mongo, 1, scratch / f"{revision}.log") as server:
                    register(server.url, USERS, PASSWORD, CAPTCHA)
            for run in range(RUNS):
                for name in ("asyncio", "uvloop"):
                    with hello(name, scratch) as server:
                        drain(server.process.pid, database.process.pid)
                        beside.add(f"hello_rps_{name}", page_rate(server.url + "/", scratch, SECONDS))
                for revision, source in sources.items():
                    print(f"bench-changes: run {run + 1} of {RUNS}, {revision}", file=sys.stderr)
                    mongo = stacks.mongo_env(database.uri, f"bench_{revision}")
                    log = scratch / f"{revision}.log"
                    with serve(source, mongo, 1, log) as server:
                        drain(server.process.pid, database.process.pid)
                        runs[revision].add("pages_rps", page_rate(server.url + "/auth/login", scratch, SECONDS))
                        register(server.url, [f"newcomer{run}"], PASSWORD, CAPTCHA)
                        runs[revision].add("peak_rss_mb", server.peak_rss_mb(), 1)
                    with serve(source, mongo, 0, log) as server:
                        script = login_script(server.url, "_xsrf", USERS, PASSWORD, scratch)
                        drain(server.process.pid, database.process.pid)
                        rate = login_rate(server.url + "/auth/login", script, SECONDS)
                        runs[revision].add("logins_per_s_per_core", rate, 2)
                drain(database.process.pid)
                beside.add("bcrypt_checks_per_s", bcrypt_rate(ROUNDS, SECONDS), 2)
        if shutil.which("valgrind"):
            for name in ("asyncio", "uvloop"):

                def bare(wrap: list[str], name: str = name) -> Server:
                    return hello(name, scratch, wrap)

                beside.add(f"hello_instructions_{name}", instructions(bare, scratch))
            for revision, source in sources.items():
                print(f"bench-changes: callgrind, {revision}", file=sys.stderr)
                log = scratch / f"{revision}.log"

                def start(wrap: list[str], source: Path = source, log: Path = log) -> Server:
                    return serve(source, {"MEET_STORAGE": "memory"}, 1, log, wrap)

                runs[revision].add("instructions_per_page", instructions(start, scratch))
    finally:
        for source in sources.values():
            remove = ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(source)]
            subprocess.run(remove, check=False)
    return {
        "beside": beside.medians(),
        "revisions": [
            {"commit": revision, "label": label, "measures": runs[revision].medians()} for revision, label in CHANGES
        ],
    }


def main() -> int:
    load.require_wrk()
    if not shutil.which("valgrind"):
        print("bench-changes: no valgrind, so no instruction counts (apt-get install valgrind)", file=sys.stderr)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    section = record.stamp("uvloop where the revision has it, else asyncio")
    with tempfile.TemporaryDirectory() as scratch:
        section |= measure(Path(scratch))
    results = record.save("changes", section)
    report.write(results)
    print("\n".join(report.changes_table(section)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
