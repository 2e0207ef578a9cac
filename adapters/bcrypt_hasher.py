import asyncio
import base64
import hashlib
import hmac
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TypeVar

import bcrypt

from domain.model import PasswordHash

log = logging.getLogger(__name__)
T = TypeVar("T")
# bcrypt(HMAC(pepper, md5(password + site secret))), the site secret kept beside it: the tutorial's hashes.
LEGACY = "md5+bcrypt$"


def _md5(password: str, site_secret: str) -> str:
    return hashlib.md5((password + site_secret).encode("utf-8"), usedforsecurity=False).hexdigest()


def _legacy_parts(value: str) -> tuple[str, bytes]:
    secret, wrapped = value.removeprefix(LEGACY).split("$", 1)
    return base64.urlsafe_b64decode(secret).decode(), wrapped.encode("ascii")


class BcryptPasswordHasher:
    """bcrypt over HMAC-SHA256(pepper, password), run in a bounded thread pool, never on the event loop.

    The pre-hash lets every password count in full: bcrypt reads at most 72 bytes,
    and bcrypt 5 refuses longer input. Its base64 form is 44 bytes with no NUL.
    """

    def __init__(self, rounds: int, pepper: bytes, executor: Executor) -> None:
        self._rounds = rounds
        self._pepper = pepper
        self._executor = executor
        # What an unknown user's password is checked against, so that costs as much as a known one.
        self._dummy = bcrypt.hashpw(b"no user has this password", bcrypt.gensalt(rounds))

    async def hash(self, password: str) -> PasswordHash:
        hashed = await self._run(self._hash, password)
        return PasswordHash(hashed.decode("ascii"))

    async def verify(self, password: str, hashed: PasswordHash | None) -> bool:
        if hashed is None:
            await self._run(self._check, password, self._dummy)
            return False
        if hashed.value.startswith(LEGACY):
            secret, wrapped = _legacy_parts(hashed.value)
            return await self._run(self._check, _md5(password, secret), wrapped)
        return await self._run(self._check, password, hashed.value.encode("ascii"))

    def needs_rehash(self, hashed: PasswordHash) -> bool:
        if hashed.value.startswith(LEGACY):
            return True
        parts = hashed.value.split("$")  # "", "2b", cost, salt and hash
        return len(parts) != 4 or not parts[2].isdigit() or int(parts[2]) < self._rounds

    async def _run(self, fn: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def _prehash(self, password: str) -> bytes:
        digest = hmac.new(self._pepper, password.encode("utf-8"), hashlib.sha256).digest()
        return base64.b64encode(digest)

    def _hash(self, password: str) -> bytes:
        return bcrypt.hashpw(self._prehash(password), bcrypt.gensalt(self._rounds))

    def _check(self, password: str, hashed: bytes) -> bool:
        try:
            return bcrypt.checkpw(self._prehash(password), hashed)
        except ValueError:
            log.error("a stored password hash is not a bcrypt hash")
            return False
