"""Passkeys with py_webauthn: the options a browser is given, and the checks of what it answers (WebAuthn).

The library is imported at first use, as the QR codes' is: it holds about 15 MB (pyOpenSSL, pyasn1, cbor2),
which a meet nobody signs in to with a passkey should not carry.
"""

import base64
import binascii
import json
import re
from typing import Any

from domain.model import User
from domain.passkeys import Assertion, Credential, Passkey, counter_moves

BASE64URL = re.compile(r"[A-Za-z0-9_-]+")
CREDENTIAL_ID_LIMIT = 1023
"""WebAuthn Level 3, §7.1: a longer credential id is refused (so that it cannot bloat what meet stores)."""


class PyWebAuthnCeremonies:
    def __init__(self, rp_id: str, origin: str, rp_name: str = "meet") -> None:
        self._rp_id = rp_id
        self._origin = origin
        self._rp_name = rp_name

    def registration_options(self, user: User, challenge: bytes, existing: list[bytes]) -> str:
        from webauthn import generate_registration_options, options_to_json
        from webauthn.helpers.structs import (
            AttestationConveyancePreference,
            AuthenticatorSelectionCriteria,
            PublicKeyCredentialDescriptor,
            ResidentKeyRequirement,
            UserVerificationRequirement,
        )

        if not challenge:  # the library would make one of its own, which nobody could check the answer against
            raise ValueError("a registration needs a challenge")
        options = generate_registration_options(
            rp_id=self._rp_id,
            rp_name=self._rp_name,
            user_id=user.id.encode(),
            user_name=user.username.value,
            challenge=challenge,
            attestation=AttestationConveyancePreference.NONE,
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.REQUIRED,
                user_verification=UserVerificationRequirement.REQUIRED,
            ),
            exclude_credentials=[PublicKeyCredentialDescriptor(id=credential_id) for credential_id in existing],
        )
        return options_to_json(options)

    def registered(self, answer: str, challenge: bytes) -> Credential | None:
        from webauthn import verify_registration_response
        from webauthn.helpers import decode_credential_public_key, decoded_public_key_to_cryptography

        fields = _object(answer)
        if fields is None or not challenge or not _top_level(fields):
            return None
        try:
            verified = verify_registration_response(
                credential=fields,
                expected_challenge=challenge,
                expected_rp_id=self._rp_id,
                expected_origin=self._origin,
                require_user_verification=True,
            )
            # A "none" attestation vouches for nothing, so nothing has read the key yet: a key no signature
            # could ever be checked with is refused now rather than at every sign-in.
            decoded_public_key_to_cryptography(decode_credential_public_key(verified.credential_public_key))
        except _refusals():
            return None
        if not 0 < len(verified.credential_id) <= CREDENTIAL_ID_LIMIT:
            return None
        return Credential(
            id=verified.credential_id,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
        )

    def authentication_options(self, challenge: bytes) -> str:
        from webauthn import generate_authentication_options, options_to_json
        from webauthn.helpers.structs import UserVerificationRequirement

        if not challenge:  # as for a registration
            raise ValueError("a sign-in needs a challenge")
        options = generate_authentication_options(
            rp_id=self._rp_id,
            challenge=challenge,
            user_verification=UserVerificationRequirement.REQUIRED,
        )
        return options_to_json(options)

    def read(self, answer: str) -> Assertion | None:
        fields = _object(answer)
        if fields is None:
            return None
        raw_id, client_data = fields.get("rawId"), _client_data(fields)
        credential_id = _base64url(raw_id)
        if credential_id is None or fields.get("id") != raw_id or client_data is None:
            return None
        challenge = client_data.get("challenge")
        if not isinstance(challenge, str) or not BASE64URL.fullmatch(challenge):
            return None
        return Assertion(credential_id=credential_id, challenge=challenge)

    def authenticated(self, answer: str, challenge: bytes, passkey: Passkey) -> int | None:
        from webauthn import verify_authentication_response
        from webauthn.helpers import parse_authentication_credential_json

        fields = _object(answer)
        if fields is None or not challenge or not _top_level(fields):
            return None
        try:
            credential = parse_authentication_credential_json(fields)
            # The library knows neither which credential nor whose it should be: the answer must name this
            # passkey, and, as the browser was not told whose passkeys to offer, its owner (WebAuthn §7.2 step 6).
            if credential.raw_id != passkey.id or credential.response.user_handle != passkey.user_id.encode():
                return None
            verified = verify_authentication_response(
                credential=credential,
                expected_challenge=challenge,
                expected_rp_id=self._rp_id,
                expected_origin=self._origin,
                credential_public_key=passkey.public_key,
                credential_current_sign_count=passkey.sign_count,
                require_user_verification=True,
            )
        except _refusals():
            return None
        # The library refuses a counter that does not grow unless both are 0, as counter_moves does; the rule
        # is meet's, so it is meet's to keep even if the library's changes.
        if not counter_moves(passkey.sign_count, verified.new_sign_count):
            return None
        return verified.new_sign_count


def _refusals() -> tuple[type[Exception], ...]:
    """What malformed or refused input makes the library raise. Its own exceptions are not all it raises:
    a key or CBOR of the wrong shape gives KeyError, TypeError or IndexError, a bad point ValueError."""
    from cryptography.exceptions import InvalidSignature
    from webauthn.helpers.exceptions import WebAuthnException

    return (
        WebAuthnException,
        InvalidSignature,
        ValueError,  # json.JSONDecodeError, binascii.Error and UnicodeDecodeError among them
        KeyError,
        TypeError,
        IndexError,
        OverflowError,
        RecursionError,
    )


def _object(answer: str) -> dict[str, Any] | None:
    """The answer's JSON object, or None: the library reads only objects, and raises on anything else."""
    try:
        fields = json.loads(answer)
    except (ValueError, RecursionError):
        return None
    return fields if isinstance(fields, dict) else None


def _client_data(fields: dict[str, Any]) -> dict[str, Any] | None:
    """The answer's clientDataJSON, parsed: what the browser says it asked the authenticator to sign."""
    response = fields.get("response")
    raw = _base64url(response.get("clientDataJSON")) if isinstance(response, dict) else None
    if raw is None:
        return None
    try:
        client_data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return client_data if isinstance(client_data, dict) else None


def _top_level(fields: dict[str, Any]) -> bool:
    """Whether the browser ran the ceremony on a page of its own, not in a frame another site's page holds:
    meet's pages refuse to be framed (frame-ancestors 'none'), WebAuthn Level 3 leaves topOrigin to the sites
    that expect to be, and the library ignores both crossOrigin and topOrigin."""
    client_data = _client_data(fields)
    return (
        client_data is not None and client_data.get("crossOrigin") in (None, False) and "topOrigin" not in client_data
    )


def _base64url(text: object) -> bytes | None:
    """Strictly: the library's decoder, like Python's, skips any character outside the alphabet."""
    if not isinstance(text, str) or not BASE64URL.fullmatch(text) or len(text) % 4 == 1:
        return None
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
