"""A forgotten password, through the use cases on memory storage: the link mailed (to the outbox), its rules
(256-bit, stored hashed, once, an hour, void after any password change), the limits, and what the reset does."""

from datetime import timedelta

import pytest

from application.admin import NewPassword
from application.login import Credentials
from application.password_reset import PasswordChoice, ResetRequest
from domain.errors import InvalidField, Problem
from domain.links import digest
from domain.model import LoginName
from domain.results import (
    InvalidCredentials,
    InvalidFields,
    InvalidLink,
    LoggedIn,
    PasswordReset,
    ResetLinkWorks,
    ResetRequested,
    TooManyAttempts,
)
from tests.mail import PUBLIC, link_in, mailed, secret_of

RIGHT = "correct horse"
NEW = "battery staple"


@pytest.fixture
def request_reset(container):
    return container.request_reset()


@pytest.fixture
def reset_password(container):
    return container.reset_password()


@pytest.fixture
def open_link(container):
    return container.open_reset_link()


@pytest.fixture
async def secret(alice, request_reset, outbox, clock) -> str:
    """The secret of a link mailed to Alice."""
    assert await request_reset(ResetRequest("alice@example.com", client="192.0.2.1")) == ResetRequested()
    (message,) = await mailed(outbox, clock)
    return secret_of(link_in(message.text))


def choice(secret: str, password: str = NEW, confirm: str | None = None, **extra) -> PasswordChoice:
    return PasswordChoice(secret, password, password if confirm is None else confirm, **extra)


async def test_a_reset_mails_a_link_to_the_users_address_from_the_public_url(
    alice, load_user, request_reset, outbox, clock
):
    await load_user(alice.session.id, switched_to="zh_CN")

    await request_reset(ResetRequest("ALICE@example.COM"))

    (message,) = await mailed(outbox, clock)
    assert message.to == alice.user.email.value == "Alice@example.com"
    assert link_in(message.text).startswith(f"{PUBLIC}/auth/password/new?token=")
    assert "Alice" in message.text
    assert "你好" in message.text, "the mail is in the language Alice last switched to"


async def test_the_link_holds_256_random_bits_and_only_their_sha256_is_stored(secret, tokens):
    assert len(secret) == 43  # 32 bytes, base64url
    assert await tokens.get(secret) is None
    stored = await tokens.get(digest(secret))
    assert stored is not None and stored.digest != secret


async def test_an_unknown_address_answers_the_same_and_does_the_same_writes(request_reset, outbox, tokens, clock):
    answer = await request_reset(ResetRequest("nobody@example.com"))

    assert answer == ResetRequested()
    (message,) = await mailed(outbox, clock)
    assert message.to == "nobody@example.com"
    assert f"{PUBLIC}/auth/register" in message.text
    assert "token=" not in message.text


async def test_a_link_opens_its_form_and_a_good_password_resets_it(secret, open_link, reset_password, login, alice):
    assert await open_link(secret) == ResetLinkWorks(alice.user)

    result = await reset_password(choice(secret))

    assert isinstance(result, PasswordReset)
    assert result.session.user_id == alice.user.id
    assert isinstance(await login(Credentials("alice", NEW)), LoggedIn)
    assert isinstance(await login(Credentials("alice", RIGHT)), InvalidCredentials)


async def test_a_link_works_once(secret, reset_password, open_link):
    assert isinstance(await reset_password(choice(secret)), PasswordReset)

    assert await reset_password(choice(secret, "another good one")) == InvalidLink()
    assert await open_link(secret) == InvalidLink()


async def test_a_link_expires_after_an_hour(secret, reset_password, open_link, clock):
    clock.advance(timedelta(minutes=59))
    assert isinstance(await open_link(secret), ResetLinkWorks)

    clock.advance(timedelta(minutes=1))
    assert await open_link(secret) == InvalidLink()
    assert await reset_password(choice(secret)) == InvalidLink()


async def test_a_link_is_void_once_the_password_changed_another_way(secret, container, reset_password, open_link):
    await container.set_password()(NewPassword("alice", "set by an admin"))

    assert await open_link(secret) == InvalidLink()
    assert await reset_password(choice(secret)) == InvalidLink()


async def test_a_reset_voids_every_other_link_of_the_user(alice, request_reset, reset_password, outbox, clock):
    for _ in range(2):
        await request_reset(ResetRequest("alice@example.com"))
    first, second = [secret_of(link_in(m.text)) for m in await mailed(outbox, clock)]

    assert isinstance(await reset_password(choice(second)), PasswordReset)
    assert await reset_password(choice(first, "another good one")) == InvalidLink()


