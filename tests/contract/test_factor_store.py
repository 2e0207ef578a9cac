"""The FactorStore contract: every adapter of the port passes the same tests."""

import asyncio

from domain.factors import Factors, Totp, recovery_digest

SEALED = bytes(range(40))
CODES = tuple(recovery_digest(code) for code in ("abcde-fghjk", "mnpqr-stuvw", "xyz23-45678"))


async def test_a_user_without_factors_has_none(factors):
    assert await factors.get("user-1") is None
    assert await factors.accept_step("user-1", 5) is False
    assert await factors.use_recovery_code("user-1", CODES[0]) is False
    await factors.replace_recovery_codes("user-1", CODES)
    await factors.delete("user-1")
    assert await factors.get("user-1") is None


async def test_turned_on_factors_come_back_as_they_were_stored(factors):
    await factors.turn_on("user-1", Totp(SEALED), CODES)

    assert await factors.get("user-1") == Factors("user-1", Totp(SEALED, -1), CODES)
    assert await factors.get("user-2") is None


async def test_turning_on_again_replaces_the_secret_and_the_codes(factors):
    await factors.turn_on("user-1", Totp(SEALED), CODES)
    await factors.accept_step("user-1", 100)

    await factors.turn_on("user-1", Totp(b"other"), CODES[:1])

    assert await factors.get("user-1") == Factors("user-1", Totp(b"other", -1), CODES[:1])


async def test_a_step_is_accepted_once_and_never_an_older_one(factors):
    await factors.turn_on("user-1", Totp(SEALED), CODES)

    assert await factors.accept_step("user-1", 100) is True
    assert await factors.accept_step("user-1", 100) is False
    assert await factors.accept_step("user-1", 99) is False
    assert await factors.accept_step("user-1", 101) is True
    assert (await factors.get("user-1")).totp.last_step == 101


async def test_of_two_racing_uses_of_one_step_exactly_one_is_accepted(factors):
    await factors.turn_on("user-1", Totp(SEALED), CODES)

    results = await asyncio.gather(*(factors.accept_step("user-1", 100) for _ in range(5)))

    assert sorted(results) == [False, False, False, False, True]


async def test_a_recovery_code_works_once_and_the_others_stay(factors):
    await factors.turn_on("user-1", Totp(SEALED), CODES)

    assert await factors.use_recovery_code("user-1", CODES[1]) is True
    assert await factors.use_recovery_code("user-1", CODES[1]) is False
    assert await factors.use_recovery_code("user-1", recovery_digest("not-a-code")) is False
    assert (await factors.get("user-1")).recovery == (CODES[0], CODES[2])


async def test_of_two_racing_uses_of_one_recovery_code_exactly_one_works(factors):
    await factors.turn_on("user-1", Totp(SEALED), CODES)

    results = await asyncio.gather(*(factors.use_recovery_code("user-1", CODES[0]) for _ in range(5)))

    assert sorted(results) == [False, False, False, False, True]


async def test_new_recovery_codes_void_the_old_ones(factors):
    await factors.turn_on("user-1", Totp(SEALED), CODES)
    fresh = (recovery_digest("aaaaa-bbbbb"),)

    await factors.replace_recovery_codes("user-1", fresh)

    assert await factors.use_recovery_code("user-1", CODES[0]) is False
    assert await factors.get("user-1") == Factors("user-1", Totp(SEALED), fresh)


async def test_delete_removes_only_that_users_factors(factors):
    await factors.turn_on("user-1", Totp(SEALED), CODES)
    await factors.turn_on("user-2", Totp(SEALED), CODES)

    await factors.delete("user-1")

    assert await factors.get("user-1") is None
    assert await factors.get("user-2") == Factors("user-2", Totp(SEALED), CODES)
