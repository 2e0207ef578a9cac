import pytest

from entrypoints.settings import SettingError, load

SECRETS = {"MEET_COOKIE_SECRET": "c" * 32, "MEET_PEPPER": "p" * 32}


def test_defaults():
    config = load(SECRETS)

    assert (config["host"], config["port"], config["storage"]) == ("127.0.0.1", 8888, "memory")
    assert (config["bcrypt_rounds"], config["captcha_answer"], config["debug"]) == (12, None, False)
    assert config["pepper"] == b"p" * 32


def test_a_fixed_captcha_answer():
    assert load(SECRETS | {"MEET_CAPTCHA": "fixed:abc"})["captcha_answer"] == "abc"


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"MEET_PORT": "http"}, "MEET_PORT"),
        ({"MEET_PORT": "70000"}, "MEET_PORT"),
        ({"MEET_STORAGE": "postgres"}, "MEET_STORAGE"),
        ({"MEET_BCRYPT_ROUNDS": "3"}, "MEET_BCRYPT_ROUNDS"),
        ({"MEET_BCRYPT_ROUNDS": "32"}, "MEET_BCRYPT_ROUNDS"),
        ({"MEET_CAPTCHA": "fixed:"}, "MEET_CAPTCHA"),
        ({"MEET_CAPTCHA": "recaptcha"}, "MEET_CAPTCHA"),
        ({"MEET_DEBUG": "yes"}, "MEET_DEBUG"),
        ({"MEET_COOKIE_SECRET": ""}, "MEET_COOKIE_SECRET"),
        ({"MEET_COOKIE_SECRET": "short"}, "MEET_COOKIE_SECRET"),
        ({"MEET_PEPPER": "p" * 31}, "MEET_PEPPER"),
    ],
)
def test_a_bad_setting_is_refused_by_name(environ, named):
    with pytest.raises(SettingError, match=named):
        load(SECRETS | environ)


def test_debug_makes_missing_secrets_for_one_process(caplog):
    first, second = load({"MEET_DEBUG": "1"}), load({"MEET_DEBUG": "1"})

    assert len(first["cookie_secret"]) >= 32
    assert first["cookie_secret"] != second["cookie_secret"]
    assert first["pepper"] != second["pepper"]
    assert "MEET_COOKIE_SECRET is not set" in caplog.text
