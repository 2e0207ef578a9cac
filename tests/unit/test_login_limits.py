from datetime import UTC, datetime, timedelta

import pytest

from adapters.emails import EmailAddressValidator
from domain.model import Attempts, InFlight, LoginLimits, LoginName
from tests.names import RULES, username

NOW = datetime(2026, 1, 1, tzinfo=UTC)
LIMITS = LoginLimits()


def record(failures: int = 0, *flying: str, locked_until: datetime | None = None, started: datetime = NOW) -> Attempts:
    return Attempts("k", failures, NOW + timedelta(days=1), locked_until, tuple(InFlight(f, started) for f in flying))


@pytest.mark.parametrize(
    ("failures", "lock"),
    [
        (4, None),
        (5, timedelta(minutes=1)),
        (6, timedelta(minutes=2)),
        (8, timedelta(minutes=8)),
        (12, timedelta(hours=1)),
    ],
)
def test_the_lock_starts_at_the_fifth_failure_and_doubles_up_to_an_hour(failures, lock):
    assert LIMITS.account_lock(failures, NOW) == (NOW + lock if lock else None)


def test_a_lock_refuses_until_it_ends_and_the_client_limit_until_it_is_forgotten():
    locked = record(5, locked_until=NOW + timedelta(minutes=1))
    client = record(20)

    assert LIMITS.refused_until(None, locked, NOW) == NOW + timedelta(minutes=1)
    assert LIMITS.refused_until(None, locked, NOW + timedelta(minutes=1)) is None
    assert LIMITS.refused_until(client, None, NOW) == client.forget_at
    assert LIMITS.refused_until(record(19), record(9), NOW) is None  # failures alone refuse nobody


@pytest.mark.parametrize(
    ("failures", "admitted"),
    [(0, ["a1", "a2", "a3", "a4", "a5"]), (3, ["a1", "a2"]), (4, ["a1"]), (5, ["a1"]), (9, ["a1"])],
)
def test_attempts_in_flight_are_checked_only_as_many_as_failures_could_still_lock(failures, admitted):
    account = record(failures, *[f"a{n}" for n in range(1, 8)])

    assert [a for a in [f"a{n}" for n in range(1, 8)] if LIMITS.admits(None, account, a, NOW)] == admitted


def test_the_client_limit_admits_in_flight_up_to_its_failures_left():
    client = record(18, "a1", "a2", "a3")

    assert [LIMITS.admits(client, None, a, NOW) for a in ["a1", "a2", "a3"]] == [True, True, False]


def test_an_attempt_in_flight_too_long_lost_its_process_and_holds_nobody_back():
    old = NOW - LIMITS.abandoned_after - timedelta(seconds=1)
    account = Attempts("k", 4, NOW, None, (InFlight("dead", old), InFlight("a1", NOW)))

    assert LIMITS.admits(None, account, "a1", NOW)
    assert not LIMITS.admits(None, record(4, "a0", "a1"), "a1", NOW)


def test_an_attempt_no_longer_recorded_is_first():
    assert LIMITS.admits(None, record(4, "a0"), "cleared", NOW)


def read(typed: str) -> LoginName:
    return LoginName.read(typed, EmailAddressValidator().normalize, RULES.read)


def test_a_login_name_is_a_username_an_email_or_neither():
    assert read("Alice") == LoginName(username=username("Alice"))
    assert read("alice@example.com").email.value == "alice@example.com"
    assert read(" Not A Name ") == LoginName(other="not a name")
    assert read("broken@") == LoginName(other="broken@")


def test_one_name_has_one_key_however_it_is_spelt_and_kinds_never_share_one():
    assert read("Alice").key == read("ALICE").key == LoginName(username=username("alice")).key
    assert read("alice@example.com").key == read("ALICE@Example.com").key
    assert read("ＡＬＩＣＥ").key == read("alice").key == read("Alice").key  # full-width forms fold too
    assert read("张三").key != read("張三").key  # simplified and traditional are two names
    keys = {read("alice").key, read("alice@example.com").key, read("al ice").key, read("\u212alice").key}
    assert len(keys) == 4
    assert all(key.startswith("login:") and "alice" not in key for key in keys)
