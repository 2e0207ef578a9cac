"""The database goes away and comes back: meet answers 503 meanwhile, then recovers by itself."""

import asyncio
import time

import pytest

from entrypoints import settings
from entrypoints.container import Container
from scripts.dev_mongo import MongoServer
from tests.settings import TEST_SETTINGS

TIMEOUT = 1  # MEET_MONGODB_TIMEOUT for these tests, in seconds
PATIENCE = 5  # the longest any request may wait while the database is away


@pytest.fixture
def database_server(tmp_path):
    server = MongoServer(tmp_path / "data")
    server.start()
    yield server
    if server.process is not None:
        server.thaw()
    server.stop()


@pytest.fixture
def container(database_server, meet_env, request):
    meet_env(
        TEST_SETTINGS
        | {
            "MEET_STORAGE": "mongo",
            "MEET_MONGODB_URI": database_server.uri,
            "MEET_MONGODB_DRIVER": request.param,
            "MEET_MONGODB_TIMEOUT": str(TIMEOUT),
        }
    )
    container = Container()
    settings.configure(container.config)
    yield container
    container.shutdown_resources()


async def timed(request):
    started = time.monotonic()
    response = await request
    return response, time.monotonic() - started


@pytest.mark.parametrize("container", ["motor", "pymongo"], indirect=True)
@pytest.mark.parametrize("outage", ["stopped", "frozen"])
async def test_pages_answer_503_while_the_database_is_away_and_recover_after(
    database_server, container, serve, visitors, outage
):
    site = await serve(container)
    alice = visitors(site)
    assert (await alice.register()).headers["location"] == "/"
    assert (await alice.get("/healthz")).json() == {"status": "ok"}

    await asyncio.to_thread(database_server.stop if outage == "stopped" else database_server.freeze)

    # Many at once: a driver that queues its calls must not make the later ones wait longer.
    answers = await asyncio.gather(*(timed(alice.get(path)) for path in ["/", "/healthz"] * 25))
    assert [response.status_code for response, _ in answers] == [503] * 50
    assert max(seconds for _, seconds in answers) < PATIENCE
    index, seconds = await timed(alice.get("/"))
    assert (index.status_code, "Traceback" in index.text) == (503, False)
    assert seconds < PATIENCE
    assert (await visitors(site).login()).status_code == 503
    health = await alice.get("/healthz")
    assert (health.status_code, health.json()["status"]) == (503, "unavailable")
    api = await visitors(site).http.post("/api/v1/login", json={"login": "alice", "password": "correct horse"})
    assert (api.status_code, api.headers["Content-Type"]) == (503, "application/problem+json")
    assert api.json()["type"] == "urn:meet:problem:storage-unavailable" and api.headers["Retry-After"]

    await asyncio.to_thread(database_server.start if outage == "stopped" else database_server.thaw)

    deadline = time.monotonic() + 30
    while (await alice.get("/healthz")).status_code != 200:
        assert time.monotonic() < deadline, "meet did not recover after the database came back"
        await asyncio.sleep(0.2)
    assert "<h1><bdi>alice</bdi></h1>" in (await alice.get("/")).text
    assert (await visitors(site).login()).headers["location"] == "/"
