"""What the pages say, keyed by what happened; the flash cookie carries only the key."""

MESSAGES = {
    "username_format": "A username is 3 to 32 letters, digits, '_', '.' or '-'.",
    "email_format": "That is not a valid email address.",
    "password_too_short": "A password needs at least 8 characters.",
    "password_too_long": "A password can be at most 1024 characters.",
    "captcha_wrong": "The captcha was wrong or has expired; try the new one.",
    "username_taken": "That username is already taken.",
    "email_taken": "That email address is already registered.",
    "invalid_credentials": "Wrong username or password.",
    "too_many_attempts": "Too many attempts, try again later.",
    "password_common": "That password is one of the most common ones; choose another.",
    "password_is_name": "A password cannot be your username or email address.",
    "registered": "Welcome to meet, {username}.",
    "logged_in": "Welcome back, {username}.",
    "logged_out": "You are signed out.",
}
