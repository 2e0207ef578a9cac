import os

import pytest

from tests.fakes import FakeHasher, ManualClock


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
        for name in [n for n in os.environ if n.startswith("MEET_")]:
            monkeypatch.delenv(name)
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_only
