"""Projector: users-created → the gateway's Mongo `users` collection. `python -m kafka_workers.projector [--group NAME]`"""

import argparse

from services.bootstrap import WORKER_GROUPS
from services.bootstrap.projector import projector_worker
from services.config import get_settings
from services.heap import freeze_startup_heap
from services.observability.setup import observe_worker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--group", default=WORKER_GROUPS["projector"], help="consumer group on `users-created`")
    args = parser.parse_args()
    settings = get_settings()
    observe_worker(settings, "projector")  # JSON logs, /metrics
    runner = projector_worker(settings, group_id=args.group)
    freeze_startup_heap()
    runner.install_signal_handlers()
    runner.run()


if __name__ == "__main__":
    main()
