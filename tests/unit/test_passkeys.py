"""Passkeys through the use cases on memory storage, with py_webauthn checking what a software authenticator
answers (tests/authenticator.py): adding one behind the password, signing in with it alone, removing it."""

import json
from datetime import timedelta

import pytest

from application.login import Credentials, SecondStepCode
from application.passkeys import NewPasskey, PasskeyAnswer
from application.throttle import PasswordConfirmation
from application.two_factor import TotpConfirmation
from domain.errors import InvalidField, Problem
from domain.results import (
    InvalidFields,
    LoggedIn,
    NoSuchPasskey,
    NotSignedIn,
    PasskeyAdded,
    PasskeyOptions,
    PasskeyRefused,
    PasskeyRemoved,
    SecondFactorNeeded,
    SignInExpired,
    TwoFactorOff,
)
from tests.authenticator import SoftAuthenticator
from tests.codes import code_at
from tests.mail import mailed

RIGHT = "correct horse"
ORIGIN = "https://meet.example"  # tests/settings.py UNIT_CONFIG's public_url


@pytest.fixture
def device() -> SoftAuthenticator:
    return SoftAuthenticator()


@pytest.fixture
def passkeys(container):
    return container.passkeys()


async def options_for(container, session_id: str | None, password: str = RIGHT) -> str:
    result = await container.start_passkey()(PasswordConfirmation(session_id, password, "192.0.2.1"))
    assert isinstance(result, PasskeyOptions)
    return result.options


async def add(container, device, alice, name: str = "Laptop", origin: str = ORIGIN):
    answer = device.create(await options_for(container, alice.session.id), origin)
    return await container.add_passkey()(NewPasskey(alice.session.id, name, answer)), answer


@pytest.fixture
async def added(alice, container, device, outbox, clock) -> PasskeyAdded:
    result, _ = await add(container, device, alice)
    assert isinstance(result, PasskeyAdded)
    await mailed(outbox, clock)
    return result


async def sign_in(container, device, origin: str = ORIGIN, **given):
    options = (await container.start_passkey_sign_in()()).options
    answer = device.get(options, origin)
    return await container.passkey_sign_in()(PasskeyAnswer(answer, "192.0.2.1", **given)), answer


async def test_making_a_passkey_needs_the_current_password(alice, container):
    refused = await container.start_passkey()(PasswordConfirmation(alice.session.id, "not it", "192.0.2.1"))
    assert refused == InvalidFields((InvalidField("current_password", Problem.PASSWORD_WRONG),))
    assert await container.start_passkey()(PasswordConfirmation(None, RIGHT)) == NotSignedIn()

    options = json.loads(await options_for(container, alice.session.id))
    assert options["rp"]["id"] == "meet.example" and options["user"]["name"] == "Alice"
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"


async def test_a_passkey_is_stored_with_its_name_and_the_address_told(
    alice, container, device, passkeys, outbox, clock
):
    result, _ = await add(container, device, alice, name="  My   phone ")

    assert isinstance(result, PasskeyAdded) and result.passkey.name == "My phone"
    (stored,) = await passkeys.for_user(alice.user.id)
    assert stored == result.passkey and stored.id in device.credentials and stored.added_at == clock.now()
    (notice,) = await mailed(outbox, clock)
    assert notice.to == alice.user.email.value and "passkey" in notice.subject


async def test_an_add_challenge_works_once(alice, added, container, passkeys, clock):
    device = SoftAuthenticator()  # another: the first holds a passkey the options exclude
    clock.advance(timedelta(minutes=1))
    options = await options_for(container, alice.session.id)
    answer = device.create(options, ORIGIN)
    assert isinstance(await container.add_passkey()(NewPasskey(alice.session.id, "One", answer)), PasskeyAdded)

    again = device.create(options, ORIGIN)
    assert await container.add_passkey()(NewPasskey(alice.session.id, "Two", again)) == PasskeyRefused()
    assert [p.name for p in await passkeys.for_user(alice.user.id)] == ["Laptop", "One"]


async def test_a_passkey_made_on_another_site_is_refused(alice, container, device, passkeys):
    result, _ = await add(container, device, alice, origin="https://evil.example")

    assert result == PasskeyRefused()
    assert await passkeys.for_user(alice.user.id) == []


async def test_an_add_challenge_is_for_the_user_it_was_given_to(alice, container, device, register_user, solve):
    bob = await register_user(await solve(username="bob", email="bob@example.com", password=RIGHT))
    answer = device.create(await options_for(container, bob.session.id), ORIGIN)

    assert await container.add_passkey()(NewPasskey(alice.session.id, "Mine", answer)) == PasskeyRefused()


async def test_an_add_challenge_expires_after_five_minutes(alice, container, device, clock):
    answer = device.create(await options_for(container, alice.session.id), ORIGIN)
    clock.advance(timedelta(minutes=5))

    assert await container.add_passkey()(NewPasskey(alice.session.id, "Late", answer)) == PasskeyRefused()


async def test_a_long_name_is_refused_before_the_challenge_is_spent(alice, container, device):
    answer = device.create(await options_for(container, alice.session.id), ORIGIN)

    refused = await container.add_passkey()(NewPasskey(alice.session.id, "x" * 65, answer))
    assert refused == InvalidFields((InvalidField("name", Problem.TOO_LONG),))
    assert isinstance(await container.add_passkey()(NewPasskey(alice.session.id, "", answer)), PasskeyAdded)


