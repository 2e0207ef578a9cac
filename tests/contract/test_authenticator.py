"""The Authenticator and SecretBox adapters, against RFC 6238's own test vectors and each other."""

from datetime import UTC, datetime

import pyotp
import pytest

from adapters.secret_box import AesGcmSecretBox
from adapters.totp import PyotpAuthenticator

# RFC 6238, Appendix B: the SHA-1 seed "12345678901234567890", whose codes there are 8 digits; meet's are
# the last 6 of each.
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
RFC_VECTORS = [(59, "287082"), (1111111109, "081804"), (1111111111, "050471"), (1234567890, "005924")]


def at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@pytest.fixture
def authenticator():
    return PyotpAuthenticator()


@pytest.mark.parametrize(("seconds", "code"), RFC_VECTORS)
def test_the_rfc_6238_vectors_are_accepted_at_their_step(authenticator, seconds, code):
    assert authenticator.step_of(RFC_SECRET, code, at(seconds)) == seconds // 30


@pytest.mark.parametrize("drift", [-30, 30])
def test_one_step_of_drift_either_way_is_accepted_as_the_codes_own_step(authenticator, drift):
    assert authenticator.step_of(RFC_SECRET, "081804", at(1111111109 + drift)) == 1111111109 // 30


@pytest.mark.parametrize("drift", [-60, 60])
def test_two_steps_away_is_refused(authenticator, drift):
    assert authenticator.step_of(RFC_SECRET, "081804", at(1111111109 + drift)) is None


@pytest.mark.parametrize("code", ["", "08180", "0818045", "abcdef", "٠٨١٨٠٤", "081 804x", "081805"])
def test_anything_but_the_codes_six_digits_is_refused(authenticator, code):
    assert authenticator.step_of(RFC_SECRET, code, at(1111111109)) is None


def test_spaces_in_a_typed_code_are_ignored(authenticator):
    assert authenticator.step_of(RFC_SECRET, " 081 804 ", at(1111111109)) == 1111111109 // 30


def test_a_new_secret_is_160_random_bits_and_its_uri_names_the_account(authenticator):
    secret = authenticator.new_secret()
    uri = authenticator.uri(secret, "alice", "meet")

    assert len(secret) == 32 and secret != authenticator.new_secret()
    assert uri.startswith("otpauth://totp/meet:alice?") and f"secret={secret}" in uri and "issuer=meet" in uri
    assert authenticator.step_of(secret, pyotp.TOTP(secret).at(at(1000)), at(1000)) == 1000 // 30


def test_a_sealed_secret_opens_only_with_the_same_server_secret():
    box = AesGcmSecretBox(b"p" * 40)
    sealed = box.seal(RFC_SECRET)

    assert RFC_SECRET.encode() not in sealed
    assert box.open(sealed) == RFC_SECRET
    assert AesGcmSecretBox(b"p" * 40).open(sealed) == RFC_SECRET
    assert AesGcmSecretBox(b"q" * 40).open(sealed) is None
    assert box.seal(RFC_SECRET) != sealed, "a new nonce each time"


@pytest.mark.parametrize("sealed", [b"", b"short", bytes(12), bytes(60)])
def test_a_changed_or_broken_seal_opens_to_nothing(sealed):
    box = AesGcmSecretBox(b"p" * 40)
    tampered = bytearray(box.seal(RFC_SECRET))
    tampered[-1] ^= 1

    assert box.open(bytes(tampered)) is None
    assert box.open(sealed) is None
