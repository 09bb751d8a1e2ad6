"""Log lines as JSON objects, one per line, with the handling context (context.py) in every line:
one `grep '"correlation_id": "cs_…"' .devstack/logs/*.log` follows a purchase across processes.

    {"ts": "2026-12-01T10:00:00.123Z", "level": "INFO", "logger": "services.messaging.consumer",
     "message": "handled stripe.event evt_1", "process": "payments-worker", "pid": 4242,
     "thread": "consumer-purchases", "correlation_id": "cs_…", "message_id": "evt_1",
     "topic": "payments", "partition": 3, "offset": 17, "type": "stripe.event"}
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any

from services.observability import context

# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged too.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}
_CONTEXT_ATTR = "dreams_context"


class ContextFilter(logging.Filter):
    """Copies the handling context and the process name onto the record when it is emitted (in the
    emitting thread/task, which is where the contextvar holds the right message)."""

    def __init__(self, process: str):
        super().__init__()
        self.process = process

    def filter(self, record: logging.LogRecord) -> bool:
        setattr(record, _CONTEXT_ATTR, {"process": self.process, **context.current()})
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line (a traceback is a field, newlines escaped)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = dict(getattr(record, _CONTEXT_ATTR, None) or {"process": None, **context.current()})
        line["process"] = fields.pop("process", None)
        line["pid"] = record.process
        line["thread"] = record.threadName
        line.update(fields)
        line.update({k: v for k, v in vars(record).items() if k not in _STANDARD and k != _CONTEXT_ATTR})
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str, ensure_ascii=False)


def configure(process: str, level: str = "INFO", stream: IO[str] | None = None) -> logging.Handler:
    """Send the root logger's records to `stream` (stderr: the devstack log file) as JSON lines
    labelled with `process`. Replaces handlers set up earlier (idempotent). Returns the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter(process))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h.formatter, JsonFormatter)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler
