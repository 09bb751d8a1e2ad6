"""The payments worker: verified Stripe events → purchases, and packages-purchased → receipts."""

from __future__ import annotations

from services.bootstrap import WORKER_GROUPS, inject, worker_heartbeat, worker_mongo, worker_status
from services.clock import utc_now
from services.catalog import place_names
from services.config import Settings, get_settings
from services.inventory import Inventory
from services.inventory import store as inventory_store
from services.inventory.capacity import capacity_for
from services.messaging.admin import ensure_topics
from services.messaging.consumer import ConsumerRunner
from services.messaging.kafka_config import consumer_config, producer_config
from services.messaging.publisher import Publisher
from services.messaging.runners import BacklogGate, RunnerGroup
from services.messaging.start_together import StartTogether
from services.messaging.topics import PACKAGES_PURCHASED, PAYMENTS
from services.notifications.adapters.sendgrid_sender import SendGridEmailSender
from services.payments import handlers as payments_handlers
from services.payments import receipt_handlers
from services.payments import store as payments_store
from services.payments.stripe_adapter import StripeGateway

# The longest the receipts loop waits per batch while the purchases loop has a backlog.
RECEIPTS_YIELD_S = 1.0


def payments_worker(
    settings: Settings | None = None,
    *,
    group_id: str = WORKER_GROUPS["payments"],
    receipts_group_id: str = WORKER_GROUPS["receipts"],
) -> RunnerGroup:
    """One process, two consumer loops sharing the Mongo client and the producer:
    - payments (verified Stripe events) → Mongo `purchases`, packages-purchased (group `group_id`),
      with `settings.purchases_consumers` consumers started together (they share the partitions);
    - packages-purchased → receipt e-mails (group `receipts_group_id`), so mail never slows recording.

    Both run in batch mode: one bulk round trip per step for a whole batch of messages. Recording
    comes first: while the purchases loop works through a backlog (full batches), the receipts loop
    waits up to RECEIPTS_YIELD_S before each of its batches, so e-mails are late rather than
    payments (both share one Mongo server and, here, two CPU cores)."""
    settings = settings or get_settings()
    client = worker_mongo(settings)
    db = client[settings.mongo_db]
    payments_store.ensure_indexes(db)
    ensure_topics(settings)
    publisher = Publisher(producer_config(settings), ack_timeout_s=settings.kafka_request_timeout_s)
    inventory_store.ensure_indexes(db)
    place_names.warm()  # the receipts' city names, before the first e-mail rather than during it
    dependencies = {
        "db": db,
        "publisher": publisher,
        "mailer": SendGridEmailSender.from_settings(settings),
        "settings": settings,
        "clock": utc_now,
        "stripe": StripeGateway.from_settings(settings),
        "inventory": Inventory(db, utc_now, capacity_for(settings)),
    }

    status = worker_status(settings, "payments")
    heartbeat = worker_heartbeat(settings, "payments")  # one per process: every loop ticks it

    def runner(name: str, module, group: str, topic: str, batch_size: int, **hooks) -> ConsumerRunner:
        [batch_handler] = inject({"batch": module.BATCH_HANDLER}, dependencies).values()
        return ConsumerRunner(
            consumer_config=consumer_config(settings, group),
            topics=[topic],
            handlers=inject(module.HANDLERS, dependencies),
            publisher=publisher,
            max_attempts=settings.consumer_max_attempts,
            batch_handler=batch_handler,
            batch_size=batch_size,
            name=name,
            status=status,
            heartbeat=heartbeat,
            **hooks,
        )

    purchases_batch = 500
    gate = BacklogGate(backlog_at=purchases_batch // 2, max_wait_s=RECEIPTS_YIELD_S)
    together = StartTogether(settings.purchases_consumers) if settings.purchases_consumers > 1 else None
    purchases = [
        (
            name,
            runner(
                name,
                payments_handlers,
                group_id,
                PAYMENTS.name,
                purchases_batch,
                after_batch=gate.reporter(),
                start_together=together,
            ),
        )
        for name in _names("purchases", settings.purchases_consumers)
    ]
    # Receipts in smaller batches: a stop waits for the batch's e-mails, so it stays a few seconds.
    receipts = runner(
        "receipts", receipt_handlers, receipts_group_id, PACKAGES_PURCHASED.name, 100, before_batch=gate.wait
    )
    return RunnerGroup([*purchases, ("receipts", receipts)])


def _names(loop: str, consumers: int) -> list[str]:
    """Thread and status names of a loop's consumers: "purchases", or "purchases-1", "purchases-2" …"""
    return [loop] if consumers == 1 else [f"{loop}-{i}" for i in range(1, consumers + 1)]
