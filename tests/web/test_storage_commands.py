"""How many commands a login sends MongoDB: each is a round trip, and on a busy server their cost shows
in how many logins a core can do besides bcrypt. A change that adds one fails here."""

import pytest
from pymongo import monitoring

from tests.web.client import xsrf_token

# A success: read both login counters (find), put the attempt in flight on both (update), find the user, take
# the attempt out of flight on both, forgetting the name's failures (update), store the new session (update);
# and before that, delete the session the request came with, when it came with one.
SUCCESS = ["find", "update", "find", "update", "update"]
# A failure: the same up to the user, then count the failure on the client and on the name (findAndModify each:
# the name's count decides its lock) and take the attempt out of flight on both (update).
FAILURE = ["find", "update", "find", "findAndModify", "findAndModify", "update"]


class Commands(monitoring.CommandListener):
    """The names of the commands sent to one database, in order."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.names: list[str] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.database_name == self.database:
            self.names.append(event.command_name)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None: ...

    def failed(self, event: monitoring.CommandFailedEvent) -> None: ...


@pytest.fixture(params=["motor", "pymongo"])
def storage(request, mongo_uri, mongo_db) -> dict[str, str]:
    """MongoDB only, through each driver."""
    return {
        "MEET_STORAGE": "mongo",
        "MEET_MONGODB_URI": mongo_uri,
        "MEET_MONGODB_DB": mongo_db,
        "MEET_MONGODB_DRIVER": request.param,
    }


@pytest.fixture
def commands(mongo_db) -> Commands:
    """Registered before the site's client is made (a client takes the listeners there are when it is made);
    it hears only the test's own database."""
    listener = Commands(mongo_db)
    monitoring.register(listener)
    return listener


@pytest.fixture
async def alice(commands, visit):
    await visit().register()


async def login(visitor, commands: Commands, password: str = "correct horse") -> list[str]:
    """The commands one POST /auth/login sent, not counting the page fetched for its form."""
    token = xsrf_token(await visitor.get("/auth/login"))
    commands.names.clear()
    response = await visitor.http.post("/auth/login", data={"_xsrf": token, "username": "alice", "password": password})
    assert response.status_code == 302
    return list(commands.names)


async def test_a_login_without_a_session(commands, alice, visitor):
    assert await login(visitor, commands) == SUCCESS


async def test_a_login_with_a_session_also_deletes_that_one(commands, alice, visitor):
    await visitor.login()

    assert await login(visitor, commands) == [*SUCCESS[:-1], "delete", SUCCESS[-1]]


async def test_a_failed_login(commands, alice, visitor):
    assert await login(visitor, commands, password="wrong horse") == FAILURE
