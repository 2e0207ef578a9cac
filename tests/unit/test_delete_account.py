"""Deleting an account, through the use cases on memory storage: what goes, what it takes, and what it frees."""

from datetime import timedelta

import pytest

from application.login import Credentials
from application.password_reset import ResetRequest
from application.throttle import PasswordConfirmation as Deletion
from domain.errors import InvalidField, Problem
from domain.factors import Totp
from domain.links import digest
from domain.mail import Message, new_letter
from domain.model import Email
from domain.results import AccountDeleted, InvalidCredentials, InvalidFields, NotSignedIn, Registered, TooManyAttempts
from tests.mail import link_in, mailed, secret_of

RIGHT = "correct horse"


@pytest.fixture
def delete_account(container):
    return container.delete_account()


async def test_the_right_password_deletes_the_user_and_every_session(alice, delete_account, login, users, load_user):
    other = await login(Credentials("alice", RIGHT))

    assert await delete_account(Deletion(alice.session.id, RIGHT)) == AccountDeleted(alice.user)

    assert await users.get(alice.user.id) is None
    assert await load_user(alice.session.id) is None and await load_user(other.session.id) is None
    assert isinstance(await login(Credentials("alice", RIGHT)), InvalidCredentials)


async def test_the_name_and_address_can_be_registered_again(alice, delete_account, register_user, solve):
    await delete_account(Deletion(alice.session.id, RIGHT))

    again = await register_user(await solve(username="alice", email="ALICE@example.com", password="battery staple"))

    assert isinstance(again, Registered) and again.user.id != alice.user.id


async def test_links_and_mail_waiting_for_them_go_too(alice, delete_account, container, outbox, tokens, clock):
    await container.request_reset()(ResetRequest("alice@example.com"))
    (reset,) = await mailed(outbox, clock)
    secret = secret_of(link_in(reset.text))
    for to in ("Alice@Example.com", "bob@example.com"):
        await outbox.add(new_letter(Message(to, "waiting", "text", "<p>html</p>"), clock.now()))

    await delete_account(Deletion(alice.session.id, RIGHT))

    assert await tokens.get(digest(secret)) is None
    assert [letter.to for letter in await mailed(outbox, clock)] == ["bob@example.com"]


async def test_a_wrong_password_deletes_nothing_and_counts_as_a_login_failure(alice, delete_account, users, login):
    for _ in range(5):
        refused = await delete_account(Deletion(alice.session.id, "not the password"))
        assert refused == InvalidFields((InvalidField("current_password", Problem.PASSWORD_WRONG),))

    assert isinstance(await delete_account(Deletion(alice.session.id, RIGHT)), TooManyAttempts)
    assert isinstance(await login(Credentials("alice", RIGHT)), TooManyAttempts)
    assert await users.get(alice.user.id) == alice.user


async def test_signed_out_deletes_nothing(alice, delete_account, users, clock):
    assert await delete_account(Deletion(None, RIGHT)) == NotSignedIn()
    clock.advance(timedelta(hours=9))
    assert await delete_account(Deletion(alice.session.id, RIGHT)) == NotSignedIn()
    assert await users.by_email(Email("alice@example.com")) == alice.user


async def test_second_factors_go_too(alice, delete_account, container):
    factors = container.factors()
    await factors.turn_on(alice.user.id, Totp(b"sealed"), ("digest",))

    await delete_account(Deletion(alice.session.id, RIGHT))

    assert await factors.get(alice.user.id) is None
