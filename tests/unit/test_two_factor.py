"""A second factor through the use cases on memory storage: setting up an authenticator app (the code computed
here, as the app would), recovery codes, turning it off, and the check a sign-in will make."""

import base64
from dataclasses import replace
from datetime import timedelta

import pytest

from application.throttle import PasswordConfirmation
from application.two_factor import TotpConfirmation
from domain.errors import InvalidField, Problem
from domain.results import (
    InvalidFields,
    NotSignedIn,
    RecoveryCodesMade,
    TooManyAttempts,
    TotpEnabled,
    TotpNotConfirmed,
    TwoFactorAlreadyOn,
    TwoFactorNotOn,
    TwoFactorOff,
    UnknownUser,
)
from tests.codes import code_at
from tests.mail import mailed

RIGHT = "correct horse"


async def test_setup_offers_a_secret_and_its_uri_and_stores_nothing(alice, setup, factors):
    assert len(setup.secret) == 32 and f"secret={setup.secret}" in setup.uri and "meet:Alice" in setup.uri
    assert setup.secret not in setup.pending
    assert await factors.get(alice.user.id) is None


async def test_the_apps_code_turns_it_on_with_ten_recovery_codes_stored_only_as_hashes(
    alice, setup, container, factors, users, clock, outbox
):
    result = await container.enable_totp()(
        TotpConfirmation(alice.session.id, setup.pending, code_at(setup.secret, clock.now()))
    )

    assert isinstance(result, TotpEnabled) and len(set(result.recovery_codes)) == 10
    stored = await factors.get(alice.user.id)
    assert stored.totp is not None and setup.secret.encode() not in stored.totp.sealed_secret
    assert not set(result.recovery_codes) & set(stored.recovery)
    assert (await users.get(alice.user.id)).two_step is True, "a login would not look for the factor"
    (notice,) = await mailed(outbox, clock)
    assert notice.to == alice.user.email.value and "on" in notice.subject


@pytest.mark.parametrize("code", ["six digits", "", "abcdef"])
async def test_a_wrong_code_turns_nothing_on(alice, setup, container, factors, clock, code):
    if code == "six digits":  # six digits none of the three accepted codes is
        accepted = {code_at(setup.secret, clock.now(), drift) for drift in (-30, 0, 30)}
        code = next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)
    result = await container.enable_totp()(TotpConfirmation(alice.session.id, setup.pending, code))

    assert isinstance(result, TotpNotConfirmed) and result.setup.secret == setup.secret, "the same secret again"
    assert await factors.get(alice.user.id) is None


async def test_a_setup_form_is_no_use_to_anyone_else(alice, setup, container, register_user, solve, clock, factors):
    bob = await register_user(await solve(username="bob", email="bob@example.com"))
    code = code_at(setup.secret, clock.now())

    for session, pending in [(bob.session, setup.pending)] + [
        (alice.session, broken) for broken in (base64.urlsafe_b64encode(b"not sealed").decode(), "not base64!", "中文")
    ]:
        result = await container.enable_totp()(TotpConfirmation(session.id, pending, code))
        assert isinstance(result, TotpNotConfirmed) and result.setup.secret != setup.secret, "a new secret"
    assert await factors.get(bob.user.id) is None and await factors.get(alice.user.id) is None


async def test_once_on_it_is_not_set_up_again(alice, enabled, container):
    assert await container.start_totp()(alice.session.id) == TwoFactorAlreadyOn(replace(alice.user, two_step=True), 10)


async def test_the_code_that_turned_it_on_does_not_sign_in_but_the_next_one_does(
    alice, setup, enabled, second_factor, clock
):
    assert await second_factor.check(alice.user.id, code_at(setup.secret, clock.now()), clock.now()) is False

    clock.advance(timedelta(seconds=30))

    assert await second_factor.check(alice.user.id, code_at(setup.secret, clock.now()), clock.now()) is True


async def test_a_code_is_accepted_once_and_an_older_one_never(alice, setup, enabled, second_factor, clock):
    clock.advance(timedelta(seconds=60))
    now, earlier = code_at(setup.secret, clock.now()), code_at(setup.secret, clock.now(), drift=-30)

    assert await second_factor.check(alice.user.id, now, clock.now()) is True
    assert await second_factor.check(alice.user.id, now, clock.now()) is False, "replayed"
    assert await second_factor.check(alice.user.id, earlier, clock.now()) is False


