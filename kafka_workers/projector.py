"""Projector: users-created → the gateway's Mongo `users` collection. `python -m kafka_workers.projector`"""
from services.bootstrap import projector_worker
from services.config import get_settings
from services.observability.setup import observe_worker


def main() -> None:
    settings = get_settings()
    observe_worker(settings, "projector")  # JSON logs, /metrics
    runner = projector_worker(settings)
    runner.install_signal_handlers()
    runner.run()


if __name__ == "__main__":
    main()
