"""The servers the harness starts: meet, the bare Tornado hello, the blocking meet and the peers of bench/peers."""

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import loop
from bench.peers import PEERS, Peer
from bench.servers import Server
from bench.settings import CAPTCHA, PASSWORD, ROOT, ROUNDS
from scripts.dev_mongo import MongoServer, free_port

MEET = str(Path(sys.executable).parent / "meet")
MEET_ENV = {
    "MEET_COOKIE_SECRET": "bench-cookie-secret-" + "c" * 32,
    "MEET_PEPPER": "bench-pepper-" + "p" * 32,
    "MEET_CAPTCHA": f"fixed:{CAPTCHA}",
    "MEET_BCRYPT_ROUNDS": str(ROUNDS),
}


@dataclass(frozen=True)
class Stack:
    """Something serving the login page and login: how to start it with N processes, and its CSRF input."""

    name: str
    label: str
    csrf_field: str
    start: Callable[[int], Server]
    scales: bool = True  # False: one process only, never measured one per core


@contextmanager
def database(scratch: Path) -> Iterator[MongoServer]:
    """A SecantusDB in `scratch`, for the time of a `with`."""
    server = MongoServer(scratch / "mongo")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def mongo_env(uri: str, database: str) -> dict[str, str]:
    return {"MEET_STORAGE": "mongo", "MEET_MONGODB_URI": uri, "MEET_MONGODB_DB": database}


def meet(scratch: Path, env: dict[str, str], processes: int) -> Server:
    """meet serve, with `--processes` (0: one per core) on the benchmark's loop."""
    port = free_port()
    command = [MEET, "serve", "--port", str(port), "--processes", str(processes)]
    return Server(command, MEET_ENV | env | {"MEET_LOOP": loop.name()}, port, ROOT, scratch / "meet.log")


def hello(scratch: Path, processes: int = 1) -> Server:
    """Bare Tornado; `processes` 0 is one per core, as for meet."""
    port = free_port()
    command = [sys.executable, "-m", "bench.hello", str(port), str(processes or os.cpu_count() or 1)]
    return Server(command, {"MEET_LOOP": loop.name()}, port, ROOT, scratch / f"hello{processes}.log")


def blocking(scratch: Path, env: dict[str, str]) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "bench.blocking", str(port)]
    return Server(command, MEET_ENV | env | {"MEET_LOOP": loop.name()}, port, ROOT, scratch / "blocking.log")


def peer(scratch: Path, peer: Peer, processes: int, users: list[str]) -> Server:
    """A peer of bench/peers (PEERS.md), run with its own environment's python; 0 processes: one per core."""
    if not peer.python(ROOT).exists():
        raise SystemExit(f"bench: {peer.python(ROOT)} is missing: make .venv/peers/{peer.dir}/.installed builds it")
    port = free_port()
    env = {"PEER_USERS": ",".join(users), "PEER_PASSWORD": PASSWORD}
    cwd = ROOT / "bench" / "peers" / peer.dir
    command = peer.command(ROOT, port, processes or os.cpu_count() or 1)
    return Server(command, env, port, cwd, scratch / f"{peer.name}.log")


def peers(scratch: Path, users: list[str]) -> list[Stack]:
    """Every peer of bench/peers as a Stack."""
    return [Stack(p.name, p.label, p.csrf_field, lambda n, p=p: peer(scratch, p, n, users)) for p in PEERS]
