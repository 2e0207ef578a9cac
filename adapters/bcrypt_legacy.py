"""The tutorial's md5 hashes, wrapped in bcrypt as the bcrypt hasher reads them (its LEGACY form)."""

import base64

from adapters.bcrypt_hasher import LEGACY
from domain.model import PasswordHash
from domain.ports import PasswordHasher


class BcryptLegacyAdopter:
    """bcrypt(HMAC(pepper, md5)) through the bcrypt hasher itself, the site secret kept beside it."""

    def __init__(self, hasher: PasswordHasher) -> None:
        self._hasher = hasher

    async def adopt(self, md5_hex: str, site_secret: str) -> PasswordHash:
        # The md5 is wrapped in bcrypt at once: the stored value costs an attacker what any other hash does.
        wrapped = await self._hasher.hash(md5_hex.lower())
        secret = base64.urlsafe_b64encode(site_secret.encode()).decode()
        return PasswordHash(f"{LEGACY}{secret}${wrapped.value}")
