import pytest

from tests.mail import sending
from tests.web.client import Visitor


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
