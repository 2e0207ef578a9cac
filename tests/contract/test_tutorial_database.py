"""The tutorial's database as `meet import-legacy` reads it, on a real server."""

import asyncio
from datetime import UTC, datetime

import pytest
from pymongo import MongoClient

from adapters.mongo import TutorialDatabase


@pytest.fixture
def tutorial(mongo_uri, mongo_db):
    client: MongoClient = MongoClient(mongo_uri)
    client[mongo_db].user.insert_many(
        [
            {"_id": 1, "username": "lilei", "email": "l@example.com", "password": "0" * 32, "timestamp": 1.7e9},
            {"_id": 2, "username": "odd", "email": "o@example.com", "password": "0" * 32, "timestamp": float("nan")},
            {"_id": 3, "username": "none", "email": "n@example.com", "password": "0" * 32},
        ]
    )
    yield mongo_db
    client.close()


async def test_a_time_it_cannot_read_is_the_clocks(mongo_uri, tutorial, clock):
    source = TutorialDatabase(mongo_uri, tutorial, clock=clock)

    dates = {legacy.username: legacy.created_at async for legacy in source.users()}
    await source.close()

    assert dates == {"lilei": datetime.fromtimestamp(1.7e9, UTC), "odd": clock.now(), "none": clock.now()}


async def test_each_read_is_bounded_not_the_whole_walk(mongo_uri, tutorial, clock):
    source = TutorialDatabase(mongo_uri, tutorial, timeout_seconds=0.5, clock=clock)

    names = []
    async for legacy in source.users():
        names.append(legacy.username)
        await asyncio.sleep(0.3)  # the import hashes each user's password meanwhile
    await source.close()

    assert names == ["lilei", "odd", "none"]
