import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from adapters.bcrypt_hasher import BcryptPasswordHasher
from adapters.bcrypt_legacy import BcryptLegacyAdopter


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


@pytest.mark.parametrize("work", ["hash", "verify", "verify an unknown user"])
async def test_hashing_and_checking_wait_for_the_pool_while_the_event_loop_goes_on(pool, work):
    hasher = BcryptPasswordHasher(4, b"p" * 32, pool)
    hashed = await hasher.hash("correct horse")
    calls = {
        "hash": lambda: hasher.hash("correct horse"),
        "verify": lambda: hasher.verify("correct horse", hashed),
        "verify an unknown user": lambda: hasher.verify("correct horse", None),
    }
    gate = threading.Event()
    pool.submit(gate.wait, 10)  # the pool's only thread is busy

    task = asyncio.create_task(calls[work]())
    for _ in range(100):
        await asyncio.sleep(0)  # the loop keeps turning while the work waits for a thread

    assert not task.done()
    gate.set()
    await asyncio.wait_for(task, 10)


async def test_an_adopted_md5_is_stored_only_inside_bcrypt(pool):
    import hashlib

    md5_hex = hashlib.md5(b"correct horse" + b"site", usedforsecurity=False).hexdigest()

    adopted = await BcryptLegacyAdopter(BcryptPasswordHasher(4, b"p" * 32, pool)).adopt(md5_hex, "site")

    assert adopted.value.startswith("md5+bcrypt$") and "$2b$04$" in adopted.value
    assert md5_hex not in adopted.value
