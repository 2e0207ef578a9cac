"""One access line per request with its id, structured events, and never a secret in any line."""

import asyncio
import io
import json
import logging
import sys

PASSWORD = "correct horse"


MEETS = ("meet", "tornado", "entrypoints", "adapters", "application", "domain")


def fields(caplog, logger: str) -> list[dict]:
    return [record.fields for record in caplog.records if record.name == logger]


def meets_lines(caplog) -> str:
    """Everything meet's side logged (the test's own HTTP client logs its requests too)."""
    records = [r for r in caplog.records if r.name.startswith(MEETS)]
    return "".join(r.getMessage() + json.dumps(getattr(r, "fields", {})) for r in records)


async def test_each_request_has_one_access_line_with_the_id_it_sends_back(visitor, caplog):
    caplog.set_level(logging.INFO)

    response = await visitor.get("/auth/login?next=/secret-query")

    lines = [f for f in fields(caplog, "meet.access") if f["request_id"] == response.headers["x-request-id"]]
    assert len(lines) == 1
    assert (lines[0]["method"], lines[0]["path"], lines[0]["status"]) == ("GET", "/auth/login", 200)
    assert lines[0]["ms"] >= 0
    assert "secret-query" not in meets_lines(caplog)


async def test_events_say_who_registered_logged_in_failed_and_was_refused(visit, caplog):
    caplog.set_level(logging.INFO)
    await visit().register()
    visitor = visit()
    await visitor.login()
    for _ in range(5):
        await visitor.login(password="wrong horse")
    await visitor.login()

    events = [(f["event"], f.get("username") or f.get("login")) for f in fields(caplog, "meet.events")]

    assert events == [
        ("registered", "alice"),
        ("login succeeded", "alice"),
        *[("login failed", "alice")] * 5,
        ("account locked", "alice"),
        ("login refused: too many attempts", "alice"),
    ]
    assert all(f["request_id"] and f["client"] for f in fields(caplog, "meet.events"))


async def test_no_line_holds_a_password_a_captcha_answer_a_session_id_or_a_cookie(container, serve, visitors, caplog):
    caplog.set_level(logging.DEBUG)
    container.config.captcha_answer.from_value("QX7ZQW")
    visitor = visitors(await serve(container))
    await visitor.register(captcha="QX7ZQW")
    await visitor.login(password="wrong horse")
    await visitor.login()

    secrets = [PASSWORD, "wrong horse", "QX7ZQW", *visitor.http.cookies.values()]
    text = meets_lines(caplog)
    assert "alice" in text
    assert not [secret for secret in secrets if secret.strip('"') in text]


def test_a_value_cannot_start_a_log_line_of_its_own():
    from entrypoints.logs import TextFormatter

    record = logging.LogRecord("meet.events", logging.INFO, "", 0, "login failed", None, None)
    record.fields = {"login": "evil\n2026-01-01 INFO meet.events: login succeeded username=admin"}

    assert "\n" not in TextFormatter().format(record)


async def test_a_password_typed_as_the_username_is_not_logged(visitor, caplog):
    caplog.set_level(logging.INFO)

    await visitor.login(username="my secret pass phrase!", password="x")

    assert "my secret pass phrase" not in meets_lines(caplog)
    assert fields(caplog, "meet.events")[-1]["login"] == "(not a username or email)"


async def test_a_failed_login_logs_a_username_in_its_shown_form_and_no_hidden_character(visitor, caplog):
    caplog.set_level(logging.INFO)

    for typed in ["张三", "ＡＬＩＣＥ", "evil\u202e@example.com", "al\u200bice"]:
        await visitor.login(username=typed, password="wrong horse")

    logged = [line["login"] for line in fields(caplog, "meet.events") if line["event"] == "login failed"]
    assert logged == ["张三", "ALICE", "(not a username or email)", "(not a username or email)"]


def test_the_text_line_has_logging_own_time_though_made_once_a_second():
    from entrypoints.logs import TextFormatter

    ours, logging_own = TextFormatter(), logging.Formatter("%(asctime)s")
    records = [logging.LogRecord("meet.access", logging.INFO, "", 0, "", None, None) for _ in range(3)]
    for record, created in zip(records, [1_700_000_000.125, 1_700_000_000.5, 1_700_000_001.75], strict=True):
        record.created, record.msecs = created, (created % 1) * 1000

    assert [ours.formatTime(r) for r in records] == [logging_own.format(r) for r in records]


def test_the_text_line_is_the_layout_logging_would_make_then_the_fields_then_a_traceback():
    from entrypoints.logs import TextFormatter

    logging_own = logging.Formatter("%(asctime)s %(levelname)s worker 1 %(name)s: %(message)s")
    try:
        raise ValueError("boom")
    except ValueError:
        failed = sys.exc_info()
    record = logging.LogRecord("meet.access", logging.WARNING, "", 0, "%s %s", ("GET", "/x"), failed)
    record.fields = {"status": 404, "path": "/x y"}

    line, traceback = TextFormatter("worker 1 ").format(record).split("\n", 1)

    record.message, record.asctime = record.getMessage(), logging_own.formatTime(record)
    assert line == logging_own.formatMessage(record) + ' status=404 path="/x y"'
    assert traceback == logging_own.formatException(failed)


def test_lines_of_one_loop_turn_are_written_together_after_it_and_a_line_outside_a_loop_at_once():
    from entrypoints.logs import TextFormatter, TurnHandler

    class Stream(io.StringIO):
        def __init__(self) -> None:
            super().__init__()
            self.writes: list[str] = []

        def write(self, text: str) -> int:
            self.writes.append(text)
            return super().write(text)

    handler = TurnHandler()
    handler.setStream(stream := Stream())
    handler.setFormatter(TextFormatter())
    logger = logging.getLogger("meet.test-turns")
    logger.addHandler(handler)
    logger.propagate = False

    async def turn() -> list[str]:
        for n in range(3):
            logger.warning("line %d", n)
        written_during_the_turn = list(stream.writes)
        await asyncio.sleep(0)
        return written_during_the_turn

    try:
        during = asyncio.run(turn())
        after = list(stream.writes)
        logger.warning("outside")
    finally:
        logger.removeHandler(handler)

    assert during == []
    assert len(after) == 1 and [line.split(": ", 1)[1] for line in after[0].splitlines()] == [
        "line 0",
        "line 1",
        "line 2",
    ]
    assert stream.writes[1].endswith("meet.test-turns: outside\n")
