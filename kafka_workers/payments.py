"""Payments worker: verified Stripe events (topic payments) → purchases and packages-purchased; and,
in a second consumer loop of the same process, packages-purchased → receipt e-mails.

`python -m kafka_workers.payments [--group NAME] [--receipts-group NAME]` (the groups default to
the payments worker's own).
"""

import argparse

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
    worker.install_signal_handlers()
    worker.run()


if __name__ == "__main__":
    main()
