import hashlib
from datetime import UTC, datetime

import pytest

from application.create_user import NewUser
from application.import_legacy import LegacyUser
from domain.errors import InvalidField, Problem
from domain.model import Profile
from domain.results import AlreadyImported, EmailTaken, Imported, InvalidFields, UsernameLookalike, UsernameTaken
from tests.names import username

SITE = "site-secret"
BORN = datetime(2015, 3, 1, tzinfo=UTC)


def legacy(legacy_id: str = "1", username: str = "lilei", email: str = "lilei@example.com", **extra) -> LegacyUser:
    md5 = hashlib.md5(("li lei's password" + SITE).encode(), usedforsecurity=False).hexdigest()
    fields = {"md5_hex": md5, "created_at": BORN, "profile": Profile()} | extra
    return LegacyUser(legacy_id, username, email, **fields)


@pytest.fixture
def import_user(container):
    return container.import_legacy_user()


async def test_a_tutorial_user_is_imported_with_its_id_time_profile_and_password(import_user, users, hasher):
    profile = Profile(site="https://lilei.example", github="lilei", description="hi")

    result = await import_user(legacy(profile=profile), SITE)

    assert result == Imported(await users.by_username(username("lilei")))
    assert (result.user.id, result.user.created_at, result.user.profile) == ("legacy-1", BORN, profile)
    assert await hasher.verify("li lei's password", result.user.password_hash)
    assert hasher.needs_rehash(result.user.password_hash)


async def test_a_chinese_username_is_imported(import_user, users):
    result = await import_user(legacy(username="韩梅梅", email="hanmeimei@example.com"), SITE)

    assert isinstance(result, Imported)
    assert await users.by_username(username("韩梅梅")) == result.user
    assert result.user.username.value == "韩梅梅"


async def test_a_lookalike_of_an_imported_name_is_reported_not_imported(import_user, users):
    await import_user(legacy(username="cop"), SITE)

    # Cyrillic es, o and er: another name, that looks the same.
    assert await import_user(legacy("2", "\u0441\u043e\u0440", "sor@example.com"), SITE) == UsernameLookalike()
    assert len(await users.all()) == 1


async def test_importing_twice_is_already_imported(import_user):
    await import_user(legacy(), SITE)

    assert await import_user(legacy(), SITE) == AlreadyImported()


async def test_profile_fields_meet_refuses_are_dropped_and_named(import_user):
    profile = Profile(headimg="javascript:x", site="not a url", job="coder", github="-x")

    result = await import_user(legacy(profile=profile), SITE)

    assert isinstance(result, Imported)
    assert result.dropped == ("headimg", "site", "github")
    assert result.user.profile == Profile(job="coder")


async def test_an_http_head_image_is_dropped_and_an_http_site_kept(import_user):
    profile = Profile(headimg="http://img.example/a.png", site="http://alice.example")

    result = await import_user(legacy(profile=profile), SITE)

    assert isinstance(result, Imported)
    assert result.dropped == ("headimg",)
    assert result.user.profile == Profile(site="http://alice.example")


async def test_every_refused_field_is_named_and_nothing_is_stored(import_user, users):
    result = await import_user(legacy(username="a b", email="nowhere", md5_hex="not md5"), SITE)

    assert result == InvalidFields(
        (
            InvalidField("username", Problem.USERNAME_FORMAT),
            InvalidField("email", Problem.EMAIL_FORMAT),
            InvalidField("password", Problem.LEGACY_HASH_FORMAT),
        )
    )
    assert await users.all() == []


async def test_a_taken_username_or_email_is_reported_not_overwritten(import_user, container, users):
    await container.create_user()(NewUser("LiLei", "someone@example.com", "correct horse"))

    assert await import_user(legacy(), SITE) == UsernameTaken()
    assert await import_user(legacy("2", "hanmeimei", "SOMEONE@example.com"), SITE) == EmailTaken()
    assert len(await users.all()) == 1
