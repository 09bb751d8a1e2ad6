"""Payments worker: verified Stripe events (topic payments) → purchases and packages-purchased; and,
in a second consumer loop of the same process, packages-purchased → receipt e-mails.

`python -m kafka_workers.payments [--group NAME] [--receipts-group NAME]` (the groups default to
the payments worker's own).
"""

import argparse
import sys

from services.bootstrap import WORKER_GROUPS
from services.bootstrap.payments import payments_worker
from services.config import get_settings
from services.heap import freeze_startup_heap
from services.observability.setup import observe_worker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--group", default=WORKER_GROUPS["payments"], help="consumer group on `payments`")
    parser.add_argument(
        "--receipts-group", default=WORKER_GROUPS["receipts"], help="consumer group on `packages-purchased` (receipts)"
    )
    args = parser.parse_args()
    settings = get_settings()
    observe_worker(settings, "payments")  # JSON logs, /metrics
    worker = payments_worker(settings, group_id=args.group, receipts_group_id=args.receipts_group)
    freeze_startup_heap()
    # The purchases loop waits on Mongo a dozen times a batch, and each return waits for the GIL,
    # which the receipts loop's sending threads give up only after the switch interval (5 ms by
    # default): 0.5 ms gave 1,040-1,075 purchases/s in three runs against 976-983 in two with the
    # default (issue 15, bench/bench_payments.py, 2026-12-07).
    sys.setswitchinterval(0.0005)
    worker.install_signal_handlers()
    worker.run()


if __name__ == "__main__":
    main()
