"""The bounded call every MongoDB read and write goes through; no server needed (the client connects lazily)."""

import asyncio

import pytest
from pymongo.errors import OperationFailure, ServerSelectionTimeoutError

from adapters.mongo.client import MongoConnection, described, hosts
from domain.errors import StorageUnavailable

URI = "mongodb://meet:s3cret-password@db1.example:27017,db2.example:27018/meet?replicaSet=rs0&authSource=admin"


def test_the_hosts_of_a_uri_leave_out_who_logs_in():
    assert hosts(URI) == "db1.example:27017,db2.example:27018"
    assert hosts("mongodb+srv://meet:pw@cluster0.example.net/?retryWrites=true") == "cluster0.example.net"
    assert hosts("mongodb://127.0.0.1") == "127.0.0.1"


@pytest.mark.parametrize(
    ("uri", "named"),
    [
        ("mongodb+srv://meet:pa/ss?w@rd@cluster0.example.net/meet?retryWrites=true", "cluster0.example.net"),
        ("mongodb://meet:pa?ss/w@rd@db1.example:27017/?authSource=admin", "db1.example:27017"),
    ],
)
def test_a_password_holding_slash_question_mark_and_at_never_shows_in_the_hosts(uri, named):
    assert hosts(uri) == named


@pytest.mark.parametrize("driver", ["motor", "pymongo"])
async def test_a_call_with_no_answer_in_time_names_the_hosts_and_not_the_password(driver):
    connection = MongoConnection(driver, URI, "meet", timeout_seconds=0.05)

    with pytest.raises(StorageUnavailable) as raised:
        async with connection.call():
            await asyncio.sleep(5)  # a server that does not answer

    assert str(raised.value) == "db1.example:27017,db2.example:27018: no answer within 0.05 s"
    await connection.close()


async def test_refused_credentials_name_the_hosts_and_not_the_password():
    connection = MongoConnection("pymongo", URI, "meet", timeout_seconds=1)

    with pytest.raises(StorageUnavailable) as raised:
        async with connection.call():
            raise OperationFailure("Authentication failed.", code=18)

    assert str(raised.value) == "db1.example:27017,db2.example:27018: the server refused meet: Authentication failed."
    assert "s3cret" not in str(raised.value)
    await connection.close()


async def test_a_reason_that_names_its_host_is_not_led_by_it_again():
    connection = MongoConnection("pymongo", "mongodb://127.0.0.1:1", "meet", timeout_seconds=1)

    with pytest.raises(StorageUnavailable) as raised:
        async with connection.call():
            raise ServerSelectionTimeoutError("127.0.0.1:1: [Errno 111] Connection refused, Timeout: 1.0s, Topology")

    assert str(raised.value) == "127.0.0.1:1: [Errno 111] Connection refused"
    await connection.close()


def test_the_password_never_reaches_a_message_even_if_the_driver_repeats_it():
    uri = "mongodb://meet:p%40ss@db1:27017"

    assert described("auth failed for p@ss and p%40ss", uri) == "db1:27017: auth failed for *** and ***"


def test_a_password_holding_slash_question_mark_and_at_is_hidden_whole():
    uri = "mongodb+srv://meet:pa/ss?w@rd@cluster.example.net/db"

    assert described("bad auth pa/ss?w@rd", uri) == "cluster.example.net: bad auth ***"
