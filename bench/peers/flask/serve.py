"""Serves the Flask peer: one bcrypt hash for the users of PEER_USERS, then gunicorn in the foreground."""

import argparse
import os
import sys

import bcrypt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--processes", type=int, default=1, help="gunicorn sync workers; 0: one per core")
    args = parser.parse_args()
    os.environ["PEER_HASH"] = bcrypt.hashpw(os.environ["PEER_PASSWORD"].encode(), bcrypt.gensalt(12)).decode()
    workers = args.processes or os.cpu_count() or 1
    gunicorn = ["-m", "gunicorn", "--bind", f"127.0.0.1:{args.port}", "--no-control-socket"]
    gunicorn += ["--workers", str(workers), "--worker-class", "sync", "app:create_app()"]
    os.dup2(2, 1)  # logs go to stderr only
    os.execv(sys.executable, [sys.executable, *gunicorn])


if __name__ == "__main__":
    main()
