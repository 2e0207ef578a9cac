"""Serves the FastAPI peer: one bcrypt hash for the users of PEER_USERS, then uvicorn in the foreground."""

import argparse
import os
import sys

from pwdlib import PasswordHash
from pwdlib.hashers.bcrypt import BcryptHasher


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--processes", type=int, default=1, help="uvicorn workers; 0: one per core")
    parser.add_argument("--variant", choices=("loop", "pool"), default="pool", help="where bcrypt runs")
    args = parser.parse_args()
    os.environ["PEER_VARIANT"] = args.variant
    os.environ["PEER_HASH"] = PasswordHash((BcryptHasher(rounds=12),)).hash(os.environ["PEER_PASSWORD"])
    workers = args.processes or os.cpu_count() or 1
    uvicorn = ["-m", "uvicorn", "app:create_app", "--factory", "--host", "127.0.0.1", "--port", str(args.port)]
    uvicorn += ["--workers", str(workers), "--loop", "uvloop", "--http", "httptools"]
    os.dup2(2, 1)  # logs (uvicorn's access lines too) go to stderr only
    os.execv(sys.executable, [sys.executable, *uvicorn])


if __name__ == "__main__":
    main()
