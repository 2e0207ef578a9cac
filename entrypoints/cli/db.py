"""`meet db init`: the indexes, made as the database is opened (as `meet serve` does too)."""

import argparse

from entrypoints.cli.common import on_database
from entrypoints.container import Container


def add_to(commands: argparse._SubParsersAction) -> None:
    database = commands.add_parser("db", help="the database", description="Look after the database.")
    actions = database.add_subparsers(dest="action", required=True, metavar="ACTION")
    init = actions.add_parser(
        "init", help="create the indexes (meet serve does too)", description="Create the indexes."
    )
    init.set_defaults(run=on_database(initialised), secrets=())


async def initialised(_container: Container, _args: argparse.Namespace) -> int:
    print("meet: the indexes are in place")
    return 0
