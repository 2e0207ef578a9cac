import asyncio
from datetime import timedelta

import pytest
from dependency_injector import providers

from application.login import Credentials
from domain.model import LoginLimits, LoginName, PasswordHash
from domain.results import InvalidCredentials, LoggedIn, Registered, TooManyAttempts
from tests.fakes import FakeHasher, HeldHasher

RIGHT = "correct horse"


@pytest.fixture
async def alice(register_user, solve):
    result = await register_user(await solve(username="Alice", email="Alice@Example.com", password=RIGHT))
    assert isinstance(result, Registered)
    return result.user


def attempt(login: str = "alice", password: str = RIGHT, client: str = "192.0.2.1", **extra) -> Credentials:
    return Credentials(login, password, client, **extra)


@pytest.mark.parametrize("typed", ["Alice", "alice", "ALICE", "alice@example.com", "ALICE@EXAMPLE.COM"])
async def test_logs_in_by_username_or_email_ignoring_case(login, alice, typed):
    result = await login(attempt(typed))

    assert isinstance(result, LoggedIn)
    assert result.user == alice


async def test_a_login_starts_a_new_session_and_ends_the_one_it_came_with(login, alice, sessions):
    first = await login(attempt())
    second = await login(attempt(session_id=first.session.id))

    assert second.session.id != first.session.id
    assert second.session.user_id == alice.id
    assert await sessions.get(first.session.id) is None
    assert await sessions.get(second.session.id) == second.session


async def test_a_wrong_password_is_invalid_credentials(login, alice):
    assert await login(attempt(password="correct horsE")) == InvalidCredentials()


@pytest.mark.parametrize("typed", ["bob", "bob@example.com", "not an email@", "x"])
async def test_an_unknown_user_is_the_same_outcome_and_still_costs_a_check(login, alice, hasher, typed):
    before = hasher.checks
    assert await login(attempt(typed)) == InvalidCredentials()
    assert hasher.checks == before + 1


async def test_a_password_longer_than_any_allowed_is_an_ordinary_failure(login, alice):
    assert await login(attempt(password="x" * 5000)) == InvalidCredentials()


@pytest.mark.parametrize("name", ["alice", "nobody"])
async def test_five_failures_lock_an_account_even_against_the_right_password(login, alice, name):
    results = [await login(attempt(name, "wrong horse")) for _ in range(5)]

    assert results == [InvalidCredentials()] * 4 + [InvalidCredentials(locked=True)]
    assert await login(attempt(name, RIGHT)) == TooManyAttempts(60)
    assert await login(attempt(name, RIGHT, client="198.51.100.7")) == TooManyAttempts(60)


async def test_a_name_is_counted_alike_whether_or_not_anyone_has_it(login, alice):
    # Failing as "kate" and then trying "\u212aate" (a Kelvin sign) must not tell whether kate exists.
    for name in ["alice", "nobody"]:
        for _ in range(5):
            await login(attempt(name, "wrong horse"))
    results = [await login(attempt(name)) for name in ["\u212alice", "\u212aobody", "ALICE", "NOBODY"]]

    assert results[:2] == [InvalidCredentials(), InvalidCredentials()]
    assert results[2:] == [TooManyAttempts(60), TooManyAttempts(60)]


async def test_username_and_email_are_counted_apart(login, alice):
    for typed in ["alice", "alice@example.com"] * 2 + ["ALICE"]:
        await login(attempt(typed, "wrong horse"))

    assert isinstance(await login(attempt("alice@example.com")), LoggedIn)


async def test_guesses_sent_at_once_get_no_more_checks_than_the_limit(login, alice, hasher):
    guesses = [attempt(password=f"wrong horse {n}") for n in range(60)] + [attempt()]

    results = await asyncio.gather(*(login(guess) for guess in guesses))

    assert hasher.checks <= 5
    assert sum(isinstance(r, TooManyAttempts) for r in results) >= 56
    assert not isinstance(results[-1], LoggedIn)


async def test_retry_after_says_how_long_the_lock_lasts(login, alice, clock):
    for _ in range(5):
        await login(attempt(password="wrong horse"))
    clock.advance(timedelta(seconds=20))

    assert await login(attempt()) == TooManyAttempts(40)


async def test_the_lock_cools_down_and_grows_with_more_failures(login, alice, clock):
    for _ in range(5):
        await login(attempt(password="wrong horse"))
    clock.advance(timedelta(minutes=1))
    assert await login(attempt(password="wrong horse")) == InvalidCredentials(locked=True)  # the sixth: two minutes

    clock.advance(timedelta(minutes=1, seconds=30))
    assert await login(attempt()) == TooManyAttempts(30)
    clock.advance(timedelta(seconds=31))
    assert isinstance(await login(attempt()), LoggedIn)


async def test_a_success_resets_the_count(login, alice):
    for _ in range(4):
        await login(attempt(password="wrong horse"))
    assert isinstance(await login(attempt()), LoggedIn)

    for _ in range(4):
        assert await login(attempt(password="wrong horse")) == InvalidCredentials()
    assert isinstance(await login(attempt()), LoggedIn)


