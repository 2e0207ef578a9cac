import pytest

from entrypoints import settings
from entrypoints.container import Container
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
def container(meet_env, storage):
    meet_env(TEST_SETTINGS | storage)
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
