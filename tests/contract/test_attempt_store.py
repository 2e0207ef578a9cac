"""The AttemptStore contract: every adapter of the port passes the same tests."""

import asyncio
from datetime import timedelta


async def test_failures_are_counted_per_key(attempts, clock):
    now, forget_at = clock.now(), clock.now() + timedelta(minutes=10)

    first = await attempts.fail("user:a", now, forget_at)
    second = await attempts.fail("user:a", now, forget_at)
    other = await attempts.fail("user:b", now, forget_at)

    assert (first.failures, second.failures, other.failures) == (1, 2, 1)
    assert (second.first_failure, second.forget_at) == (now, forget_at)
    assert await attempts.get("user:a") == second


async def test_a_record_keeps_its_first_failure_and_forget_time(attempts, clock):
    start = clock.now()
    await attempts.fail("client:x", start, start + timedelta(minutes=10))
    clock.advance(timedelta(minutes=3))

    later = await attempts.fail("client:x", clock.now(), clock.now() + timedelta(minutes=10))

    assert (later.failures, later.first_failure, later.forget_at) == (2, start, start + timedelta(minutes=10))


async def test_a_forgotten_record_is_none_and_counting_starts_again(attempts, clock):
    await attempts.fail("client:x", clock.now(), clock.now() + timedelta(minutes=10))
    clock.advance(timedelta(minutes=10))

    assert await attempts.get("client:x") is None
    fresh = await attempts.fail("client:x", clock.now(), clock.now() + timedelta(minutes=10))
    assert (fresh.failures, fresh.first_failure) == (1, clock.now())


async def test_lock_and_clear(attempts, clock):
    await attempts.fail("user:a", clock.now(), clock.now() + timedelta(days=1))
    until = clock.now() + timedelta(minutes=1)

    await attempts.lock("user:a", until)
    assert (await attempts.get("user:a")).locked_until == until

    await attempts.clear("user:a")
    assert await attempts.get("user:a") is None


async def test_simultaneous_failures_are_all_counted(attempts, clock):
    now, forget_at = clock.now(), clock.now() + timedelta(minutes=10)

    counts = await asyncio.gather(*(attempts.fail("client:x", now, forget_at) for _ in range(30)))

    assert sorted(record.failures for record in counts) == list(range(1, 31))
    assert (await attempts.get("client:x")).failures == 30
