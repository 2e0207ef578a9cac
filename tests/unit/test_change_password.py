"""Changing a password while signed in: the current one checked within the login limits, the new one under
the registration's rules, every other session ended, and the address told."""

import pytest

from application.change_password import PasswordChange
from application.login import Credentials
from application.password_reset import ResetRequest
from domain.errors import InvalidField, Problem
from domain.results import (
    InvalidCredentials,
    InvalidFields,
    InvalidLink,
    LoggedIn,
    NotSignedIn,
    PasswordChanged,
    TooManyAttempts,
)
from tests.mail import link_in, mailed, secret_of

RIGHT = "correct horse"
NEW = "battery staple"


@pytest.fixture
def change_password(container):
    return container.change_password()


def change(session_id, current=RIGHT, password=NEW, confirm=None, **extra) -> PasswordChange:
    return PasswordChange(session_id, current, password, password if confirm is None else confirm, **extra)


async def test_the_right_current_password_changes_it(alice, change_password, login):
    result = await change_password(change(alice.session.id))

    assert isinstance(result, PasswordChanged)
    assert isinstance(await login(Credentials("alice", NEW)), LoggedIn)
    assert isinstance(await login(Credentials("alice", RIGHT)), InvalidCredentials)


async def test_every_other_session_ends_and_this_one_stays(alice, change_password, login, sessions):
    other = await login(Credentials("alice", RIGHT))

    await change_password(change(alice.session.id))

    assert await sessions.get(other.session.id) is None
    assert (await sessions.get(alice.session.id)).user_id == alice.user.id


async def test_the_address_is_told_in_the_users_language_without_the_password(
    alice, change_password, load_user, outbox, clock
):
    await load_user(alice.session.id, switched_to="zh_CN")

    await change_password(change(alice.session.id))

    (notice,) = await mailed(outbox, clock)
    assert notice.to == alice.user.email.value
    assert "密码" in notice.subject
    assert "https://meet.example/auth/password/reset" in notice.text
    assert NEW not in notice.text and NEW not in notice.html


async def test_a_wrong_current_password_changes_nothing(alice, change_password, login, outbox, clock, hasher):
    before = hasher.checks

    result = await change_password(change(alice.session.id, current="not it at all"))

    assert result == InvalidFields((InvalidField("current_password", Problem.PASSWORD_WRONG),))
    assert hasher.checks == before + 1
    assert isinstance(await login(Credentials("alice", RIGHT)), LoggedIn)
    assert await mailed(outbox, clock) == []


async def test_wrong_current_passwords_count_against_the_login_limits(alice, change_password, login):
    for _ in range(5):
        await change_password(change(alice.session.id, current="a wrong guess", client="192.0.2.1"))

    assert isinstance(await change_password(change(alice.session.id, client="192.0.2.1")), TooManyAttempts)
    assert isinstance(await login(Credentials("alice", RIGHT, client="192.0.2.2")), TooManyAttempts)


async def test_a_locked_name_refuses_the_change_before_checking(alice, change_password, login, hasher):
    for _ in range(5):
        await login(Credentials("alice", "a wrong guess"))
    before = hasher.checks

    assert isinstance(await change_password(change(alice.session.id)), TooManyAttempts)
    assert hasher.checks == before


@pytest.mark.parametrize(
    ("password", "confirm", "refused"),
    [
        ("short", "short", InvalidField("password", Problem.PASSWORD_TOO_SHORT)),
        ("password1", "password1", InvalidField("password", Problem.PASSWORD_COMMON)),
        ("alice", "alice", InvalidField("password", Problem.PASSWORD_TOO_SHORT)),
        ("Alice@Example.com", "Alice@Example.com", InvalidField("password", Problem.PASSWORD_IS_NAME)),
        (NEW, NEW + "!", InvalidField("password_confirm", Problem.PASSWORD_MISMATCH)),
    ],
)
async def test_a_refused_new_password_costs_no_check(alice, change_password, hasher, password, confirm, refused):
    before = hasher.checks

    assert await change_password(change(alice.session.id, password=password, confirm=confirm)) == InvalidFields(
        (refused,)
    )
    assert hasher.checks == before


@pytest.mark.parametrize("session_id", [None, "", "no-such-session"])
async def test_without_a_session_nothing_changes(alice, change_password, login, session_id):
    assert await change_password(change(session_id)) == NotSignedIn()
    assert isinstance(await login(Credentials("alice", RIGHT)), LoggedIn)


async def test_a_change_voids_a_mailed_reset_link(alice, change_password, container, outbox, clock):
    await container.request_reset()(ResetRequest("alice@example.com"))
    (mail,) = await mailed(outbox, clock)
    secret = secret_of(link_in(mail.text))

    await change_password(change(alice.session.id))

    assert await container.open_reset_link()(secret) == InvalidLink()
