"""The `meet` command."""

import argparse
import asyncio
import logging
import signal
import socket
import sys

from domain.errors import StorageUnavailable
from domain.ports import Database
from entrypoints import settings
from entrypoints.container import Container

log = logging.getLogger("meet")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="meet", description="meet: user registration and login on Tornado.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve_parser = commands.add_parser("serve", help="serve the web site", description="Serve the web site.")
    serve_parser.add_argument("--host", help="address to listen on (MEET_HOST, default 127.0.0.1)")
    serve_parser.add_argument("--port", type=_port, help="port to listen on (MEET_PORT, default 8888)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    container = Container()
    try:
        settings.configure(container.config, host=args.host, port=args.port)
    except settings.SettingError as error:
        print(f"meet: {error}", file=sys.stderr)
        return 2
    return asyncio.run(serve(container))


def _port(text: str) -> int:
    try:
        return settings.port_number(text, "--port")
    except settings.SettingError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


async def serve(container: Container) -> int:
    try:
        database = container.database()
    except StorageUnavailable as error:
        print(f"meet: the database at MEET_MONGODB_URI cannot be used: {error}", file=sys.stderr)
        return 1
    try:
        return await _serve(container, database)
    finally:
        await database.close()
        container.shutdown_resources()


async def _serve(container: Container, database: Database) -> int:
    from entrypoints.web.app import make_server

    config = container.config
    host, port = config.host(), config.port()
    if config.captcha_answer() is not None:
        log.warning("MEET_CAPTCHA=fixed: every captcha answer is the same; never use this in production")
    try:
        await database.open()
    except StorageUnavailable as error:
        print(f"meet: the database at MEET_MONGODB_URI cannot be used: {error}", file=sys.stderr)
        return 1
    server = make_server(container)
    try:
        server.listen(port, address=host)
    except socket.gaierror:
        print(f"meet: MEET_HOST (or --host) {host!r} is not an address of this machine", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"meet: cannot listen on {host}:{port}: {error.strerror}", file=sys.stderr)
        return 1
    storage = config.storage() if config.storage() == "memory" else f"mongo via {config.mongodb_driver()}"
    log.info("meet is serving on http://%s:%s (storage: %s)", host, port, storage)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    server.stop()
    await server.close_all_connections()
    return 0
