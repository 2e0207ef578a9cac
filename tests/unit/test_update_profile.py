import pytest

from application.update_profile import ProfileForm, UpdateProfile
from domain.errors import InvalidField, Problem
from domain.model import Profile
from domain.results import InvalidFields, NotSignedIn, ProfileUpdated, Registered

GOOD = Profile("https://img.example/a.png", "http://alice.example", "engineer", "hi", "alice-dev", "about me")


@pytest.fixture
async def registered(register_user, solve) -> Registered:
    result = await register_user(await solve())
    assert isinstance(result, Registered)
    return result


@pytest.fixture
def update_profile(container) -> UpdateProfile:
    return container.update_profile()


async def test_the_signed_in_users_profile_is_replaced(update_profile, registered, users):
    result = await update_profile(ProfileForm(registered.session.id, GOOD))

    assert isinstance(result, ProfileUpdated)
    assert (await users.get(registered.user.id)).profile == GOOD


async def test_without_a_session_nothing_is_stored(update_profile, registered, users):
    assert await update_profile(ProfileForm(None, GOOD)) == NotSignedIn()
    assert await update_profile(ProfileForm("no-such-session", GOOD)) == NotSignedIn()
    assert (await users.get(registered.user.id)).profile == Profile()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"site": "javascript:alert(1)"}, InvalidField("site", Problem.URL_FORMAT)),
        ({"site": "https://"}, InvalidField("site", Problem.URL_FORMAT)),
        ({"headimg": "https://a.example/x y.png"}, InvalidField("headimg", Problem.URL_FORMAT)),
        ({"headimg": "http://img.example/a.png"}, InvalidField("headimg", Problem.URL_FORMAT)),
        ({"headimg": "HTTP://img.example/a.png"}, InvalidField("headimg", Problem.URL_FORMAT)),
        ({"github": "-alice"}, InvalidField("github", Problem.GITHUB_FORMAT)),
        ({"github": "al--ice"}, InvalidField("github", Problem.GITHUB_FORMAT)),
        ({"github": "a" * 40}, InvalidField("github", Problem.TOO_LONG)),
        ({"job": "x" * 101}, InvalidField("job", Problem.TOO_LONG)),
        ({"signature": "x" * 201}, InvalidField("signature", Problem.TOO_LONG)),
        ({"description": "x" * 2001}, InvalidField("description", Problem.TOO_LONG)),
    ],
)
async def test_a_field_that_breaks_its_rule_is_named_and_nothing_is_stored(
    update_profile, registered, users, change, expected
):
    bad = Profile(**{**GOOD.__dict__, **change})

    assert await update_profile(ProfileForm(registered.session.id, bad)) == InvalidFields((expected,))
    assert (await users.get(registered.user.id)).profile == Profile()


async def test_every_refused_field_comes_at_once(update_profile, registered):
    bad = Profile(headimg="ftp://a.example", site="x", job="x" * 101, github="-alice")

    assert await update_profile(ProfileForm(registered.session.id, bad)) == InvalidFields(
        (
            InvalidField("headimg", Problem.URL_FORMAT),
            InvalidField("site", Problem.URL_FORMAT),
            InvalidField("job", Problem.TOO_LONG),
            InvalidField("github", Problem.GITHUB_FORMAT),
        )
    )


async def test_changes_replace_only_their_fields_and_keep_the_rules(update_profile, registered, users):
    session = registered.session.id
    await update_profile(ProfileForm(session, GOOD))

    changed = await update_profile(ProfileForm(session, changes=(("job", "writer"),)))
    assert isinstance(changed, ProfileUpdated)
    stored = (await users.get(registered.user.id)).profile
    assert stored.job == "writer" and stored.site == GOOD.site and stored.github == GOOD.github

    refused = await update_profile(ProfileForm(session, changes=(("site", "ftp://x"), ("job", "poet"))))
    assert refused == InvalidFields((InvalidField("site", Problem.URL_FORMAT),))
    assert (await users.get(registered.user.id)).profile == stored
