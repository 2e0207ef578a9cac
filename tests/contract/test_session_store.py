"""The SessionStore contract: every adapter of the port passes the same tests."""

from dataclasses import replace
from datetime import timedelta

from domain.model import Session, new_session_id


def a_session(clock, lasting: timedelta = timedelta(hours=1)) -> Session:
    now = clock.now()
    return Session(new_session_id(), "user-1", now, now, now + lasting)


async def test_a_session_put_is_got_until_deleted(sessions, clock):
    session = a_session(clock)
    await sessions.put(session)

    assert await sessions.get(session.id) == session
    await sessions.delete(session.id)
    assert await sessions.get(session.id) is None


async def test_put_replaces_a_session_with_the_same_id(sessions, clock):
    session = a_session(clock)
    await sessions.put(session)
    clock.advance(timedelta(minutes=5))
    renewed = replace(session, last_seen=clock.now(), expires_at=clock.now() + timedelta(hours=1))

    await sessions.put(renewed)

    assert await sessions.get(session.id) == renewed


async def test_an_expired_session_is_none(sessions, clock):
    session = a_session(clock, lasting=timedelta(minutes=10))
    await sessions.put(session)
    clock.advance(timedelta(minutes=10))

    assert await sessions.get(session.id) is None


async def test_unknown_sessions_are_none_and_deleting_them_is_harmless(sessions):
    assert await sessions.get("no-such-session") is None
    await sessions.delete("no-such-session")


async def test_deleting_one_session_keeps_the_others(sessions, clock):
    first, second = a_session(clock), a_session(clock)
    await sessions.put(first)
    await sessions.put(second)

    await sessions.delete(first.id)

    assert await sessions.get(second.id) == second


async def test_delete_for_user_ends_only_that_users_sessions(sessions, clock):
    first, second = a_session(clock), a_session(clock)
    other = replace(a_session(clock), user_id="user-2")
    for session in (first, second, other):
        await sessions.put(session)

    await sessions.delete_for_user("user-1")

    assert (await sessions.get(first.id), await sessions.get(second.id)) == (None, None)
    assert await sessions.get(other.id) == other


async def test_delete_for_user_can_keep_one_session(sessions, clock):
    kept, ended = a_session(clock), a_session(clock)
    for session in (kept, ended):
        await sessions.put(session)

    await sessions.delete_for_user("user-1", keep=kept.id)

    assert (await sessions.get(kept.id), await sessions.get(ended.id)) == (kept, None)


async def test_the_browser_and_address_survive_the_round_trip(sessions, clock):
    session = replace(a_session(clock), agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", address="192.0.2.7")
    await sessions.put(session)

    assert await sessions.get(session.id) == session


async def test_for_user_lists_that_users_live_sessions_oldest_first(sessions, clock):
    first = a_session(clock)
    clock.advance(timedelta(seconds=1))
    ending = a_session(clock, lasting=timedelta(minutes=1))
    clock.advance(timedelta(seconds=1))
    second = a_session(clock)
    bobs = replace(a_session(clock), user_id="user-2")
    for session in (second, bobs, ending, first):
        await sessions.put(session)
    assert await sessions.for_user("user-1") == [first, ending, second]

    clock.advance(timedelta(minutes=1))

    assert await sessions.for_user("user-1") == [first, second]
    assert await sessions.for_user("user-3") == []


async def test_renew_stores_the_new_times(sessions, clock):
    session = a_session(clock)
    await sessions.put(session)
    clock.advance(timedelta(minutes=5))
    renewed = replace(session, last_seen=clock.now(), expires_at=clock.now() + timedelta(hours=1))

    await sessions.renew(renewed)

    assert await sessions.get(session.id) == renewed


async def test_renewing_an_ended_session_does_not_bring_it_back(sessions, clock):
    session = a_session(clock)
    await sessions.put(session)
    await sessions.delete(session.id)

    await sessions.renew(replace(session, last_seen=clock.now() + timedelta(minutes=5)))

    assert await sessions.get(session.id) is None
    assert await sessions.for_user(session.user_id) == []
