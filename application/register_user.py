from dataclasses import dataclass, field

from domain.errors import InvalidValue, Problem
from domain.model import Password, SessionPolicy, User, Username, new_user_id, password_weakness
from domain.ports import ChallengeStore, Clock, EmailValidator, PasswordHasher, SessionStore, UserRepository
from domain.results import CaptchaWrong, EmailTaken, InvalidField, Registered, RegisterResult, UsernameTaken


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
        users: UserRepository,
        hasher: PasswordHasher,
        emails: EmailValidator,
        challenges: ChallengeStore,
        sessions: SessionStore,
        session_policy: SessionPolicy,
        clock: Clock,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._emails = emails
        self._challenges = challenges
        self._sessions = sessions
        self._session_policy = session_policy
        self._clock = clock

    async def __call__(self, form: Registration) -> RegisterResult:
        # Taken first, whatever follows: a challenge is good for one attempt, right or wrong.
        challenge = await self._challenges.take(form.challenge_id) if form.challenge_id else None
        try:
            username = Username(form.username)
        except InvalidValue as refused:
            return InvalidField(refused.field, refused.problem)
        email = self._emails.normalize(form.email)
        if email is None:
            return InvalidField("email", Problem.EMAIL_FORMAT)
        try:
            password = Password(form.password)
        except InvalidValue as refused:
            return InvalidField(refused.field, refused.problem)
        if weakness := password_weakness(password, username, email):
            return InvalidField("password", weakness)
        if challenge is None or not challenge.accepts(form.captcha, self._clock.now()):
            return CaptchaWrong()
        # Friendlier and cheaper than hashing first; the repository's add is the real guard.
        if await self._users.by_username(username):
            return UsernameTaken()
        if await self._users.by_email(email):
            return EmailTaken()
        user = User(
            id=new_user_id(),
            username=username,
            email=email,
            password_hash=await self._hasher.hash(password.value),
            created_at=self._clock.now(),
        )
        if (conflict := await self._users.add(user)) is not None:
            return conflict
        if form.session_id:
            await self._sessions.delete(form.session_id)
        session = self._session_policy.start(user.id, self._clock.now())
        await self._sessions.put(session)
        return Registered(user, session)
