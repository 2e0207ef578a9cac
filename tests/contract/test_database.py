"""The Database contract: opened at every start, pinged by the health check."""

from domain.results import UsernameTaken
from tests.contract.test_user_repository import a_user
from tests.names import username


async def test_a_reachable_database_answers_a_ping(database):
    assert await database.ping() is True


async def test_opening_again_keeps_the_data_and_the_guards(database, users):
    alice = a_user()
    await users.add(alice)

    await database.open()
    await database.open()

    assert await users.by_username(username("alice")) == alice
    assert await users.add(a_user(username="ALICE", email="other@example.com")) == UsernameTaken()
