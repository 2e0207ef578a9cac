from datetime import timedelta

import pytest

from adapters.emails import EmailAddressValidator
from adapters.memory import InMemoryAttemptStore, InMemoryChallengeStore, InMemorySessionStore, InMemoryUserRepository
from application.create_user import CreateUser
from application.issue_captcha import CHALLENGE_LIFETIME
from application.load_user import LoadUser
from application.login import Login
from application.register_user import RegisterUser, Registration
from domain.model import Challenge, LoginLimits, SessionPolicy
from tests.fakes import FakeHasher, ManualClock


@pytest.fixture
def users() -> InMemoryUserRepository:
    return InMemoryUserRepository()


@pytest.fixture
def challenges(clock: ManualClock) -> InMemoryChallengeStore:
    return InMemoryChallengeStore(clock)


@pytest.fixture
def sessions(clock) -> InMemorySessionStore:
    return InMemorySessionStore(clock)


@pytest.fixture
def attempts(clock) -> InMemoryAttemptStore:
    return InMemoryAttemptStore(clock)


@pytest.fixture
def session_policy() -> SessionPolicy:
    return SessionPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=8))


@pytest.fixture
def register_user(users, hasher: FakeHasher, challenges, sessions, session_policy, clock) -> RegisterUser:
    create = CreateUser(users, hasher, EmailAddressValidator(), clock)
    return RegisterUser(create, EmailAddressValidator(), challenges, sessions, session_policy, clock)


@pytest.fixture
def login(users, hasher: FakeHasher, attempts, sessions, session_policy, clock) -> Login:
    return Login(users, hasher, EmailAddressValidator(), attempts, sessions, LoginLimits(), session_policy, clock)


@pytest.fixture
def load_user(users, sessions, session_policy, clock) -> LoadUser:
    return LoadUser(users, sessions, session_policy, clock)


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
