"""`meet serve`: one process, or workers sharing the port; on SIGTERM or SIGINT the requests in flight finish."""

import argparse
import asyncio
import gc
import linecache
import logging
import os
import signal
import socket
import sys
from collections.abc import Coroutine
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tornado.netutil import bind_sockets

from domain.errors import StorageUnavailable
from entrypoints import logs, settings
from entrypoints.cli.common import unusable
from entrypoints.container import Container

log = logging.getLogger("meet")

DRAIN_SECONDS = 10


def add_to(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("serve", help="serve the web site", description="Serve the web site.")
    parser.add_argument("--host", help="address to listen on (MEET_HOST, default 127.0.0.1)")
    parser.add_argument("--port", type=_port, help="port to listen on (MEET_PORT, default 8888)")
    parser.add_argument(
        "--processes",
        type=_processes,
        help="processes serving the port (MEET_PROCESSES, default 1; 0: one per core); more than one needs mongo",
    )
    parser.set_defaults(run=run, secrets=settings.SECRETS)


def run(container: Container, _args: argparse.Namespace) -> int:
    processes = container.config.processes()
    if processes == 1:
        return run_on(container.config.loop(), serve(container))
    return supervise(container, processes)


def run_on(loop: str, main: Coroutine[Any, Any, int]) -> int:
    """Run `main` on the event loop MEET_LOOP names; Tornado runs on any asyncio loop."""
    if loop == "uvloop":
        import uvloop

        return uvloop.run(main)
    return asyncio.run(main)


def supervise(container: Container, count: int) -> int:
    """Fork `count` workers that each listen on the port (SO_REUSEPORT), pass signals on, and wait for them."""
    children: dict[int, int] = {}
    for worker in range(count):
        pid = os.fork()
        if pid == 0:
            logs.configure(container.config.log_format(), worker=f"worker {worker} ")
            code = 1
            try:
                code = run_on(container.config.loop(), serve(container, reuse_port=True))
            finally:
                os._exit(code)
        children[pid] = worker

    def forward(signum: int, _frame: object) -> None:
        for pid in children:
            os.kill(pid, signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    status = 0
    while children:
        pid, wait_status = os.wait()
        children.pop(pid)
        if code := os.waitstatus_to_exitcode(wait_status):
            status = status or code
            forward(signal.SIGTERM, None)  # one worker failed (a busy port, the database): stop the rest
    return status


async def serve(container: Container, reuse_port: bool = False) -> int:
    try:
        database = container.database()
        try:
            await database.open()
            return await _serve(container, reuse_port)
        finally:
            await database.close()
            container.shutdown_resources()
    except StorageUnavailable as error:
        print(f"meet: {unusable(error)}", file=sys.stderr)
        return 1


async def _serve(container: Container, reuse_port: bool) -> int:
    from entrypoints.web.app import make_server
    from entrypoints.web.in_flight import InFlight

    config = container.config
    host, port = config.host(), config.port()
    if config.captcha_answer() is not None:
        log.warning("MEET_CAPTCHA=fixed: every captcha answer is the same; never use this in production")
    in_flight = InFlight()
    server = make_server(container, in_flight)
    try:
        server.add_sockets(bind_sockets(port, address=host, reuse_port=reuse_port))
    except socket.gaierror:
        print(f"meet: MEET_HOST (or --host) {host!r} is not an address of this machine", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"meet: cannot listen on {host}:{port}: {error.strerror}", file=sys.stderr)
        return 1
    # What start-up made lives as long as the process: the collector need not scan it again on every pass
    # (a tenth of a page's time went to scanning it: docs/performance.md). Start-up's garbage goes first,
    # or it would be kept for good.
    # PyMongo keeps the stack that made its client (for a warning after fork), which left the whole source of
    # its largest modules in linecache: 0.4 MB held for nothing.
    linecache.clearcache()
    gc.collect()
    gc.freeze()
    storage = config.storage() if config.storage() == "memory" else f"mongo via {config.mongodb_driver()}"
    loop = asyncio.get_running_loop()
    running = "uvloop" if type(loop).__module__.startswith("uvloop") else "asyncio"
    log.info("meet is serving on http://%s:%s (storage: %s, loop: %s)", host, port, storage, running)
    sender = _start_sender(container)
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    server.stop()  # new connections are refused from here on
    if sender:
        sender.cancel()  # a letter being sent stays claimed until its lease ends, then another sender has it
    log.info("stopping: letting %d requests in flight finish", in_flight.count)
    if not await in_flight.drained(DRAIN_SECONDS):
        log.warning("stopping: %d requests still unanswered after %d s", in_flight.count, DRAIN_SECONDS)
    await server.close_all_connections()
    return 0


def _start_sender(container: Container) -> asyncio.Task[None] | None:
    from entrypoints.sender import send_letters

    url = container.config.smtp_url()
    if not url:
        log.info("mail: MEET_SMTP_URL is not set, so mail waits in the outbox until a meet with it runs")
        return None
    log.info("mail: sending through %s", redacted(url))
    return asyncio.create_task(send_letters(container.deliver_mail()), name="mail sender")


def redacted(url: str) -> str:
    """The SMTP URL without its password, for the log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)))


def _processes(text: str) -> int:
    try:
        return settings.process_count(text, "--processes")
    except settings.SettingError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _port(text: str) -> int:
    try:
        return settings.port_number(text, "--port")
    except settings.SettingError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
