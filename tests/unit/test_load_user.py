from application.load_user import LoadUser
from domain.results import Registered


async def test_the_signed_in_user_is_loaded(users, register_user, solve):
    registered = await register_user(await solve())
    assert isinstance(registered, Registered)

    assert await LoadUser(users)(registered.user.id) == registered.user


async def test_no_id_and_an_unknown_id_are_nobody(users, register_user, solve):
    await register_user(await solve())

    assert await LoadUser(users)(None) is None
    assert await LoadUser(users)("") is None
    assert await LoadUser(users)("no-such-user") is None
