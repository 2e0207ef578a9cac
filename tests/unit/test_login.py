import pytest

from application.login import Credentials
from domain.results import InvalidCredentials, LoggedIn, Registered


@pytest.fixture
async def alice(register_user, solve):
    result = await register_user(await solve(username="Alice", email="Alice@Example.com", password="correct horse"))
    assert isinstance(result, Registered)
    return result.user


@pytest.mark.parametrize("typed", ["Alice", "alice", "ALICE", "alice@example.com", "ALICE@EXAMPLE.COM"])
async def test_logs_in_by_username_or_email_ignoring_case(login, alice, typed):
    assert await login(Credentials(typed, "correct horse")) == LoggedIn(alice)


async def test_a_wrong_password_is_invalid_credentials(login, alice):
    assert await login(Credentials("alice", "correct horsE")) == InvalidCredentials()


@pytest.mark.parametrize("typed", ["bob", "bob@example.com", "not an email@", "x"])
async def test_an_unknown_user_is_the_same_outcome_and_still_costs_a_check(login, alice, hasher, typed):
    before = hasher.checks
    assert await login(Credentials(typed, "correct horse")) == InvalidCredentials()
    assert hasher.checks == before + 1


async def test_a_password_longer_than_any_allowed_is_refused_without_hashing(login, alice, hasher):
    before = hasher.checks
    assert await login(Credentials("alice", "x" * 5000)) == InvalidCredentials()
    assert hasher.checks == before
