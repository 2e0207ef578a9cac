"""The framework's ceiling: a bare Tornado handler that writes "hello", on the benchmark's loop."""

import asyncio
import os
import sys

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bench import loop


class Hello(RequestHandler):
    def get(self) -> None:
        self.write("hello")


async def main(port: int) -> None:
    HTTPServer(Application([("/", Hello)])).add_sockets(bind_sockets(port, "127.0.0.1", reuse_port=True))
    await asyncio.Event().wait()


def serve(port: int, processes: int) -> None:
    """`processes` of them on one port, each with its own socket as meet's workers have (SO_REUSEPORT)."""
    for _ in range(processes - 1):
        if os.fork() == 0:
            break
    loop.run(main(port))


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1)
