"""The Ceremonies adapter (py_webauthn) against a software authenticator: what it accepts and all it refuses."""

import json
import secrets
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from adapters.webauthn import PyWebAuthnCeremonies
from domain.model import Email, PasswordHash, User, new_user_id
from domain.passkeys import Credential, Passkey, challenge_bytes, encode
from tests import names
from tests.authenticator import SoftAuthenticator, b64decode, b64encode

ORIGIN = "http://localhost:8888"


def a_user(username: str = "Alice") -> User:
    return User(
        id=new_user_id(),
        username=names.username(username),
        email=Email(f"{username}@example.com"),
        password_hash=PasswordHash("$2b$04$" + "x" * 53),
        created_at=datetime(2026, 5, 1, tzinfo=UTC),
    )


def a_challenge() -> tuple[str, bytes]:
    """A challenge token's secret, as the browser's clientDataJSON has it, and its bytes, as the options have them."""
    secret = secrets.token_urlsafe(32)
    return secret, challenge_bytes(secret)


def a_passkey(credential: Credential, user: User) -> Passkey:
    return Passkey(
        id=credential.id,
        user_id=user.id,
        public_key=credential.public_key,
        sign_count=credential.sign_count,
        name="Laptop",
        added_at=datetime(2026, 5, 1, tzinfo=UTC),
    )


@pytest.fixture
def ceremonies():
    return PyWebAuthnCeremonies(rp_id="localhost", origin=ORIGIN)


@pytest.fixture
def device():
    return SoftAuthenticator()


@pytest.fixture
def alice():
    return a_user()


@pytest.fixture
def register(ceremonies, device):
    """A passkey made on `device` for `user` and verified as meet verifies it."""

    def made(user: User) -> Passkey:
        _, challenge = a_challenge()
        answer = device.create(ceremonies.registration_options(user, challenge, []), ORIGIN)
        credential = ceremonies.registered(answer, challenge)
        assert credential is not None
        return a_passkey(credential, user)

    return made


def sign_in_answer(ceremonies, device, **get) -> tuple[str, bytes]:
    _, challenge = a_challenge()
    return device.get(ceremonies.authentication_options(challenge), ORIGIN, **get), challenge


# Registration


def test_a_registration_verifies_and_gives_the_keys_credential_id_and_counter(ceremonies, device, alice):
    _, challenge = a_challenge()
    answer = device.create(ceremonies.registration_options(alice, challenge, []), ORIGIN)

    credential = ceremonies.registered(answer, challenge)

    assert credential is not None
    [made] = device.credentials.values()
    assert credential.id == made.id
    assert credential.public_key == made.cose_key()
    assert credential.sign_count == 0
    assert made.user_handle == alice.id.encode()


def test_a_registration_answer_for_another_challenge_is_refused(ceremonies, device, alice):
    _, challenge = a_challenge()
    answer = device.create(ceremonies.registration_options(alice, challenge, []), ORIGIN)

    assert ceremonies.registered(answer, a_challenge()[1]) is None


def test_a_registration_made_on_another_origin_is_refused(ceremonies, device, alice):
    _, challenge = a_challenge()
    answer = device.create(ceremonies.registration_options(alice, challenge, []), "http://localhost.evil.example")

    assert ceremonies.registered(answer, challenge) is None


def test_a_registration_made_in_a_frame_on_another_sites_page_is_refused(ceremonies, device, alice):
    _, challenge = a_challenge()
    options = ceremonies.registration_options(alice, challenge, [])

    assert ceremonies.registered(device.create(options, ORIGIN, top_origin=ORIGIN), challenge) is not None
    assert ceremonies.registered(device.create(options, ORIGIN, top_origin="https://evil.example"), challenge) is None


def test_a_registration_for_another_relying_party_is_refused(ceremonies, device, alice):
    _, challenge = a_challenge()
    elsewhere = PyWebAuthnCeremonies(rp_id="example.com", origin=ORIGIN)
    answer = device.create(elsewhere.registration_options(alice, challenge, []), ORIGIN)

    assert ceremonies.registered(answer, challenge) is None


def test_a_registration_without_the_person_verified_is_refused(ceremonies, device, alice):
    _, challenge = a_challenge()
    answer = device.create(ceremonies.registration_options(alice, challenge, []), ORIGIN, user_verified=False)

    assert ceremonies.registered(answer, challenge) is None


def test_a_sign_in_answer_is_no_registration(ceremonies, device, register, alice):
    register(alice)
    answer, challenge = sign_in_answer(ceremonies, device)

    assert ceremonies.registered(answer, challenge) is None


