import pytest

from adapters.emails import EmailAddressValidator


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("alice@example.com", "alice@example.com"),
        ("Alice@EXAMPLE.com", "Alice@example.com"),
        ("用户@例子.广告", "用户@例子.广告"),
    ],
)
def test_valid_addresses_come_back_in_normal_form(raw, normal):
    assert str(EmailAddressValidator().normalize(raw)) == normal


@pytest.mark.parametrize(
    "raw", ["", "alice", "alice@", "@example.com", "a b@example.com", "a@b", "x" * 300 + "@example.com"]
)
def test_invalid_addresses_are_none(raw):
    assert EmailAddressValidator().normalize(raw) is None
