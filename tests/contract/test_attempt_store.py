"""The AttemptStore contract: every adapter of the port passes the same tests."""

import asyncio
from datetime import timedelta

TEN = timedelta(minutes=10)


async def test_attempts_are_counted_per_key(attempts, clock):
    now = clock.now()

    first = await attempts.count("k:a", now, now + TEN)
    second = await attempts.count("k:a", now, now + TEN)
    other = await attempts.count("k:b", now, now + TEN)

    assert (first.failures, second.failures, other.failures) == (1, 2, 1)
    assert (second.first_failure, second.forget_at) == (now, now + TEN)
    assert await attempts.get("k:a") == second


async def test_each_attempt_keeps_the_record_longer(attempts, clock):
    start = clock.now()
    await attempts.count("k:a", start, start + TEN)
    clock.advance(timedelta(minutes=3))

    later = await attempts.count("k:a", clock.now(), clock.now() + TEN)

    assert (later.failures, later.first_failure, later.forget_at) == (2, start, clock.now() + TEN)


async def test_a_forgotten_record_is_none_and_counting_starts_again(attempts, clock):
    await attempts.count("k:a", clock.now(), clock.now() + TEN)
    clock.advance(TEN)

    assert await attempts.get("k:a") is None
    fresh = await attempts.count("k:a", clock.now(), clock.now() + TEN)
    assert (fresh.failures, fresh.first_failure) == (1, clock.now())


async def test_uncount_takes_one_back(attempts, clock):
    for _ in range(3):
        await attempts.count("k:a", clock.now(), clock.now() + TEN)

    await attempts.uncount("k:a")

    assert (await attempts.get("k:a")).failures == 2


async def test_a_lock_is_claimed_once_until_it_ends(attempts, clock):
    await attempts.count("k:a", clock.now(), clock.now() + TEN)
    until = clock.now() + timedelta(minutes=1)

    assert await attempts.claim_lock("k:a", clock.now(), until) is True
    assert await attempts.claim_lock("k:a", clock.now(), until + timedelta(minutes=1)) is False
    assert (await attempts.get("k:a")).locked_until == until

    clock.advance(timedelta(minutes=1))
    assert await attempts.claim_lock("k:a", clock.now(), clock.now() + timedelta(minutes=2)) is True


async def test_a_lock_keeps_its_record_while_it_lasts(attempts, clock):
    await attempts.count("k:a", clock.now(), clock.now() + TEN)
    await attempts.claim_lock("k:a", clock.now(), clock.now() + timedelta(hours=1))
    clock.advance(timedelta(minutes=30))

    assert (await attempts.get("k:a")).locked_until is not None


async def test_clear_forgets_the_key(attempts, clock):
    await attempts.count("k:a", clock.now(), clock.now() + TEN)

    await attempts.clear("k:a")

    assert await attempts.get("k:a") is None


async def test_simultaneous_attempts_are_all_counted_and_one_claims_the_lock(attempts, clock):
    now = clock.now()

    counts = await asyncio.gather(*(attempts.count("k:a", now, now + TEN) for _ in range(30)))
    claims = await asyncio.gather(*(attempts.claim_lock("k:a", now, now + TEN) for _ in range(10)))

    assert sorted(record.failures for record in counts) == list(range(1, 31))
    assert claims.count(True) == 1
