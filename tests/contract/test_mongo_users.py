"""What only the Mongo user store has: documents written before usernames had skeletons (docs/storage.md)."""

import pytest
from pymongo import MongoClient

from adapters.mongo import MongoDatabase, MongoUserRepository
from domain.results import UsernameLookalike
from tests.contract.test_user_repository import a_user
from tests.names import username


@pytest.fixture(params=["motor", "pymongo"])
async def database(request, mongo_uri, mongo_db):
    database = MongoDatabase(request.param, mongo_uri, mongo_db, timeout_seconds=5)
    yield database
    await database.close()


def store_without_skeletons(mongo_uri: str, mongo_db: str, *names: str) -> None:
    """Users as meet stored them before it kept skeletons: ASCII names, a casefolded key, no skeleton."""
    client: MongoClient = MongoClient(mongo_uri)
    client[mongo_db]["users"].insert_many(
        {
            "_id": f"old-{name}",
            "username": name,
            "username_key": name.casefold(),
            "email": f"{name}@example.com",
            "email_key": f"{name.casefold()}@example.com",
            "password_hash": "$2b$04$" + "x" * 53,
            "created_at": a_user().created_at,
            "profile": {},
        }
        for name in names
    )
    client.close()


async def test_old_users_get_skeletons_at_opening_and_guard_their_lookalikes(database, mongo_uri, mongo_db, caplog):
    # Two names the old rules allowed that look alike (a capital I, a small l): the opening still succeeds.
    store_without_skeletons(mongo_uri, mongo_db, "cop", "alice", "aIice")
    await database.open()
    await database.open()
    users = MongoUserRepository(database)

    assert await users.add(a_user("\u0441\u043e\u0440", "sor@example.com")) == UsernameLookalike()  # Cyrillic
    assert await users.add(a_user("a1ice", "a1ice@example.com")) == UsernameLookalike()
    assert (await users.by_username(username("alice"))).username == username("alice")
    assert (await users.by_username(username("AIICE"))).id == "old-aIice"
    assert "'aIice' looks like another user's name" in caplog.text


async def test_a_user_read_before_its_skeleton_is_stored_has_the_skeleton_of_its_name(database, mongo_uri, mongo_db):
    await database.open()
    store_without_skeletons(mongo_uri, mongo_db, "Alice")

    assert (await MongoUserRepository(database).get("old-Alice")).username == username("Alice")


async def test_a_user_stored_before_verification_and_language_were_kept_reads_unverified_in_english(
    database, mongo_uri, mongo_db
):
    await database.open()
    store_without_skeletons(mongo_uri, mongo_db, "Alice")
    users = MongoUserRepository(database)

    old = await users.get("old-Alice")

    assert (old.email_verified, old.language) == (False, "en_US")
    assert await users.mark_verified(old.id, old.email) is True
    assert (await users.get(old.id)).email_verified is True
