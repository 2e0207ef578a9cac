"""The PasswordHasher contract: the production hasher and the tests' fake pass the same tests."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from adapters.bcrypt_hasher import BcryptPasswordHasher
from tests.fakes import FakeHasher


@pytest.fixture(params=["bcrypt", "fake"])
def hasher(request):
    if request.param == "fake":
        yield FakeHasher()
        return
    with ThreadPoolExecutor(max_workers=2) as pool:
        yield BcryptPasswordHasher(rounds=4, pepper=b"p" * 32, executor=pool)


async def test_a_password_matches_its_own_hash_only(hasher):
    hashed = await hasher.hash("correct horse")

    assert await hasher.verify("correct horse", hashed)
    assert not await hasher.verify("correct horsE", hashed)
    assert not await hasher.verify("", hashed)


async def test_hashes_are_salted_and_never_the_password(hasher):
    first, second = await hasher.hash("correct horse"), await hasher.hash("correct horse")

    assert first != second
    assert "correct horse" not in first.value


async def test_no_hash_is_a_mismatch(hasher):
    assert not await hasher.verify("correct horse", None)


@pytest.mark.parametrize(
    "password", ["p" * 100, "密" * 100, "🔑" * 300, "x" * 1024], ids=["100 ascii", "100 cjk", "300 emoji", "1024"]
)
async def test_long_passwords_work(hasher, password):
    hashed = await hasher.hash(password)

    assert await hasher.verify(password, hashed)


async def test_passwords_sharing_their_first_72_bytes_are_different(hasher):
    prefix = "a" * 72
    hashed = await hasher.hash(prefix + "first")

    assert not await hasher.verify(prefix + "second", hashed)
    assert not await hasher.verify(prefix, hashed)
