"""Where a person is signed in, through the use cases on memory storage: listing, ending one, ending the others."""

from datetime import timedelta

import pytest

from application.login import Credentials
from application.sessions import OTHERS, EndRequest
from domain.model import AGENT_MAX
from domain.results import NotSignedIn, SessionList, SessionsEnded

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.fixture
def list_sessions(container):
    return container.list_sessions()


@pytest.fixture
def end_sessions(container):
    return container.end_sessions()


@pytest.fixture
async def elsewhere(alice, login, clock):
    """Alice signed in a second time, a minute later, from another browser and address."""
    clock.advance(timedelta(minutes=1))
    return await login(Credentials("alice", "correct horse", client="198.51.100.4", agent=FIREFOX))


async def test_the_list_holds_each_session_with_its_browser_and_address_this_one_marked(
    alice, elsewhere, list_sessions
):
    listed = await list_sessions(alice.session.id)

    assert isinstance(listed, SessionList) and listed.user == alice.user
    assert [s.id for s in listed.sessions] == [alice.session.id, elsewhere.session.id]
    assert (listed.sessions[1].agent, listed.sessions[1].address) == (FIREFOX, "198.51.100.4")
    assert listed.current == alice.session.handle != elsewhere.session.handle


async def test_ending_one_session_by_its_handle_ends_only_it(alice, elsewhere, end_sessions, load_user):
    assert await end_sessions(EndRequest(alice.session.id, elsewhere.session.handle)) == SessionsEnded(1)

    assert await load_user(elsewhere.session.id) is None
    assert await load_user(alice.session.id) == alice.user


async def test_ending_the_others_keeps_this_one(alice, elsewhere, login, end_sessions, load_user):
    third = await login(Credentials("alice", "correct horse"))

    assert await end_sessions(EndRequest(alice.session.id, OTHERS)) == SessionsEnded(2)

    assert await load_user(elsewhere.session.id) is None and await load_user(third.session.id) is None
    assert await load_user(alice.session.id) == alice.user


async def test_another_users_session_and_this_one_are_not_ended_by_handle(
    alice, register_user, solve, end_sessions, load_user
):
    bob = await register_user(await solve(username="bob", email="bob@example.com"))

    assert await end_sessions(EndRequest(alice.session.id, bob.session.handle)) == SessionsEnded(0)
    assert await end_sessions(EndRequest(alice.session.id, alice.session.handle)) == SessionsEnded(0)
    assert await load_user(bob.session.id) == bob.user
    assert await load_user(alice.session.id) == alice.user


async def test_without_a_session_nothing_is_listed_or_ended(alice, list_sessions, end_sessions, load_user):
    assert await list_sessions(None) == NotSignedIn()
    assert await end_sessions(EndRequest("not-a-session", OTHERS)) == NotSignedIn()
    assert await load_user(alice.session.id) == alice.user


async def test_a_long_user_agent_is_cut(alice, login, list_sessions):
    await login(Credentials("alice", "correct horse", agent="x" * 5000))

    listed = await list_sessions(alice.session.id)

    assert len(listed.sessions[-1].agent) == AGENT_MAX
