import pytest
from dependency_injector import providers

from entrypoints.settings import SettingError, configure

SECRETS = {"MEET_COOKIE_SECRET": "c" * 32, "MEET_PEPPER": "p" * 32}


@pytest.fixture
def environ(meet_env):
    return meet_env


def load(**flags) -> dict:
    config = providers.Configuration(strict=True)
    configure(config, **flags)
    return config()


def test_defaults(environ):
    environ(SECRETS)
    config = load()

    assert (config["host"], config["port"], config["storage"]) == ("127.0.0.1", 8888, "mongo")
    assert (config["mongodb_uri"], config["mongodb_db"]) == ("mongodb://127.0.0.1:27017", "meet")
    assert (config["mongodb_driver"], config["mongodb_timeout"]) == ("pymongo", 3)
    assert (config["bcrypt_rounds"], config["captcha_answer"], config["debug"]) == (12, None, False)
    assert config["pepper"] == b"p" * 32


def test_flags_override_the_environment(environ):
    environ(SECRETS | {"MEET_HOST": "0.0.0.0", "MEET_PORT": "9000"})

    assert (load()["host"], load()["port"]) == ("0.0.0.0", 9000)
    assert (load(host="::1", port=9001)["host"], load(port=9001)["port"]) == ("::1", 9001)


def test_a_fixed_captcha_answer(environ):
    environ(SECRETS | {"MEET_CAPTCHA": "fixed: abc "})
    assert load()["captcha_answer"] == "abc"


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"MEET_PORT": "http"}, "MEET_PORT"),
        ({"MEET_PORT": "70000"}, "MEET_PORT"),
        ({"MEET_PORT": "\u00b2"}, "MEET_PORT"),
        ({"MEET_HOST": ""}, "MEET_HOST"),
        ({"MEET_STORAGE": "postgres"}, "MEET_STORAGE"),
        ({"MEET_BCRYPT_ROUNDS": "3"}, "MEET_BCRYPT_ROUNDS"),
        ({"MEET_BCRYPT_ROUNDS": "32"}, "MEET_BCRYPT_ROUNDS"),
        ({"MEET_BCRYPT_ROUNDS": "\uff11\uff12"}, "MEET_BCRYPT_ROUNDS"),
        ({"MEET_CAPTCHA": "fixed:"}, "MEET_CAPTCHA"),
        ({"MEET_CAPTCHA": "recaptcha"}, "MEET_CAPTCHA"),
        ({"MEET_DEBUG": "yes"}, "MEET_DEBUG"),
        ({"MEET_COOKIE_SECRET": ""}, "MEET_COOKIE_SECRET"),
        ({"MEET_COOKIE_SECRET": "short"}, "MEET_COOKIE_SECRET"),
        ({"MEET_PEPPER": "p" * 31}, "MEET_PEPPER"),
        ({"MEET_MONGODB_URI": "127.0.0.1:27017"}, "MEET_MONGODB_URI"),
        ({"MEET_MONGODB_URI": "mongodb://h:notaport"}, "MEET_MONGODB_URI"),
        ({"MEET_MONGODB_DB": "my.db"}, "MEET_MONGODB_DB"),
        ({"MEET_MONGODB_DB": ""}, "MEET_MONGODB_DB"),
        ({"MEET_MONGODB_DRIVER": "mongoengine"}, "MEET_MONGODB_DRIVER"),
        ({"MEET_MONGODB_TIMEOUT": "0"}, "MEET_MONGODB_TIMEOUT"),
        ({"MEET_LOOP": "trio"}, "MEET_LOOP"),
        ({"MEET_CORS_ORIGINS": "*"}, "MEET_CORS_ORIGINS"),
        ({"MEET_CORS_ORIGINS": "https://app.example/login"}, "MEET_CORS_ORIGINS"),
        ({"MEET_CORS_ORIGINS": "app.example"}, "MEET_CORS_ORIGINS"),
        ({"MEET_CORS_ORIGINS": "https://app.example:port"}, "MEET_CORS_ORIGINS"),
    ],
)
def test_a_bad_setting_is_refused_by_name(environ, values, named):
    environ(SECRETS | values)
    with pytest.raises(SettingError, match=named):
        load()


def test_cors_origins_are_a_comma_separated_list_and_none_by_default(environ):
    environ(SECRETS)
    assert load()["cors_origins"] == ()
    environ(SECRETS | {"MEET_CORS_ORIGINS": "https://app.example, http://localhost:5173/"})
    assert load()["cors_origins"] == ("https://app.example", "http://localhost:5173")


def test_an_empty_host_flag_is_refused(environ):
    environ(SECRETS)
    with pytest.raises(SettingError, match="--host"):
        load(host=" ")


def test_debug_makes_missing_secrets_for_one_process(environ, caplog):
    environ({"MEET_DEBUG": "1"})
    first, second = load(), load()

    assert len(first["cookie_secret"]) >= 32
    assert first["cookie_secret"] != second["cookie_secret"]
    assert first["pepper"] != second["pepper"]
    assert "MEET_COOKIE_SECRET is not set" in caplog.text


def test_a_bad_uri_is_refused_without_echoing_it(environ):
    environ(SECRETS | {"MEET_MONGODB_URI": "mongodb://meet:s3cret@h:notaport"})
    with pytest.raises(SettingError) as refused:
        load()
    assert "s3cret" not in str(refused.value)


