"""The AttemptStore contract: every adapter of the port passes the same tests."""

import asyncio
from datetime import timedelta

from domain.model import InFlight

TEN = timedelta(minutes=10)


def ids(record) -> list[str]:
    return [flight.id for flight in record.in_flight]


async def test_failures_are_counted_per_key(attempts, clock):
    now = clock.now()

    first = await attempts.fail("k:a", "a1", now, now + TEN)
    second = await attempts.fail("k:a", "a2", now, now + TEN)
    other = await attempts.fail("k:b", "b1", now, now + TEN)

    assert (first.failures, second.failures, other.failures) == (1, 2, 1)
    assert (second.forget_at, second.locked_until) == (now + TEN, None)
    assert await attempts.get("k:a") == second


async def test_attempts_in_flight_are_kept_oldest_first_apart_from_failures(attempts, clock):
    now = clock.now()
    await attempts.begin("k:a", "a1", now, now + TEN)
    clock.advance(timedelta(seconds=1))

    record = await attempts.begin("k:a", "a2", clock.now(), clock.now() + TEN)

    assert record.in_flight == (InFlight("a1", now), InFlight("a2", clock.now()))
    assert record.failures == 0
    assert await attempts.get("k:a") == record


async def test_a_failure_stays_in_flight_until_it_ends(attempts, clock):
    now = clock.now()
    for attempt in ["a1", "a2"]:
        await attempts.begin("k:a", attempt, now, now + TEN)

    failed = await attempts.fail("k:a", "a1", now, now + TEN)
    assert (failed.failures, ids(failed)) == (1, ["a1", "a2"])

    await attempts.end("k:a", "a1")
    assert ids(await attempts.get("k:a")) == ["a2"]
    assert (await attempts.get("k:a")).failures == 1


async def test_a_success_forgets_the_failures_and_the_lock_but_not_the_others_in_flight(attempts, clock):
    now = clock.now()
    for attempt in ["a1", "a2"]:
        await attempts.begin("k:a", attempt, now, now + TEN)
    await attempts.fail("k:a", "old", now, now + TEN)
    await attempts.claim_lock("k:a", now, now + TEN)

    await attempts.succeed("k:a", "a1")

    record = await attempts.get("k:a")
    assert (record.failures, record.locked_until, ids(record)) == (0, None, ["a2"])


async def test_ending_an_attempt_counts_nothing(attempts, clock):
    now = clock.now()
    for attempt in ["a1", "a2"]:
        await attempts.begin("k:a", attempt, now, now + TEN)

    await attempts.end("k:a", "a1")
    await attempts.end("k:a", "never-began")
    await attempts.end("k:none", "a1")
    await attempts.succeed("k:none", "a1")

    record = await attempts.get("k:a")
    assert (record.failures, ids(record)) == (0, ["a2"])
    assert await attempts.get("k:none") is None


async def test_a_record_with_no_failure_and_nothing_in_flight_is_dropped(attempts, clock):
    now = clock.now()
    for key in ["k:a", "k:b"]:
        await attempts.begin(key, "a1", now, now + TEN)
    await attempts.fail("k:b", "a1", now, now + TEN)

    await attempts.end("k:a", "a1")
    await attempts.succeed("k:b", "a1")

    assert await attempts.get("k:a") is None
    assert await attempts.get("k:b") is None


async def test_each_change_keeps_the_record_longer(attempts, clock):
    start = clock.now()
    await attempts.fail("k:a", "a1", start, start + TEN)
    clock.advance(timedelta(minutes=3))

    later = await attempts.begin("k:a", "a2", clock.now(), clock.now() + TEN)
    again = await attempts.fail("k:a", "a2", clock.now(), start + TEN)

    assert (later.failures, later.forget_at) == (1, clock.now() + TEN)
    assert (again.failures, again.forget_at) == (2, clock.now() + TEN)


async def test_a_forgotten_record_is_none_and_counting_starts_again(attempts, clock):
    await attempts.begin("k:a", "a1", clock.now(), clock.now() + TEN)
    await attempts.fail("k:a", "a1", clock.now(), clock.now() + TEN)
    clock.advance(TEN)

    assert await attempts.get("k:a") is None
    fresh = await attempts.fail("k:a", "a2", clock.now(), clock.now() + TEN)
    assert (fresh.failures, fresh.in_flight) == (1, ())
    begun = await attempts.begin("k:b", "b1", clock.now(), clock.now() + TEN)
    assert ids(begun) == ["b1"]


async def test_a_lock_is_claimed_once_until_it_ends(attempts, clock):
    await attempts.fail("k:a", "a1", clock.now(), clock.now() + TEN)
    until = clock.now() + timedelta(minutes=1)

    assert await attempts.claim_lock("k:a", clock.now(), until) is True
    assert await attempts.claim_lock("k:a", clock.now(), until + timedelta(minutes=1)) is False
    assert (await attempts.get("k:a")).locked_until == until

    clock.advance(timedelta(minutes=1))
    assert await attempts.claim_lock("k:a", clock.now(), clock.now() + timedelta(minutes=2)) is True


async def test_a_lock_keeps_its_record_while_it_lasts(attempts, clock):
    await attempts.fail("k:a", "a1", clock.now(), clock.now() + TEN)
    await attempts.claim_lock("k:a", clock.now(), clock.now() + timedelta(hours=1))
    clock.advance(timedelta(minutes=30))

    assert (await attempts.get("k:a")).locked_until is not None


async def test_clear_forgets_the_key(attempts, clock):
    await attempts.begin("k:a", "a1", clock.now(), clock.now() + TEN)
    await attempts.fail("k:a", "a1", clock.now(), clock.now() + TEN)

    await attempts.clear("k:a")

    assert await attempts.get("k:a") is None


async def test_simultaneous_changes_are_all_kept_and_one_claims_the_lock(attempts, clock):
    now = clock.now()

    begun = await asyncio.gather(*(attempts.begin("k:a", f"a{n}", now, now + TEN) for n in range(30)))
    failed = await asyncio.gather(*(attempts.fail("k:a", f"a{n}", now, now + TEN) for n in range(30)))
    await asyncio.gather(*(attempts.end("k:a", f"a{n}") for n in range(0, 30, 2)))
    claims = await asyncio.gather(*(attempts.claim_lock("k:a", now, now + TEN) for _ in range(10)))

    assert sorted(len(record.in_flight) for record in begun) == list(range(1, 31))
    assert sorted(record.failures for record in failed) == list(range(1, 31))
    assert sorted(ids(await attempts.get("k:a"))) == sorted(f"a{n}" for n in range(1, 30, 2))
    assert claims.count(True) == 1
