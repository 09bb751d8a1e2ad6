"""Projector: users-created → the gateway's Mongo `users` collection. `python -m kafka_workers.projector`"""
from services.bootstrap import configure_logging, projector_worker
from services.config import get_settings


def main() -> None:
    settings = get_settings()
    configure_logging(settings)
    runner = projector_worker(settings)
    runner.install_signal_handlers()
    runner.run()


if __name__ == "__main__":
    main()