async def test_one_client_failing_on_many_accounts_is_refused_after_twenty(login, alice):
    for n in range(20):
        assert await login(attempt(f"user{n}", "wrong horse")) == InvalidCredentials()

    assert await login(attempt()) == TooManyAttempts(600)
    assert isinstance(await login(attempt(client="198.51.100.7")), LoggedIn)


async def test_the_client_limit_is_forgotten_after_ten_minutes(login, alice, clock):
    for n in range(20):
        await login(attempt(f"user{n}", "wrong horse"))
    clock.advance(timedelta(minutes=10))

    assert isinstance(await login(attempt()), LoggedIn)


async def test_a_hash_made_more_cheaply_is_upgraded_at_the_next_login(login, alice, hasher, users):
    hasher.cost = 2
    assert hasher.needs_rehash(alice.password_hash)

    result = await login(attempt())

    assert isinstance(result, LoggedIn)
    stored = await users.get(alice.id)
    assert not hasher.needs_rehash(stored.password_hash)
    assert await hasher.verify(RIGHT, stored.password_hash)


async def right_logins_at_once(container, count: int) -> list:
    """`count` right logins to alice whose password checks overlap: none finishes before all have begun."""
    held = HeldHasher()
    container.hasher.override(providers.Object(held))
    login = container.login()
    racing = asyncio.gather(*(login(attempt()) for _ in range(count)))
    await asyncio.to_thread(held.entered.wait, 5)
    await asyncio.sleep(0.2)  # the others reach the throttle meanwhile
    held.release.set()
    return await racing


async def test_simultaneous_right_logins_are_never_refused(container, alice):
    results = await right_logins_at_once(container, 6)

    assert [type(r) for r in results] == [LoggedIn] * 6
    assert isinstance(await container.login()(attempt()), LoggedIn)


async def test_an_attempt_waits_only_so_long_for_those_ahead_and_no_lock_is_left(container, alice):
    container.login_limits.override(providers.Object(LoginLimits(in_flight_wait=timedelta(milliseconds=50))))

    results = await right_logins_at_once(container, 6)

    assert sorted(type(r).__name__ for r in results) == ["LoggedIn"] * 5 + ["TooManyAttempts"]
    assert TooManyAttempts(1) in results
    assert isinstance(await container.login()(attempt()), LoggedIn)


async def test_guesses_behind_a_right_login_wait_for_it_and_are_then_checked(container, alice, clock):
    held = HeldHasher()
    container.hasher.override(providers.Object(held))
    login = container.login()
    for _ in range(4):
        await login(attempt(password="wrong horse"))
    right = asyncio.create_task(login(attempt()))
    await asyncio.to_thread(held.entered.wait, 5)
    guess = asyncio.create_task(login(attempt(password="wrong horse")))
    await asyncio.sleep(0.2)
    assert not guess.done()  # a fifth failure might lock: it waits for the right login's verdict

    held.release.set()

    assert isinstance(await right, LoggedIn)
    assert await guess == InvalidCredentials()  # the count started again at the success


async def test_a_lock_comes_only_from_failures_and_says_its_real_time(container, alice, attempts, clock):
    login = container.login()
    for _ in range(5):
        await login(attempt(password="wrong horse"))
    clock.advance(timedelta(seconds=25))

    refused = await login(attempt())

    key = LoginName(username=alice.username).key
    record = (await attempts.get_many([key]))[key]
    assert (record.failures, record.in_flight) == (5, ())
    assert refused == TooManyAttempts(int((record.locked_until - clock.now()).total_seconds()))


class BrokenHasher(FakeHasher):
    async def verify(self, password: str, hashed: PasswordHash | None) -> bool:
        raise RuntimeError("the hasher's threads are gone")


async def test_an_attempt_whose_check_breaks_leaves_nothing_in_flight(container, alice, attempts):
    container.hasher.override(providers.Object(BrokenHasher()))

    with pytest.raises(RuntimeError):
        await container.login()(attempt())

    keys = [LoginName(username=alice.username).key, "client:192.0.2.1"]
    assert await attempts.get_many(keys) == dict.fromkeys(keys)


async def test_a_chinese_name_logs_in(login, register_user, solve):
    registered = await register_user(await solve(username="张三", email="zhang@example.com", password=RIGHT))

    result = await login(attempt("张三"))

    assert isinstance(result, LoggedIn)
    assert result.user == registered.user


async def test_every_spelling_of_a_name_logs_in_and_shares_its_failure_count(login, alice):
    assert isinstance(await login(attempt("ＡＬＩＣＥ")), LoggedIn)  # full-width
    for typed in ["ＡＬＩＣＥ", "alice", "Ａlice", "ALICE", "ａｌｉｃｅ"]:
        await login(attempt(typed, "wrong horse"))

    assert await login(attempt("alice")) == TooManyAttempts(60)
    assert await login(attempt("ＡＬＩＣＥ")) == TooManyAttempts(60)
