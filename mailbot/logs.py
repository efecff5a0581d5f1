"""The daemon's log lines: ``[logging]`` format (text or JSON) and the level of each logger.

A decision's line carries the case reference and the Message-ID as ``extra`` (``case``,
``message_id``, ``event``: the pipeline's outcome), so that a JSON line can be searched by
case or by mail without parsing the message. The JSON format is one object a line, with the
same keys on every line (null when a line has no case), which is what journald, Loki or
Elasticsearch want.

python-json-logger would do it too, but the schema here is fixed and the formatter is twenty
lines of the standard library, while that package changed hands in 2024, moved its module in 3.0
and removed arguments in 4.0: not worth a dependency in the daemon.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import TextIO

from mailbot.config import LoggingConfig

TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# Libraries that say too much at INFO; [logging.levels] can still open any of them up.
NOISY = ("imapclient", "aiosmtplib", "mail.log", "aiosmtpd", "pymap", "apscheduler", "alembic")
# What every LogRecord has: anything else on a record came in through ``extra``.
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime",
                                                                                 "taskName"}
_FIXED = ("case", "message_id", "event")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, case, message_id, event,
    message; then any other ``extra`` value, and ``exception`` with its traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            **{key: getattr(record, key, None) for key in _FIXED},
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in line:
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        # default=str: an extra value JSON has no type for (a datetime, a path) is written as text
        return json.dumps(line, ensure_ascii=False, default=str)


def formatter(format: str) -> logging.Formatter:
    return JsonFormatter() if format == "json" else logging.Formatter(TEXT_FORMAT)


class _OurHandler(logging.StreamHandler):
    """The handler ``configure_logging`` installs (and replaces when called again)."""


def configure_logging(settings: LoggingConfig | None = None, debug: bool = False,
                      stream: TextIO | None = None) -> None:
    """Log to standard error (the journal, under systemd) in the configured format; ``--debug``
    lowers every logger but the noisy libraries to DEBUG."""
    settings = settings or LoggingConfig()
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _OurHandler)]:
        root.removeHandler(handler)
    handler = _OurHandler(stream or sys.stderr)
    handler.setFormatter(formatter(settings.format))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else settings.level.upper())
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for name, level in settings.levels:
        logging.getLogger(name).setLevel(level)
