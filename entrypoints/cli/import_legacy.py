"""`meet import-legacy`: the tutorial's users and profiles into meet's database, each refusal reported."""

import argparse
import os
import sys
from typing import assert_never

from domain.errors import StorageUnavailable
from domain.results import AlreadyImported, EmailTaken, Imported, InvalidFields, UsernameLookalike, UsernameTaken
from entrypoints.cli.common import fail, on_database, say
from entrypoints.container import Container


def add_to(commands: argparse._SubParsersAction) -> None:
    legacy = commands.add_parser(
        "import-legacy",
        help="import the tutorial's users",
        description="Import the users of the tutorial's database (collections user and profile). "
        "A taken username or email, or a lookalike of a username, is reported and skipped; "
        "running it again imports only what is new.",
    )
    legacy.add_argument("--from", dest="source", required=True, metavar="URI", help="the tutorial's MongoDB")
    legacy.add_argument("--db", default="meet", help="its database (default: meet)")
    legacy.add_argument(
        "--site-secret",
        default=os.environ.get("MEET_LEGACY_SITE_SECRET"),
        help="the tutorial's settings['site'], part of its md5 (or MEET_LEGACY_SITE_SECRET, kept out of ps)",
    )
    legacy.set_defaults(run=on_database(import_legacy), secrets=("pepper",))


async def import_legacy(container: Container, args: argparse.Namespace) -> int:
    if not args.site_secret:
        return fail("the tutorial's site secret is needed: MEET_LEGACY_SITE_SECRET or --site-secret")
    source = container.tutorial_database(uri=args.source, name=args.db)
    counts = {"imported": 0, "already there": 0, "skipped": 0}
    try:
        if not await source.has_users():
            return fail(f"the database {args.db!r} there has no collection 'user': is --db right?")
        total = await source.count()
        # Imported here: every `meet serve` process would otherwise hold it, about 1 MB of RSS (issue 11).
        from tqdm import tqdm

        with tqdm(total=total, unit="user", file=sys.stderr, disable=None) as progress:
            async for legacy in source.users():
                outcome = await container.import_legacy_user()(legacy, args.site_secret)
                name = repr(legacy.username)
                match outcome:
                    case Imported(dropped=dropped):
                        counts["imported"] += 1
                        for field in dropped:
                            progress.write(f"imported {name} without its {field}", file=sys.stderr)
                    case AlreadyImported():
                        counts["already there"] += 1
                    case InvalidFields() | UsernameTaken() | UsernameLookalike() as refused:
                        counts["skipped"] += 1
                        progress.write(f"skipped {name}: {say(refused)}", file=sys.stderr)
                    case EmailTaken() as refused:
                        counts["skipped"] += 1
                        progress.write(f"skipped {name} <{legacy.email}>: {say(refused)}", file=sys.stderr)
                    case unexpected:
                        assert_never(unexpected)
                progress.update()
    except StorageUnavailable as error:
        return fail(f"the tutorial's database did not answer: {error}")
    finally:
        await source.close()
    print("meet: " + ", ".join(f"{count} {what}" for what, count in counts.items()))
    return 0
