"""meet with the tutorial-style mistake, bcrypt run on the event loop, on the benchmark's loop. Harness only."""

import asyncio
import sys

from dependency_injector import providers

from adapters.bcrypt_hasher import BcryptPasswordHasher
from bench import loop
from domain.model import PasswordHash
from entrypoints import settings
from entrypoints.container import Container
from entrypoints.web.app import make_server
from entrypoints.web.in_flight import InFlight


class BlockingHasher(BcryptPasswordHasher):
    """The same hashes, computed on the event loop: every other request waits while one is checked."""

    async def hash(self, password: str) -> PasswordHash:
        return PasswordHash(self._hash(password).decode("ascii"))

    async def verify(self, password: str, hashed: PasswordHash | None) -> bool:
        return self._check(password, hashed.value.encode("ascii") if hashed else self._dummy)


async def main(port: int) -> None:
    container = Container()
    settings.configure(container.config, port=port)
    config = container.config
    container.hasher.override(
        providers.Singleton(BlockingHasher, rounds=config.bcrypt_rounds, pepper=config.pepper, executor=None)
    )
    database = container.database()
    await database.open()
    make_server(container, InFlight()).listen(port, "127.0.0.1")
    await asyncio.Event().wait()


if __name__ == "__main__":
    loop.run(main(int(sys.argv[1])))
