from dataclasses import replace
from datetime import UTC, datetime, timedelta

from domain.mail import DeliveryPolicy, Message, new_letter

NOW = datetime(2026, 1, 1, tzinfo=UTC)
POLICY = DeliveryPolicy(first_delay=timedelta(seconds=30), longest_delay=timedelta(minutes=5), tries=6)
LETTER = new_letter(Message("alice@example.com", "Welcome", "Hello", "<p>Hello</p>"), NOW)


def test_a_new_letter_is_due_at_once_untried():
    assert (LETTER.queued_at, LETTER.next_try, LETTER.tries, LETTER.claimed_until) == (NOW, NOW, 0, None)
    assert LETTER.id != new_letter(LETTER.message, NOW).id


def test_each_failure_doubles_the_delay_from_the_first_up_to_the_longest():
    letter, delays = LETTER, []
    for _ in range(POLICY.tries - 1):
        later = POLICY.after_failure(letter, NOW)
        assert later is not None
        delays.append(later.next_try - NOW)
        letter = later

    assert delays == [timedelta(seconds=s) for s in (30, 60, 120, 240, 300)]
    assert letter.tries == POLICY.tries - 1


def test_a_failure_counts_one_more_try_and_releases_the_claim_keeping_the_rest():
    claimed = replace(LETTER, tries=2, claimed_until=NOW + POLICY.lease)
    failed_at = NOW + timedelta(seconds=5)

    later = POLICY.after_failure(claimed, failed_at)

    assert later == replace(LETTER, tries=3, next_try=failed_at + timedelta(minutes=2), claimed_until=None)


def test_the_letter_is_given_up_once_it_has_failed_as_many_times_as_tries():
    assert POLICY.after_failure(replace(LETTER, tries=POLICY.tries - 2), NOW) is not None
    assert POLICY.after_failure(replace(LETTER, tries=POLICY.tries - 1), NOW) is None
