"""Payments worker: verified Stripe events (topic payments) → purchases, packages-purchased, receipts.

`python -m kafka_workers.payments [--group NAME]` (the group defaults to the payments worker's own).
"""
import argparse

from services.bootstrap import WORKER_GROUPS, configure_logging, payments_worker
from services.config import get_settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--group", default=WORKER_GROUPS["payments"], help="Kafka consumer group")
    args = parser.parse_args()
    settings = get_settings()
    configure_logging(settings)
    runner = payments_worker(settings, group_id=args.group)
    runner.install_signal_handlers()
    runner.run()


if __name__ == "__main__":
    main()
