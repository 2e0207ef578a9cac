import pytest

from entrypoints import settings
from entrypoints.container import Container
from tests.mail import mail_settings, sending
from tests.settings import TEST_SETTINGS
from tests.web.client import Visitor


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
    meet_env(env)
    container = Container()
    settings.configure(container.config)
    yield container
    container.shutdown_resources()


@pytest.fixture
async def site(serve, container) -> str:
    return await serve(container)


@pytest.fixture
def visit(site, visitors):
    """Make visitors to the test's site."""
    return lambda: visitors(site)


@pytest.fixture
def visitor(visit) -> Visitor:
    return visit()


@pytest.fixture
async def sender(site, container):
    """The background sender of a test marked `mail`, delivering its outbox to the mail_sink."""
    async with sending(container):
        yield


@pytest.fixture
async def alice(visit) -> Visitor:
    """A visitor who registered as alice (alice@example.com, "correct horse") and is signed in."""
    visitor = visit()
    assert (await visitor.register()).status_code == 302
    return visitor
