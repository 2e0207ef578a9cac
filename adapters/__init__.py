"""Implementations of the domain's ports: storage, hashing, captcha, email, time."""
