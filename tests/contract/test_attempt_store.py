"""The AttemptStore contract: every adapter of the port passes the same tests."""

import asyncio
from datetime import timedelta

from domain.model import InFlight, Leaving

TEN = timedelta(minutes=10)
DAY = timedelta(days=1)


def ids(record) -> list[str]:
    return [flight.id for flight in record.in_flight]


async def get(attempts, key):
    return (await attempts.get_many([key]))[key]


async def begin(attempts, clock, attempt_id, *keys, keep=TEN):
    """Put the attempt in flight on the keys as the throttle does: knowing what it read just before."""
    known = await attempts.get_many(list(keys))
    return await attempts.begin(attempt_id, clock.now(), dict.fromkeys(keys, clock.now() + keep), known)


async def test_get_many_gives_each_key_its_record_or_none(attempts, clock):
    now = clock.now()
    first = await attempts.fail("k:a", "a1", now, now + TEN)
    second = await attempts.fail("k:b", "b1", now, now + TEN)

    assert await attempts.get_many(["k:b", "k:none", "k:a"]) == {"k:b": second, "k:none": None, "k:a": first}
    assert await attempts.get_many([]) == {}


async def test_failures_are_counted_per_key(attempts, clock):
    now = clock.now()

    first = await attempts.fail("k:a", "a1", now, now + TEN)
    second = await attempts.fail("k:a", "a2", now, now + TEN)
    other = await attempts.fail("k:b", "b1", now, now + TEN)

    assert (first.failures, second.failures, other.failures) == (1, 2, 1)
    assert (second.forget_at, second.locked_until) == (now + TEN, None)
    assert await get(attempts, "k:a") == second


async def test_an_attempt_begins_on_every_key_at_once_each_kept_as_long_as_asked(attempts, clock):
    now = clock.now()

    records = await attempts.begin("a1", now, {"k:a": now + TEN, "k:b": now + DAY}, {"k:a": None, "k:b": None})

    assert set(records) == {"k:a", "k:b"}
    assert (ids(records["k:a"]), records["k:a"].forget_at) == (["a1"], now + TEN)
    assert (ids(records["k:b"]), records["k:b"].forget_at) == (["a1"], now + DAY)
    assert await attempts.get_many(["k:a", "k:b"]) == records


async def test_attempts_in_flight_are_kept_oldest_first_apart_from_failures(attempts, clock):
    now = clock.now()
    await begin(attempts, clock, "a1", "k:a", "k:b")
    clock.advance(timedelta(seconds=1))

    records = await begin(attempts, clock, "a2", "k:a", "k:b")

    for key in ["k:a", "k:b"]:
        assert records[key].in_flight == (InFlight("a1", now), InFlight("a2", clock.now()))
        assert records[key].failures == 0
    assert await attempts.get_many(["k:a", "k:b"]) == records


async def test_what_the_caller_knew_never_changes_what_begins(attempts, clock):
    now = clock.now()
    stale = await attempts.get_many(["k:a", "k:b", "k:c"])  # none of them there yet
    await begin(attempts, clock, "a1", "k:a")
    await attempts.fail("k:b", "b0", now, now + TEN)
    later = await attempts.get_many(["k:c"])
    await attempts.fail("k:c", "c0", now, now + TEN)

    records = await attempts.begin("a2", now, dict.fromkeys(["k:a", "k:b", "k:c"], now + TEN), stale | later)

    assert (ids(records["k:a"]), records["k:a"].failures) == (["a1", "a2"], 0)
    assert (ids(records["k:b"]), records["k:b"].failures) == (["a2"], 1)
    assert (ids(records["k:c"]), records["k:c"].failures) == (["a2"], 1)
    assert await attempts.get_many(["k:a", "k:b", "k:c"]) == records