async def test_one_step_of_clock_drift_either_way_is_accepted(alice, setup, enabled, second_factor, clock):
    clock.advance(timedelta(seconds=90))

    assert await second_factor.check(alice.user.id, code_at(setup.secret, clock.now(), drift=30), clock.now()) is True
    clock.advance(timedelta(seconds=90))  # the step before now is later than the one just accepted
    assert await second_factor.check(alice.user.id, code_at(setup.secret, clock.now(), drift=-30), clock.now()) is True
    assert await second_factor.check(alice.user.id, code_at(setup.secret, clock.now(), drift=90), clock.now()) is False


async def test_a_recovery_code_works_once_in_any_case_and_spacing(alice, enabled, second_factor, clock):
    first, second = enabled.recovery_codes[:2]

    assert await second_factor.check(alice.user.id, first.upper().replace("-", " "), clock.now()) is True
    assert await second_factor.check(alice.user.id, first, clock.now()) is False
    assert await second_factor.check(alice.user.id, second, clock.now()) is True


async def test_a_user_without_a_second_factor_has_no_code_that_works(alice, second_factor, clock):
    assert await second_factor.check(alice.user.id, "123456", clock.now()) is False


async def test_new_recovery_codes_need_the_password_and_void_the_old_ones(
    alice, enabled, container, second_factor, clock
):
    refused = await container.new_recovery_codes()(PasswordConfirmation(alice.session.id, "not the password"))
    assert refused == InvalidFields((InvalidField("current_password", Problem.PASSWORD_WRONG),))

    made = await container.new_recovery_codes()(PasswordConfirmation(alice.session.id, RIGHT))

    assert isinstance(made, RecoveryCodesMade) and set(made.recovery_codes).isdisjoint(enabled.recovery_codes)
    assert await second_factor.check(alice.user.id, enabled.recovery_codes[0], clock.now()) is False
    assert await second_factor.check(alice.user.id, made.recovery_codes[0], clock.now()) is True


async def test_no_recovery_codes_without_a_second_factor(alice, container):
    assert await container.new_recovery_codes()(PasswordConfirmation(alice.session.id, RIGHT)) == TwoFactorNotOn()


async def test_turning_it_off_needs_the_password_removes_everything_and_tells_the_address(
    alice, setup, enabled, container, factors, users, second_factor, outbox, clock
):
    disable = container.disable_two_factor()
    assert isinstance(await disable(PasswordConfirmation(alice.session.id, "not the password")), InvalidFields)
    assert await factors.get(alice.user.id) is not None

    marked = replace(alice.user, two_step=True)
    assert await disable(PasswordConfirmation(alice.session.id, RIGHT)) == TwoFactorOff(marked)

    assert await factors.get(alice.user.id) is None
    assert (await users.get(alice.user.id)).two_step is False
    assert await second_factor.check(alice.user.id, enabled.recovery_codes[0], clock.now()) is False
    (notice,) = await mailed(outbox, clock)
    assert notice.to == alice.user.email.value and "off" in notice.subject


async def test_wrong_passwords_to_turn_it_off_count_as_login_failures(alice, enabled, container):
    disable = container.disable_two_factor()
    for _ in range(5):
        await disable(PasswordConfirmation(alice.session.id, "not the password"))

    assert isinstance(await disable(PasswordConfirmation(alice.session.id, RIGHT)), TooManyAttempts)


async def test_signed_out_nothing_happens(container):
    assert await container.start_totp()(None) == NotSignedIn()
    assert await container.enable_totp()(TotpConfirmation(None, "", "123456")) == NotSignedIn()
    assert await container.disable_two_factor()(PasswordConfirmation(None, RIGHT)) == NotSignedIn()
    assert await container.new_recovery_codes()(PasswordConfirmation("nobody", RIGHT)) == NotSignedIn()


async def test_an_admin_reset_removes_the_factors_and_tells_the_address(
    alice, enabled, container, factors, users, outbox, clock
):
    reset = container.reset_two_factor()

    assert await reset("ALICE") == TwoFactorOff(replace(alice.user, two_step=True))
    assert await factors.get(alice.user.id) is None
    assert (await users.get(alice.user.id)).two_step is False
    (notice,) = await mailed(outbox, clock)
    assert notice.to == alice.user.email.value
    assert await reset("alice") == TwoFactorNotOn()
    assert await reset("nobody") == UnknownUser()
