from datetime import timedelta

from adapters.memory import InMemoryChallengeStore
from domain.model import Challenge


async def test_past_its_limit_the_store_forgets_the_oldest_challenges(clock):
    store = InMemoryChallengeStore(clock, limit=3)
    for n in range(5):
        await store.add(Challenge(f"c{n}", "XK7PD", clock.now() + timedelta(minutes=10)))

    assert [await store.take(f"c{n}") is not None for n in range(5)] == [False, False, True, True, True]
