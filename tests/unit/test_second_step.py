"""Signing in with a second factor: the right password gives the browser a pending step and no session; the step
takes a code from the app or a recovery code, once, within five minutes, under the login limits."""

from datetime import timedelta

import pytest

from application.change_password import PasswordChange
from application.login import Credentials, SecondStepCode
from domain.errors import InvalidField, Problem
from domain.results import (
    InvalidCredentials,
    InvalidFields,
    LoggedIn,
    PasswordChanged,
    SecondFactorNeeded,
    SignInExpired,
    TooManyAttempts,
)
from tests.codes import code_at, wrong_code

RIGHT = "correct horse"
CLIENT = "192.0.2.1"
WRONG_CODE = InvalidFields((InvalidField("code", Problem.CODE_WRONG),))


@pytest.fixture
def second_step(container):
    return container.second_step()


@pytest.fixture
async def pending(alice, enabled, login, clock) -> SecondFactorNeeded:
    """Alice's right password, half a minute after her app's code turned the factor on."""
    clock.advance(timedelta(seconds=30))
    result = await login(Credentials("alice", RIGHT, CLIENT))
    assert isinstance(result, SecondFactorNeeded)
    return result


def code(pending: SecondFactorNeeded, typed: str, **extra) -> SecondStepCode:
    return SecondStepCode(pending.pending, typed, CLIENT, **extra)


async def test_the_right_password_starts_no_session(alice, enabled, login, sessions, clock):
    before = await sessions.for_user(alice.user.id)

    result = await login(Credentials("alice@example.com", RIGHT, CLIENT))

    assert isinstance(result, SecondFactorNeeded) and result.user.id == alice.user.id
    assert await sessions.for_user(alice.user.id) == before


async def test_a_mark_left_by_an_interrupted_turning_off_does_not_stop_the_password(
    alice, enabled, login, factors, users
):
    await factors.delete(alice.user.id)
    assert (await users.get(alice.user.id)).two_step is True

    assert isinstance(await login(Credentials("alice", RIGHT, CLIENT)), LoggedIn)


async def test_the_apps_code_signs_in_once(alice, setup, pending, second_step, sessions, clock):
    result = await second_step(code(pending, code_at(setup.secret, clock.now()), session_id=alice.session.id))

    assert isinstance(result, LoggedIn) and result.user.id == alice.user.id
    assert await sessions.get(result.session.id) == result.session
    assert await sessions.get(alice.session.id) is None, "the session the browser came with is replaced"
    assert await second_step(code(pending, code_at(setup.secret, clock.now()))) == SignInExpired()


async def test_a_code_replayed_in_a_new_sign_in_is_refused(setup, pending, second_step, login, clock):
    used = code_at(setup.secret, clock.now())
    assert isinstance(await second_step(code(pending, used)), LoggedIn)

    again = await login(Credentials("alice", RIGHT, CLIENT))

    assert await second_step(code(again, used)) == WRONG_CODE


async def test_a_recovery_code_works_once(enabled, pending, second_step, login):
    recovery = enabled.recovery_codes[3]
    assert isinstance(await second_step(code(pending, f"  {recovery.upper()} ")), LoggedIn)

    again = await login(Credentials("alice", RIGHT, CLIENT))

    assert await second_step(code(again, recovery)) == WRONG_CODE


async def test_a_step_the_browser_was_not_given_is_no_step(setup, pending, second_step, clock):
    right = code_at(setup.secret, clock.now())
    for made_up in ("", "x" * 43, pending.pending[:-1] + ("A" if pending.pending[-1] != "A" else "B")):
        assert await second_step(SecondStepCode(made_up, right, CLIENT)) == SignInExpired()


async def test_the_step_expires_after_five_minutes(setup, pending, second_step, clock):
    clock.advance(timedelta(minutes=5, seconds=1))

    assert await second_step(code(pending, code_at(setup.secret, clock.now()))) == SignInExpired()


async def test_a_password_change_ends_a_pending_step(alice, setup, pending, second_step, container, clock):
    changed = await container.change_password()(
        PasswordChange(alice.session.id, RIGHT, "battery staple", "battery staple", CLIENT)
    )
    assert isinstance(changed, PasswordChanged)

    assert await second_step(code(pending, code_at(setup.secret, clock.now()))) == SignInExpired()


async def test_wrong_codes_past_the_limit_lock_the_account_even_against_the_right_code(
    alice, setup, pending, second_step, login, clock
):
    wrong = wrong_code(setup.secret, clock.now())
    for _ in range(5):
        assert await second_step(code(pending, wrong)) == WRONG_CODE

    assert isinstance(await second_step(code(pending, code_at(setup.secret, clock.now()))), TooManyAttempts)
    assert isinstance(await login(Credentials("alice", RIGHT, CLIENT)), TooManyAttempts), "the password too"


async def test_the_right_password_does_not_clear_wrong_codes(setup, pending, second_step, login, clock):
    wrong = wrong_code(setup.secret, clock.now())
    step = pending
    for _ in range(5):
        assert await second_step(code(step, wrong)) == WRONG_CODE
        clock.advance(timedelta(hours=1, seconds=1))  # past any lock, so the password is checked again
        step = await login(Credentials("alice", RIGHT, CLIENT))
        assert isinstance(step, SecondFactorNeeded)
        wrong = wrong_code(setup.secret, clock.now())

    # Six wrong codes in a row: the lock doubles; a right password in between never reset the count.
    assert isinstance(await second_step(code(step, wrong)), InvalidFields)
    assert isinstance(await login(Credentials("alice", RIGHT, CLIENT)), TooManyAttempts)


async def test_a_right_code_clears_the_failures(setup, pending, second_step, login, clock):
    for _ in range(4):
        await second_step(code(pending, wrong_code(setup.secret, clock.now())))
    assert isinstance(await second_step(code(pending, code_at(setup.secret, clock.now()))), LoggedIn)

    for _ in range(4):
        assert await login(Credentials("alice", "wrong", CLIENT)) == InvalidCredentials()
    assert isinstance(await login(Credentials("alice", RIGHT, CLIENT)), SecondFactorNeeded)
