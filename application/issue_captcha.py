import secrets
from dataclasses import dataclass
from datetime import timedelta

from domain.model import Challenge
from domain.ports import CaptchaGenerator, ChallengeStore, Clock

CHALLENGE_LIFETIME = timedelta(minutes=10)


@dataclass(frozen=True)
class CaptchaIssued:
    challenge_id: str
    content: bytes
    media_type: str


class IssueCaptcha:
    """Starts a captcha challenge: the answer is kept on the server, the client gets it rendered and an opaque id."""

    def __init__(self, generator: CaptchaGenerator, challenges: ChallengeStore, clock: Clock) -> None:
        self._generator = generator
        self._challenges = challenges
        self._clock = clock

    async def __call__(self) -> CaptchaIssued:
        answer = self._generator.new_answer()
        challenge = Challenge(
            id=secrets.token_urlsafe(18),
            answer=answer,
            expires_at=self._clock.now() + CHALLENGE_LIFETIME,
        )
        await self._challenges.add(challenge)
        return CaptchaIssued(challenge.id, await self._generator.render(answer), self._generator.media_type)
