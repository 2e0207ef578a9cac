import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from adapters.bcrypt_hasher import BcryptPasswordHasher


@pytest.fixture
def pool():
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield pool


async def test_the_cost_is_the_configured_rounds(pool):
    assert (await BcryptPasswordHasher(5, b"p" * 32, pool).hash("correct horse")).value.startswith("$2b$05$")


async def test_a_hash_made_with_another_pepper_never_matches(pool):
    hashed = await BcryptPasswordHasher(4, b"p" * 32, pool).hash("correct horse")

    assert not await BcryptPasswordHasher(4, b"q" * 32, pool).verify("correct horse", hashed)


async def test_a_corrupt_stored_hash_is_a_mismatch_not_a_crash(pool):
    from domain.model import PasswordHash

    assert not await BcryptPasswordHasher(4, b"p" * 32, pool).verify("correct horse", PasswordHash("md5:abc"))


async def test_checks_run_in_the_pool_while_the_event_loop_goes_on(pool):
    hasher = BcryptPasswordHasher(4, b"p" * 32, pool)
    hashed = await hasher.hash("correct horse")
    gate = threading.Event()
    pool.submit(gate.wait, 10)  # the pool's only thread is busy

    check = asyncio.create_task(hasher.verify("correct horse", hashed))
    for _ in range(100):
        await asyncio.sleep(0)  # the loop keeps turning while the check waits for a thread

    assert not check.done()
    gate.set()
    assert await asyncio.wait_for(check, 10)
