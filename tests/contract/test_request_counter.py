"""The RequestCounter contract: every adapter of the port passes the same tests."""

import asyncio
from datetime import timedelta

HOUR = timedelta(hours=1)


async def test_requests_are_counted_per_key_and_window(counter, clock):
    ends, later = clock.now() + HOUR, clock.now() + 2 * HOUR

    assert [await counter.count("a", ends) for _ in range(3)] == [1, 2, 3]
    assert await counter.count("b", ends) == 1
    assert await counter.count("a", later) == 1
    assert await counter.count("a", ends + timedelta(milliseconds=1)) == 1
    assert await counter.count("a", ends) == 4
    assert await counter.count("b", ends) == 2


async def test_a_window_that_ended_leaves_the_others_counting(counter, clock):
    ends, later = clock.now() + HOUR, clock.now() + 2 * HOUR
    for _ in range(2):
        await counter.count("a", ends)
        await counter.count("a", later)
        await counter.count("b", later)
    clock.advance(HOUR)

    assert await counter.count("a", later) == 3
    assert await counter.count("b", later) == 3
    assert await counter.count("c", clock.now() + HOUR) == 1


async def test_racing_requests_are_each_counted_once(counter, clock):
    ends = clock.now() + HOUR

    counts = await asyncio.gather(*(counter.count(key, ends) for _ in range(20) for key in ("fresh", "other")))

    assert sorted(counts[0::2]) == list(range(1, 21))
    assert sorted(counts[1::2]) == list(range(1, 21))
    assert await counter.count("fresh", ends) == 21