@pytest.mark.parametrize("made_up", ["", "x", "A" * 43])
async def test_a_made_up_link_is_invalid(alice, reset_password, open_link, made_up):
    assert await open_link(made_up) == InvalidLink()
    assert await reset_password(choice(made_up)) == InvalidLink()


async def test_an_unknown_address_stores_a_token_too_that_works_for_nobody(request_reset, tokens, alice, clock):
    """Both answers cost the same writes: a token and a letter."""
    await request_reset(ResetRequest("nobody@example.com"))

    (stored,) = tokens._tokens.values()
    assert stored.user_id == ""
    assert not stored.works_for("reset", alice.user, clock.now())


@pytest.mark.parametrize(
    ("password", "confirm", "refused"),
    [
        ("short", "short", InvalidField("password", Problem.PASSWORD_TOO_SHORT)),
        ("alice", "alice", InvalidField("password", Problem.PASSWORD_TOO_SHORT)),
        ("password1", "password1", InvalidField("password", Problem.PASSWORD_COMMON)),
        ("Alice@Example.com", "Alice@Example.com", InvalidField("password", Problem.PASSWORD_IS_NAME)),
        (NEW, NEW + "!", InvalidField("password_confirm", Problem.PASSWORD_MISMATCH)),
    ],
)
async def test_a_refused_password_keeps_the_link_working(secret, reset_password, open_link, password, confirm, refused):
    assert await reset_password(choice(secret, password, confirm)) == InvalidFields((refused,))

    assert isinstance(await open_link(secret), ResetLinkWorks)
    assert isinstance(await reset_password(choice(secret)), PasswordReset)


async def test_a_reset_ends_every_session_and_starts_one(secret, alice, login, reset_password, sessions):
    other = await login(Credentials("alice", RIGHT))

    result = await reset_password(choice(secret, session_id=alice.session.id))

    assert await sessions.get(alice.session.id) is None
    assert await sessions.get(other.session.id) is None
    assert await sessions.get(result.session.id) == result.session


async def test_a_reset_lifts_the_login_lock_of_the_name_and_the_address(secret, alice, login, reset_password, attempts):
    for typed in ["alice"] * 5 + ["alice@example.com"] * 5:
        await login(Credentials(typed, "wrong guess", client=f"198.51.100.{len(typed)}"))
    assert isinstance(await login(Credentials("alice", RIGHT, client="203.0.113.9")), TooManyAttempts)

    await reset_password(choice(secret))

    assert isinstance(await login(Credentials("alice", NEW, client="203.0.113.9")), LoggedIn)
    assert isinstance(await login(Credentials("alice@example.com", NEW, client="203.0.113.9")), LoggedIn)
    keys = [LoginName(username=alice.user.username).key, LoginName(email=alice.user.email).key]
    assert all(record is None for record in (await attempts.get_many(keys)).values())


@pytest.mark.parametrize("address", ["alice@example.com", "nobody@example.com"])
async def test_three_requests_an_hour_per_address_whether_or_not_anyone_has_it(alice, request_reset, clock, address):
    for n in range(3):
        assert await request_reset(ResetRequest(address, client=f"192.0.2.{n}")) == ResetRequested()

    refused = await request_reset(ResetRequest(address.upper(), client="192.0.2.9"))

    assert isinstance(refused, TooManyAttempts)
    assert 0 < refused.retry_after <= 3600
    clock.advance(timedelta(seconds=refused.retry_after))
    assert await request_reset(ResetRequest(address, client="192.0.2.9")) == ResetRequested()


async def test_ten_requests_an_hour_per_client(request_reset):
    for n in range(10):
        assert await request_reset(ResetRequest(f"person{n}@example.com", client="192.0.2.1")) == ResetRequested()

    assert isinstance(await request_reset(ResetRequest("other@example.com", client="192.0.2.1")), TooManyAttempts)
    assert await request_reset(ResetRequest("other@example.com", client="192.0.2.2")) == ResetRequested()


async def test_a_refused_request_mails_nothing(alice, request_reset, outbox, clock):
    for _ in range(4):
        await request_reset(ResetRequest("alice@example.com"))

    assert len(await mailed(outbox, clock)) == 3


async def test_an_address_that_is_not_one_is_refused_before_anything_is_counted(request_reset, outbox, clock):
    result = await request_reset(ResetRequest("not an address"))

    assert result == InvalidFields((InvalidField("email", Problem.EMAIL_FORMAT),))
    assert await mailed(outbox, clock) == []
