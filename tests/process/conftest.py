import pytest

from tests.web.client import Visitor


@pytest.fixture(autouse=True)
def away_from_the_checkout(tmp_path, monkeypatch):
    """Run in an empty folder: `meet` reads ./.env, and the checkout's (from `make run`) is the developer's."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
async def visitors():
    """Make visitors to a given site, each with its own cookies."""
    made = []

    def make(to: str) -> Visitor:
        made.append(Visitor(to))
        return made[-1]

    yield make
    for visitor in made:
        await visitor.close()
