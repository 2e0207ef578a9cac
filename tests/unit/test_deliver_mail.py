"""DeliverMail on the in-memory outbox, sending through SMTP to a real local server."""

from datetime import timedelta

from adapters.memory import InMemoryOutbox
from adapters.smtp import SmtpMailer
from application.deliver_mail import Delivered, DeliverMail, GaveUp, NothingDue, WillRetry
from domain.mail import DeliveryPolicy, Message, new_letter

POLICY = DeliveryPolicy(first_delay=timedelta(seconds=30), tries=3)


def a_message(to: str = "alice@example.com") -> Message:
    return Message(to, "Reset your password", "Follow https://meet.example/r/x", "<p>Follow</p>")


def deliverer(outbox, sink, clock) -> DeliverMail:
    return DeliverMail(outbox, SmtpMailer(sink.url, "meet@example.com", timeout=2), POLICY, clock)


async def test_a_letter_is_sent_once_and_leaves_the_outbox(mail_sink, clock):
    outbox = InMemoryOutbox()
    await outbox.add(new_letter(a_message(), clock.now()))
    deliver = deliverer(outbox, mail_sink, clock)

    assert isinstance(await deliver(), Delivered)
    assert isinstance(await deliver(), NothingDue)
    assert [m["To"] for m in mail_sink.messages()] == ["alice@example.com"]


async def test_a_letter_the_server_missed_is_sent_when_it_is_back_and_its_delay_passed(mail_sink, clock):
    outbox = InMemoryOutbox()
    await outbox.add(new_letter(a_message(), clock.now()))
    deliver = deliverer(outbox, mail_sink, clock)
    mail_sink.stop()

    retry = await deliver()

    assert isinstance(retry, WillRetry) and retry.letter.tries == 1
    assert retry.letter.next_try == clock.now() + POLICY.first_delay
    mail_sink.start()
    assert isinstance(await deliver(), NothingDue)  # not before its delay
    clock.advance(POLICY.first_delay)
    assert isinstance(await deliver(), Delivered)
    assert len(mail_sink.messages()) == 1


async def test_a_letter_is_dropped_after_its_last_try(mail_sink, clock):
    outbox = InMemoryOutbox()
    await outbox.add(new_letter(a_message(), clock.now()))
    deliver = deliverer(outbox, mail_sink, clock)
    mail_sink.stop()
    outcomes = []
    for _ in range(POLICY.tries):
        outcomes.append(await deliver())
        clock.advance(POLICY.longest_delay)

    assert [type(o) for o in outcomes] == [WillRetry, WillRetry, GaveUp]
    assert await outbox.claim(clock.now(), clock.now() + POLICY.lease) is None
