"""`meet`: read the settings (the environment, then ./.env), parse the command line, run one command."""

import argparse
import os
import stat
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


def load_env_file(path: Path) -> None:
    """Set the variables of `path` that the environment does not, as written (no ${...} expanded).

    Skipped, with a warning, unless this user owns the file and no one else may write it:
    a .env planted in a shared folder must not choose meet's database or secrets.
    """
    try:
        file = open(path, encoding="utf-8")  # noqa: SIM115 (closed below; checked on the open file, not the name)
    except FileNotFoundError:
        return
    except OSError as error:
        print(f"meet: ignoring {path}: {error.strerror}", file=sys.stderr)
        return
    with file:
        status = os.fstat(file.fileno())
        if status.st_uid != os.getuid():
            print(f"meet: ignoring {path}: it belongs to another user", file=sys.stderr)
        elif status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            print(f"meet: ignoring {path}: others may write it (chmod go-w {path})", file=sys.stderr)
        else:
            load_dotenv(stream=file, override=False, interpolate=False)


def main(argv: list[str] | None = None) -> int:
    # `make run` writes its settings to ./.env; a variable set in the environment wins over it.
    load_env_file(Path.cwd() / ".env")
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
