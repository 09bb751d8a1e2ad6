"""Users worker: owns the users database, answers dreams-users. `python -m kafka_workers.users`"""

from services.bootstrap.users import users_worker
from services.config import get_settings
from services.heap import freeze_startup_heap
from services.observability.setup import observe_worker


def main() -> None:
    settings = get_settings()
    observe_worker(settings, "users")  # JSON logs, /metrics
    runner = users_worker(settings)
    freeze_startup_heap()
    runner.install_signal_handlers()
    runner.run()


if __name__ == "__main__":
    main()