async def test_a_record_that_changed_since_it_was_read_is_begun_as_it_is_now(attempts, clock):
    now = clock.now()
    await begin(attempts, clock, "a1", "k:a")
    known = await attempts.get_many(["k:a"])
    await attempts.fail("k:a", "a1", now, now + TEN)
    await attempts.claim_lock("k:a", now, now + DAY)
    await attempts.leave("a1", now, {"k:a": Leaving.WITHDRAWN})

    records = await attempts.begin("a2", now, {"k:a": now + TEN}, known)

    assert (ids(records["k:a"]), records["k:a"].failures) == (["a2"], 1)
    assert records["k:a"].locked_until == records["k:a"].forget_at == now + DAY
    assert await get(attempts, "k:a") == records["k:a"]


async def test_a_failure_stays_in_flight_until_it_leaves(attempts, clock):
    now = clock.now()
    for attempt in ["a1", "a2"]:
        await begin(attempts, clock, attempt, "k:a")

    failed = await attempts.fail("k:a", "a1", now, now + TEN)
    assert (failed.failures, ids(failed)) == (1, ["a1", "a2"])

    await attempts.leave("a1", now, {"k:a": Leaving.WITHDRAWN})
    assert ids(await get(attempts, "k:a")) == ["a2"]
    assert (await get(attempts, "k:a")).failures == 1


async def test_a_success_forgets_the_failures_and_the_lock_but_not_the_others_in_flight(attempts, clock):
    now = clock.now()
    for attempt in ["a1", "a2"]:
        await begin(attempts, clock, attempt, "k:a", "k:b")
    for key in ["k:a", "k:b"]:
        await attempts.fail(key, "old", now, now + TEN)
        await attempts.claim_lock(key, now, now + TEN)

    await attempts.leave("a1", now, {"k:a": Leaving.SUCCEEDED, "k:b": Leaving.WITHDRAWN})

    account, client = (await attempts.get_many(["k:a", "k:b"])).values()
    assert (account.failures, account.locked_until, ids(account)) == (0, None, ["a2"])
    assert (client.failures, client.locked_until, ids(client)) == (1, now + TEN, ["a2"])


async def test_leaving_without_a_verdict_counts_nothing(attempts, clock):
    now = clock.now()
    for attempt in ["a1", "a2"]:
        await begin(attempts, clock, attempt, "k:a")

    await attempts.leave("a1", now, {"k:a": Leaving.WITHDRAWN})
    await attempts.leave("never-began", now, {"k:a": Leaving.WITHDRAWN})
    await attempts.leave("a1", now, {"k:none": Leaving.WITHDRAWN, "k:nothing": Leaving.SUCCEEDED})

    record = await get(attempts, "k:a")
    assert (record.failures, ids(record)) == (0, ["a2"])
    assert await attempts.get_many(["k:none", "k:nothing"]) == {"k:none": None, "k:nothing": None}


async def test_a_record_with_no_failure_and_nothing_in_flight_is_forgotten(attempts, clock):
    now = clock.now()
    await begin(attempts, clock, "a1", "k:a", "k:b")
    await attempts.fail("k:b", "a1", now, now + TEN)

    await attempts.leave("a1", now, {"k:a": Leaving.WITHDRAWN, "k:b": Leaving.SUCCEEDED})

    assert await attempts.get_many(["k:a", "k:b"]) == {"k:a": None, "k:b": None}
    again = await begin(attempts, clock, "a2", "k:a", "k:b")
    assert [(ids(record), record.failures) for record in again.values()] == [(["a2"], 0), (["a2"], 0)]


async def test_each_change_keeps_the_record_longer(attempts, clock):
    start = clock.now()
    await attempts.fail("k:a", "a1", start, start + TEN)
    clock.advance(timedelta(minutes=3))

    later = (await begin(attempts, clock, "a2", "k:a"))["k:a"]
    again = await attempts.fail("k:a", "a2", clock.now(), start + TEN)

    assert (later.failures, later.forget_at) == (1, clock.now() + TEN)
    assert (again.failures, again.forget_at) == (2, clock.now() + TEN)


