"""Users worker: owns the users database, answers dreams-users. `python -m kafka_workers.users`"""
from services.bootstrap import configure_logging, users_worker
from services.config import get_settings


def main() -> None:
    settings = get_settings()
    configure_logging(settings)
    runner = users_worker(settings)
    runner.install_signal_handlers()
    runner.run()


if __name__ == "__main__":
    main()
