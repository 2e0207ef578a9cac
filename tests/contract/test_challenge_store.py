"""The ChallengeStore contract: every adapter of the port passes the same tests."""

from datetime import timedelta

from domain.model import Challenge


async def test_a_challenge_is_taken_once(challenges, clock):
    challenge = Challenge("c1", "XK7PD", clock.now() + timedelta(minutes=10))
    await challenges.add(challenge)

    assert await challenges.take("c1") == challenge
    assert await challenges.take("c1") is None


async def test_an_unknown_challenge_is_none(challenges):
    assert await challenges.take("never-issued") is None


async def test_challenges_are_kept_apart(challenges, clock):
    first = Challenge("c1", "AAAAA", clock.now() + timedelta(minutes=10))
    second = Challenge("c2", "BBBBB", clock.now() + timedelta(minutes=10))
    await challenges.add(first)
    await challenges.add(second)

    assert await challenges.take("c2") == second
    assert await challenges.take("c1") == first


async def test_an_expired_challenge_is_none(challenges, clock):
    await challenges.add(Challenge("c1", "XK7PD", clock.now() + timedelta(minutes=10)))
    clock.advance(timedelta(minutes=10))

    assert await challenges.take("c1") is None
