import pytest

from adapters.emails import EmailAddressValidator
from adapters.memory import InMemoryChallengeStore, InMemoryUserRepository
from application.issue_captcha import CHALLENGE_LIFETIME
from application.login import Login
from application.register_user import RegisterUser, Registration
from domain.model import Challenge
from tests.fakes import FakeHasher, ManualClock


@pytest.fixture
def users() -> InMemoryUserRepository:
    return InMemoryUserRepository()


@pytest.fixture
def challenges(clock: ManualClock) -> InMemoryChallengeStore:
    return InMemoryChallengeStore(clock)


@pytest.fixture
def register_user(users, hasher: FakeHasher, challenges, clock) -> RegisterUser:
    return RegisterUser(users, hasher, EmailAddressValidator(), challenges, clock)


@pytest.fixture
def login(users, hasher: FakeHasher) -> Login:
    return Login(users, hasher, EmailAddressValidator())


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
