"""The proxy's client address and scheme, without a server."""

import pytest

from entrypoints.web.proxy import client_address, scheme


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        ("10.0.0.1", "", False, "10.0.0.1"),
        ("10.0.0.1", "1.2.3.4", False, "10.0.0.1"),  # an untrusted header is ignored
        ("10.0.0.1", "6.6.6.6, 1.2.3.4", True, "1.2.3.4"),  # the last one is the proxy's own
        ("2001:db8::1", "", False, "2001:db8::/64"),
        ("10.0.0.1", "not an address", True, "not an address"),
        (None, "", False, ""),
    ],
)
def test_the_client_is_the_connection_or_the_trusted_proxys_last_address(remote, forwarded, trusted, expected):
    assert client_address(remote, forwarded, trusted) == expected


@pytest.mark.parametrize(
    ("protocol", "forwarded", "trusted", "expected"),
    [
        ("http", "https", False, "http"),
        ("http", "http, HTTPS", True, "https"),
        ("https", "", True, "https"),
    ],
)
def test_the_scheme_is_the_connections_or_the_trusted_proxys_last(protocol, forwarded, trusted, expected):
    assert scheme(protocol, forwarded, trusted) == expected
