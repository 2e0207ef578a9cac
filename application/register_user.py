from dataclasses import dataclass, field

from application.create_user import CreateUser, NewUser, check_new_user
from domain.model import SessionPolicy
from domain.ports import ChallengeStore, Clock, EmailValidator, SessionStore
from domain.results import CaptchaWrong, Created, InvalidField, Registered, RegisterResult


@dataclass(frozen=True)
class Registration:
    username: str
    email: str
    password: str = field(default="", repr=False)
    captcha: str = field(default="", repr=False)
    challenge_id: str | None = field(default=None, repr=False)
    session_id: str | None = field(default=None, repr=False)
    """The session the request came with, if any: replaced by the new user's."""


class RegisterUser:
    """Registers a user once every check has passed; storing is the last step, so a failed check stores nothing."""

    def __init__(
        self,
        create_user: CreateUser,
        emails: EmailValidator,
        challenges: ChallengeStore,
        sessions: SessionStore,
        session_policy: SessionPolicy,
        clock: Clock,
    ) -> None:
        self._create_user = create_user
        self._emails = emails
        self._challenges = challenges
        self._sessions = sessions
        self._session_policy = session_policy
        self._clock = clock

    async def __call__(self, form: Registration) -> RegisterResult:
        # Taken first, whatever follows: a challenge is good for one attempt, right or wrong.
        challenge = await self._challenges.take(form.challenge_id) if form.challenge_id else None
        new_user = NewUser(form.username, form.email, form.password)
        if isinstance(refused := check_new_user(new_user, self._emails), InvalidField):
            return refused
        if challenge is None or not challenge.accepts(form.captcha, self._clock.now()):
            return CaptchaWrong()
        match await self._create_user(new_user):
            case Created(user):
                if form.session_id:
                    await self._sessions.delete(form.session_id)
                session = self._session_policy.start(user.id, self._clock.now())
                await self._sessions.put(session)
                return Registered(user, session)
            case refusal:
                return refusal
