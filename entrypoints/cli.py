"""The `meet` command."""

import argparse
import asyncio
import getpass
import json
import logging
import os
import signal
import socket
import sys

from tornado.netutil import bind_sockets
from tqdm import tqdm

from application.admin import NewPassword
from application.create_user import NewUser
from domain.errors import StorageUnavailable
from domain.ports import Database
from domain.results import (
    AlreadyImported,
    Created,
    EmailTaken,
    Imported,
    InvalidFields,
    PasswordSet,
    UnknownUser,
    Unlocked,
    UsernameTaken,
)
from entrypoints import logs, settings
from entrypoints.container import Container
from entrypoints.web.messages import MESSAGES

log = logging.getLogger("meet")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="meet", description="meet: user registration and login on Tornado.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve_parser = commands.add_parser("serve", help="serve the web site", description="Serve the web site.")
    serve_parser.add_argument("--host", help="address to listen on (MEET_HOST, default 127.0.0.1)")
    serve_parser.add_argument("--port", type=_port, help="port to listen on (MEET_PORT, default 8888)")
    serve_parser.add_argument(
        "--processes",
        type=_processes,
        help="processes serving the port (MEET_PROCESSES, default 1; 0: one per core); more than one needs mongo",
    )
    _admin_commands(commands)
    args = parser.parse_args(argv)
    logs.configure("text")
    container = Container()
    try:
        flags = {k: getattr(args, k, None) for k in ("host", "port", "processes")}
        settings.configure(container.config, **flags)
    except settings.SettingError as error:
        print(f"meet: {error}", file=sys.stderr)
        return 2
    logs.configure(container.config.log_format())
    if args.command != "serve":
        if container.config.storage() != "mongo":
            print(
                "meet: the admin commands need MEET_STORAGE=mongo: in memory nothing they do is kept", file=sys.stderr
            )
            return 2
        return asyncio.run(admin(container, args))
    processes = container.config.processes()
    if processes == 1:
        return asyncio.run(serve(container))
    return supervise(container, processes)


DRAIN_SECONDS = 10


