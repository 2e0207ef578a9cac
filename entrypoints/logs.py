"""meet's log lines: one per request and one per event, as text or as JSON (MEET_LOG_FORMAT)."""

import asyncio
import contextlib
import json
import logging
import os
import re
import time
from datetime import UTC, datetime
from typing import Any

from tornado.web import RequestHandler

from domain.model import Username
from domain.ports import UsernameRules
from domain.rules import check_username

access = logging.getLogger("meet.access")
events = logging.getLogger("meet.events")


# Printable ASCII with nothing JSON would escape: quoted as it is, without json.dumps (most values of a line).
PLAIN = re.compile(r"[ !#-\[\]-~]*")


class TextFormatter(logging.Formatter):
    """`time level [worker ]logger: message`, then the record's fields as key=value; a traceback below."""

    def __init__(self, worker: str = "") -> None:
        super().__init__()
        self._worker = worker
        self._second, self._stamp = -1, ""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        # logging's own text, made once a second: strftime for every access line cost more than the line.
        second = int(record.created)
        if second != self._second:
            self._second, self._stamp = second, time.strftime("%Y-%m-%d %H:%M:%S", self.converter(second))
        return f"{self._stamp},{int(record.msecs):03d}"

    def format(self, record: logging.LogRecord) -> str:
        # One layout, put together directly: logging.Formatter's %-style template, its checks and its
        # record.__dict__ lookups were a third of an access line.
        parts = [self.formatTime(record), record.levelname, f"{self._worker}{record.name}:", record.getMessage()]
        # Strings are quoted and escaped, so no value can start a line of its own.
        fields: dict[str, Any] = getattr(record, "fields", {})
        for key, value in fields.items():
            if isinstance(value, str):
                value = f'"{value}"' if PLAIN.fullmatch(value) else json.dumps(value, ensure_ascii=False)
            parts.append(f"{key}={value}")
        line = " ".join(parts)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry |= getattr(record, "fields", {})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class TurnHandler(logging.StreamHandler):
    """A StreamHandler that writes the lines of one event-loop turn together, once the turn is over.

    stderr writes each line as it comes (it is line-buffered), and the write cost more than the access line
    itself. A line logged outside the loop (another thread, start-up, exit) is written at once, after
    what is pending; what is pending is written before a fork and at exit (logging.shutdown flushes).
    """

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[str] = []
        os.register_at_fork(before=self.flush)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._lines.append(self.format(record))
            if len(self._lines) == 1:
                try:
                    asyncio.get_running_loop().call_soon(self.flush)
                except RuntimeError:  # no loop in this thread: now
                    self._write()
        except Exception:
            self.handleError(record)

    def flush(self) -> None:
        with self.lock or contextlib.nullcontext():
            self._write()

    def _write(self) -> None:
        if self._lines:
            lines, self._lines = self._lines, []
            self.stream.write("\n".join(lines) + "\n")
        self.stream.flush()


def configure(style: str, worker: str = "") -> None:
    """Send every log line to stderr in `style` ("text" or "json"); `worker` names a forked worker."""
    formatter = JsonFormatter() if style == "json" else TextFormatter(worker)
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(TurnHandler())
    for handler in root.handlers:
        handler.setFormatter(formatter)
    root.setLevel(logging.INFO)
    # No line names the caller's file, thread or process: logging's HOWTO ("Optimization") says to turn off
    # looking them up, which cost a fifth of each access line.
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    # meet writes its own access line, with the request id; Tornado's would be a second one.
    logging.getLogger("tornado.access").setLevel(logging.CRITICAL)


def event(name: str, **fields: Any) -> None:
    """A structured event; callers never pass a password, a captcha answer, a session id or a cookie."""
    events.info(name, extra={"fields": {"event": name, **fields}})


def access_line(handler: RequestHandler) -> None:
    """The access line: method, path (never the query), status, milliseconds and the request id."""
    status = handler.get_status()
    level = logging.INFO if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    fields = {
        "method": handler.request.method,
        "path": handler.request.path,
        "status": status,
        "ms": round(1000 * handler.request.request_time(), 1),
        "request_id": getattr(handler, "request_id", ""),
    }
    access.log(level, "%s %s %s", fields["method"], fields["path"], status, extra={"fields": fields})


def loggable_login(login: str, usernames: UsernameRules) -> str:
    """What a log may say of a typed login: a username (in its shown form: no control, invisible or
    direction-changing character) or an address's shape only; a password typed into the box is not logged."""
    if isinstance(name := check_username(login, usernames), Username):
        return name.value
    if login.isprintable() and re.fullmatch(r"[^\s@]{1,64}@[^\s@]{1,190}", login):
        return login
    return "(not a username or email)"
