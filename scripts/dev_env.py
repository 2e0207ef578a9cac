"""The ./.env `make run` writes: meet's secrets and the dev database's URI, for it and for `.venv/bin/meet`."""

import os
import secrets
import sys
from pathlib import Path

ENV_FILE = Path(".env")


def write_env(port: int) -> None:
    """Write ./.env, meet's settings for `make run` and for `.venv/bin/meet` run from here, unless it exists.

    Secrets an older `make run` kept under var/ are kept: a new pepper would match no stored password.
    """
    if ENV_FILE.exists():
        return

    def secret(name: str) -> str:
        old = Path("var") / f"{name}.secret"
        return old.read_text().strip() if old.exists() else secrets.token_urlsafe(48)

    lines = [
        "# meet's settings for `make run` and for `.venv/bin/meet` run from this folder; written by make run,",
        "# kept out of git. A variable set in the environment wins over this file.",
        f"MEET_COOKIE_SECRET={secret('cookie')}",
        f"MEET_PEPPER={secret('pepper')}",
        "# The local dev server make run starts (its data in var/mongo); point MEET_MONGODB_URI elsewhere to use",
        "# another MongoDB instead.",
        f"MEET_DEV_MONGODB_PORT={port}",
        f"MEET_MONGODB_URI=mongodb://127.0.0.1:{port}",
    ]
    fd = os.open(ENV_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write("\n".join(lines) + "\n")
    print("dev database: wrote meet's settings to .env", file=sys.stderr)
