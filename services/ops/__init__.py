"""Read-only views for operators (the staff /ops page): Kafka topics and lag, activity, and more."""
