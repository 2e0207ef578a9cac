"""How the command line names a database in a message: by its hosts, never with its credentials."""

import pytest

from entrypoints.cli.common import database_problem, hosts


@pytest.mark.parametrize(
    ("uri", "named"),
    [
        ("mongodb://127.0.0.1:27117", "127.0.0.1:27117"),
        ("mongodb://meet:s3cret@db1:27017,db2:27017/meet?replicaSet=rs0", "db1:27017,db2:27017"),
        ("mongodb+srv://meet:p%40ss@cluster.example.net/?retryWrites=true", "cluster.example.net"),
        ("mongodb://user:pw@[::1]:27017", "[::1]:27017"),
    ],
)
def test_a_uri_is_named_by_its_hosts_only(uri, named):
    assert hosts(uri) == named


def test_the_password_never_reaches_a_message_even_if_the_driver_repeats_it():
    uri = "mongodb://meet:p%40ss@db1:27017"
    error = Exception("auth failed for p@ss and p%40ss on db1:27017, Timeout: 3s, Topology Description: <...>")

    assert database_problem(error, uri) == "auth failed for *** and *** on db1:27017"
