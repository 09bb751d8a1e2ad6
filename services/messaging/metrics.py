"""Prometheus collectors of the messaging layer, registered once per process (module level, the
library's normal pattern). The consumer runner and the request client update them.

- handled: a handler returned (an answer, including a rule's refusal sent back as an error reply).
- failed: a handler try raised a deterministic error (each try counts; transient waits do not).
- dead_lettered: the message was put on `<topic>.dlq` (poison, or failed every try).
- handler_seconds: one handler call for one message; batch_handler_seconds: one batch handler call.
- request_reply_seconds: request sent → reply received (the gateway); timeouts counted apart.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

MESSAGES_HANDLED = Counter("dreams_messages_handled_total", "Messages a handler handled", ["topic"])
MESSAGES_FAILED = Counter(
    "dreams_messages_failed_total", "Handler tries that raised (deterministic failures)", ["topic"]
)
MESSAGES_DEAD_LETTERED = Counter(
    "dreams_messages_dead_lettered_total", "Messages sent to the dead-letter topic", ["topic"]
)
HANDLER_SECONDS = Histogram("dreams_handler_seconds", "Time in one handler call for one message", ["topic"])
BATCH_HANDLER_SECONDS = Histogram("dreams_batch_handler_seconds", "Time in one batch handler call", ["topic"])
BATCH_SIZE = Histogram(
    "dreams_batch_messages",
    "Messages per batch handler call",
    ["topic"],
    buckets=(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000),
)
REQUEST_REPLY_SECONDS = Histogram(
    "dreams_request_reply_seconds",
    "Request sent until its reply arrived",
    ["topic"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
REQUEST_TIMEOUTS = Counter("dreams_request_timeouts_total", "Requests that got no reply in time", ["topic"])
