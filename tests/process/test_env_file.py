"""`meet` where `make run` ran: its settings from ./.env, only the secrets a command uses, the host named on failure."""

import subprocess
from pathlib import Path

from scripts.dev_mongo import free_port
from tests.process.processes import MEET, clean_env

PEPPER = {"MEET_PEPPER": "p" * 32, "MEET_BCRYPT_ROUNDS": "4"}


def meet(env: dict[str, str], *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    """`meet` in the test's folder (see conftest), with no MEET_* variable but `env`."""
    return subprocess.run(
        [MEET, *args], env=clean_env() | env, input=password, capture_output=True, text=True, timeout=60
    )


def dotenv(folder: Path, text: str) -> Path:
    """A .env as `make run` writes one: readable and writable by its owner only (meet ignores one others may write)."""
    path = folder / ".env"
    path.write_text(text)
    path.chmod(0o600)
    return path


def test_commands_that_hash_nothing_run_on_dotenv_alone_without_any_secret(tmp_path, mongo_uri, mongo_db):
    dotenv(tmp_path, f"MEET_MONGODB_URI={mongo_uri}\nMEET_MONGODB_DB={mongo_db}\n")
    created = meet(
        PEPPER, "users", "create", "alice", "alice@example.com", "--password-stdin", password="correct horse"
    )
    assert created.returncode == 0, created.stderr

    listed = meet({}, "users", "list")
    unlocked = meet({}, "users", "unlock", "alice")
    initialised = meet({}, "db", "init")

    assert (listed.returncode, listed.stdout.split("\t")[0], listed.stderr) == (0, "alice", "")
    assert (unlocked.returncode, unlocked.stdout.strip()) == (0, "meet: alice can log in again")
    assert initialised.returncode == 0, initialised.stderr


def test_the_environment_wins_over_dotenv(tmp_path, mongo_uri, mongo_db):
    dotenv(tmp_path, f"MEET_MONGODB_URI=mongodb://127.0.0.1:{free_port()}\nMEET_MONGODB_DB=elsewhere\n")
    env = {"MEET_MONGODB_URI": mongo_uri, "MEET_MONGODB_DB": mongo_db}
    meet(env | PEPPER, "users", "create", "bob", "bob@example.com", "--password-stdin", password="correct horse")

    listed = meet(env, "users", "list")

    assert (listed.returncode, listed.stdout.split("\t")[0]) == (0, "bob")


def test_a_dotenv_others_may_write_is_ignored_with_a_warning(tmp_path, mongo_uri, mongo_db):
    planted = dotenv(tmp_path, "MEET_STORAGE=memory\n")
    planted.chmod(0o666)

    listed = meet({"MEET_MONGODB_URI": mongo_uri, "MEET_MONGODB_DB": mongo_db}, "users", "list")

    assert listed.returncode == 0, listed.stderr
    assert listed.stderr.startswith(f"meet: ignoring {planted}: others may write it")


def test_a_command_that_hashes_asks_for_the_pepper_only(mongo_uri, mongo_db):
    result = meet(
        {"MEET_MONGODB_URI": mongo_uri, "MEET_MONGODB_DB": mongo_db},
        "users",
        "create",
        "carol",
        "carol@example.com",
        "--password-stdin",
        password="correct horse",
    )

    assert result.returncode == 2
    assert [line.split(" ")[1] for line in result.stderr.strip().splitlines()] == ["MEET_PEPPER"]


def test_an_unreachable_database_is_named_by_its_host_never_its_password():
    port = free_port()
    env = {"MEET_MONGODB_URI": f"mongodb://meet:s3cret@127.0.0.1:{port}/", "MEET_MONGODB_TIMEOUT": "1"}

    result = meet(env, "users", "list")

    assert result.returncode == 1
    assert result.stderr.startswith(f"meet: the database (MEET_MONGODB_URI) cannot be used: 127.0.0.1:{port}: ")
    assert "s3cret" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
