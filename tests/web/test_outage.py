"""The database goes away and comes back: meet answers 503 meanwhile, then recovers by itself."""

import asyncio
import time

import pytest

from entrypoints import settings
from entrypoints.container import Container
from scripts.dev_mongo import MongoServer
from tests.web.conftest import TEST_SETTINGS


@pytest.fixture
def database_server(tmp_path):
    server = MongoServer(tmp_path / "data")
    server.start()
    yield server
    server.stop()


@pytest.mark.parametrize("driver", ["motor", "pymongo"])
async def test_pages_answer_503_while_the_database_is_down_and_recover_after(
    database_server, meet_env, serve, visitors, driver
):
    meet_env(
        TEST_SETTINGS
        | {
            "MEET_STORAGE": "mongo",
            "MEET_MONGODB_URI": database_server.uri,
            "MEET_MONGODB_DRIVER": driver,
            "MEET_MONGODB_TIMEOUT": "1",
        }
    )
    container = Container()
    settings.configure(container.config)
    site = await serve(container)
    alice = visitors(site)
    assert (await alice.register()).headers["location"] == "/"
    assert (await alice.get("/healthz")).json() == {"status": "ok"}

    await asyncio.to_thread(database_server.stop)

    started = time.monotonic()
    index = await alice.get("/")
    assert time.monotonic() - started < 5
    assert index.status_code == 503
    assert "Traceback" not in index.text
    assert (await visitors(site).login()).status_code == 503
    health = await alice.get("/healthz")
    assert (health.status_code, health.json()["status"]) == (503, "unavailable")

    await asyncio.to_thread(database_server.start)

    deadline = time.monotonic() + 30
    while (await alice.get("/healthz")).status_code != 200:
        assert time.monotonic() < deadline, "meet did not recover after the database came back"
        await asyncio.sleep(0.2)
    assert "<h1>alice</h1>" in (await alice.get("/")).text
    assert (await visitors(site).login()).headers["location"] == "/"
    container.shutdown_resources()
