from dataclasses import dataclass, field

from application.add_user import OpenAccount
from application.verify_email import MailVerification
from domain.errors import InvalidField, Problem
from domain.model import Device, SessionPolicy, User
from domain.ports import ChallengeStore, Clock, EmailValidator, SessionStore, UsernameRules
from domain.results import AwaitingVerification, InvalidFields, Registered, RegisterResult
from domain.rules import check_new_account


@dataclass(frozen=True)
class Registration:
    username: str
    email: str
    password: str = field(default="", repr=False)
    captcha: str = field(default="", repr=False)
    challenge_id: str | None = field(default=None, repr=False)
    session_id: str | None = field(default=None, repr=False)
    """The session the request came with, if any: replaced by the new user's."""
    language: str = "en_US"
    """The page's locale: the user's mail is written in it."""
    client: str = ""
    """The client's address, shown on the sessions page."""
    agent: str = ""
    """The browser's User-Agent, shown on the sessions page."""


class RegisterUser:
    """Registers a user once every check has passed; storing is the last step, so a failed check stores nothing.
    The address is mailed a link to verify it; where it must be verified, nobody is signed in until it is."""

    def __init__(
        self,
        open_account: OpenAccount,
        verification: MailVerification,
        emails: EmailValidator,
        usernames: UsernameRules,
        challenges: ChallengeStore,
        sessions: SessionStore,
        session_policy: SessionPolicy,
        clock: Clock,
    ) -> None:
        self._open_account = open_account
        self._verification = verification
        self._emails = emails
        self._usernames = usernames
        self._challenges = challenges
        self._sessions = sessions
        self._session_policy = session_policy
        self._clock = clock

    async def __call__(self, form: Registration) -> RegisterResult:
        # Taken first, whatever follows: a challenge is good for one attempt, right or wrong.
        challenge = await self._challenges.take(form.challenge_id) if form.challenge_id else None
        account = check_new_account(form.username, form.email, form.password, self._emails, self._usernames)
        refused = account.fields if isinstance(account, InvalidFields) else ()
        if challenge is None or not challenge.accepts(form.captcha, self._clock.now()):
            refused += (InvalidField("captcha", Problem.CAPTCHA_WRONG),)
        # Only a right captcha learns whether a name is taken.
        if refused or isinstance(account, InvalidFields):
            return InvalidFields(refused)
        match await self._open_account(account, form.language):
            case User() as user:
                if self._verification.mode.asks(user):
                    await self._verification.send(user)
                if not self._verification.mode.admits(user):
                    return AwaitingVerification(user)
                if form.session_id:
                    await self._sessions.delete(form.session_id)
                session = self._session_policy.start(user.id, self._clock.now(), Device(form.agent, form.client))
                await self._sessions.put(session)
                return Registered(user, session)
            case conflict:
                return conflict
