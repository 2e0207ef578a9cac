"""Mail a use case sends: the message, its place in the outbox, and when a failed delivery is tried again."""

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Message:
    """One mail to one address, in a text part and an HTML part."""

    to: str
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Letter:
    """A message in the outbox: stored before anyone waits on a mail server, delivered by a background sender."""

    id: str
    message: Message
    queued_at: datetime
    next_try: datetime
    """Not to be claimed before this: when it was queued, then after each failure the back-off's delay."""
    tries: int = 0
    claimed_until: datetime | None = None
    """While a sender holds it; past this, another sender may claim it again (the first one died)."""


def new_letter(message: Message, now: datetime) -> Letter:
    return Letter(secrets.token_hex(12), message, now, now)


class MailUnavailable(Exception):
    """The mail server refused or could not be reached; the letter stays in the outbox for another try."""


@dataclass(frozen=True)
class DeliveryPolicy:
    """How a sender holds a letter, and how long it waits before the next try after each failure."""

    lease: timedelta = timedelta(minutes=2)
    """Longer than any send takes: a letter is never sent twice by two live senders."""
    first_delay: timedelta = timedelta(seconds=30)
    longest_delay: timedelta = timedelta(hours=1)
    tries: int = 12
    """After this many failed tries the letter is dropped (and logged): about five hours of retrying."""

    def after_failure(self, letter: Letter, now: datetime) -> Letter | None:
        """The letter to try again later, or None once it has failed `tries` times."""
        tries = letter.tries + 1
        if tries >= self.tries:
            return None
        delay = min(self.first_delay * 2 ** (tries - 1), self.longest_delay)
        return replace(letter, tries=tries, next_try=now + delay, claimed_until=None)
