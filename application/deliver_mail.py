from dataclasses import dataclass

from domain.mail import DeliveryPolicy, Letter, MailUnavailable
from domain.ports import Clock, Mailer, Outbox


@dataclass(frozen=True)
class NothingDue:
    pass


@dataclass(frozen=True)
class Delivered:
    letter: Letter


@dataclass(frozen=True)
class WillRetry:
    letter: Letter
    """As put back: its tries so far and its next try."""
    error: str


@dataclass(frozen=True)
class GaveUp:
    letter: Letter
    error: str


Delivery = NothingDue | Delivered | WillRetry | GaveUp


class DeliverMail:
    """Sends the oldest letter due in the outbox, or puts it back for later when the mail server fails."""

    def __init__(self, outbox: Outbox, mailer: Mailer, policy: DeliveryPolicy, clock: Clock) -> None:
        self._outbox = outbox
        self._mailer = mailer
        self._policy = policy
        self._clock = clock

    async def __call__(self) -> Delivery:
        now = self._clock.now()
        letter = await self._outbox.claim(now, now + self._policy.lease)
        if letter is None:
            return NothingDue()
        try:
            await self._mailer.send(letter.message)
        except MailUnavailable as error:
            later = self._policy.after_failure(letter, self._clock.now())
            if later is None:
                await self._outbox.sent(letter.id)
                return GaveUp(letter, str(error))
            await self._outbox.retry(later)
            return WillRetry(later, str(error))
        await self._outbox.sent(letter.id)
        return Delivered(letter)