def supervise(container: Container, count: int) -> int:
    """Fork `count` workers that each listen on the port (SO_REUSEPORT), pass signals on, and wait for them."""
    children: dict[int, int] = {}
    for worker in range(count):
        pid = os.fork()
        if pid == 0:
            logs.configure(container.config.log_format(), worker=f"worker {worker} ")
            code = 1
            try:
                code = asyncio.run(serve(container, reuse_port=True))
            finally:
                os._exit(code)
        children[pid] = worker

    def forward(signum: int, _frame: object) -> None:
        for pid in children:
            os.kill(pid, signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    status = 0
    while children:
        pid, wait_status = os.wait()
        children.pop(pid)
        if code := os.waitstatus_to_exitcode(wait_status):
            status = status or code
            forward(signal.SIGTERM, None)  # one worker failed (a busy port, the database): stop the rest
    return status


def _processes(text: str) -> int:
    try:
        return settings.process_count(text, "--processes")
    except settings.SettingError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _port(text: str) -> int:
    try:
        return settings.port_number(text, "--port")
    except settings.SettingError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


async def serve(container: Container, reuse_port: bool = False) -> int:
    try:
        database = container.database()
    except StorageUnavailable as error:
        print(f"meet: the database at MEET_MONGODB_URI cannot be used: {error}", file=sys.stderr)
        return 1
    try:
        return await _serve(container, database, reuse_port)
    finally:
        await database.close()
        container.shutdown_resources()


async def _serve(container: Container, database: Database, reuse_port: bool) -> int:
    from entrypoints.web.app import make_server
    from entrypoints.web.in_flight import InFlight

    config = container.config
    host, port = config.host(), config.port()
    if config.captcha_answer() is not None:
        log.warning("MEET_CAPTCHA=fixed: every captcha answer is the same; never use this in production")
    try:
        await database.open()
    except StorageUnavailable as error:
        print(f"meet: the database at MEET_MONGODB_URI cannot be used: {error}", file=sys.stderr)
        return 1
    in_flight = InFlight()
    server = make_server(container, in_flight)
    try:
        server.add_sockets(bind_sockets(port, address=host, reuse_port=reuse_port))
    except socket.gaierror:
        print(f"meet: MEET_HOST (or --host) {host!r} is not an address of this machine", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"meet: cannot listen on {host}:{port}: {error.strerror}", file=sys.stderr)
        return 1
    storage = config.storage() if config.storage() == "memory" else f"mongo via {config.mongodb_driver()}"
    log.info("meet is serving on http://%s:%s (storage: %s)", host, port, storage)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    server.stop()  # new connections are refused from here on
    log.info("stopping: letting %d requests in flight finish", in_flight.count)
    if not await in_flight.drained(DRAIN_SECONDS):
        log.warning("stopping: %d requests still unanswered after %d s", in_flight.count, DRAIN_SECONDS)
    await server.close_all_connections()
    return 0


def _admin_commands(commands: argparse._SubParsersAction) -> None:
    users = commands.add_parser("users", help="create, list and look after users", description="Look after users.")
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a user", description="Create a user, as registering would.")
    create.add_argument("username")
    create.add_argument("email")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    password = actions.add_parser(
        "set-password", help="give a user a new password", description="Give a user a new password."
    )
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    listing = actions.add_parser("list", help="list every user", description="List every user, oldest first.")
    listing.add_argument("--json", action="store_true", help="one JSON array instead of a table")
    unlock = actions.add_parser(
        "unlock", help="lift a user's login lock", description="Lift the login lock of a user's username and email."
    )
    unlock.add_argument("username")
    legacy = commands.add_parser(
        "import-legacy",
        help="import the tutorial's users",
        description="Import the users of the tutorial's database (collections user and profile). "
        "A taken username or email is reported and skipped; running it again imports only what is new.",
    )
    legacy.add_argument("--from", dest="source", required=True, metavar="URI", help="the tutorial's MongoDB")
    legacy.add_argument("--db", default="meet", help="its database (default: meet)")
    legacy.add_argument(
        "--site-secret",
        default=os.environ.get("MEET_LEGACY_SITE_SECRET"),
        help="the tutorial's settings['site'], part of its md5 (or MEET_LEGACY_SITE_SECRET, kept out of ps)",
    )
    database = commands.add_parser("db", help="the database", description="Look after the database.")
    database_actions = database.add_subparsers(dest="action", required=True, metavar="ACTION")
    database_actions.add_parser(
        "init", help="create the indexes (meet serve does too)", description="Create the indexes."
    )


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


async def admin(container: Container, args: argparse.Namespace) -> int:
    """The admin commands: the same use cases as the web, answered in one line each."""
    try:
        database = container.database()
        await database.open()
    except StorageUnavailable as error:
        print(f"meet: the database at MEET_MONGODB_URI cannot be used: {error}", file=sys.stderr)
        return 1
    try:
        return await _admin(container, args)
    except StorageUnavailable as error:
        print(f"meet: the database stopped answering: {error}", file=sys.stderr)
        return 1
    finally:
        await database.close()
        container.shutdown_resources()


async def _admin(container: Container, args: argparse.Namespace) -> int:
    if args.command == "import-legacy":
        return await import_legacy(container, args)
    if args.command == "db":
        print("meet: the indexes are in place")
        return 0
    if args.action == "list":
        users = await container.list_users()()
        if args.json:
            rows = [
                {
                    "id": u.id,
                    "username": u.username.value,
                    "email": u.email.value,
                    "created_at": u.created_at.isoformat(),
                }
                for u in users
            ]
            print(json.dumps(rows, ensure_ascii=False))
        else:
            for u in users:
                print(f"{u.username.value}\t{u.email.value}\t{u.created_at:%Y-%m-%d %H:%M}")
        return 0
    if args.action == "unlock":
        match await container.unlock()(args.username):
            case Unlocked(user):
                print(f"meet: {user.username} can log in again")
                return 0
            case UnknownUser():
                return _fail(f"there is no user {args.username!r}")
    if (password := _password(args)) is None:
        return 1
    if args.action == "create":
        match await container.create_user()(NewUser(args.username, args.email, password)):
            case Created(user):
                print(f"meet: created {user.username} <{user.email}>")
                return 0
            case InvalidFields(fields):
                return _fail(" ".join(MESSAGES[f.problem.value] for f in fields))
            case UsernameTaken():
                return _fail(MESSAGES["username_taken"])
            case EmailTaken():
                return _fail(MESSAGES["email_taken"])
    match await container.set_password()(NewPassword(args.username, password)):
        case PasswordSet(user):
            print(f"meet: {user.username} has a new password")
            return 0
        case InvalidFields(fields):
            return _fail(" ".join(MESSAGES[f.problem.value] for f in fields))
        case UnknownUser():
            return _fail(f"there is no user {args.username!r}")
    raise AssertionError("unreachable")


def _fail(message: str) -> int:
    print(f"meet: {message}", file=sys.stderr)
    return 1


async def import_legacy(container: Container, args: argparse.Namespace) -> int:
    from adapters.mongo import TutorialDatabase

    if not args.site_secret:
        return _fail("the tutorial's site secret is needed: MEET_LEGACY_SITE_SECRET or --site-secret")
    source = TutorialDatabase(args.source, args.db)
    counts = {"imported": 0, "already there": 0, "skipped": 0}
    try:
        if not await source.has_users():
            return _fail(f"the database {args.db!r} there has no collection 'user': is --db right?")
        total = await source.count()
        with tqdm(total=total, unit="user", file=sys.stderr, disable=None) as progress:
            async for legacy in source.users():
                match await container.import_legacy_user()(legacy, args.site_secret):
                    case Imported(dropped=dropped):
                        counts["imported"] += 1
                        for name in dropped:
                            progress.write(f"imported {legacy.username!r} without its {name}", file=sys.stderr)
                    case AlreadyImported():
                        counts["already there"] += 1
                    case InvalidFields(fields):
                        counts["skipped"] += 1
                        why = " ".join(MESSAGES.get(f.problem.value, f.problem.value) for f in fields)
                        progress.write(f"skipped {legacy.username!r}: {why}", file=sys.stderr)
                    case UsernameTaken():
                        counts["skipped"] += 1
                        progress.write(f"skipped {legacy.username!r}: {MESSAGES['username_taken']}", file=sys.stderr)
                    case EmailTaken():
                        counts["skipped"] += 1
                        progress.write(
                            f"skipped {legacy.username!r} <{legacy.email}>: {MESSAGES['email_taken']}", file=sys.stderr
                        )
                progress.update()
    except StorageUnavailable as error:
        return _fail(f"the tutorial's database did not answer: {error}")
    finally:
        await source.close()
    print("meet: " + ", ".join(f"{count} {what}" for what, count in counts.items()))
    return 0
