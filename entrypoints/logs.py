"""meet's log lines: one per request and one per event, as text or as JSON (MEET_LOG_FORMAT)."""

import json
import logging
import re
import time
from datetime import UTC, datetime
from typing import Any

from tornado.web import RequestHandler

access = logging.getLogger("meet.access")
events = logging.getLogger("meet.events")


# Printable ASCII with nothing JSON would escape: quoted as it is, without json.dumps (most values of a line).
PLAIN = re.compile(r"[ !#-\[\]-~]*")


class TextFormatter(logging.Formatter):
    """The usual line, then the record's fields as key=value."""

    _second, _stamp = -1, ""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        # logging's own text, made once a second: strftime for every access line cost more than the line.
        if datefmt:
            return super().formatTime(record, datefmt)
        second = int(record.created)
        if second != self._second:
            self._second, self._stamp = second, time.strftime("%Y-%m-%d %H:%M:%S", self.converter(second))
        return f"{self._stamp},{int(record.msecs):03d}"

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields: dict[str, Any] = getattr(record, "fields", {})
        # Strings are quoted and escaped, so no value can start a line of its own.
        parts = [line]
        for key, value in fields.items():
            if isinstance(value, str):
                value = f'"{value}"' if PLAIN.fullmatch(value) else json.dumps(value, ensure_ascii=False)
            parts.append(f" {key}={value}")
        return "".join(parts)


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


def configure(style: str, worker: str = "") -> None:
    """Send every log line to stderr in `style` ("text" or "json"); `worker` names a forked worker."""
    formatter: logging.Formatter
    if style == "json":
        formatter = JsonFormatter()
    else:
        formatter = TextFormatter(f"%(asctime)s %(levelname)s {worker}%(name)s: %(message)s")
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
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
