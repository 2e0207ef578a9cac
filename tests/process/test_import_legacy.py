"""Migrating the tutorial's database: import, log in over HTTP, the md5 replaced at that login."""

import hashlib
import time

import pytest
from bson import ObjectId
from pymongo import MongoClient

from entrypoints import settings
from entrypoints.container import Container
from tests.names import username
from tests.settings import TEST_SETTINGS

SITE = "tutorial-site-secret"


def md5(password: str) -> str:
    return hashlib.md5((password + SITE).encode(), usedforsecurity=False).hexdigest()


@pytest.fixture
def tutorial_db(mongo_uri, mongo_db):
    """A database shaped as the tutorial left it: `user` pointing at `profile` by a string id."""
    name = f"{mongo_db}_tutorial"
    client = MongoClient(mongo_uri)
    db = client[name]
    profile = db.profile.insert_one(
        {
            "headimg": "",
            "site": "https://lilei.example",
            "job": "coder",
            "signature": "",
            "github": "lilei",
            "description": "hi",
        }
    ).inserted_id
    db.user.insert_many(
        [
            {
                "_id": ObjectId(),
                "username": "lilei",
                "email": "lilei@example.com",
                "password": md5("li lei's password"),
                "timestamp": time.time() * 1000,
                "profile_id": str(profile),
            },
            {
                "_id": ObjectId(),
                "username": "hanmeimei",
                "email": "HanMeimei@Example.com",
                "password": md5("meimei 1234"),
                "timestamp": time.time(),
                "profile_id": str(db.profile.insert_one({"site": "not a url"}).inserted_id),
            },
            {
                "_id": ObjectId(),
                "username": "Taken",
                "email": "taken@example.com",
                "password": md5("whatever1"),
                "timestamp": time.time(),
            },
            {
                "_id": ObjectId(),
                "username": "a b",
                "email": "a@example.com",
                "password": md5("whatever1"),
                "timestamp": time.time(),
            },
            {
                "_id": ObjectId(),
                "username": "李雷",
                "email": "li.lei@example.com",
                "password": md5("李雷的密码"),
                "timestamp": time.time(),
            },
        ]
    )
    yield name
    client.drop_database(name)
    client.close()


async def test_imported_users_log_in_and_their_md5_is_gone_after(
    admin, tutorial_db, mongo_uri, mongo_db, meet_env, serve, visitors
):
    assert (
        admin("users", "create", "taken", "other@example.com", "--password-stdin", password="correct horse").returncode
        == 0
    )

    first = admin("import-legacy", "--from", mongo_uri, "--db", tutorial_db, "--site-secret", SITE)
    again = admin("import-legacy", "--from", mongo_uri, "--db", tutorial_db, "--site-secret", SITE)

    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "meet: 3 imported, 0 already there, 2 skipped"
    assert "skipped 'Taken': That username is already taken." in first.stderr
    assert "skipped 'a b': A username is 1 to 32 letters or digits of any language" in first.stderr
    assert "imported 'hanmeimei' without its site" in first.stderr
    assert "'lilei' without" not in first.stderr
    assert again.stdout.strip() == "meet: 0 imported, 3 already there, 2 skipped"

    meet_env(TEST_SETTINGS | {"MEET_MONGODB_URI": mongo_uri, "MEET_MONGODB_DB": mongo_db})
    container = Container()
    settings.configure(container.config)
    visitor = visitors(await serve(container))
    users = container.users()
    lilei = await users.by_username(username("lilei"))
    assert lilei.password_hash.value.startswith("md5+bcrypt$")
    assert md5("li lei's password") not in lilei.password_hash.value
    assert (lilei.profile.site, lilei.profile.github) == ("https://lilei.example", "lilei")
    assert (await users.by_username(username("hanmeimei"))).profile.site == ""  # not a URL: dropped

    assert (await visitor.login(username="lilei", password="wrong password")).headers["location"] == "/auth/login"
    assert (await visitor.login(username="lilei", password="li lei's password")).headers["location"] == "/"
    assert (await users.by_username(username("lilei"))).password_hash.value.startswith("$2b$")
    assert (await visitor.login(username="李雷", password="李雷的密码")).headers["location"] == "/"
    assert (
        await visitors(await serve(container)).login(username="hanmeimei@example.com", password="meimei 1234")
    ).headers["location"] == "/"


def test_an_unreachable_tutorial_database_is_one_line_naming_its_host_not_its_password(admin):
    result = admin(
        "import-legacy",
        "--from",
        "mongodb://old:s3cret@127.0.0.1:1/?serverSelectionTimeoutMS=500",
        "--site-secret",
        SITE,
    )

    assert result.returncode == 1
    assert (
        result.stderr.strip().splitlines()[-1].startswith("meet: the tutorial's database did not answer: 127.0.0.1:1")
    )
    assert "s3cret" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_wrong_database_name_or_no_secret_is_one_line(admin, mongo_uri, tutorial_db):
    wrong_db = admin("import-legacy", "--from", mongo_uri, "--db", "no_such_db", "--site-secret", SITE)
    no_secret = admin("import-legacy", "--from", mongo_uri, "--db", tutorial_db, "--site-secret", "")

    assert (wrong_db.returncode, wrong_db.stderr.strip()) == (
        1,
        "meet: the database 'no_such_db' there has no collection 'user': is --db right?",
    )
    assert no_secret.returncode == 1 and "site secret is needed" in no_secret.stderr


def test_odd_timestamps_import_with_todays_date(admin, mongo_uri, mongo_db):
    client = MongoClient(mongo_uri)
    name = f"{mongo_db}_odd"
    client[name].user.insert_many(
        [
            {"username": "odd1", "email": "odd1@example.com", "password": md5("whatever1"), "timestamp": 1e20},
            {"username": "odd2", "email": "odd2@example.com", "password": md5("whatever1"), "timestamp": float("nan")},
        ]
    )
    try:
        result = admin("import-legacy", "--from", mongo_uri, "--db", name, "--site-secret", SITE)
    finally:
        client.drop_database(name)
        client.close()

    assert (result.returncode, result.stdout.strip()) == (0, "meet: 2 imported, 0 already there, 0 skipped")
