from dataclasses import dataclass, field

from domain.errors import InvalidValue, Problem
from domain.model import Email, Password, User, Username, new_user_id, password_weakness
from domain.ports import Clock, EmailValidator, PasswordHasher, UserRepository
from domain.results import Created, CreateResult, EmailTaken, InvalidField, UsernameTaken


@dataclass(frozen=True)
class NewUser:
    username: str
    email: str
    password: str = field(default="", repr=False)


def check_new_user(form: NewUser, emails: EmailValidator) -> tuple[Username, Email, Password] | InvalidField:
    """The form's values, or the first field that breaks its rule (username, email, then password)."""
    try:
        username = Username(form.username)
    except InvalidValue as refused:
        return InvalidField(refused.field, refused.problem)
    email = emails.normalize(form.email)
    if email is None:
        return InvalidField("email", Problem.EMAIL_FORMAT)
    password = check_password(form.password, username, email)
    if isinstance(password, InvalidField):
        return password
    return username, email, password


def check_password(text: str, username: Username, email: Email) -> Password | InvalidField:
    """The password, or why it is refused: its length, a common one, or the user's own name or address."""
    try:
        password = Password(text)
    except InvalidValue as refused:
        return InvalidField(refused.field, refused.problem)
    if weakness := password_weakness(password, username, email):
        return InvalidField("password", weakness)
    return password


class CreateUser:
    """Stores a new user with a valid, free username and email and an acceptable password; storing is the last step."""

    def __init__(self, users: UserRepository, hasher: PasswordHasher, emails: EmailValidator, clock: Clock) -> None:
        self._users = users
        self._hasher = hasher
        self._emails = emails
        self._clock = clock

    async def __call__(self, form: NewUser) -> CreateResult:
        checked = check_new_user(form, self._emails)
        if isinstance(checked, InvalidField):
            return checked
        username, email, password = checked
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
        return Created(user)
