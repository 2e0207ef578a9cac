from dataclasses import dataclass, field

from application.add_user import OpenAccount
from domain.model import User
from domain.ports import EmailValidator, UsernameRules
from domain.results import Created, CreateResult, InvalidFields
from domain.rules import check_new_account


@dataclass(frozen=True)
class NewUser:
    username: str
    email: str
    password: str = field(default="", repr=False)


class CreateUser:
    """Stores a new user with a valid, free username and email and an acceptable password; storing is the last step."""

    def __init__(self, open_account: OpenAccount, emails: EmailValidator, usernames: UsernameRules) -> None:
        self._open_account = open_account
        self._emails = emails
        self._usernames = usernames

    async def __call__(self, form: NewUser) -> CreateResult:
        account = check_new_account(form.username, form.email, form.password, self._emails, self._usernames)
        if isinstance(account, InvalidFields):
            return account
        match await self._open_account(account):
            case User() as user:
                return Created(user)
            case conflict:
                return conflict
