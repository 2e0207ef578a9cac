"""What the admin commands share: the database opened around them, where it is, one line out."""

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable

from domain.errors import StorageUnavailable
from domain.results import InvalidFields
from entrypoints import messages
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


def unusable(error: StorageUnavailable, what: str = "cannot be used") -> str:
    """One line for meet's database failing; the adapter's reason already names its hosts, never a password."""
    return f"the database (MEET_MONGODB_URI) {what}: {error}"


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
    try:
        database = container.database()
    except StorageUnavailable as error:
        return fail(unusable(error))
    try:
        try:
            await database.open()
        except StorageUnavailable as error:
            return fail(unusable(error))
        return await command(container, args)
    except StorageUnavailable as error:
        return fail(unusable(error, "stopped answering"))
    finally:
        await database.close()
        container.shutdown_resources()
