"""Use cases as production builds them: the one container, on memory storage, with a manual clock and fake hashers."""

import pytest
from dependency_injector import providers

from application.issue_captcha import CHALLENGE_LIFETIME
from application.register_user import Registration
from application.two_factor import TotpConfirmation
from domain.model import Challenge
from domain.results import Registered, TotpEnabled, TotpSetup
from entrypoints.container import Container
from tests.codes import code_at
from tests.fakes import FakeHasher, FakeLegacyAdopter, ManualClock
from tests.mail import mailed
from tests.settings import UNIT_CONFIG


@pytest.fixture
def container(clock: ManualClock, hasher: FakeHasher):
    container = Container()
    container.config.from_dict(UNIT_CONFIG)
    container.clock.override(providers.Object(clock))
    container.hasher.override(providers.Object(hasher))
    container.legacy_adopter.override(providers.Object(FakeLegacyAdopter()))
    yield container
    container.shutdown_resources()


@pytest.fixture
def users(container):
    return container.users()


@pytest.fixture
def challenges(container):
    return container.challenges()


@pytest.fixture
def sessions(container):
    return container.sessions()


@pytest.fixture
def attempts(container):
    return container.attempts()


@pytest.fixture
def outbox(container):
    return container.outbox()


@pytest.fixture
def tokens(container):
    return container.tokens()


@pytest.fixture
def register_user(container):
    return container.register_user()


@pytest.fixture
def login(container):
    return container.login()


@pytest.fixture
def load_user(container):
    return container.load_user()


@pytest.fixture
def solve(challenges, clock):
    """A registration form with a fresh challenge answered `answer`."""
    count = 0

    async def make(
        username: str = "alice", email: str = "alice@example.com", password: str = "correct horse", **kwargs
    ) -> Registration:
        nonlocal count
        count += 1
        challenge = Challenge(f"c{count}", kwargs.pop("expected", "XK7PD"), clock.now() + CHALLENGE_LIFETIME)
        await challenges.add(challenge)
        fields = {"captcha": "XK7PD", "challenge_id": challenge.id} | kwargs
        return Registration(username=username, email=email, password=password, **fields)

    return make


@pytest.fixture
async def alice(register_user, solve) -> Registered:
    """Alice registered (as "Alice", "Alice@Example.com", "correct horse") and signed in."""
    result = await register_user(await solve(username="Alice", email="Alice@Example.com", password="correct horse"))
    assert isinstance(result, Registered)
    return result


@pytest.fixture
def factors(container):
    return container.factors()


@pytest.fixture
def second_factor(container):
    return container.second_factor()


@pytest.fixture
async def setup(alice, container) -> TotpSetup:
    """An authenticator secret offered to Alice, not turned on yet."""
    result = await container.start_totp()(alice.session.id)
    assert isinstance(result, TotpSetup)
    return result


@pytest.fixture
async def enabled(alice, setup, container, clock, outbox) -> TotpEnabled:
    """Alice's authenticator turned on, the notice taken out of the outbox."""
    code = code_at(setup.secret, clock.now())
    result = await container.enable_totp()(TotpConfirmation(alice.session.id, setup.pending, code))
    assert isinstance(result, TotpEnabled)
    await mailed(outbox, clock)
    return result
