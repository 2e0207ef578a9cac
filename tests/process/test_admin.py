"""The admin command line: the same use cases and messages as the web, on the real Mongo server."""

import json
import subprocess
from datetime import UTC, datetime

import pytest

from entrypoints import settings
from entrypoints.container import Container
from tests.process.processes import MEET, clean_env
from tests.settings import TEST_SETTINGS


@pytest.fixture
def site_on_that_database(meet_env, mongo_uri, mongo_db, serve):
    """A meet on the same database, for logging in as the users the commands made."""

    async def start() -> str:
        meet_env(TEST_SETTINGS | {"MEET_MONGODB_URI": mongo_uri, "MEET_MONGODB_DB": mongo_db})
        container = Container()
        settings.configure(container.config)
        return await serve(container)

    return start


async def test_a_created_user_logs_in_on_the_web(admin, site_on_that_database, visitors):
    created = admin("users", "create", "carol", "carol@example.com", "--password-stdin", password="correct horse\n")

    assert (created.returncode, created.stdout.strip()) == (0, "meet: created carol <carol@example.com>")
    visitor = visitors(await site_on_that_database())
    assert (await visitor.login(username="carol")).headers["location"] == "/"


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (
            ["c a", "carol@example.com"],
            "correct horse",
            "A username is 1 to 32 letters or digits of any language, '_', '.' or '-', with no spaces or symbols.",
        ),
        (
            ["a1ice", "new@example.com"],
            "correct horse",
            "That username looks too much like an existing one; choose another.",
        ),
        (["carol", "not-an-email"], "correct horse", "That is not a valid email address."),
        (
            ["carol", "carol@example.com"],
            "password123",
            "That password is one of the most common ones; choose another.",
        ),
        (["Alice", "new@example.com"], "correct horse", "That username is already taken."),
        (["dave", "ALICE@example.com"], "correct horse", "That email address is already registered."),
    ],
)
def test_create_refuses_what_the_web_refuses_with_the_same_message(admin, args, password, message):
    assert (
        admin("users", "create", "alice", "alice@example.com", "--password-stdin", password="correct horse").returncode
        == 0
    )

    result = admin("users", "create", *args, "--password-stdin", password=password)

    assert (result.returncode, result.stderr.strip()) == (1, f"meet: {message}")


def test_list_shows_every_user_as_a_table_or_json(admin):
    for name in ["alice", "bob"]:
        admin("users", "create", name, f"{name}@example.com", "--password-stdin", password="correct horse")

    table = admin("users", "list")
    rows = json.loads(admin("users", "list", "--json").stdout)

    assert [line.split("\t")[0] for line in table.stdout.splitlines()] == ["alice", "bob"]
    assert [(row["username"], row["email"]) for row in rows] == [
        ("alice", "alice@example.com"),
        ("bob", "bob@example.com"),
    ]


async def test_set_password_and_unlock(admin, site_on_that_database, visitors):
    admin("users", "create", "alice", "alice@example.com", "--password-stdin", password="correct horse")
    visitor = visitors(await site_on_that_database())
    for _ in range(5):
        await visitor.login(password="wrong horse")
    assert (await visitor.login()).status_code == 429

    assert admin("users", "set-password", "alice", "--password-stdin", password="battery staple").returncode == 0
    assert admin("users", "unlock", "alice").stdout.strip() == "meet: alice can log in again"

    assert (await visitor.login(password="correct horse")).headers["location"] == "/auth/login"
    assert (await visitor.login(password="battery staple")).headers["location"] == "/"


def test_verify_marks_the_address_verified_once(admin):
    admin("users", "create", "alice", "alice@example.com", "--password-stdin", password="correct horse")
    listed = json.loads(admin("users", "list", "--json").stdout)
    assert [row["email_verified"] for row in listed] == [False]

    first, again = admin("users", "verify", "ALICE"), admin("users", "verify", "alice")

    assert (first.returncode, first.stdout.strip()) == (0, "meet: alice's address alice@example.com is verified")
    assert (again.returncode, again.stdout.strip()) == (0, "meet: alice's address was verified already")
    assert [row["email_verified"] for row in json.loads(admin("users", "list", "--json").stdout)] == [True]


async def test_delete_removes_the_user_and_frees_the_name(admin, site_on_that_database, visitors):
    admin("users", "create", "alice", "alice@example.com", "--password-stdin", password="correct horse")
    visitor = visitors(await site_on_that_database())
    assert (await visitor.login()).headers["location"] == "/"

    unasked = admin("users", "delete", "alice")
    assert (unasked.returncode, unasked.stderr.strip()) == (1, "meet: no terminal to confirm on: use --yes")
    deleted = admin("users", "delete", "alice", "--yes")

    assert (deleted.returncode, deleted.stdout.strip()) == (0, "meet: deleted alice <alice@example.com>")
    assert json.loads(admin("users", "list", "--json").stdout) == []
    assert (await visitor.get("/profile")).status_code == 302, "their session ended with them"
    again = admin("users", "create", "Alice", "ALICE@example.com", "--password-stdin", password="battery staple")
    assert again.returncode == 0


