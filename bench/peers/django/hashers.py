"""bcrypt at cost 12 pinned here, the way Django's docs change a hasher's work factor, not left to a default."""

from django.contrib.auth.hashers import BCryptSHA256PasswordHasher


class BCryptSHA256Rounds12(BCryptSHA256PasswordHasher):
    rounds = 12
