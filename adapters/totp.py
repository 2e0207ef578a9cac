"""An authenticator app's codes with pyotp (RFC 6238: HMAC-SHA1, six digits, 30-second steps)."""

import hmac
from datetime import datetime, timedelta

import pyotp

STEP = 30


class PyotpAuthenticator:
    def new_secret(self) -> str:
        return pyotp.random_base32()  # 32 characters: 160 bits, the HMAC-SHA1 key size RFC 4226 recommends

    def uri(self, secret: str, account: str, issuer: str) -> str:
        return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)

    def step_of(self, secret: str, code: str, now: datetime) -> int | None:
        typed = "".join(code.split())
        if len(typed) != 6 or not typed.isascii() or not typed.isdigit():
            return None
        totp = pyotp.TOTP(secret)
        for drift in (0, -1, 1):
            moment = now + timedelta(seconds=drift * STEP)
            if hmac.compare_digest(totp.at(moment), typed):
                return int(moment.timestamp()) // STEP
        return None
