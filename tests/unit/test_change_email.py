"""A new address, through the use cases on memory storage: asked for with the current password, mailed to the
new address, changed only when that link is followed, the old address told; the links' rules and the race."""

from datetime import timedelta

import pytest

from application.change_email import EmailChange
from application.login import Credentials
from application.password_reset import ResetRequest
from domain.errors import InvalidField, Problem
from domain.model import Email
from domain.results import (
    EmailChanged,
    EmailChangeRequested,
    EmailTaken,
    InvalidFields,
    InvalidLink,
    LoggedIn,
    TooManyAttempts,
)
from tests.mail import PUBLIC, link_in, mailed, secret_of

RIGHT = "correct horse"
NEW = "alice@new.example"


@pytest.fixture
def request_change(container):
    return container.request_email_change()


@pytest.fixture
def confirm(container):
    return container.confirm_email_change()


def change(session_id, email=NEW, current=RIGHT, **extra) -> EmailChange:
    return EmailChange(session_id, email, current, **extra)


@pytest.fixture
async def secret(alice, request_change, outbox, clock) -> str:
    """The secret of the link mailed to Alice's new address."""
    assert isinstance(await request_change(change(alice.session.id)), EmailChangeRequested)
    (message,) = await mailed(outbox, clock)
    assert message.to == NEW
    return secret_of(link_in(message.text))


async def test_asking_mails_the_new_address_and_changes_nothing_yet(alice, request_change, outbox, clock, users):
    assert await request_change(change(alice.session.id)) == EmailChangeRequested(alice.user, Email(NEW))

    (message,) = await mailed(outbox, clock)
    assert message.to == NEW
    assert link_in(message.text).startswith(f"{PUBLIC}/account/email/confirm?token=")
    assert await users.get(alice.user.id) == alice.user


async def test_following_the_link_changes_the_address_and_tells_the_old_one(
    alice, secret, confirm, users, outbox, clock
):
    result = await confirm(secret)

    assert isinstance(result, EmailChanged) and result.user.email == Email(NEW)
    stored = await users.get(alice.user.id)
    assert (stored.email, stored.email_verified) == (Email(NEW), True)
    (notice,) = await mailed(outbox, clock)
    assert notice.to == alice.user.email.value
    assert NEW in notice.text


async def test_the_person_logs_in_with_the_new_address_not_the_old(alice, secret, confirm, login):
    await confirm(secret)

    assert isinstance(await login(Credentials(NEW, RIGHT)), LoggedIn)
    assert not isinstance(await login(Credentials("alice@example.com", RIGHT)), LoggedIn)


async def test_the_link_works_once(alice, secret, confirm):
    await confirm(secret)

    assert await confirm(secret) == InvalidLink()


async def test_the_link_works_for_a_day(alice, secret, confirm, users, clock):
    clock.advance(timedelta(days=1))

    assert await confirm(secret) == InvalidLink()
    assert await users.get(alice.user.id) == alice.user


async def test_a_link_after_another_change_does_nothing(alice, request_change, confirm, outbox, clock, users):
    await request_change(change(alice.session.id, "first@example.com"))
    await request_change(change(alice.session.id, "second@example.com"))
    first, second = (secret_of(link_in(m.text)) for m in await mailed(outbox, clock))

    assert isinstance(await confirm(second), EmailChanged)
    assert await confirm(first) == InvalidLink()
    assert (await users.get(alice.user.id)).email == Email("second@example.com")


async def test_a_reset_link_mailed_to_the_old_address_stops_working(alice, secret, confirm, container, outbox, clock):
    await container.request_reset()(ResetRequest("alice@example.com"))
    (reset,) = await mailed(outbox, clock)

    await confirm(secret)

    assert await container.open_reset_link()(secret_of(link_in(reset.text))) == InvalidLink()


@pytest.mark.parametrize(
    ("email", "problem"),
    [("not an address", Problem.EMAIL_FORMAT), ("ALICE@example.com", Problem.EMAIL_UNCHANGED)],
)
async def test_a_refused_address_costs_no_password_check(alice, request_change, hasher, email, problem):
    before = hasher.checks

    result = await request_change(change(alice.session.id, email))

    assert result == InvalidFields((InvalidField("email", problem),))
    assert hasher.checks == before


async def test_a_wrong_password_mails_nothing(alice, request_change, outbox, clock):
    result = await request_change(change(alice.session.id, current="not the password"))

    assert result == InvalidFields((InvalidField("current_password", Problem.PASSWORD_WRONG),))
    assert await mailed(outbox, clock) == []


async def test_another_users_address_is_taken(alice, register_user, solve, request_change, outbox, clock):
    await register_user(await solve(username="bob", email="bob@example.com"))
    await mailed(outbox, clock)

    assert await request_change(change(alice.session.id, "BOB@example.com")) == EmailTaken()
    assert await mailed(outbox, clock) == []


async def test_of_two_people_claiming_one_address_the_first_to_follow_wins(
    alice, register_user, solve, request_change, confirm, outbox, clock, users
):
    bob = await register_user(await solve(username="bob", email="bob@example.com"))
    await request_change(change(alice.session.id, "shared@example.com"))
    await request_change(change(bob.session.id, "shared@example.com"))
    alices, bobs = (secret_of(link_in(m.text)) for m in await mailed(outbox, clock))

    assert isinstance(await confirm(bobs), EmailChanged)
    assert await confirm(alices) == EmailTaken()
    assert (await users.get(alice.user.id)).email == alice.user.email


async def test_asking_is_limited_per_new_address(alice, request_change):
    for n in range(3):
        assert isinstance(await request_change(change(alice.session.id, client=f"c{n}")), EmailChangeRequested)

    assert isinstance(await request_change(change(alice.session.id, client="c9")), TooManyAttempts)


async def test_a_reset_link_made_before_the_address_changed_stops_working_on_its_own(
    alice, container, users, outbox, clock
):
    await container.request_reset()(ResetRequest("alice@example.com"))
    (reset,) = await mailed(outbox, clock)

    # Changed without the use case, which would also delete the link: its stamp alone must void it.
    await users.change_email(alice.user.id, alice.user.email, Email(NEW))

    assert await container.open_reset_link()(secret_of(link_in(reset.text))) == InvalidLink()


async def test_asking_about_taken_addresses_counts_against_the_limit(alice, register_user, solve, request_change):
    await register_user(await solve(username="bob", email="bob@example.com"))
    for _ in range(3):
        assert await request_change(change(alice.session.id, "bob@example.com")) == EmailTaken()

    assert isinstance(await request_change(change(alice.session.id, "bob@example.com")), TooManyAttempts)
