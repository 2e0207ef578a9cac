"""The backends every contract suite runs against: adding one is adding a parameter here."""

from types import SimpleNamespace

import pytest

from adapters.memory import (
    InMemoryAttemptStore,
    InMemoryChallengeStore,
    InMemoryDatabase,
    InMemoryFactorStore,
    InMemoryOutbox,
    InMemoryPasskeyStore,
    InMemoryRequestCounter,
    InMemorySessionStore,
    InMemoryTokenStore,
    InMemoryUserRepository,
)
from adapters.mongo import (
    MongoAttemptStore,
    MongoChallengeStore,
    MongoDatabase,
    MongoFactorStore,
    MongoOutbox,
    MongoPasskeyStore,
    MongoRequestCounter,
    MongoSessionStore,
    MongoTokenStore,
    MongoUserRepository,
)


@pytest.fixture(params=["memory", "motor", "pymongo"])
async def backend(request, clock):
    """One backend's adapters, opened; the Mongo ones on a database of the test's own."""
    if request.param == "memory":
        yield SimpleNamespace(
            database=InMemoryDatabase(),
            users=InMemoryUserRepository(),
            challenges=InMemoryChallengeStore(clock),
            sessions=InMemorySessionStore(clock),
            attempts=InMemoryAttemptStore(clock),
            outbox=InMemoryOutbox(),
            tokens=InMemoryTokenStore(clock),
            counter=InMemoryRequestCounter(clock),
            factors=InMemoryFactorStore(),
            passkeys=InMemoryPasskeyStore(),
        )
        return
    uri, name = request.getfixturevalue("mongo_uri"), request.getfixturevalue("mongo_db")
    database = MongoDatabase(request.param, uri, name, timeout_seconds=5)
    await database.open()
    yield SimpleNamespace(
        database=database,
        users=MongoUserRepository(database),
        challenges=MongoChallengeStore(database, clock),
        sessions=MongoSessionStore(database, clock),
        attempts=MongoAttemptStore(database, clock),
        outbox=MongoOutbox(database),
        tokens=MongoTokenStore(database, clock),
        counter=MongoRequestCounter(database),
        factors=MongoFactorStore(database),
        passkeys=MongoPasskeyStore(database),
    )
    await database.close()


@pytest.fixture
def database(backend):
    return backend.database


@pytest.fixture
def users(backend):
    return backend.users


@pytest.fixture
def challenges(backend):
    return backend.challenges


@pytest.fixture
def sessions(backend):
    return backend.sessions


@pytest.fixture
def attempts(backend):
    return backend.attempts


@pytest.fixture
def outbox(backend):
    return backend.outbox


@pytest.fixture
def tokens(backend):
    return backend.tokens


@pytest.fixture
def counter(backend):
    return backend.counter


@pytest.fixture
def factors(backend):
    return backend.factors


@pytest.fixture
def passkeys(backend):
    return backend.passkeys
