"""Small real adapters for tests: fast and deterministic, satisfying the same ports as the production ones."""

import asyncio
import hashlib
import secrets
import threading
from datetime import UTC, datetime, timedelta

from domain.model import PasswordHash


class FakeHasher:
    """Salted SHA-256: the PasswordHasher contract without bcrypt's cost; counts its checks."""

    def __init__(self, cost: int = 1) -> None:
        self.cost = cost
        self.checks = 0
        self.hashes = 0

    async def hash(self, password: str) -> PasswordHash:
        self.hashes += 1
        await asyncio.sleep(0)  # a real hasher suspends here, letting other requests in
        salt = secrets.token_hex(8)
        return PasswordHash(f"fake${self.cost}${salt}${self._digest(salt, password)}")

    async def verify(self, password: str, hashed: PasswordHash | None) -> bool:
        self.checks += 1
        await asyncio.sleep(0)
        if hashed is None:
            return False
        if hashed.value.startswith("legacy$"):
            _, secret, md5_hex = hashed.value.split("$")
            return hashlib.md5((password + secret).encode(), usedforsecurity=False).hexdigest() == md5_hex
        _, _, salt, digest = hashed.value.split("$")
        return secrets.compare_digest(digest, self._digest(salt, password))

    def needs_rehash(self, hashed: PasswordHash) -> bool:
        return hashed.value.startswith("legacy$") or int(hashed.value.split("$")[1]) < self.cost

    @staticmethod
    def _digest(salt: str, password: str) -> str:
        return hashlib.sha256(f"{salt}:{password}".encode()).hexdigest()


class FakeLegacyAdopter:
    """The tutorial's md5 kept as it was, in the form FakeHasher verifies and asks to replace."""

    async def adopt(self, md5_hex: str, site_secret: str) -> PasswordHash:
        return PasswordHash(f"legacy${site_secret}${md5_hex.lower()}")


class HeldHasher(FakeHasher):
    """Holds every check in a worker thread until released, as a slow hasher would."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.release = threading.Event()

    async def verify(self, password: str, hashed: PasswordHash | None) -> bool:
        def wait() -> None:
            self.entered.set()
            self.release.wait(10)

        await asyncio.to_thread(wait)
        return await super().verify(password, hashed)


class ManualClock:
    def __init__(self, start: datetime | None = None) -> None:
        # Starts at the real time: MongoDB's TTL monitor deletes by the server's clock, and would take records
        # kept "until tomorrow" by a clock stuck in the past at any moment of a test.
        self.current = start or datetime.now(UTC).replace(microsecond=0)

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class GatheringHasher(FakeHasher):
    """Lets no hash finish until `parties` have started: every racing registration gets past its checks."""

    def __init__(self, parties: int) -> None:
        super().__init__()
        self.gate = asyncio.Barrier(parties)

    async def hash(self, password: str) -> PasswordHash:
        await asyncio.wait_for(self.gate.wait(), 10)
        return await super().hash(password)
