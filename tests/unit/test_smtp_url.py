import pytest

from adapters.smtp import SmtpTarget, parse_smtp_url


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("smtp://mail.example", SmtpTarget("mail.example", 25, "none")),
        ("smtps://mail.example", SmtpTarget("mail.example", 465, "implicit")),
        ("smtp://127.0.0.1:1025", SmtpTarget("127.0.0.1", 1025, "none")),
        ("smtp://mail.example:587?starttls=1", SmtpTarget("mail.example", 587, "starttls")),
        ("smtp://mail.example?starttls=0", SmtpTarget("mail.example", 25, "none")),
        ("smtp://mail.example/", SmtpTarget("mail.example", 25, "none")),
        ("SMTP://Mail.Example:2525", SmtpTarget("mail.example", 2525, "none")),
        ("smtp://[::1]:2525", SmtpTarget("::1", 2525, "none")),
        ("smtps://meet:secret@mail.example:4650", SmtpTarget("mail.example", 4650, "implicit", "meet", "secret")),
    ],
)
def test_good_urls(url, target):
    assert parse_smtp_url(url) == target


def test_user_and_password_are_percent_decoded():
    target = parse_smtp_url("smtp://alice%40example.com:p%40ss%3Aw%2Fd%20%E5%AF%86@mail.example")

    assert (target.username, target.password) == ("alice@example.com", "p@ss:w/d 密")


def test_the_password_is_not_in_the_repr():
    assert "secret" not in repr(parse_smtp_url("smtp://meet:secret@mail.example"))


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("", "scheme"),
        ("mail.example:25", "scheme"),
        ("http://mail.example", "scheme must be smtp or smtps, not 'http'"),
        ("smtp:mail.example", "no host"),
        ("smtp://", "no host"),
        ("smtp://:25", "no host"),
        ("smtp://meet:secret@", "no host"),
        ("smtp://mail.example:0", "port"),
        ("smtp://mail.example:65536", "port"),
        ("smtp://mail.example:smtp", "port"),
        ("smtp://mail.example:", "port"),
        ("smtp://mail.example/inbox", "path"),
        ("smtp://mail.example#x", "fragment"),
        ("smtp://mail.example?tls=1", "unknown query key 'tls'"),
        ("smtp://mail.example?starttls=maybe", "starttls must be 1 or 0"),
        ("smtp://mail.example?starttls=1&starttls=1", "twice"),
        ("smtps://mail.example?starttls=1", "smtps"),
        ("smtp://meet@mail.example", "user and a password"),
        ("smtp://meet:@mail.example", "user and a password"),
        ("smtp://:secret@mail.example", "user and a password"),
        ("smtp://mail .example", "spaces"),
        ("smtp://mail.example\n", "spaces"),
        ("smtp://[::1", "IPv6"),
    ],
)
def test_bad_urls_say_what_is_wrong_on_one_line(url, says):
    with pytest.raises(ValueError, match=says) as raised:
        parse_smtp_url(url)

    assert "\n" not in str(raised.value)


def test_errors_never_repeat_the_password():
    for url in ["smtp://meet:hunter2@mail.example:x", "smtp://meet:hunter2@mail.example/x", "ftp://meet:hunter2@h"]:
        with pytest.raises(ValueError) as raised:
            parse_smtp_url(url)
        assert "hunter2" not in str(raised.value)
