import os
import socket
import uuid

import pytest
from pymongo import MongoClient
from tornado.testing import bind_unused_port

from entrypoints import settings
from entrypoints.container import Container
from entrypoints.web.app import make_server
from entrypoints.web.in_flight import InFlight
from scripts.dev_mail import MailSink
from scripts.dev_mongo import MongoServer, MongoServerError
from tests.fakes import FakeHasher, ManualClock
from tests.mail import mail_settings
from tests.settings import TEST_SETTINGS
from tests.web.client import Visitor


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def hasher() -> FakeHasher:
    return FakeHasher()


@pytest.fixture
def meet_env(monkeypatch):
    """Set exactly these MEET_* variables, none of the developer's own."""

    def set_only(values: dict[str, str]) -> None:
        for name in [n for n in os.environ if n.startswith("MEET_") and n != "MEET_TEST_MONGODB_URI"]:
            monkeypatch.delenv(name)
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_only


@pytest.fixture(scope="session")
def mongo_uri(tmp_path_factory) -> str:
    """A real MongoDB-wire server over TCP: MEET_TEST_MONGODB_URI's, or a SecantusDB started for this run."""
    if uri := os.environ.get("MEET_TEST_MONGODB_URI"):
        yield uri
        return
    server = MongoServer(tmp_path_factory.mktemp("mongo") / "data")
    try:
        server.start()
    except MongoServerError as error:
        pytest.fail(f"no MongoDB server for the tests: {error}", pytrace=False)
    yield server.uri
    server.stop()


@pytest.fixture
def mongo_db(mongo_uri) -> str:
    """A database name of this test's own, dropped after it."""
    name = f"meet_test_{uuid.uuid4().hex[:12]}"
    yield name
    client: MongoClient = MongoClient(mongo_uri, serverSelectionTimeoutMS=5000)
    client.drop_database(name)
    client.close()


@pytest.fixture
async def serve():
    """Start meet on a free port for a container (overrides already applied); returns its base URL."""
    servers, databases = [], []

    async def start(container: Container, bound: tuple[socket.socket, int] | None = None) -> str:
        """`bound`: a socket bound already (by bind_unused_port), for a test that must know the port first."""
        database = container.database()
        await database.open()
        databases.append(database)
        server = make_server(container, InFlight())
        sock, port = bound or bind_unused_port()
        server.add_sockets([sock])
        servers.append(server)
        return f"http://127.0.0.1:{port}"

    yield start
    for server in servers:
        server.stop()
        await server.close_all_connections()
    for database in databases:
        await database.close()


@pytest.fixture
async def visitors():
    """Make visitors to a given site, each with its own cookies; for tests that build their own site."""
    made = []

    def make(to: str) -> Visitor:
        made.append(Visitor(to))
        return made[-1]

    yield make
    for visitor in made:
        await visitor.close()


@pytest.fixture
def mail_sink(tmp_path) -> MailSink:
    """A local SMTP server on a free loopback port, keeping each message it receives under the test's tmp_path."""
    sink = MailSink(tmp_path / "mail")
    sink.start()
    yield sink
    sink.stop()


# The web and API tests' meet: a container from MEET_* settings on each storage, and a server for it.
@pytest.fixture(params=["memory", "mongo"])
def storage(request) -> dict[str, str]:
    """The MEET_* settings of one storage; every web test runs on each."""
    if request.param == "memory":
        return {"MEET_STORAGE": "memory"}
    return {
        "MEET_STORAGE": "mongo",
        "MEET_MONGODB_URI": request.getfixturevalue("mongo_uri"),
        "MEET_MONGODB_DB": request.getfixturevalue("mongo_db"),
    }


@pytest.fixture
def container(request, meet_env, storage):
    env = TEST_SETTINGS | storage
    if marker := request.node.get_closest_marker("mail"):
        env |= mail_settings(request.getfixturevalue("mail_sink"), **marker.kwargs)
    if marker := request.node.get_closest_marker("settings"):
        env |= marker.kwargs
    meet_env(env)
    container = Container()
    settings.configure(container.config)
    yield container
    container.shutdown_resources()


@pytest.fixture
async def site(serve, container) -> str:
    return await serve(container)
