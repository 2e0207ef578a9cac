"""`meet users ...`: create, set-password, list, unlock, verify, delete, reset-2fa; one line of answer each."""

import argparse
import getpass
import json
import sys
from typing import assert_never

from application.admin import NewPassword
from application.create_user import NewUser
from domain.results import (
    AccountDeleted,
    AlreadyVerified,
    Created,
    EmailTaken,
    EmailVerified,
    InvalidFields,
    PasswordSet,
    TwoFactorNotOn,
    TwoFactorOff,
    UnknownUser,
    Unlocked,
    UsernameLookalike,
    UsernameTaken,
)
from entrypoints.cli.common import fail, on_database, say
from entrypoints.container import Container

# Only what a command uses is required: listing and unlocking hash nothing, so need no pepper.
HASHES = ("pepper",)


def add_to(commands: argparse._SubParsersAction) -> None:
    users = commands.add_parser("users", help="create, list and look after users", description="Look after users.")
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a user", description="Create a user, as registering would.")
    create.add_argument("username")
    create.add_argument("email")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    create.set_defaults(run=on_database(create_user), secrets=HASHES)
    password = actions.add_parser(
        "set-password", help="give a user a new password", description="Give a user a new password."
    )
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    password.set_defaults(run=on_database(set_password), secrets=HASHES)
    listing = actions.add_parser("list", help="list every user", description="List every user, oldest first.")
    listing.add_argument("--json", action="store_true", help="one JSON array instead of a table")
    listing.set_defaults(run=on_database(list_users), secrets=())
    unlock = actions.add_parser(
        "unlock", help="lift a user's login lock", description="Lift the login lock of a user's username and email."
    )
    unlock.add_argument("username")
    unlock.set_defaults(run=on_database(unlock_user), secrets=())
    verify = actions.add_parser(
        "verify",
        help="mark a user's email address verified",
        description="Mark a user's email address verified, as following the mailed link would.",
    )
    verify.add_argument("username")
    verify.set_defaults(run=on_database(verify_user), secrets=())
    delete = actions.add_parser(
        "delete",
        help="delete a user and everything kept for them",
        description="Delete a user, their sessions, their mailed links and the mail still on its way to them; "
        "their username and email can be registered again.",
    )
    delete.add_argument("username")
    delete.add_argument("--yes", action="store_true", help="do not ask to confirm")
    delete.set_defaults(run=on_database(delete_user), secrets=())
    reset = actions.add_parser(
        "reset-2fa",
        help="remove a user's second factors",
        description="Remove a user's authenticator app and recovery codes, for one who lost them; "
        "their address is told.",
    )
    reset.add_argument("username")
    reset.add_argument("--yes", action="store_true", help="do not ask to confirm")
    reset.set_defaults(run=on_database(reset_two_factor), secrets=())


async def list_users(container: Container, args: argparse.Namespace) -> int:
    users = await container.list_users()()
    if args.json:
        rows = [
            {
                "id": u.id,
                "username": u.username.value,
                "email": u.email.value,
                "email_verified": u.email_verified,
                "created_at": u.created_at.isoformat(),
            }
            for u in users
        ]
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for u in users:
            print(f"{u.username.value}\t{u.email.value}\t{u.created_at:%Y-%m-%d %H:%M}")
    return 0


async def unlock_user(container: Container, args: argparse.Namespace) -> int:
    match await container.unlock()(args.username):
        case Unlocked(user):
            print(f"meet: {user.username} can log in again")
            return 0
        case UnknownUser():
            return fail(f"there is no user {args.username!r}")
        case unexpected:
            assert_never(unexpected)


async def verify_user(container: Container, args: argparse.Namespace) -> int:
    match await container.mark_verified()(args.username):
        case EmailVerified(user):
            print(f"meet: {user.username}'s address {user.email} is verified")
            return 0
        case AlreadyVerified():
            print(f"meet: {args.username}'s address was verified already")
            return 0
        case UnknownUser():
            return fail(f"there is no user {args.username!r}")
        case unexpected:
            assert_never(unexpected)


async def delete_user(container: Container, args: argparse.Namespace) -> int:
    if not args.yes and not _confirmed(f"Delete the user {args.username!r} and everything kept for them?"):
        return 1
    match await container.delete_user()(args.username):
        case AccountDeleted(user):
            print(f"meet: deleted {user.username} <{user.email}>")
            return 0
        case UnknownUser():
            return fail(f"there is no user {args.username!r}")
        case unexpected:
            assert_never(unexpected)


async def reset_two_factor(container: Container, args: argparse.Namespace) -> int:
    question = (
        f"Remove the second factors and passkeys of {args.username!r}? They sign in with their password alone then."
    )
    if not args.yes and not _confirmed(question):
        return 1
    match await container.reset_two_factor()(args.username):
        case TwoFactorOff(user):
            print(f"meet: {user.username} signs in with their password alone now; their address was told")
            return 0
        case TwoFactorNotOn():
            print(f"meet: {args.username} has no second factor or passkey")
            return 0
        case UnknownUser():
            return fail(f"there is no user {args.username!r}")
        case unexpected:
            assert_never(unexpected)


def _confirmed(question: str) -> bool:
    if not sys.stdin.isatty():
        print("meet: no terminal to confirm on: use --yes", file=sys.stderr)
        return False
    try:
        answer = input(f"{question} [y/N] ")
    except (EOFError, KeyboardInterrupt):
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        print("meet: nothing deleted", file=sys.stderr)
        return False
    return True


async def create_user(container: Container, args: argparse.Namespace) -> int:
    if (password := _password(args)) is None:
        return 1
    match await container.create_user()(NewUser(args.username, args.email, password)):
        case Created(user):
            print(f"meet: created {user.username} <{user.email}>")
            return 0
        case InvalidFields() | UsernameTaken() | UsernameLookalike() | EmailTaken() as refused:
            return fail(say(refused))
        case unexpected:
            assert_never(unexpected)


async def set_password(container: Container, args: argparse.Namespace) -> int:
    if (password := _password(args)) is None:
        return 1
    match await container.set_password()(NewPassword(args.username, password)):
        case PasswordSet(user):
            print(f"meet: {user.username} has a new password")
            return 0
        case InvalidFields() as refused:
            return fail(say(refused))
        case UnknownUser():
            return fail(f"there is no user {args.username!r}")
        case unexpected:
            assert_never(unexpected)


def _password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        print("meet: no terminal to ask for the password on: use --password-stdin", file=sys.stderr)
        return None
    try:
        first = getpass.getpass("Password: ")
        again = getpass.getpass("Again: ")
    except (EOFError, KeyboardInterrupt):
        print("\nmeet: no password given", file=sys.stderr)
        return None
    if again != first:
        print("meet: the two passwords differ", file=sys.stderr)
        return None
    return first
