"""The backends every contract suite runs against: adding one is adding a parameter here."""

import pytest

from adapters.memory import InMemoryChallengeStore, InMemoryUserRepository
from adapters.mongo import MongoChallengeStore, MongoDatabase, MongoUserRepository


@pytest.fixture(params=["memory", "motor", "pymongo"])
async def backend(request, clock):
    """(UserRepository, ChallengeStore) of one backend; the Mongo ones on a database of the test's own."""
    if request.param == "memory":
        yield InMemoryUserRepository(), InMemoryChallengeStore(clock)
        return
    uri, name = request.getfixturevalue("mongo_uri"), request.getfixturevalue("mongo_db")
    database = MongoDatabase(request.param, uri, name, timeout_seconds=5)
    await database.open()
    yield MongoUserRepository(database), MongoChallengeStore(database, clock)
    await database.close()


@pytest.fixture
def users(backend):
    return backend[0]


@pytest.fixture
def challenges(backend):
    return backend[1]
