"""The `meet` command."""

import argparse
import asyncio
import logging
import os
import signal
import sys

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
    environ = dict(os.environ)
    if args.host is not None:
        environ["MEET_HOST"] = args.host
    if args.port is not None:
        environ["MEET_PORT"] = str(args.port)
    try:
        config = settings.load(environ)
    except settings.SettingError as error:
        print(f"meet: {error}", file=sys.stderr)
        return 2
    return asyncio.run(serve(config))


def _port(text: str) -> int:
    try:
        return settings.port(text, "--port")
    except settings.SettingError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


async def serve(config: dict[str, object]) -> int:
    from entrypoints.web.app import make_app

    container = Container()
    container.config.from_dict(config)
    if config["captcha_answer"] is not None:
        log.warning("MEET_CAPTCHA=fixed: every captcha answer is the same; never use this in production")
    app = make_app(container)
    try:
        server = app.listen(config["port"], address=config["host"], max_body_size=64 * 1024)
    except OSError as error:
        print(f"meet: cannot listen on {config['host']}:{config['port']}: {error.strerror}", file=sys.stderr)
        return 1
    log.info("meet is serving on http://%s:%s (storage: %s)", config["host"], config["port"], config["storage"])
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    server.stop()
    await server.close_all_connections()
    container.shutdown_resources()
    return 0
