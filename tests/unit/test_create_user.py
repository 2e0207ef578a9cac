import asyncio

import pytest

from application.create_user import NewUser
from domain.errors import InvalidField, Problem
from domain.results import Created, EmailTaken, InvalidFields, UsernameTaken
from tests.fakes import GatheringHasher
from tests.names import username


@pytest.fixture
def create_user(container):
    return container.create_user()


async def test_creates_a_user_with_a_hashed_password(create_user, users, hasher, clock):
    result = await create_user(NewUser("alice", "Alice@Example.com", "correct horse"))

    assert isinstance(result, Created)
    assert await users.by_username(username("ALICE")) == result.user
    assert (result.user.email.value, result.user.created_at) == ("Alice@example.com", clock.now())
    assert await hasher.verify("correct horse", result.user.password_hash)


async def test_every_refused_field_comes_at_once_and_nothing_is_stored(create_user, users, hasher):
    result = await create_user(NewUser("a b", "not an address", "alice123"))

    assert result == InvalidFields(
        (
            InvalidField("username", Problem.USERNAME_FORMAT),
            InvalidField("email", Problem.EMAIL_FORMAT),
            InvalidField("password", Problem.PASSWORD_COMMON),
        )
    )
    assert await users.all() == []


async def test_a_taken_username_or_email_is_named_before_any_hash_is_made(create_user, hasher):
    await create_user(NewUser("alice", "alice@example.com", "correct horse"))
    hashes_before = hasher.hashes

    assert await create_user(NewUser("Alice", "bob@example.com", "correct horse")) == UsernameTaken()
    assert await create_user(NewUser("bob", "ALICE@example.com", "correct horse")) == EmailTaken()
    assert hasher.hashes == hashes_before


async def test_racing_creations_store_one_user_and_name_the_conflict(container):
    container.hasher.override(GatheringHasher(parties=2))
    create_user = container.create_user()

    results = await asyncio.gather(
        create_user(NewUser("alice", "alice@example.com", "correct horse")),
        create_user(NewUser("ALICE", "other@example.com", "correct horse")),
    )

    assert sorted(type(r).__name__ for r in results) == ["Created", "UsernameTaken"]
