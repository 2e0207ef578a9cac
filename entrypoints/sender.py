"""The background sender of each `meet serve` process: delivers the outbox's letters, one at a time."""

import asyncio
import logging
from typing import assert_never

from application.deliver_mail import Delivered, DeliverMail, GaveUp, NothingDue, WillRetry
from domain.errors import StorageUnavailable

log = logging.getLogger("meet.mail")


async def send_letters(deliver: DeliverMail, idle_seconds: float = 2.0) -> None:
    """Deliver until cancelled; with nothing due, or the storage away, look again after `idle_seconds`."""
    while True:
        try:
            delivery = await deliver()
        except StorageUnavailable:
            log.warning("mail: the storage does not answer; the outbox waits")
            await asyncio.sleep(idle_seconds)
            continue
        except Exception:  # a sender that died would leave every later letter unsent, silently
            log.exception("mail: delivery failed unexpectedly; trying again")
            await asyncio.sleep(idle_seconds)
            continue
        match delivery:
            case NothingDue():
                await asyncio.sleep(idle_seconds)
            case Delivered(letter):
                log.info("mail sent", extra={"fields": {"letter": letter.id, "subject": letter.message.subject}})
            case WillRetry(letter, error):
                fields = {"letter": letter.id, "tries": letter.tries, "next_try": letter.next_try.isoformat()}
                log.warning("mail not sent, will retry: %s", error, extra={"fields": fields})
            case GaveUp(letter, error):
                log.error(
                    "mail dropped after %d tries: %s", letter.tries + 1, error, extra={"fields": {"letter": letter.id}}
                )
            case unexpected:
                assert_never(unexpected)