def test_delete_asks_on_a_terminal_and_a_no_keeps_the_user(admin_on_a_terminal, admin):
    admin("users", "create", "alice", "alice@example.com", "--password-stdin", password="correct horse")

    kept = admin_on_a_terminal("n\n", "users", "delete", "alice")
    assert "Delete the user 'alice' and everything kept for them? [y/N]" in kept
    assert "nothing deleted" in kept
    assert len(json.loads(admin("users", "list", "--json").stdout)) == 1

    deleted = admin_on_a_terminal("y\n", "users", "delete", "alice")
    assert "meet: deleted alice <alice@example.com>" in deleted
    assert json.loads(admin("users", "list", "--json").stdout) == []


def test_reset_2fa_removes_the_second_factors_and_passkeys_and_tells_the_address(admin, mongo_uri, mongo_db):
    from pymongo import MongoClient

    admin("users", "create", "alice", "alice@example.com", "--password-stdin", password="correct horse")
    (alice,) = json.loads(admin("users", "list", "--json").stdout)
    client: MongoClient = MongoClient(mongo_uri)
    db = client[mongo_db]
    db["factors"].insert_one({"_id": alice["id"], "totp": {"secret": b"sealed", "last_step": 1}, "recovery": []})
    passkey = {"user_id": alice["id"], "public_key": b"key", "sign_count": 0, "name": "Phone", "last_used_at": None}
    db["passkeys"].insert_one({"_id": b"credential", "added_at": datetime.now(UTC), **passkey})

    unasked = admin("users", "reset-2fa", "alice")
    assert (unasked.returncode, unasked.stderr.strip()) == (1, "meet: no terminal to confirm on: use --yes")
    assert db["factors"].count_documents({}) == 1
    done = admin("users", "reset-2fa", "alice", "--yes")

    assert (done.returncode, done.stdout.strip()) == (
        0,
        "meet: alice signs in with their password alone now; their address was told",
    )
    assert db["factors"].count_documents({}) == 0 and db["passkeys"].count_documents({}) == 0
    assert [letter["to"] for letter in db["outbox"].find()] == ["alice@example.com"] * 2, "a notice for each"
    again = admin("users", "reset-2fa", "alice", "--yes")
    assert (again.returncode, again.stdout.strip()) == (0, "meet: alice has no second factor or passkey")
    client.close()


def test_unknown_users_and_weak_passwords_are_one_line_and_exit_1(admin):
    admin("users", "create", "alice", "alice@example.com", "--password-stdin", password="correct horse")

    for result, message in [
        (admin("users", "unlock", "nobody"), "meet: there is no user 'nobody'"),
        (admin("users", "verify", "nobody"), "meet: there is no user 'nobody'"),
        (admin("users", "delete", "nobody", "--yes"), "meet: there is no user 'nobody'"),
        (admin("users", "reset-2fa", "nobody", "--yes"), "meet: there is no user 'nobody'"),
        (
            admin("users", "set-password", "nobody", "--password-stdin", password="battery staple"),
            "meet: there is no user 'nobody'",
        ),
        (
            admin("users", "set-password", "alice", "--password-stdin", password="alice"),
            "meet: A password needs at least 8 characters.",
        ),
    ]:
        assert (result.returncode, result.stderr.strip()) == (1, message)


def test_db_init_makes_the_indexes(admin, mongo_uri, mongo_db):
    from pymongo import MongoClient

    assert admin("db", "init").returncode == 0
    client = MongoClient(mongo_uri)
    assert {"username_key_unique", "email_key_unique"} <= set(client[mongo_db]["users"].index_information())
    client.close()


def test_every_command_has_help(admin):
    for args in (["--help"], ["users", "--help"], ["users", "create", "--help"], ["db", "init", "--help"]):
        result = admin(*args)
        assert result.returncode == 0 and result.stdout.startswith("usage: meet")


def test_admin_commands_refuse_the_memory_storage(admin):
    result = subprocess.run(
        [MEET, "users", "list"],
        env=clean_env() | TEST_SETTINGS | {"MEET_STORAGE": "memory"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (result.returncode, result.stderr.strip()) == (
        2,
        "meet: the admin commands need MEET_STORAGE=mongo: in memory nothing they do is kept",
    )


def test_without_a_terminal_the_password_must_come_on_stdin(admin):
    result = admin("users", "create", "carol", "carol@example.com", password="")

    assert (result.returncode, result.stderr.strip()) == (
        1,
        "meet: no terminal to ask for the password on: use --password-stdin",
    )


async def test_a_new_password_ends_the_users_sessions(admin, site_on_that_database, visitors):
    admin("users", "create", "alice", "alice@example.com", "--password-stdin", password="correct horse")
    visitor = visitors(await site_on_that_database())
    await visitor.login()
    assert "<h1><bdi>alice</bdi></h1>" in (await visitor.get("/")).text

    admin("users", "set-password", "alice", "--password-stdin", password="battery staple\r\n")

    assert "<h1><bdi>alice</bdi></h1>" not in (await visitor.get("/")).text
    assert (await visitor.login(password="battery staple")).headers["location"] == "/"
