"""Secrets sealed with AES-256-GCM (the cryptography package), under a key derived from a server secret."""

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

INFO = b"meet: second-factor secrets"


class AesGcmSecretBox:
    """The key is HKDF-SHA256 of `server_secret` (MEET_PEPPER) for this use only: neither the pepper itself nor
    the cookie secret, and a copy of the database without the server's settings opens nothing."""

    def __init__(self, server_secret: bytes) -> None:
        self._server_secret = server_secret
        self._aead: AESGCM | None = None

    def seal(self, secret: str) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._cipher().encrypt(nonce, secret.encode(), INFO)

    def open(self, sealed: bytes) -> str | None:
        from cryptography.exceptions import InvalidTag

        try:
            return self._cipher().decrypt(sealed[:12], sealed[12:], INFO).decode()
        except (InvalidTag, ValueError):
            return None

    def _cipher(self) -> "AESGCM":
        # Imported at the first use: the library holds about 7 MB, which a meet nobody uses two factors on
        # should not carry (issue 11's peak RSS target).
        if self._aead is None:
            from cryptography.hazmat.primitives import hashes
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM
            from cryptography.hazmat.primitives.kdf.hkdf import HKDF

            key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(self._server_secret)
            self._aead = AESGCM(key)
        return self._aead