async def test_a_passkey_alone_signs_in_and_is_marked_used(alice, added, container, passkeys, sessions, device, clock):
    clock.advance(timedelta(minutes=1))
    result, _ = await sign_in(container, device, session_id=alice.session.id, agent="Firefox")

    assert isinstance(result, LoggedIn) and result.user.id == alice.user.id
    assert await sessions.get(result.session.id) == result.session
    assert await sessions.get(alice.session.id) is None, "the session the browser came with is replaced"
    stored = await passkeys.get(added.passkey.id)
    assert stored.last_used_at == clock.now() and stored.sign_count == device.credentials[stored.id].sign_count


async def test_a_sign_in_challenge_works_once(added, container, device):
    options = (await container.start_passkey_sign_in()()).options
    assert isinstance(await container.passkey_sign_in()(PasskeyAnswer(device.get(options, ORIGIN))), LoggedIn)

    assert await container.passkey_sign_in()(PasskeyAnswer(device.get(options, ORIGIN))) == PasskeyRefused()


async def test_a_sign_in_answer_for_another_origin_is_refused(added, container, device):
    result, _ = await sign_in(container, device, origin="https://meet.example.evil.example")

    assert result == PasskeyRefused()


async def test_a_counter_that_goes_back_is_refused_as_a_copied_key(added, container, device, passkeys):
    assert isinstance((await sign_in(container, device))[0], LoggedIn)
    assert isinstance((await sign_in(container, device))[0], LoggedIn)
    options = (await container.start_passkey_sign_in()()).options

    cloned = device.get(options, ORIGIN, counter=1)
    assert await container.passkey_sign_in()(PasskeyAnswer(cloned)) == PasskeyRefused()
    assert (await passkeys.get(added.passkey.id)).sign_count == 2


async def test_one_challenge_kind_is_never_the_other(alice, added, container, device):
    add_options = await options_for(container, alice.session.id)
    assert await container.passkey_sign_in()(PasskeyAnswer(device.get(add_options, ORIGIN))) == PasskeyRefused()

    challenge = json.loads((await container.start_passkey_sign_in()()).options)["challenge"]
    creation = {
        "rp": {"id": "meet.example", "name": "meet"},
        "user": {"id": "dXNlcg", "name": "Alice", "displayName": "Alice"},
        "challenge": challenge,
        "pubKeyCredParams": [{"type": "public-key", "alg": -7}],
    }
    made = device.create(json.dumps(creation), ORIGIN)
    assert await container.add_passkey()(NewPasskey(alice.session.id, "X", made)) == PasskeyRefused()


async def test_a_removed_passkey_signs_no_one_in(alice, added, container, device, outbox, clock):
    remove = container.remove_passkey()

    assert await remove(alice.session.id, added.passkey.handle) == PasskeyRemoved(alice.user, added.passkey)
    (notice,) = await mailed(outbox, clock)
    assert notice.to == alice.user.email.value
    assert (await sign_in(container, device))[0] == PasskeyRefused()
    assert await remove(alice.session.id, added.passkey.handle) == NoSuchPasskey()
    assert await remove(alice.session.id, "not base64 at all!") == NoSuchPasskey()
    assert await remove(None, added.passkey.handle) == NotSignedIn()


async def test_no_one_removes_anothers_passkey(alice, added, container, register_user, solve, passkeys):
    bob = await register_user(await solve(username="bob", email="bob@example.com", password=RIGHT))

    assert await container.remove_passkey()(bob.session.id, added.passkey.handle) == NoSuchPasskey()
    assert await passkeys.get(added.passkey.id) == added.passkey


async def test_garbage_is_refused_and_spends_nothing(alice, container):
    for answer in ("", "{}", "[1]", '{"id": "!!", "response": {"clientDataJSON": "e30"}}'):
        assert await container.passkey_sign_in()(PasskeyAnswer(answer)) == PasskeyRefused()
        assert await container.add_passkey()(NewPasskey(alice.session.id, "X", answer)) == PasskeyRefused()


async def test_a_passkey_finishes_a_pending_second_step(alice, added, container, device, login, clock):
    setup = await container.start_totp()(alice.session.id)
    code = code_at(setup.secret, clock.now())
    await container.enable_totp()(TotpConfirmation(alice.session.id, setup.pending, code))
    clock.advance(timedelta(seconds=30))
    pending = await login(Credentials("alice", RIGHT, "192.0.2.1"))
    assert isinstance(pending, SecondFactorNeeded)

    result, _ = await sign_in(container, device, pending=pending.pending)

    assert isinstance(result, LoggedIn) and result.user.id == alice.user.id
    later = SecondStepCode(pending.pending, code_at(setup.secret, clock.now()), "192.0.2.1")
    assert await container.second_step()(later) == SignInExpired(), "the password's step stayed open"


async def test_an_admin_reset_and_a_deleted_account_remove_passkeys(alice, added, container, device, passkeys):
    assert await container.reset_two_factor()("alice") == TwoFactorOff(alice.user)
    assert await passkeys.for_user(alice.user.id) == []

    await add(container, device, alice)
    await container.delete_user()("alice")
    assert await passkeys.for_user(alice.user.id) == []
