"""Email verification through the use cases on memory storage: the link mailed on registration (once, three days,
only for the address it was mailed to), the three modes, sending it again within limits, and the user's language."""

from dataclasses import replace
from datetime import timedelta

import pytest

from application.login import Credentials
from application.password_reset import PasswordChoice, ResetRequest
from application.verify_email import ResendRequest
from domain.links import RESET_LINKS, VERIFY_LINKS, digest
from domain.model import Email
from domain.results import (
    AlreadyVerified,
    AwaitingVerification,
    EmailVerified,
    InvalidCredentials,
    InvalidLink,
    LoggedIn,
    NotSignedIn,
    NotVerified,
    PasswordReset,
    Registered,
    TooManyAttempts,
    VerificationSent,
)
from tests.mail import PUBLIC, link_in, mailed, secret_of

RIGHT = "correct horse"


@pytest.fixture(autouse=True)
def mode(request, container) -> str:
    """MEET_EMAIL_VERIFICATION for the test: optional unless marked `verification("off"|"mandatory")`."""
    marker = request.node.get_closest_marker("verification")
    chosen = marker.args[0] if marker else "optional"
    container.config.email_verification.from_value(chosen)
    return chosen


@pytest.fixture
def verify_email(container):
    return container.verify_email()


@pytest.fixture
def resend(container):
    return container.resend_verification()


@pytest.fixture
async def link(alice, outbox, clock) -> str:
    """The link mailed to Alice when she registered."""
    (message,) = await mailed(outbox, clock)
    return link_in(message.text)


async def test_registering_mails_a_link_to_the_address_from_the_public_url(alice, link, users):
    assert link.startswith(f"{PUBLIC}/auth/verify?token=")
    assert len(secret_of(link)) == 43  # 256 bits, base64url
    assert (await users.get(alice.user.id)).email_verified is False


async def test_following_the_link_verifies_the_address(alice, link, verify_email, users):
    assert await verify_email(secret_of(link)) == EmailVerified(alice.user)

    assert (await users.get(alice.user.id)).email_verified is True


async def test_the_link_works_once(alice, link, verify_email):
    await verify_email(secret_of(link))

    assert await verify_email(secret_of(link)) == InvalidLink()


async def test_only_the_links_hash_is_stored(alice, link, tokens):
    secret = secret_of(link)
    assert await tokens.get(secret) is None
    assert (await tokens.get(digest(secret))).user_id == alice.user.id


async def test_the_link_works_for_three_days(alice, link, verify_email, users, clock):
    clock.advance(timedelta(days=3))

    assert await verify_email(secret_of(link)) == InvalidLink()
    assert (await users.get(alice.user.id)).email_verified is False


@pytest.mark.parametrize("secret", ["", "not-a-token", "a" * 43])
async def test_an_unknown_link_verifies_nothing(alice, verify_email, users, secret):
    assert await verify_email(secret) == InvalidLink()
    assert (await users.get(alice.user.id)).email_verified is False


async def test_a_link_mailed_to_an_address_the_user_no_longer_has_does_nothing(
    alice, verify_email, tokens, users, clock
):
    before = replace(alice.user, email=Email("old@example.com"))
    secret, token = VERIFY_LINKS.issue(before, clock.now())
    await tokens.add(token)

    assert await verify_email(secret) == InvalidLink()
    assert (await users.get(alice.user.id)).email_verified is False


async def test_a_password_reset_link_does_not_verify(alice, verify_email, tokens, users, clock):
    secret, token = RESET_LINKS.issue(alice.user, clock.now())
    await tokens.add(token)

    assert await verify_email(secret) == InvalidLink()
    assert (await users.get(alice.user.id)).email_verified is False


async def test_the_mail_is_in_the_language_of_the_page_registered_on(register_user, solve, outbox, clock):
    await register_user(await solve(language="zh_CN"))

    (message,) = await mailed(outbox, clock)
    assert "确认" in message.subject
    assert "你好" in message.text and "你好" in message.html


@pytest.mark.verification("off")
async def test_off_mails_nothing_and_offers_nothing(alice, resend, outbox, clock):
    assert isinstance(alice, Registered)
    assert await mailed(outbox, clock) == []
    assert await resend(ResendRequest(alice.session.id)) == AlreadyVerified()


async def test_optional_signs_in_at_once(alice):
    assert isinstance(alice, Registered)


@pytest.mark.verification("mandatory")
async def test_mandatory_registers_without_signing_in(register_user, solve, users, outbox, clock):
    result = await register_user(await solve())

    assert isinstance(result, AwaitingVerification)
    assert await users.get(result.user.id) == result.user
    (message,) = await mailed(outbox, clock)
    assert message.to == "alice@example.com"


