from datetime import timedelta

import pytest

from application.admin import NewPassword
from application.create_user import NewUser
from application.login import Credentials
from domain.errors import InvalidField, Problem
from domain.results import (
    Created,
    InvalidCredentials,
    InvalidFields,
    LoggedIn,
    PasswordSet,
    TooManyAttempts,
    UnknownUser,
    Unlocked,
)


@pytest.fixture
async def alice(container):
    result = await container.create_user()(NewUser("alice", "alice@example.com", "correct horse"))
    assert isinstance(result, Created)
    return result.user


async def test_set_password_replaces_the_hash_and_ends_every_session(container, alice, hasher, sessions):
    signed_in = await container.login()(Credentials("alice", "correct horse"))

    result = await container.set_password()(NewPassword("ALICE", "battery staple"))

    assert isinstance(result, PasswordSet)
    assert await hasher.verify("battery staple", result.user.password_hash)
    assert await sessions.get(signed_in.session.id) is None
    assert isinstance(await container.login()(Credentials("alice", "battery staple")), LoggedIn)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", Problem.PASSWORD_TOO_SHORT),
        ("password1", Problem.PASSWORD_COMMON),
        ("ALICE@example.com", Problem.PASSWORD_IS_NAME),
    ],
)
async def test_set_password_keeps_the_rules_of_registration(container, alice, users, password, problem):
    result = await container.set_password()(NewPassword("alice", password))

    assert result == InvalidFields((InvalidField("password", problem),))
    assert (await users.get(alice.id)).password_hash == alice.password_hash


@pytest.mark.parametrize("name", ["bob", "not a name"])
async def test_set_password_and_unlock_of_nobody_are_unknown_user(container, name):
    assert await container.set_password()(NewPassword(name, "battery staple")) == UnknownUser()
    assert await container.unlock()(name) == UnknownUser()


async def test_list_users_is_everyone_oldest_first(container, clock):
    created = []
    for name in ["carol", "alice", "bob"]:
        created.append((await container.create_user()(NewUser(name, f"{name}@example.com", "correct horse"))).user)
        clock.advance(timedelta(seconds=1))

    assert await container.list_users()() == created


async def test_unlock_lifts_the_lock_of_the_username_and_the_email(container, alice):
    login = container.login()
    for typed in ["alice", "alice@example.com"]:
        for _ in range(5):
            await login(Credentials(typed, "wrong horse"))
        assert isinstance(await login(Credentials(typed, "correct horse")), TooManyAttempts)

    assert await container.unlock()("Alice") == Unlocked(alice)

    assert await login(Credentials("alice", "wrong horse")) == InvalidCredentials()
    assert isinstance(await login(Credentials("alice@example.com", "correct horse")), LoggedIn)


async def test_set_password_and_unlock_find_a_chinese_name_in_any_spelling(container):
    created = await container.create_user()(NewUser("Ｌｅｉ李", "lei@example.com", "correct horse"))
    assert created.user.username.value == "Lei李"

    assert isinstance(await container.set_password()(NewPassword("lei李", "battery staple")), PasswordSet)
    assert await container.unlock()("LEI李") == Unlocked((await container.list_users()())[0])
