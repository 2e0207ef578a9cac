"""A software passkey authenticator for tests: what a browser and a platform authenticator would answer to
navigator.credentials.create() and .get(), as PublicKeyCredential.toJSON() gives it, from the options meet sends.

Each credential is an EC P-256 key (ES256) made on the spot; attestation is "none", the AAGUID zeros.
"""

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import cbor2
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

UP, UV, AT = 0x01, 0x04, 0x40
ES256 = -7


class Refused(Exception):
    """What the browser would reject the call with (a DOMException's name: NotAllowedError, InvalidStateError...)."""


@dataclass
class SoftCredential:
    id: bytes
    rp_id: str
    user_handle: bytes
    private_key: ec.EllipticCurvePrivateKey
    sign_count: int = 0

    def cose_key(self) -> bytes:
        """The public key as COSE_Key: EC2 (kty 2), ES256 (alg -7), P-256 (crv 1), x and y of 32 bytes each."""
        numbers = self.private_key.public_key().public_numbers()
        return cbor2.dumps(
            {1: 2, 3: ES256, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")}
        )

    def spki(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )


class SoftAuthenticator:
    """Holds the credentials it made, as a phone or a laptop does, and signs with them when asked.

    `credentials` maps each credential id to its SoftCredential, so that a test can look at (or tamper with) one.
    """

    def __init__(self) -> None:
        self.credentials: dict[bytes, SoftCredential] = {}

    def create(
        self, options_json: str, origin: str, *, user_verified: bool = True, top_origin: str | None = None
    ) -> str:
        """navigator.credentials.create({publicKey: options}) on the page at `origin`: a new discoverable
        credential for the options' user, whose answer has the person verified unless `user_verified` is False,
        made in a frame on the page at `top_origin` when it is given.
        Raises Refused where a browser would: ES256 not offered, or a credential of `excludeCredentials` held here."""
        options = json.loads(options_json)
        rp_id = options.get("rp", {}).get("id") or urlsplit(origin).hostname or ""
        if ES256 not in [param.get("alg") for param in options.get("pubKeyCredParams", [])]:
            raise Refused("NotSupportedError: ES256 is not among pubKeyCredParams")
        for excluded in options.get("excludeCredentials", []):
            held = self.credentials.get(b64decode(excluded["id"]))
            if held is not None and held.rp_id == rp_id:
                raise Refused("InvalidStateError: the authenticator already holds an excluded credential")

        credential = SoftCredential(
            id=os.urandom(16),
            rp_id=rp_id,
            user_handle=b64decode(options["user"]["id"]),
            private_key=ec.generate_private_key(ec.SECP256R1()),
        )
        self.credentials[credential.id] = credential

        client_data = client_data_json("webauthn.create", options["challenge"], origin, top_origin)
        attested = bytes(16) + len(credential.id).to_bytes(2, "big") + credential.id + credential.cose_key()
        authenticator_data = _authenticator_data(rp_id, UP | (UV if user_verified else 0) | AT, credential.sign_count)
        attestation_object = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": authenticator_data + attested})
        return json.dumps(
            {
                "id": b64encode(credential.id),
                "rawId": b64encode(credential.id),
                "type": "public-key",
                "response": {
                    "clientDataJSON": b64encode(client_data),
                    "attestationObject": b64encode(attestation_object),
                    "authenticatorData": b64encode(authenticator_data + attested),
                    "publicKey": b64encode(credential.spki()),
                    "publicKeyAlgorithm": ES256,
                    "transports": ["internal", "hybrid"],
                },
                "clientExtensionResults": {},
                "authenticatorAttachment": "platform",
            }
        )

    def get(
        self,
        options_json: str,
        origin: str,
        *,
        user_verified: bool = True,
        credential_id: bytes | None = None,
        counter: int | None = None,
        top_origin: str | None = None,
    ) -> str:
        """navigator.credentials.get({publicKey: options}) on the page at `origin`: a signature by the credential
        `credential_id`, else by the first of `allowCredentials` held here, else by the newest credential for the
        options' relying party (the one a person would pick). Its counter is the credential's last plus one, or
        `counter` when given, which the credential then counts on from (as a cloned key would); in a frame on the
        page at `top_origin` when it is given.
        Raises Refused when no credential here may answer."""
        options = json.loads(options_json)
        rp_id = options.get("rpId") or urlsplit(origin).hostname or ""
        credential = self._chosen(rp_id, options.get("allowCredentials", []), credential_id)
        credential.sign_count = credential.sign_count + 1 if counter is None else counter

        client_data = client_data_json("webauthn.get", options["challenge"], origin, top_origin)
        authenticator_data = _authenticator_data(rp_id, UP | (UV if user_verified else 0), credential.sign_count)
        signed = authenticator_data + hashlib.sha256(client_data).digest()
        signature = credential.private_key.sign(signed, ec.ECDSA(hashes.SHA256()))  # DER, as WebAuthn has it
        return json.dumps(
            {
                "id": b64encode(credential.id),
                "rawId": b64encode(credential.id),
                "type": "public-key",
                "response": {
                    "clientDataJSON": b64encode(client_data),
                    "authenticatorData": b64encode(authenticator_data),
                    "signature": b64encode(signature),
                    "userHandle": b64encode(credential.user_handle),
                },
                "clientExtensionResults": {},
                "authenticatorAttachment": "platform",
            }
        )

    def _chosen(self, rp_id: str, allowed: list[dict[str, Any]], credential_id: bytes | None) -> SoftCredential:
        if credential_id is not None:
            if credential_id not in self.credentials:
                raise Refused("NotAllowedError: no such credential here")
            return self.credentials[credential_id]
        mine = [credential for credential in self.credentials.values() if credential.rp_id == rp_id]
        if allowed:
            ids = {b64decode(descriptor["id"]) for descriptor in allowed}
            mine = [credential for credential in mine if credential.id in ids]
        if not mine:
            raise Refused("NotAllowedError: no credential here for this relying party")
        return mine[0] if allowed else mine[-1]


def client_data_json(kind: str, challenge: str, origin: str, top_origin: str | None = None) -> bytes:
    """As a browser serializes it: compact, in this order, the challenge as the options gave it. `top_origin`:
    the page's that holds the one at `origin` in a frame, when it is another's."""
    collected: dict[str, Any] = {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False}
    if top_origin is not None and top_origin != origin:
        collected.update(crossOrigin=True, topOrigin=top_origin)
    return json.dumps(collected, separators=(",", ":")).encode()


def _authenticator_data(rp_id: str, flags: int, sign_count: int) -> bytes:
    return hashlib.sha256(rp_id.encode()).digest() + bytes([flags]) + sign_count.to_bytes(4, "big")


def b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
