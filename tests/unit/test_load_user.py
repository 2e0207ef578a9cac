from datetime import timedelta

import pytest

from domain.results import LoggedOut, Registered


@pytest.fixture
async def registered(register_user, solve) -> Registered:
    result = await register_user(await solve())
    assert isinstance(result, Registered)
    return result


async def test_a_registration_signs_in(load_user, registered):
    assert await load_user(registered.session.id) == registered.user


async def test_no_id_and_an_unknown_id_are_nobody(load_user, registered):
    assert await load_user(None) is None
    assert await load_user("") is None
    assert await load_user("no-such-session") is None


async def test_an_idle_session_ends(load_user, registered, clock):
    clock.advance(timedelta(minutes=29))
    assert await load_user(registered.session.id) == registered.user
    clock.advance(timedelta(minutes=29))
    assert await load_user(registered.session.id) == registered.user  # each request keeps it alive

    clock.advance(timedelta(minutes=30))
    assert await load_user(registered.session.id) is None


async def test_a_busy_session_still_ends_at_its_absolute_limit(load_user, registered, clock):
    for _ in range(16):
        clock.advance(timedelta(minutes=29))
        assert await load_user(registered.session.id) == registered.user
    clock.advance(timedelta(minutes=29))  # 8 h 41 min after it began

    assert await load_user(registered.session.id) is None


async def test_logout_ends_the_session(load_user, registered, container):
    assert await container.logout()(registered.session.id) == LoggedOut()

    assert await load_user(registered.session.id) is None


async def test_a_session_of_a_user_who_is_gone_is_nobody(load_user, registered, users):
    users._by_id.clear()

    assert await load_user(registered.session.id) is None
