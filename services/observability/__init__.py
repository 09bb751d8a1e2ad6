"""Process-wide observability: JSON log lines carrying the message being handled (`logs.py`,
`context.py`) and the Prometheus endpoint a worker serves (`metrics_server.py`).

The collectors themselves live next to what they measure (services/messaging/metrics.py,
services/payments/metrics.py), registered once per process in prometheus_client's default registry.
"""