async def test_a_forgotten_record_is_none_and_counting_starts_again(attempts, clock):
    await begin(attempts, clock, "a1", "k:a", "k:b")
    await attempts.fail("k:a", "a1", clock.now(), clock.now() + TEN)
    known = await attempts.get_many(["k:a", "k:b"])
    clock.advance(TEN)

    assert await attempts.get_many(["k:a", "k:b"]) == {"k:a": None, "k:b": None}
    fresh = await attempts.fail("k:a", "a2", clock.now(), clock.now() + TEN)
    assert (fresh.failures, fresh.in_flight) == (1, ())
    begun = await attempts.begin("b1", clock.now(), {"k:b": clock.now() + TEN}, known)
    assert (ids(begun["k:b"]), begun["k:b"].failures) == (["b1"], 0)


async def test_a_lock_is_claimed_once_until_it_ends(attempts, clock):
    await attempts.fail("k:a", "a1", clock.now(), clock.now() + TEN)
    until = clock.now() + timedelta(minutes=1)

    assert await attempts.claim_lock("k:a", clock.now(), until) is True
    assert await attempts.claim_lock("k:a", clock.now(), until + timedelta(minutes=1)) is False
    assert (await get(attempts, "k:a")).locked_until == until

    clock.advance(timedelta(minutes=1))
    assert await attempts.claim_lock("k:a", clock.now(), clock.now() + timedelta(minutes=2)) is True


async def test_a_lock_keeps_its_record_while_it_lasts(attempts, clock):
    await attempts.fail("k:a", "a1", clock.now(), clock.now() + TEN)
    await attempts.claim_lock("k:a", clock.now(), clock.now() + timedelta(hours=1))
    clock.advance(timedelta(minutes=30))

    assert (await get(attempts, "k:a")).locked_until is not None


async def test_clear_forgets_the_key(attempts, clock):
    await begin(attempts, clock, "a1", "k:a")
    await attempts.fail("k:a", "a1", clock.now(), clock.now() + TEN)

    await attempts.clear("k:a")

    assert await get(attempts, "k:a") is None


async def test_an_attempt_cleared_in_flight_still_counts_its_failure(attempts, clock):
    now = clock.now()
    await begin(attempts, clock, "a1", "k:a")
    await attempts.clear("k:a")

    failed = await attempts.fail("k:a", "a1", now, now + TEN)

    assert (failed.failures, failed.in_flight) == (1, ())
    assert await get(attempts, "k:a") == failed


async def test_simultaneous_changes_are_all_kept_and_one_claims_the_lock(attempts, clock):
    now = clock.now()
    keys = ["k:a", "k:b"]

    begun = await asyncio.gather(*(begin(attempts, clock, f"a{n}", *keys) for n in range(30)))
    failed = await asyncio.gather(*(attempts.fail("k:a", f"a{n}", now, now + TEN) for n in range(30)))
    await asyncio.gather(
        *(attempts.leave(f"a{n}", now, dict.fromkeys(keys, Leaving.WITHDRAWN)) for n in range(0, 30, 2))
    )
    claims = await asyncio.gather(*(attempts.claim_lock("k:a", now, now + TEN) for _ in range(10)))
    # All at once, each knowing the same stale records: most find them changed since.
    stale = await attempts.get_many(["k:c", "k:d"])
    late = await asyncio.gather(
        *(attempts.begin(f"c{n}", now, {"k:c": now + TEN, "k:d": now + DAY}, stale) for n in range(30))
    )

    # Each sees itself in flight, behind some of the others (exactly which depends on the store), once.
    for n, records in enumerate(begun):
        assert all(ids(records[key]).count(f"a{n}") == 1 for key in keys)
    assert sorted(record.failures for record in failed) == list(range(1, 31))
    odd = sorted(f"a{n}" for n in range(1, 30, 2))
    assert [sorted(ids(record)) for record in (await attempts.get_many(keys)).values()] == [odd, odd]
    assert claims.count(True) == 1
    for n, records in enumerate(late):
        assert all(ids(records[key]).count(f"c{n}") == 1 for key in ["k:c", "k:d"])
    every = sorted(f"c{n}" for n in range(30))
    assert [sorted(ids(record)) for record in (await attempts.get_many(["k:c", "k:d"])).values()] == [every, every]
