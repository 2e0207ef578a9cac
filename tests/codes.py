"""What an authenticator app shows: the code for a secret at a time, computed as the app would (pyotp)."""

from datetime import datetime, timedelta

import pyotp


def code_at(secret: str, now: datetime, drift: int = 0) -> str:
    return pyotp.TOTP(secret.replace(" ", "")).at(now + timedelta(seconds=drift))


def wrong_code(secret: str, now: datetime) -> str:
    """Six digits that none of the three accepted steps around `now` has."""
    accepted = {code_at(secret, now, drift) for drift in (-30, 0, 30)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)
