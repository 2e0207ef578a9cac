import asyncio

from dependency_injector import providers

from domain.model import Email
from tests.fakes import GatheringHasher, HeldHasher
from tests.names import username
from tests.web.client import flashes


async def test_the_event_loop_serves_pages_while_a_password_check_is_held(container, serve, visitors):
    held = HeldHasher()
    container.hasher.override(providers.Object(held))
    site = await serve(container)
    alice, other = visitors(site), visitors(site)
    held.release.set()
    await alice.register()
    held.release.clear()
    held.entered.clear()

    login = asyncio.create_task(alice.login())
    assert await asyncio.to_thread(held.entered.wait, 5), "the login never reached the hasher"

    page = await asyncio.wait_for(other.get("/auth/login"), 5)

    assert page.status_code == 200
    assert not login.done()
    held.release.set()
    assert (await login).headers["location"] == "/"


CROWD = 50


async def test_simultaneous_registrations_of_one_username_store_one_user(container, serve, visitors):
    # Every request passes RegisterUser's look-up before any is stored: only the repository can stop the rest.
    container.hasher.override(providers.Object(GatheringHasher(parties=CROWD)))
    site = await serve(container)
    crowd = [visitors(site) for _ in range(CROWD)]

    responses = await asyncio.gather(
        *(v.register(username="alice", email=f"alice{n}@example.com") for n, v in enumerate(crowd))
    )

    locations = [r.headers["location"] for r in responses]
    assert [r.status_code for r in responses] == [302] * CROWD
    assert sorted(locations) == ["/"] + ["/auth/register"] * (CROWD - 1)
    users = container.users()
    stored = [await users.by_email(Email(f"alice{n}@example.com")) for n in range(CROWD)]
    assert [user is not None for user in stored] == [location == "/" for location in locations]
    assert await users.by_username(username("alice")) == next(user for user in stored if user)
    for loser in (v for v, location in zip(crowd, locations, strict=True) if location != "/"):
        assert flashes(await loser.get("/auth/register")) == [("error", "That username is already taken.")]