@pytest.fixture
async def awaiting(register_user, solve, outbox, clock) -> tuple[AwaitingVerification, str]:
    """Alice registered where addresses must be verified, and the secret of the link she was mailed."""
    result = await register_user(await solve())
    assert isinstance(result, AwaitingVerification)
    (message,) = await mailed(outbox, clock)
    return result, secret_of(link_in(message.text))


@pytest.mark.verification("mandatory")
async def test_mandatory_refuses_a_login_until_the_address_is_verified(awaiting, login, verify_email):
    registered, secret = awaiting

    refused = await login(Credentials("alice", RIGHT))
    assert isinstance(refused, NotVerified) and refused.user.id == registered.user.id
    await verify_email(secret)
    assert isinstance(await login(Credentials("alice", RIGHT)), LoggedIn)


@pytest.mark.verification("mandatory")
async def test_a_wrong_password_says_nothing_of_verification(awaiting, login):
    assert isinstance(await login(Credentials("alice", "not the password")), InvalidCredentials)


@pytest.mark.verification("mandatory")
async def test_a_refused_login_can_ask_for_the_link_again_once(awaiting, login, resend, outbox, clock):
    refused = await login(Credentials("alice", RIGHT))

    assert isinstance(await resend(ResendRequest(resend=refused.resend)), VerificationSent)
    (message,) = await mailed(outbox, clock)
    assert message.to == "alice@example.com"
    assert link_in(message.text).startswith(f"{PUBLIC}/auth/verify?token=")
    assert await resend(ResendRequest(resend=refused.resend)) == InvalidLink()


@pytest.mark.verification("mandatory")
async def test_the_refused_logins_link_lasts_fifteen_minutes(awaiting, login, resend, clock):
    refused = await login(Credentials("alice", RIGHT))
    clock.advance(timedelta(minutes=15))

    assert await resend(ResendRequest(resend=refused.resend)) == InvalidLink()


@pytest.mark.verification("mandatory")
async def test_a_verification_link_does_not_ask_for_another(awaiting, resend):
    _, secret = awaiting

    assert await resend(ResendRequest(resend=secret)) == InvalidLink()


async def test_a_signed_in_person_can_ask_for_the_link_again(alice, link, resend, verify_email, outbox, clock):
    assert await resend(ResendRequest(alice.session.id)) == VerificationSent(alice.user)
    (again,) = await mailed(outbox, clock)

    assert await verify_email(secret_of(link_in(again.text))) == EmailVerified(alice.user)
    assert await resend(ResendRequest(alice.session.id)) == AlreadyVerified()


async def test_asking_without_a_session_is_not_signed_in(resend):
    assert await resend(ResendRequest(None)) == NotSignedIn()
    assert await resend(ResendRequest("no-such-session")) == NotSignedIn()


async def test_asking_again_is_limited_per_address(alice, link, resend, login, outbox, clock):
    for _ in range(VERIFY_LINKS.per_address):
        assert isinstance(await resend(ResendRequest(alice.session.id, client=f"c{_}")), VerificationSent)

    refused = await resend(ResendRequest(alice.session.id, client="another"))

    assert isinstance(refused, TooManyAttempts) and 0 < refused.retry_after <= 3600
    assert len(await mailed(outbox, clock)) == VERIFY_LINKS.per_address
    clock.advance(timedelta(seconds=refused.retry_after))
    later = await login(Credentials("alice", RIGHT))  # the session idled out meanwhile
    assert isinstance(await resend(ResendRequest(later.session.id)), VerificationSent)


async def test_switching_language_on_a_page_keeps_it_for_the_users_mail(alice, load_user, users):
    await load_user(alice.session.id)
    assert (await users.get(alice.user.id)).language == "en_US"

    await load_user(alice.session.id, switched_to="zh_CN")

    assert (await users.get(alice.user.id)).language == "zh_CN"


@pytest.mark.verification("mandatory")
async def test_a_password_reset_through_its_mailed_link_confirms_the_address(awaiting, container, login, outbox, clock):
    registered, _ = awaiting
    await container.request_reset()(ResetRequest("alice@example.com"))
    (reset,) = await mailed(outbox, clock)

    done = await container.reset_password()(
        PasswordChoice(secret_of(link_in(reset.text)), "battery staple", "battery staple")
    )

    assert isinstance(done, PasswordReset) and done.user.email_verified
    assert (await container.users().get(registered.user.id)).email_verified is True
    assert isinstance(await login(Credentials("alice", "battery staple")), LoggedIn)
