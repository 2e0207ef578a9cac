"""The framework's ceiling: a bare Tornado handler that writes "hello", on the benchmark's loop."""

import asyncio
import sys

from tornado.web import Application, RequestHandler

from bench import loop


class Hello(RequestHandler):
    def get(self) -> None:
        self.write("hello")


async def main(port: int) -> None:
    Application([("/", Hello)]).listen(port, "127.0.0.1")
    await asyncio.Event().wait()


if __name__ == "__main__":
    loop.run(main(int(sys.argv[1])))
