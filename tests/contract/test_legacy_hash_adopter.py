"""The LegacyHashAdopter contract: each adopter with the hasher that verifies what it makes."""

import hashlib
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from adapters.bcrypt_hasher import BcryptPasswordHasher
from adapters.bcrypt_legacy import BcryptLegacyAdopter
from tests.fakes import FakeHasher, FakeLegacyAdopter

MD5 = hashlib.md5(b"correct horse" + b"site-secret", usedforsecurity=False).hexdigest()


@pytest.fixture(params=["bcrypt", "fake"])
def pair(request):
    if request.param == "fake":
        yield SimpleNamespace(hasher=FakeHasher(), adopter=FakeLegacyAdopter())
        return
    with ThreadPoolExecutor(max_workers=2) as pool:
        hasher = BcryptPasswordHasher(rounds=4, pepper=b"p" * 32, executor=pool)
        yield SimpleNamespace(hasher=hasher, adopter=BcryptLegacyAdopter(hasher))


async def test_an_adopted_md5_hash_verifies_the_same_password_and_asks_to_be_replaced(pair):
    adopted = await pair.adopter.adopt(MD5, "site-secret")

    assert await pair.hasher.verify("correct horse", adopted)
    assert not await pair.hasher.verify("correct horsE", adopted)
    assert pair.hasher.needs_rehash(adopted)
    assert not pair.hasher.needs_rehash(await pair.hasher.hash("correct horse"))


async def test_an_upper_case_md5_is_the_same_hash(pair):
    adopted = await pair.adopter.adopt(MD5.upper(), "site-secret")

    assert await pair.hasher.verify("correct horse", adopted)


async def test_the_site_secret_is_part_of_the_password(pair):
    adopted = await pair.adopter.adopt(MD5, "another-secret")

    assert not await pair.hasher.verify("correct horse", adopted)
