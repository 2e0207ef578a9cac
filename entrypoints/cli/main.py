"""`meet`: read the settings (the environment, then ./.env), parse the command line, run one command."""

import argparse
import sys
from pathlib import Path

from dotenv import load_dotenv

from entrypoints import logs, settings
from entrypoints.cli import db, import_legacy, serve, users
from entrypoints.container import Container


def parser() -> argparse.ArgumentParser:
    """Each command's parser sets `run` (what it does) and `secrets` (which secret settings it uses)."""
    parser = argparse.ArgumentParser(prog="meet", description="meet: user registration and login on Tornado.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in (serve, users, db, import_legacy):
        command.add_to(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    # `make run` writes its settings to ./.env; a variable set in the environment wins over it.
    load_dotenv(Path.cwd() / ".env", override=False)
    args = parser().parse_args(argv)
    logs.configure("text")
    container = Container()
    flags = {k: getattr(args, k, None) for k in ("host", "port", "processes")}
    try:
        settings.configure(container.config, secrets_used=args.secrets, **flags)
    except settings.SettingError as error:
        for problem in error.problems:
            print(f"meet: {problem}", file=sys.stderr)
        return 2
    logs.configure(container.config.log_format())
    return args.run(container, args)