def test_every_problem_is_reported_at_once(environ):
    environ({"MEET_PORT": "http", "MEET_PEPPER": "short"})
    with pytest.raises(SettingError) as refused:
        load()
    assert [problem.split(" ")[0] for problem in refused.value.problems] == [
        "MEET_PORT",
        "MEET_COOKIE_SECRET",
        "MEET_PEPPER",
    ]
    assert all("secrets.token_urlsafe(48)" in problem for problem in refused.value.problems[1:])


def test_only_the_secrets_a_command_uses_are_read(environ):
    environ({"MEET_PEPPER": "p" * 32})

    assert "cookie_secret" not in load(secrets_used=("pepper",))
    assert "pepper" not in load(secrets_used=())


def test_the_loop_is_uvloop_where_it_installs_and_asyncio_when_asked(environ):
    environ(SECRETS)
    assert load()["loop"] == "uvloop"  # make test installs meet with its dependencies, uvloop among them

    environ(SECRETS | {"MEET_LOOP": "asyncio"})
    assert load()["loop"] == "asyncio"


def test_uvloop_asked_for_where_it_is_missing_is_refused_with_the_way_out(environ, monkeypatch):
    monkeypatch.setattr("entrypoints.settings._installed", lambda module: module != "uvloop")
    environ(SECRETS)
    assert load()["loop"] == "asyncio"

    environ(SECRETS | {"MEET_LOOP": "uvloop"})
    with pytest.raises(SettingError, match=r"MEET_LOOP=uvloop, but uvloop is not installed.*MEET_LOOP=asyncio"):
        load()


MAIL = {"MEET_SMTP_URL": "smtp://mail.example:587?starttls=1", "MEET_MAIL_FROM": "meet <meet@example.com>"}


def test_mail_is_off_by_default_and_needs_no_address_then(environ):
    environ(SECRETS)
    config = load()

    assert (config["smtp_url"], config["public_url"], config["mail_retry_seconds"]) == ("", "", 30)


def test_mail_settings_are_read(environ):
    environ(SECRETS | MAIL | {"MEET_PUBLIC_URL": "https://meet.example/", "MEET_MAIL_RETRY_SECONDS": "5"})
    config = load()

    assert (config["smtp_url"], config["mail_from"]) == (MAIL["MEET_SMTP_URL"], MAIL["MEET_MAIL_FROM"])
    assert (config["public_url"], config["mail_retry_seconds"]) == ("https://meet.example", 5)


def test_mail_needs_the_public_address_and_the_sender_unless_debugging(environ):
    environ(SECRETS | {"MEET_SMTP_URL": "smtp://mail.example:25"})
    with pytest.raises(SettingError) as refused:
        load()
    assert [line.split(" ")[0] for line in refused.value.problems] == ["MEET_MAIL_FROM", "MEET_PUBLIC_URL"]

    environ(SECRETS | {"MEET_SMTP_URL": "smtp://mail.example:25", "MEET_DEBUG": "1"})
    assert (load()["public_url"], load()["mail_from"]) == ("", "meet@localhost")


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"MEET_SMTP_URL": "http://mail.example"}, "MEET_SMTP_URL"),
        ({"MEET_SMTP_URL": "smtp://user:secret@mail.example:99999"}, "MEET_SMTP_URL"),
        ({"MEET_MAIL_FROM": "nobody"}, "MEET_MAIL_FROM"),
        ({"MEET_MAIL_FROM": "meet@example.com\r\nBcc: x@example.com"}, "MEET_MAIL_FROM"),
        ({"MEET_PUBLIC_URL": "meet.example"}, "MEET_PUBLIC_URL"),
        ({"MEET_PUBLIC_URL": "https://meet.example/?next=x"}, "MEET_PUBLIC_URL"),
        ({"MEET_PUBLIC_URL": "javascript://meet.example"}, "MEET_PUBLIC_URL"),
        ({"MEET_MAIL_RETRY_SECONDS": "0"}, "MEET_MAIL_RETRY_SECONDS"),
        ({"MEET_EMAIL_VERIFICATION": "required"}, "MEET_EMAIL_VERIFICATION"),
    ],
)
def test_bad_mail_settings_are_refused_in_one_line_each(environ, values, named):
    environ(SECRETS | MAIL | {"MEET_PUBLIC_URL": "https://meet.example"} | values)
    with pytest.raises(SettingError) as refused:
        load()

    assert len(refused.value.problems) == 1 and refused.value.problems[0].startswith(named)
    assert "secret" not in refused.value.problems[0]


def test_email_verification_is_optional_with_mail_and_off_without(environ):
    environ(SECRETS | MAIL | {"MEET_PUBLIC_URL": "https://meet.example"})
    assert load()["email_verification"] == "optional"
    environ(SECRETS)
    assert load()["email_verification"] == "off"
    environ(SECRETS | MAIL | {"MEET_PUBLIC_URL": "https://meet.example", "MEET_EMAIL_VERIFICATION": "mandatory"})
    assert load()["email_verification"] == "mandatory"


@pytest.mark.parametrize("mode", ["optional", "mandatory"])
def test_email_verification_without_mail_is_refused_with_the_way_out(environ, mode):
    environ(SECRETS | {"MEET_EMAIL_VERIFICATION": mode})
    with pytest.raises(SettingError) as refused:
        load()

    assert refused.value.problems == (
        f"MEET_EMAIL_VERIFICATION={mode} needs MEET_SMTP_URL: the links are mailed (or set it to off)",
    )
