"""The framework's ceiling: a bare Tornado handler that writes "hello"."""

import asyncio
import sys

from tornado.web import Application, RequestHandler


class Hello(RequestHandler):
    def get(self) -> None:
        self.write("hello")


async def main(port: int) -> None:
    Application([("/", Hello)]).listen(port, "127.0.0.1")
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
