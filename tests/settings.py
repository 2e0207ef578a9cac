"""Settings every kind of test shares: the MEET_* environment of a test server, and the unit tests' config."""

from tests.web.client import ANSWER

TEST_SETTINGS = {
    "MEET_COOKIE_SECRET": "test-cookie-secret-" + "c" * 32,
    "MEET_PEPPER": "test-pepper-" + "p" * 32,
    "MEET_BCRYPT_ROUNDS": "4",
    "MEET_CAPTCHA": f"fixed:{ANSWER}",
}

# The container's configuration for unit tests: memory storage; the clock and hasher are overridden with fakes.
UNIT_CONFIG = {
    "storage": "memory",
    "session_idle_minutes": 30,
    "session_lifetime_hours": 8,
    "captcha_answer": ANSWER,
    "public_url": "https://meet.example",
    "host": "127.0.0.1",
    "port": 8888,
    "email_verification": "off",
    "pepper": b"unit-pepper-" + b"p" * 32,
}
