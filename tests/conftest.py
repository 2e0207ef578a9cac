import pytest

from tests.fakes import FakeHasher, ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def hasher() -> FakeHasher:
    return FakeHasher()