def test_a_registration_whose_key_no_signature_could_be_checked_with_is_refused(ceremonies, device, alice):
    import cbor2

    _, challenge = a_challenge()
    answer = json.loads(device.create(ceremonies.registration_options(alice, challenge, []), ORIGIN))
    attestation = cbor2.loads(b64decode(answer["response"]["attestationObject"]))
    key = cbor2.dumps({1: 2, 3: -7, -1: 1, -2: b"\x01" * 32, -3: b"\x02" * 32})  # a point off the curve
    [made] = device.credentials.values()
    attestation["authData"] = attestation["authData"].replace(made.cose_key(), key)
    answer["response"]["attestationObject"] = b64encode(cbor2.dumps(attestation))

    assert ceremonies.registered(json.dumps(answer), challenge) is None


@pytest.mark.parametrize(("length", "accepted"), [(1023, True), (1024, False)])
def test_a_credential_id_longer_than_1023_bytes_is_refused(ceremonies, device, alice, length, accepted):
    import cbor2

    _, challenge = a_challenge()
    answer = json.loads(device.create(ceremonies.registration_options(alice, challenge, []), ORIGIN))
    attestation = cbor2.loads(b64decode(answer["response"]["attestationObject"]))
    [made] = device.credentials.values()
    long_id = made.id * (length // len(made.id)) + made.id[: length % len(made.id)]
    old, new = (len(i).to_bytes(2, "big") + i for i in (made.id, long_id))
    attestation["authData"] = attestation["authData"].replace(old, new)  # nothing signs it: attestation "none"
    answer["response"]["attestationObject"] = b64encode(cbor2.dumps(attestation))
    answer["id"] = answer["rawId"] = b64encode(long_id)

    credential = ceremonies.registered(json.dumps(answer), challenge)

    assert (credential is not None and credential.id == long_id) is accepted


def test_registration_options_ask_for_a_discoverable_credential_with_the_person_verified(ceremonies, alice):
    secret, challenge = a_challenge()
    existing = [b"\x01" * 16, b"\x02" * 20]

    text = ceremonies.registration_options(alice, challenge, existing)

    assert '"residentKey": "required"' in text
    assert '"userVerification": "required"' in text
    options = json.loads(text)
    assert options["challenge"] == secret
    assert options["rp"] == {"name": "meet", "id": "localhost"}
    assert options["user"]["id"] == encode(alice.id.encode())
    assert options["user"]["name"] == "Alice"
    assert options["attestation"] == "none"
    assert [descriptor["id"] for descriptor in options["excludeCredentials"]] == [encode(i) for i in existing]


def test_a_credential_already_registered_is_not_made_twice(ceremonies, device, register, alice):
    passkey = register(alice)
    _, challenge = a_challenge()

    with pytest.raises(Exception, match="InvalidStateError"):
        device.create(ceremonies.registration_options(alice, challenge, [passkey.id]), ORIGIN)


# Sign-in


def test_a_sign_in_verifies_and_gives_the_new_counter(ceremonies, device, register, alice):
    passkey = register(alice)

    answer, challenge = sign_in_answer(ceremonies, device)
    assert ceremonies.authenticated(answer, challenge, passkey) == 1

    answer, challenge = sign_in_answer(ceremonies, device)
    assert ceremonies.authenticated(answer, challenge, passkey.used(1, datetime.now(UTC))) == 2


def test_a_sign_in_answer_for_another_challenge_is_refused(ceremonies, device, register, alice):
    passkey = register(alice)
    answer, _ = sign_in_answer(ceremonies, device)

    assert ceremonies.authenticated(answer, a_challenge()[1], passkey) is None


def test_a_sign_in_made_on_another_origin_is_refused(ceremonies, device, register, alice):
    passkey = register(alice)
    _, challenge = a_challenge()
    answer = device.get(ceremonies.authentication_options(challenge), "http://localhost.evil.example")

    assert ceremonies.authenticated(answer, challenge, passkey) is None


def test_a_sign_in_made_in_a_frame_on_another_sites_page_is_refused(ceremonies, device, register, alice):
    passkey = register(alice)
    answer, challenge = sign_in_answer(ceremonies, device, top_origin="https://evil.example")

    assert ceremonies.authenticated(answer, challenge, passkey) is None


def test_a_sign_in_without_the_person_verified_is_refused(ceremonies, device, register, alice):
    passkey = register(alice)
    answer, challenge = sign_in_answer(ceremonies, device, user_verified=False)

    assert ceremonies.authenticated(answer, challenge, passkey) is None


@pytest.mark.parametrize(("stored", "new"), [(5, 5), (5, 4), (5, 0)])
def test_a_counter_that_does_not_move_on_is_refused(ceremonies, device, register, alice, stored, new):
    passkey = replace(register(alice), sign_count=stored)
    answer, challenge = sign_in_answer(ceremonies, device, counter=new)

    assert ceremonies.authenticated(answer, challenge, passkey) is None


def test_an_authenticator_that_keeps_no_counter_may_sign_in_again_and_again(ceremonies, device, register, alice):
    passkey = register(alice)
    for _ in range(2):
        answer, challenge = sign_in_answer(ceremonies, device, counter=0)
        assert ceremonies.authenticated(answer, challenge, passkey) == 0


def test_a_signature_by_another_credentials_key_is_refused(ceremonies, device, register, alice):
    passkey = register(alice)
    other = register(a_user("Bob"))
    answer, challenge = sign_in_answer(ceremonies, device, credential_id=passkey.id)

    assert ceremonies.authenticated(answer, challenge, passkey) == 1
    assert ceremonies.authenticated(answer, challenge, replace(passkey, public_key=other.public_key)) is None


def test_an_answer_by_another_credential_is_refused(ceremonies, device, register, alice):
    passkey = register(alice)
    other = register(alice)
    answer, challenge = sign_in_answer(ceremonies, device, credential_id=other.id)

    assert ceremonies.authenticated(answer, challenge, other) == 1
    assert ceremonies.authenticated(answer, challenge, replace(other, id=passkey.id)) is None


def test_an_answer_naming_another_user_is_refused(ceremonies, device, register, alice):
    passkey = register(alice)
    answer, challenge = sign_in_answer(ceremonies, device)

    assert ceremonies.authenticated(answer, challenge, replace(passkey, user_id=new_user_id())) is None


def test_a_registration_answer_is_no_sign_in(ceremonies, device, alice):
    _, challenge = a_challenge()
    answer = device.create(ceremonies.registration_options(alice, challenge, []), ORIGIN)
    passkey = a_passkey(ceremonies.registered(answer, challenge), alice)

    assert ceremonies.authenticated(answer, challenge, passkey) is None


def test_authentication_options_ask_any_passkey_with_the_person_verified(ceremonies):
    secret, challenge = a_challenge()

    options = json.loads(ceremonies.authentication_options(challenge))

    assert options["challenge"] == secret == encode(challenge)
    assert options["userVerification"] == "required"
    assert options["rpId"] == "localhost"
    assert not options.get("allowCredentials")


# Reading an answer


def test_read_gives_the_credential_id_and_the_challenge_as_signed(ceremonies, device, register, alice):
    passkey = register(alice)
    secret, challenge = a_challenge()
    answer = device.get(ceremonies.authentication_options(challenge), ORIGIN)

    assertion = ceremonies.read(answer)

    assert assertion is not None
    assert assertion.credential_id == passkey.id
    assert assertion.challenge == secret


def test_read_reads_without_verifying(ceremonies, device, register, alice):
    passkey = register(alice)
    secret, challenge = a_challenge()
    answer = json.loads(device.get(ceremonies.authentication_options(challenge), ORIGIN))
    answer["response"]["signature"] = b64encode(b"not a signature")

    assert ceremonies.read(json.dumps(answer)).challenge == secret
    assert ceremonies.authenticated(json.dumps(answer), challenge, passkey) is None


@pytest.mark.parametrize("spoiled_id", ["AA!A", "AA AA", "AA=A", "A", ""])
def test_read_refuses_a_credential_id_not_strictly_base64url(ceremonies, device, register, alice, spoiled_id):
    """Python's decoder, and the library's, skip any character outside the alphabet: read does not."""
    register(alice)
    _, signed = _answers(ceremonies, device, alice)

    assert ceremonies.read(json.dumps(signed)) is not None
    assert ceremonies.read(json.dumps(dict(signed, id=spoiled_id, rawId=spoiled_id))) is None


def test_read_refuses_an_answer_whose_id_and_raw_id_differ(ceremonies, device, register, alice):
    register(alice)
    _, signed = _answers(ceremonies, device, alice)

    assert ceremonies.read(json.dumps(dict(signed, id=b64encode(b"another")))) is None
    assert ceremonies.read(json.dumps({key: value for key, value in signed.items() if key != "id"})) is None


@pytest.mark.parametrize("stray", ["!", " ", "\n", "==", "."])
def test_read_refuses_client_data_not_strictly_base64url(ceremonies, device, register, alice, stray):
    register(alice)
    _, signed = _answers(ceremonies, device, alice)
    text = signed["response"]["clientDataJSON"]
    spoiled = dict(signed, response=dict(signed["response"], clientDataJSON=text[:8] + stray + text[8:]))

    assert ceremonies.read(json.dumps(spoiled)) is None


# Garbage


def _answers(ceremonies, device, alice) -> tuple[dict, dict]:
    _, challenge = a_challenge()
    created = json.loads(device.create(ceremonies.registration_options(alice, challenge, []), ORIGIN))
    signed = json.loads(device.get(ceremonies.authentication_options(challenge), ORIGIN))
    return created, signed


def _spoiled(answer: dict) -> list[str]:
    """The answer spoiled in each of the ways a browser, a proxy or an attacker could."""
    text = json.dumps(answer)
    spoiled = [text[: len(text) // 2], text[:-1], json.dumps([answer]), json.dumps(answer["response"])]
    for path, value in [
        (("id",), "!!!"),
        (("rawId",), "!!!"),
        (("id",), None),
        (("rawId",), 7),
        (("rawId",), ""),
        (("type",), "password"),
        (("response",), "x"),
        (("response",), None),
        (("response", "clientDataJSON"), "@@@@"),
        (("response", "clientDataJSON"), "A"),
        (("response", "clientDataJSON"), b64encode(b"\xff\xfe not utf-8")),
        (("response", "clientDataJSON"), b64encode(b"[]")),
        (("response", "clientDataJSON"), b64encode(b'{"type": "webauthn.get", "challenge": 5}')),
        (("response", "clientDataJSON"), b64encode(b'{"challenge": ["x"]}')),
        (("response", "clientDataJSON"), b64encode(b'{"challenge": "not base64url!"}')),
        (("response", "clientDataJSON"), b64encode(b"[" * 100_000)),
        (("response", "clientDataJSON"), None),
        (("response", "attestationObject"), "!!!"),
        (("response", "attestationObject"), b64encode(b"\xff" * 40)),
        (("response", "attestationObject"), b64encode(b"\x9f" * 10_000)),  # CBOR nested deeper than anything
        (("response", "authenticatorData"), b64encode(b"\x00" * 36)),
        (("response", "authenticatorData"), b64encode(b"\x00" * 32 + b"\xc5" + b"\x00" * 4 + b"\xff")),
        (("response", "signature"), "!!!"),
        (("response", "signature"), b64encode(b"\x30\x02\x02\x00")),
        (("response", "userHandle"), 12),
    ]:
        changed = json.loads(text)
        *parents, last = path
        target = changed
        for key in parents:
            target = target[key]
        if last not in target and path[-1] not in ("id", "rawId", "type", "response"):
            continue  # a field of the other ceremony: spoiling it spoils nothing
        target[last] = value
        spoiled.append(json.dumps(changed))
    return spoiled


GARBAGE = ["", " ", "[]", "{}", "null", "5", '"text"', '{"id": ', "{" * 100_000, "[" * 100_000, "\x00", "\ud800"]


@pytest.mark.parametrize("answer", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_is_refused_and_never_raises(ceremonies, register, alice, answer):
    passkey = register(alice)
    challenge = a_challenge()[1]

    assert ceremonies.read(answer) is None
    assert ceremonies.registered(answer, challenge) is None
    assert ceremonies.authenticated(answer, challenge, passkey) is None


def test_spoiled_answers_are_refused_and_never_raise(ceremonies, device, register, alice):
    passkey = register(alice)
    created, signed = _answers(ceremonies, device, alice)
    challenge = a_challenge()[1]

    for answer in _spoiled(created) + _spoiled(signed):
        assert ceremonies.registered(answer, challenge) is None, answer
        assert ceremonies.authenticated(answer, challenge, passkey) is None, answer
        assertion = ceremonies.read(answer)
        assert assertion is None or isinstance(assertion.challenge, str), answer


def test_a_stored_key_that_is_no_key_refuses_and_never_raises(ceremonies, device, register, alice):
    passkey = register(alice)
    for key in [b"", b"\x04", b"\xa0", b"\x01", b"junk", b"\x04" + b"\x00" * 64]:
        answer, challenge = sign_in_answer(ceremonies, device)
        assert ceremonies.authenticated(answer, challenge, replace(passkey, public_key=key)) is None
