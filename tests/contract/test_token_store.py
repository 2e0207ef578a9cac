"""The TokenStore contract: every adapter of the port passes the same tests."""

import asyncio
from datetime import timedelta

from domain.links import CHANGE_EMAIL, RESET, Token

HOUR = timedelta(hours=1)


def a_token(clock, digest: str = "d1", user_id: str = "u1", lasting: timedelta = HOUR) -> Token:
    return Token(digest, RESET, user_id, f"stamp-{user_id}", clock.now() + lasting)


async def test_a_token_comes_back_as_it_was_added(tokens, clock):
    stored = Token("a" * 64, RESET, "user-1", "0123456789abcdef" * 2, clock.now() + HOUR + timedelta(milliseconds=877))
    nobodys = Token("b" * 64, RESET, "", "", clock.now() + HOUR)
    await tokens.add(stored)
    await tokens.add(nobodys)

    got = await tokens.get(stored.digest)

    assert got == stored
    assert got is not None and got.expires_at.utcoffset() == timedelta(0)
    assert await tokens.get(nobodys.digest) == nobodys
    assert await tokens.get(stored.digest) == stored, "reading a token does not use it up"


async def test_an_unknown_token_is_none(tokens):
    assert await tokens.get("never-made") is None
    assert await tokens.take("never-made") is None
    await tokens.delete_for_user("no-such-user")


async def test_a_token_is_taken_once(tokens, clock):
    stored, other = a_token(clock, "d1"), a_token(clock, "d2")
    await tokens.add(stored)
    await tokens.add(other)

    assert await tokens.take("d1") == stored
    assert await tokens.take("d1") is None
    assert await tokens.get("d1") is None
    assert await tokens.get("d2") == other


async def test_a_token_works_until_it_expires(tokens, clock):
    got, taken = a_token(clock, "d1"), a_token(clock, "d2")
    await tokens.add(got)
    await tokens.add(taken)
    await tokens.add(a_token(clock, "d3"))
    clock.advance(HOUR - timedelta(milliseconds=1))

    assert await tokens.get("d1") == got
    assert await tokens.take("d2") == taken
    clock.advance(timedelta(milliseconds=1))  # a token ends at its expires_at, not after
    assert await tokens.get("d1") is None
    assert await tokens.take("d1") is None
    assert await tokens.take("d3") is None


async def test_adding_a_token_keeps_the_others_that_have_not_expired(tokens, clock):
    short, long = a_token(clock, "d1", lasting=HOUR), a_token(clock, "d2", lasting=2 * HOUR)
    await tokens.add(short)
    await tokens.add(long)
    clock.advance(HOUR)

    await tokens.add(a_token(clock, "d3"))

    assert await tokens.get("d2") == long
    assert await tokens.get("d1") is None


async def test_of_two_racing_takes_exactly_one_gets_the_token(tokens, clock):
    # Several rounds: the first may find a client's connections still opening, one take after the other.
    for number in range(5):
        stored = a_token(clock, f"d{number}")
        await tokens.add(stored)

        taken = await asyncio.gather(tokens.take(stored.digest), tokens.take(stored.digest))

        assert sorted(taken, key=lambda found: found is None) == [stored, None], f"round {number}"


async def test_delete_for_user_removes_only_that_users_tokens(tokens, clock):
    mine, also_mine = a_token(clock, "d1", "u1"), a_token(clock, "d2", "u1")
    theirs, nobodys = a_token(clock, "d3", "u2"), a_token(clock, "d4", "")
    for stored in (mine, also_mine, theirs, nobodys):
        await tokens.add(stored)

    await tokens.delete_for_user("u1")

    assert [await tokens.get(digest) for digest in ("d1", "d2", "d3", "d4")] == [None, None, theirs, nobodys]


async def test_a_link_to_a_new_address_keeps_the_address(tokens, clock):
    change = Token("c" * 64, CHANGE_EMAIL, "user-1", "stamp", clock.now() + HOUR, email="Alice@New.example")
    await tokens.add(change)

    assert await tokens.get(change.digest) == change
    assert await tokens.take(change.digest) == change
