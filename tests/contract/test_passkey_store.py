"""The PasskeyStore contract: every adapter of the port passes the same tests."""

import asyncio
from dataclasses import replace
from datetime import timedelta

from domain.passkeys import Passkey

PUBLIC_KEY = bytes(range(77))


def a_passkey(
    clock, credential_id: bytes = b"\x01credential-1", user_id: str = "user-1", sign_count: int = 0
) -> Passkey:
    return Passkey(credential_id, user_id, PUBLIC_KEY, sign_count, "Laptop", added_at=clock.now())


async def test_a_passkey_comes_back_as_it_was_added(passkeys, clock):
    passkey = replace(a_passkey(clock, sign_count=7), added_at=clock.now() + timedelta(milliseconds=877))
    assert await passkeys.add(passkey) is True

    got = await passkeys.get(passkey.id)

    assert got == passkey
    assert got is not None and got.added_at.utcoffset() == timedelta(0)
    assert got.last_used_at is None
    assert await passkeys.get(b"\x00no-such-credential") is None


async def test_a_second_passkey_with_the_same_id_is_refused_and_the_first_kept(passkeys, clock):
    first = a_passkey(clock)
    await passkeys.add(first)

    assert await passkeys.add(replace(first, user_id="user-2", public_key=b"other", name="Phone")) is False

    assert await passkeys.get(first.id) == first
    assert await passkeys.for_user("user-2") == []


async def test_for_user_lists_only_that_users_passkeys_oldest_first(passkeys, clock):
    newest = a_passkey(clock, b"\x03")
    clock.advance(timedelta(seconds=-2))
    oldest = a_passkey(clock, b"\x09")
    clock.advance(timedelta(seconds=1))
    # Added at the same time: by id, as MongoDB sorts binary, the shorter first.
    middle, same_time, longer = a_passkey(clock, b"\x05"), a_passkey(clock, b"\x04"), a_passkey(clock, b"\x01\xff")
    others = a_passkey(clock, b"\x07", user_id="user-2")
    for passkey in (newest, oldest, longer, middle, others, same_time):
        await passkeys.add(passkey)

    assert await passkeys.for_user("user-1") == [oldest, same_time, middle, longer, newest]
    assert await passkeys.for_user("user-2") == [others]
    assert await passkeys.for_user("user-3") == []


async def test_removing_gives_the_passkey_removed_and_it_is_gone(passkeys, clock):
    passkey, kept = a_passkey(clock, b"\x01"), a_passkey(clock, b"\x02")
    await passkeys.add(passkey)
    await passkeys.add(kept)

    assert await passkeys.remove("user-1", passkey.id) == passkey

    assert await passkeys.get(passkey.id) is None
    assert await passkeys.remove("user-1", passkey.id) is None
    assert await passkeys.for_user("user-1") == [kept]


async def test_another_user_cannot_remove_someones_passkey(passkeys, clock):
    passkey = a_passkey(clock)
    await passkeys.add(passkey)

    assert await passkeys.remove("user-2", passkey.id) is None

    assert await passkeys.get(passkey.id) == passkey


async def test_a_sign_in_moves_the_counter_and_is_remembered(passkeys, clock):
    passkey = a_passkey(clock, sign_count=5)
    await passkeys.add(passkey)
    clock.advance(timedelta(minutes=3, milliseconds=250))

    assert await passkeys.used(passkey.id, 6, clock.now()) is True

    got = await passkeys.get(passkey.id)
    assert got == passkey.used(6, clock.now())
    assert got is not None and got.last_used_at is not None and got.last_used_at.utcoffset() == timedelta(0)
    clock.advance(timedelta(minutes=1))
    assert await passkeys.used(passkey.id, 40, clock.now()) is True
    assert await passkeys.get(passkey.id) == passkey.used(40, clock.now())


async def test_a_counter_that_stands_still_or_goes_back_is_refused(passkeys, clock):
    passkey = a_passkey(clock, sign_count=5)
    await passkeys.add(passkey)
    later = clock.now() + timedelta(minutes=1)

    assert await passkeys.used(passkey.id, 5, later) is False
    assert await passkeys.used(passkey.id, 4, later) is False
    assert await passkeys.used(passkey.id, 0, later) is False

    assert await passkeys.get(passkey.id) == passkey


async def test_an_authenticator_without_a_counter_keeps_signing_in_at_zero(passkeys, clock):
    passkey = a_passkey(clock, sign_count=0)
    await passkeys.add(passkey)

    for minutes in (1, 2):
        clock.advance(timedelta(minutes=minutes))
        assert await passkeys.used(passkey.id, 0, clock.now()) is True
        assert await passkeys.get(passkey.id) == passkey.used(0, clock.now())
    assert await passkeys.used(passkey.id, 1, clock.now()) is True
    assert await passkeys.used(passkey.id, 0, clock.now()) is False, "once it counts, 0 is going back"


async def test_a_sign_in_with_a_passkey_that_is_gone_is_refused(passkeys, clock):
    assert await passkeys.used(b"\x00no-such-credential", 1, clock.now()) is False
    passkey = a_passkey(clock)
    await passkeys.add(passkey)
    await passkeys.remove("user-1", passkey.id)

    assert await passkeys.used(passkey.id, 1, clock.now()) is False
    assert await passkeys.get(passkey.id) is None


async def test_of_racing_sign_ins_with_one_counter_value_exactly_one_passes(passkeys, clock):
    passkey = a_passkey(clock, sign_count=3)
    await passkeys.add(passkey)

    results = await asyncio.gather(*(passkeys.used(passkey.id, 4, clock.now()) for _ in range(5)))

    assert sorted(results) == [False, False, False, False, True]
    assert (await passkeys.get(passkey.id)) == passkey.used(4, clock.now())


async def test_delete_for_user_removes_only_that_users_passkeys(passkeys, clock):
    first, second = a_passkey(clock, b"\x01"), a_passkey(clock, b"\x02")
    others = a_passkey(clock, b"\x03", user_id="user-2")
    for passkey in (first, second, others):
        await passkeys.add(passkey)

    await passkeys.delete_for_user("user-1")

    assert await passkeys.for_user("user-1") == []
    assert (await passkeys.get(first.id), await passkeys.get(second.id)) == (None, None)
    assert await passkeys.get(others.id) == others
    await passkeys.delete_for_user("user-3")
