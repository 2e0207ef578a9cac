"""A local SecantusDB server (MongoDB's wire protocol over WiredTiger) for tests and `make run`.

A development tool: run as its own process, never imported by meet's packages.
`python -m scripts.dev_mongo run -- meet serve` writes ./.env (meet's secrets and this server's
URI) when there is none, starts the server on 127.0.0.1:27117 (MEET_DEV_MONGODB_PORT) with its
data under ./var/mongo, runs the command on it, and stops it after. With MEET_MONGODB_URI set
to another server (in the environment or .env), or MEET_STORAGE=memory, it starts none.
Unless MEET_SMTP_URL names a mail server, it also runs a local SMTP sink on 127.0.0.1:1025
(MEET_DEV_SMTP_PORT, scripts/dev_mail.py) that saves each message under ./var/mail and prints
its links, and points meet at it.
"""

import argparse
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from dotenv import dotenv_values
from pymongo import MongoClient
from pymongo.errors import PyMongoError

from scripts.dev_env import ENV_FILE, write_env
from scripts.dev_mail import MailSink

DEV_PORT = 27117
DEV_SMTP_PORT = 1025


class MongoServerError(RuntimeError):
    pass


class DataFolderBusy(MongoServerError):
    """Another server (another `make run`) has this data folder open."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(uri: str, timeout: float = 0.5) -> bool:
    client: MongoClient = MongoClient(uri, serverSelectionTimeoutMS=int(timeout * 1000), connectTimeoutMS=500)
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


class MongoServer:
    """One secantusd-py process on loopback; stop() and start() again keep the data in `storage_path`."""

    def __init__(self, storage_path: Path, port: int | None = None) -> None:
        self.storage_path = storage_path
        self.port = port or free_port()
        self.uri = f"mongodb://127.0.0.1:{self.port}"
        self.log_path = storage_path.parent / f"{storage_path.name}.log"
        self.lock_path = storage_path.parent / f"{storage_path.name}.lock"
        self.process: subprocess.Popen[bytes] | None = None
        self._lock: int | None = None

    def lock(self) -> None:
        """Hold the data folder, or raise DataFolderBusy: two servers on one folder would corrupt it."""
        if self._lock is not None:
            return
        self.storage_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise DataFolderBusy(f"another dev server holds {self.storage_path}") from None
        self._lock = fd

    def unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def start(self, timeout: float = 30) -> None:
        executable = shutil.which("secantusd-py", path=str(Path(sys.executable).parent)) or shutil.which("secantusd-py")
        if executable is None:
            raise MongoServerError("secantusd-py is not installed (pip install secantusdb; make run and make test do)")
        self.lock()
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (secantusd-py from this venv, arguments built here)
                [executable, "--host", "127.0.0.1", "--port", str(self.port), "--storage-path", str(self.storage_path)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # a Ctrl-C reaches meet, which finishes its requests before this stops
            )
        deadline = time.monotonic() + timeout
        while not answers(self.uri):
            if self.process.poll() is not None:
                self.unlock()
                tail = self._log_tail()
                if "WiredTiger" in tail and "busy" in tail:  # its own lock on the folder
                    raise DataFolderBusy(f"another server holds {self.storage_path}: {tail}")
                raise MongoServerError(f"secantusd-py exited with {self.process.returncode}: {tail}")
            if time.monotonic() > deadline:
                self.stop()
                raise MongoServerError(f"secantusd-py did not answer on {self.uri} within {timeout:.0f} s")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is None:
            self.unlock()
            return
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
        self.unlock()

    def freeze(self) -> None:
        """Stop the process without closing its sockets: a database that hangs instead of refusing."""
        self._signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self._signal(signal.SIGCONT)

    def _signal(self, signum: int) -> None:
        if self.process is None:
            raise MongoServerError("the server is not running")
        self.process.send_signal(signum)

    def _log_tail(self) -> str:
        lines = self.log_path.read_text(errors="replace").strip().splitlines()
        return lines[-1] if lines else "(no output)"


def run(command: list[str]) -> int:
    """Run `command`; on a dev server started here unless the settings name another database."""
    env = dict(os.environ)
    write_env(int(env.get("MEET_DEV_MONGODB_PORT") or DEV_PORT))
    saved = {k: v or "" for k, v in dotenv_values(ENV_FILE, interpolate=False).items()}
    port = int(env.get("MEET_DEV_MONGODB_PORT") or saved.get("MEET_DEV_MONGODB_PORT") or DEV_PORT)
    saved_dev_uri = f"mongodb://127.0.0.1:{saved.get('MEET_DEV_MONGODB_PORT') or DEV_PORT}"
    storage = env.get("MEET_STORAGE") or saved.get("MEET_STORAGE") or "mongo"
    elsewhere = env.get("MEET_MONGODB_URI") or saved.get("MEET_MONGODB_URI", saved_dev_uri) not in ("", saved_dev_uri)
    server = None
    if storage == "mongo" and not elsewhere:
        server = MongoServer(Path("var/mongo").resolve(), port)
        try:
            server.lock()
        except DataFolderBusy:
            print(
                "dev database: another dev server (another make run) holds var/mongo; stop it first, "
                "or use its database (MEET_MONGODB_URI)",
                file=sys.stderr,
            )
            return 1
        if answers(server.uri):
            server.unlock()
            print(
                f"dev database: something already answers on {server.uri}; stop it, "
                "or set MEET_DEV_MONGODB_PORT (or MEET_MONGODB_URI to use it)",
                file=sys.stderr,
            )
            return 1
        print(f"dev database: starting SecantusDB on {server.uri} with its data in var/mongo", file=sys.stderr)
        try:
            server.start()
        except DataFolderBusy:
            print("dev database: another server holds var/mongo; stop it first", file=sys.stderr)
            return 1
        except MongoServerError as error:
            print(f"dev database: {error}", file=sys.stderr)
            return 1
        env["MEET_MONGODB_URI"] = server.uri
    sink = None
    if not (env.get("MEET_SMTP_URL") or saved.get("MEET_SMTP_URL")):
        sink = MailSink(Path("var/mail").resolve(), port=int(env.get("MEET_DEV_SMTP_PORT") or DEV_SMTP_PORT), echo=_say)
        try:
            sink.start()
        except OSError as error:
            print(f"dev mail: cannot listen on 127.0.0.1:{sink.port}: {error.strerror}", file=sys.stderr)
            if server is not None:
                server.stop()
            return 1
        print(f"dev mail: {sink.url} saves each message under var/mail and prints its links", file=sys.stderr)
        env["MEET_SMTP_URL"] = sink.url
        env.setdefault("MEET_MAIL_FROM", saved.get("MEET_MAIL_FROM") or "meet <meet@localhost>")
        env.setdefault("MEET_PUBLIC_URL", saved.get("MEET_PUBLIC_URL") or _local_url(command, env, saved))
    try:
        child = subprocess.Popen(command, env=env)  # noqa: S603 (the developer's own command, from make run)

        def forward(signum: int, _frame: object) -> None:
            child.send_signal(signum)

        signal.signal(signal.SIGINT, forward)
        signal.signal(signal.SIGTERM, forward)
        return child.wait()
    finally:
        if sink is not None:
            sink.stop()
        if server is not None:
            server.stop()


def _say(line: str) -> None:
    print(f"dev mail: {line}", file=sys.stderr, flush=True)


def _local_url(command: list[str], env: dict[str, str], saved: dict[str, str]) -> str:
    """Where `meet serve` in `command` will answer, for the links in its mail."""

    def option(flag: str, name: str, default: str) -> str:
        if flag in command[:-1]:
            return command[command.index(flag) + 1]
        return env.get(name) or saved.get(name) or default

    host = option("--host", "MEET_HOST", "127.0.0.1")
    host = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 (compared, not bound)
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{option('--port', 'MEET_PORT', '8888')}"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.dev_mongo")
    parser.add_argument("action", choices=["run"])
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    return run(command)


if __name__ == "__main__":
    sys.exit(main())
