"""A server under test: a process tree started, awaited until it answers, drained, measured and stopped."""

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import httpx

TICKS = os.sysconf("SC_CLK_TCK")


class Server:
    """A process serving HTTP on a loopback port, stopped with SIGTERM at the end of a `with`."""

    def __init__(
        self, command: list[str], env: dict[str, str], port: int, cwd: Path, log: Path, timeout: float = 60
    ) -> None:
        self.command, self.port, self.url, self.log = command, port, f"http://127.0.0.1:{port}", log
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("MEET_", "PEER_"))}
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                command,
                env=clean | env,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
                start_new_session=True,
            )
        try:
            self._wait_until_answering(timeout)
            drain(self.process.pid)  # every worker has finished starting
        except BaseException:
            self.stop()
            raise

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _wait_until_answering(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                httpx.get(self.url + "/", timeout=2)
                return
            except httpx.TransportError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    tail = self.log.read_text(errors="replace").strip().splitlines()[-5:]
                    raise RuntimeError(f"{' '.join(self.command)} did not start:\n" + "\n".join(tail)) from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # a worker outliving its master would load the next run

    def drain(self) -> None:
        """Wait until the server has no work left from the last load."""
        drain(self.process.pid)

    def peak_rss_mb(self) -> float:
        """The largest peak RSS (VmHWM) among the process and its children: gunicorn's master is not the worker."""
        return max(_peak_rss_kb(pid) for pid in tree(self.process.pid)) / 1024


def drain(*roots: int, idle: float = 0.05, window: float = 0.5, limit: float = 30) -> None:
    """Wait until the trees' CPU time grows by less than `idle` of a core over `window` seconds, `limit` at most."""
    deadline = time.monotonic() + limit
    before = cpu_seconds(roots)
    while time.monotonic() < deadline:
        time.sleep(window)
        now = cpu_seconds(roots)
        if now - before < idle * window:
            return
        before = now


def cpu_seconds(roots: tuple[int, ...]) -> float:
    """User and system CPU time of the processes under `roots`, their reaped children's included."""
    ticks = 0
    for pid in {pid for root in roots for pid in tree(root)}:
        fields = _stat(pid)
        if fields:
            ticks += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / TICKS


def tree(root: int) -> list[int]:
    """`root` and every process descended from it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _stat(pid: int) -> list[str]:
    """/proc/<pid>/stat's fields after the command name (state first), or [] when the process is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return []
    return text[text.rindex(")") + 2 :].split()


def _peak_rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((line for line in status.splitlines() if line.startswith("VmHWM:")), "VmHWM: 0 kB")
    return int(line.split()[1])
