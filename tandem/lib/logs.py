"""Logging filters that keep the log to one line per thing that happened."""

from __future__ import annotations

import logging


class NoTracebackBelow500(logging.Filter):
    """A request answered 403 or 404 (a permission refused, a page not found) is logged as one
    line, without the traceback of the exception that answered it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class JobOnce(logging.Filter):
    """Huey says "Executing <job>" and then "<job> executed in 0.01s": keep the second, which
    names the job and how long it took."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.INFO and record.msg == "Executing %s")
