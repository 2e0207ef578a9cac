"""Serves the Django peer: a fresh sqlite store holding the users of PEER_USERS, then gunicorn in the foreground."""

import argparse
import os
import sys
import tempfile


def seed(usernames: list[str], password: str) -> None:
    """Migrates the store and creates the users, all with one bcrypt hash of the password."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")  # kept by the file: writers do not block the readers
    hashed = make_password(password)
    User.objects.bulk_create(User(username=name, password=hashed) for name in usernames)
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--processes", type=int, default=1, help="gunicorn workers; 0: one per core")
    parser.add_argument("--variant", choices=("sync", "gthread"), default="sync", help="gunicorn's worker class")
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "settings"
    os.environ["PEER_STORE"] = tempfile.mkdtemp(prefix="meet-peer-django-")
    seed([name for name in os.environ["PEER_USERS"].split(",") if name], os.environ["PEER_PASSWORD"])
    workers = args.processes or os.cpu_count() or 1
    threads = ["--threads", "4"] if args.variant == "gthread" else []
    gunicorn = ["-m", "gunicorn", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{args.port}"]
    gunicorn += ["--no-control-socket", "--workers", str(workers), "--worker-class", args.variant, *threads]
    gunicorn += ["wsgi:application"]
    os.dup2(2, 1)  # logs go to stderr only
    os.execv(sys.executable, [sys.executable, *gunicorn])


if __name__ == "__main__":
    main()
