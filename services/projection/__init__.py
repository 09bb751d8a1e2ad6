"""Read models the gateway queries, kept up to date from events (the projector worker)."""
