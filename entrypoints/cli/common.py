"""What the admin commands share: the database opened around them, where it is, one line out."""

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from urllib.parse import unquote

from domain.errors import StorageUnavailable
from domain.results import InvalidFields
from entrypoints import messages, settings
from entrypoints.container import Container

Command = Callable[[Container, argparse.Namespace], int]
AdminCommand = Callable[[Container, argparse.Namespace], Awaitable[int]]


def say(outcome: messages.Outcome | InvalidFields) -> str:
    """What the web would say about `outcome`, in English; every refused field's message, in order."""
    if isinstance(outcome, InvalidFields):
        return " ".join(messages.message(field) for field in outcome.fields)
    return messages.message(outcome)


def fail(text: str) -> int:
    print(f"meet: {text}", file=sys.stderr)
    return 1


def hosts(uri: str) -> str:
    """The host(s) a MongoDB URI names; never its user name or password."""
    return settings.hosts(uri) or "(no host)"


def database_place(uri: str) -> str:
    """Where meet's database is, for a message: its host(s) and the variable that named them."""
    return f"{hosts(uri)} (MEET_MONGODB_URI)"


def database_problem(error: Exception, uri: str) -> str:
    """The driver's reason in one line, without its topology dump or the URI's password."""
    reason = str(error).split(", Timeout:")[0].split("\n")[0][:300]
    password = settings.authority(uri)[0].partition(":")[2]
    for secret in {password, unquote(password)} - {""}:
        reason = reason.replace(secret, "***")
    return reason


def on_database(command: AdminCommand) -> Command:
    """`command` run with meet's database open, closed after; in memory nothing it did would be kept."""

    def run(container: Container, args: argparse.Namespace) -> int:
        if container.config.storage() != "mongo":
            print(
                "meet: the admin commands need MEET_STORAGE=mongo: in memory nothing they do is kept", file=sys.stderr
            )
            return 2
        return asyncio.run(_on_database(container, args, command))

    return run


async def _on_database(container: Container, args: argparse.Namespace, command: AdminCommand) -> int:
    uri = container.config.mongodb_uri()

    def unusable(error: StorageUnavailable, what: str = "cannot be used") -> int:
        return fail(f"the database at {database_place(uri)} {what}: {database_problem(error, uri)}")

    try:
        database = container.database()
    except StorageUnavailable as error:
        return unusable(error)
    try:
        try:
            await database.open()
        except StorageUnavailable as error:
            return unusable(error)
        return await command(container, args)
    except StorageUnavailable as error:
        return unusable(error, "stopped answering")
    finally:
        await database.close()
        container.shutdown_resources()
