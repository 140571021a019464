"""One JSON object a log line (LOG_FORMAT=json), for log collectors that index fields:
time (UTC, ISO 8601), level, logger, message, the process, the request or task id, and
the traceback if any.
Kept small on purpose: the standard library's formatter with a different output."""

import datetime
import json
import logging

# Attributes every LogRecord has; anything else was passed with `extra=` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message", "asctime", "request_id", "task_id", "context"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC)
            .isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        # The request or task the line belongs to (config/request_ids.ContextFilter).
        for key in ("request_id", "task_id"):
            value = getattr(record, key, "-")
            if value != "-":
                entry[key] = value
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
