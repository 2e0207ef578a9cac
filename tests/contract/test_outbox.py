"""The Outbox contract: every adapter of the port passes the same tests."""

import asyncio
from dataclasses import replace
from datetime import timedelta

from domain.mail import Letter, Message, new_letter

LEASE = timedelta(minutes=2)
MINUTE = timedelta(minutes=1)


def a_letter(clock, to: str = "alice@example.com", due_in: timedelta = timedelta(0)) -> Letter:
    letter = new_letter(Message(to, "Welcome", "Hello", "<p>Hello</p>"), clock.now())
    return replace(letter, next_try=letter.queued_at + due_in)


async def claim(outbox, clock) -> Letter | None:
    return await outbox.claim(clock.now(), clock.now() + LEASE)


async def test_a_letter_added_is_claimed_once_and_held_while_claimed(outbox, clock):
    letter = a_letter(clock)
    await outbox.add(letter)

    assert await claim(outbox, clock) == replace(letter, claimed_until=clock.now() + LEASE)
    assert await claim(outbox, clock) is None
    clock.advance(LEASE - timedelta(seconds=1))
    assert await claim(outbox, clock) is None


async def test_a_claim_that_ran_out_can_be_claimed_again(outbox, clock):
    letter = a_letter(clock)
    await outbox.add(letter)
    await claim(outbox, clock)
    clock.advance(LEASE)  # a claim ends at its `until`, not after

    assert await claim(outbox, clock) == replace(letter, claimed_until=clock.now() + LEASE)


async def test_a_letter_is_not_claimed_before_its_next_try(outbox, clock):
    await outbox.add(a_letter(clock, due_in=MINUTE))

    assert await claim(outbox, clock) is None
    clock.advance(MINUTE)
    assert await claim(outbox, clock) is not None


async def test_nothing_is_claimed_from_an_empty_outbox(outbox, clock):
    assert await claim(outbox, clock) is None


async def test_the_oldest_due_letter_is_claimed_first(outbox, clock):
    queued_first = a_letter(clock, to="first@example.com", due_in=MINUTE)
    clock.advance(timedelta(seconds=1))
    queued_later = a_letter(clock, to="later@example.com", due_in=MINUTE - timedelta(seconds=1))
    due_first = a_letter(clock, to="due-first@example.com")
    for letter in (queued_later, due_first, queued_first):
        await outbox.add(letter)
    clock.advance(MINUTE)

    # By next try, then (the next tries equal) by when queued; never by when added.
    claimed = [await claim(outbox, clock) for _ in range(4)]

    assert [letter and letter.id for letter in claimed] == [due_first.id, queued_first.id, queued_later.id, None]


async def test_a_sent_letter_is_gone_and_the_others_stay(outbox, clock):
    first, second = a_letter(clock), a_letter(clock)
    await outbox.add(first)
    await outbox.add(second)

    await outbox.sent(first.id)
    await outbox.sent("no-such-letter")

    assert await claim(outbox, clock) == replace(second, claimed_until=clock.now() + LEASE)
    assert await claim(outbox, clock) is None


async def test_a_retried_letter_is_released_and_claimed_again_at_its_next_try(outbox, clock):
    await outbox.add(a_letter(clock))
    claimed = await claim(outbox, clock)
    assert claimed is not None
    next_try = clock.now() + timedelta(seconds=30)  # before the claim would run out: the retry releases it

    await outbox.retry(replace(claimed, tries=1, next_try=next_try))

    clock.advance(timedelta(seconds=29))
    assert await claim(outbox, clock) is None
    clock.advance(timedelta(seconds=1))
    again = await claim(outbox, clock)
    assert again == replace(claimed, tries=1, next_try=next_try, claimed_until=clock.now() + LEASE)


async def test_a_letter_dropped_while_claimed_is_not_put_back_by_its_retry(outbox, clock):
    await outbox.add(a_letter(clock))
    claimed = await claim(outbox, clock)
    assert claimed is not None
    await outbox.drop_to(claimed.message.to, clock.now())

    await outbox.retry(replace(claimed, tries=1, next_try=clock.now()))

    assert await claim(outbox, clock) is None


async def test_drop_to_removes_every_letter_to_the_address_ignoring_case(outbox, clock):
    letters = [a_letter(clock, to=to) for to in ("Alice@Example.com", "alice@example.com", "bob@example.com")]
    for letter in letters:
        await outbox.add(letter)

    assert await outbox.drop_to("ALICE@example.COM", clock.now()) == 2
    assert await outbox.drop_to("nobody@example.com", clock.now()) == 0

    assert await claim(outbox, clock) == replace(letters[2], claimed_until=clock.now() + LEASE)
    assert await claim(outbox, clock) is None


async def test_racing_claims_take_each_letter_exactly_once(outbox, clock):
    letters = [a_letter(clock, to=f"user{number}@example.com") for number in range(10)]
    for letter in letters:
        await outbox.add(letter)

    claimed = await asyncio.gather(*(claim(outbox, clock) for _ in range(2 * len(letters))))

    taken = [letter.id for letter in claimed if letter is not None]
    assert sorted(taken) == sorted(letter.id for letter in letters)
    assert claimed.count(None) == len(letters)


async def test_a_letter_comes_back_as_it_was_added(outbox, clock):
    message = Message("Zoë@例え.jp", "Bienvenue, Zoë ✉", "Grüße — 你好\nLine two 🎉", "<p>Grüße &amp; 你好 🎉</p>")
    queued_at = clock.now() - timedelta(hours=1, milliseconds=877)
    letter = Letter("letter-1", message, queued_at, clock.now() - timedelta(milliseconds=3), 3, clock.now())
    await outbox.add(letter)

    claimed = await claim(outbox, clock)

    assert claimed == replace(letter, claimed_until=clock.now() + LEASE)
    assert claimed is not None and claimed.queued_at.utcoffset() == timedelta(0)


async def test_drop_to_keeps_letters_queued_after_the_time_given(outbox, clock):
    before = clock.now()
    clock.advance(timedelta(milliseconds=5))
    later = a_letter(clock, to="alice@example.com")
    await outbox.add(later)

    assert await outbox.drop_to("alice@example.com", before) == 0
    assert await claim(outbox, clock) == replace(later, claimed_until=clock.now() + LEASE)
