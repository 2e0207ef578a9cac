import asyncio

from dependency_injector import providers

from domain.model import Username
from tests.fakes import HeldHasher


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


async def test_simultaneous_registrations_of_one_username_store_one_user(visit, container):
    visitors = [visit() for _ in range(20)]

    responses = await asyncio.gather(
        *(v.register(username="alice", email=f"alice{n}@example.com") for n, v in enumerate(visitors))
    )

    assert sorted(r.headers["location"] for r in responses) == ["/"] + ["/auth/register"] * 19
    winner = responses.index(next(r for r in responses if r.headers["location"] == "/"))
    stored = await container.users().by_username(Username("alice"))
    assert stored is not None
    assert str(stored.email) == f"alice{winner}@example.com"
