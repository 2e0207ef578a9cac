"""One home for what meet says: every refusal on every field it can happen on, and every outcome, in both
languages."""

import csv
import logging
import re
from pathlib import Path

import pytest

from adapters.mail_writer import SUBJECTS
from domain.errors import InvalidField, Problem
from domain.model import PROFILE_LIMITS
from domain.results import EmailTaken, TooManyAttempts, UsernameLookalike, UsernameTaken
from entrypoints import messages
from entrypoints.web.errors import OTHER, PAGES

LOCALE = Path(__file__).resolve().parents[2] / "entrypoints" / "web" / "locale" / "zh_CN.csv"

# Where each Problem can occur, from the domain's checks and the use cases that return InvalidField.
WHERE = {
    Problem.USERNAME_FORMAT: ["username"],
    Problem.USERNAME_MIXED_SCRIPTS: ["username"],
    Problem.EMAIL_FORMAT: ["email"],
    Problem.EMAIL_UNCHANGED: ["email"],
    Problem.CAPTCHA_WRONG: ["captcha"],
    Problem.CODE_WRONG: ["code"],
    Problem.PASSWORD_TOO_SHORT: ["password"],
    Problem.PASSWORD_TOO_LONG: ["password"],
    Problem.PASSWORD_COMMON: ["password"],
    Problem.PASSWORD_IS_NAME: ["password"],
    Problem.PASSWORD_MISMATCH: ["password_confirm"],
    Problem.PASSWORD_WRONG: ["current_password"],
    Problem.LEGACY_HASH_FORMAT: ["password"],
    Problem.URL_FORMAT: ["headimg", "site"],
    Problem.GITHUB_FORMAT: ["github"],
    Problem.TOO_LONG: list(PROFILE_LIMITS),
}


def chinese() -> dict[str, str]:
    with LOCALE.open(encoding="utf-8") as f:
        return {row[0]: row[1] for row in csv.reader(f) if row}


def test_every_problem_is_placed_on_the_fields_it_can_occur_on():
    assert set(WHERE) == set(Problem), "a new Problem: say where it occurs, and give it a message"


@pytest.mark.parametrize(("field", "problem"), [(field, problem) for problem in WHERE for field in WHERE[problem]])
def test_every_problem_on_every_field_has_a_message_in_both_languages(field, problem):
    text = messages.message(InvalidField(field, problem))

    assert text != messages.MISSING
    assert chinese().get(text, "").strip(), f"no zh_CN for {text!r}"


def test_every_outcome_hint_wait_and_error_page_has_a_chinese_message():
    english = [*messages.OUTCOMES.values(), *messages.HINTS.values(), messages.MISSING]
    english += [text for units in messages.WAIT_UNITS.values() for text in units]
    english += [text for page in [*PAGES.values(), OTHER] for text in page]

    missing = [text for text in english if not chinese().get(text, "").strip()]

    assert not missing, f"no zh_CN for: {missing}"


def test_the_key_is_field_and_problem_for_a_field_else_the_outcomes_name():
    assert messages.key(InvalidField("site", Problem.URL_FORMAT)) == "site:url_format"
    assert [messages.key(o) for o in (UsernameTaken(), UsernameLookalike(), EmailTaken(), TooManyAttempts(60))] == [
        "UsernameTaken",
        "UsernameLookalike",
        "EmailTaken",
        "TooManyAttempts",
    ]


def test_a_key_without_a_message_says_the_general_sentence_and_warns(caplog):
    with caplog.at_level(logging.WARNING, logger="meet.messages"):
        text = messages.text("job:no_such_problem")

    assert text == messages.MISSING
    assert "job:no_such_problem" in caplog.text


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (1, ("{n} second", "{n} seconds", 1)),
        (59, ("{n} second", "{n} seconds", 59)),
        (60, ("{n} minute", "{n} minutes", 1)),
        (61, ("{n} minute", "{n} minutes", 2)),
        (3600, ("{n} hour", "{n} hours", 1)),
        (0, ("{n} second", "{n} seconds", 1)),
    ],
)
def test_a_wait_is_rounded_up_to_its_largest_unit(seconds, expected):
    assert messages.wait(seconds) == expected


TEMPLATES = [
    *(LOCALE.parents[1] / "templates").rglob("*.html"),
    *(LOCALE.parents[3] / "adapters" / "mail").glob("*.*"),
]


def test_every_sentence_of_every_page_and_mail_template_has_a_chinese_message():
    calls = [found for path in TEMPLATES for found in re.findall(r"""_\((["'])(.+?)\1\)""", path.read_text())]
    said = {text for _quote, text in calls} | set(SUBJECTS.values())

    missing = sorted(text for text in said if not chinese().get(text, "").strip())

    assert len(said) > 40, "the templates were not found"
    assert not missing, f"no zh_CN for: {missing}"
